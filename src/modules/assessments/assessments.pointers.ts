import { sql, type Kysely } from 'kysely';
import type { Database } from '../../core/db/types.js';
import { statusAt, statusFilter, visibleOpportunities } from '../funding/index.js';
import type { Dimension } from './assessments.queries.js';

type Db = Kysely<Database>;

/** A topic a pointer names: its tag's slug and its name in the reader's language. */
export interface Topic {
  slug: string;
  label: string;
}

/** An item of the funding register a pointer names. */
export interface FundingPointer {
  id: number;
  title: string;
  lang: string;
  /** By the clock (funding's `statusAt`); never closed, as the query leaves those out. */
  status: ReturnType<typeof statusAt>;
  closesAt: string | null;
}

/** What a weak dimension points to: its topics (tag pages, the register filtered by them) and fitting funding. */
export interface Pointer {
  dimension: Dimension;
  topics: Topic[];
  funding: FundingPointer[];
}

/** How many items of the register a pointer lists. */
export const FUNDING_PER_POINTER = 5;

/**
 * The names of the tags that exist among these slugs, in the reader's language (else English, else
 * the slug): a dimension may name a topic nothing carries yet, which then has no page to point to.
 */
async function topicsOf(db: Db, slugs: readonly string[], locale: string): Promise<Map<string, Topic>> {
  if (slugs.length === 0) return new Map();
  const rows = await db
    .selectFrom('tags')
    .leftJoin('tag_labels', 'tag_labels.tag_id', 'tags.id')
    .select(['tags.slug', 'tag_labels.lang', 'tag_labels.label'])
    .where('tags.slug', 'in', [...new Set(slugs)])
    .execute();
  const out = new Map<string, Topic>();
  for (const slug of new Set(rows.map((r) => r.slug))) {
    const labels = rows.filter((r) => r.slug === slug);
    const label =
      labels.find((r) => r.lang === locale)?.label ?? labels.find((r) => r.lang === 'en')?.label ?? labels[0]?.label;
    out.set(slug, { slug, label: label ?? slug });
  }
  return out;
}

/**
 * Items of the funding register that carry one of the topics, that the reader may see (funding's
 * own visibility rule, as other modules' surfaces apply it: published items and the reader's own
 * suggestions) and that one can still apply for or prepare for (open, closing soon, forthcoming),
 * nearest deadline first.
 */
async function fundingFor(
  db: Db,
  slugs: readonly string[],
  userId: number,
  now: Date,
  closingSoonDays: number,
): Promise<FundingPointer[]> {
  if (slugs.length === 0) return [];
  const rows = await db
    .selectFrom('funding_opportunities')
    .select(['id', 'title', 'original_lang', 'opens_at', 'closes_at'])
    .where(visibleOpportunities({ userId, editor: false }))
    .where((eb) => statusFilter(eb, ['open', 'closing_soon', 'forthcoming'], now, closingSoonDays))
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('taggings')
          .innerJoin('tags', 'tags.id', 'taggings.tag_id')
          .select(sql`1`.as('one'))
          .where('taggings.subject_type', '=', 'opportunity')
          .whereRef('taggings.subject_id', '=', 'funding_opportunities.id')
          .where('tags.slug', 'in', [...slugs]),
      ),
    )
    // Open-ended items after those with a deadline.
    .orderBy(sql`case when closes_at is null then 1 else 0 end`)
    .orderBy('closes_at')
    .orderBy('id')
    .limit(FUNDING_PER_POINTER)
    .execute();
  const deadlines = rows.length
    ? await db
        .selectFrom('funding_deadlines')
        .select(['opportunity_id', 'at'])
        .where(
          'opportunity_id',
          'in',
          rows.map((r) => r.id),
        )
        .orderBy('opportunity_id')
        .orderBy('position')
        .execute()
    : [];
  return rows.map((r) => {
    const status = statusAt(
      { opensAt: r.opens_at, deadlines: deadlines.filter((d) => d.opportunity_id === r.id) },
      now,
      closingSoonDays,
    );
    return {
      id: r.id,
      title: r.title,
      lang: r.original_lang,
      status,
      closesAt: r.closes_at,
    };
  });
}

/** The pointers of an assessment's weakest dimensions, for one reader, in their language. */
export async function pointersFor(
  db: Db,
  dimensions: readonly Dimension[],
  reader: { userId: number; locale: string; now: Date; closingSoonDays: number },
): Promise<Pointer[]> {
  const topics = await topicsOf(
    db,
    dimensions.flatMap((d) => d.tags),
    reader.locale,
  );
  return Promise.all(
    dimensions.map(async (dimension) => ({
      dimension,
      topics: dimension.tags.flatMap((slug) => topics.get(slug) ?? []),
      funding: await fundingFor(db, dimension.tags, reader.userId, reader.now, reader.closingSoonDays),
    })),
  );
}
