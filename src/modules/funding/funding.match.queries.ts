import { sql, type Kysely } from 'kysely';
import type { Database } from '../../core/db/types.js';
import type { ContentAudience } from '../../core/module.js';
import { visibleActionIds } from '../actions/index.js';
import { findOrganisationsByIds, organisationDisplayName } from '../organisations/index.js';
import { tagsOf } from '../tags/index.js';
import { MATCHING_STATUSES, type MatchItem, type MatchOrganisation } from './funding.match.js';
import { loadOpportunities } from './funding.queries.js';
import { nextDeadline, statusAt, statusFilter } from './funding.status.js';

type Db = Kysely<Database>;

/** How many candidates a match weighs at most: the items (or actions) sharing the most topics. */
export const CANDIDATES = 200;

/**
 * The published items that are open, closing soon or forthcoming at `now` and share a topic with
 * `tags` (slugs): the ids of the `CANDIDATES` sharing the most, then the lowest ids. One query,
 * from the taggings of those tags (indexed by tag), whatever the size of the register.
 */
export async function candidateItemIds(db: Db, tags: readonly string[], now: Date, closingSoonDays: number) {
  if (tags.length === 0) return [];
  const open = db
    .selectFrom('funding_opportunities')
    .select('funding_opportunities.id')
    .where('funding_opportunities.state', '=', 'published')
    .where((eb) => statusFilter(eb, MATCHING_STATUSES, now, closingSoonDays));
  const rows = await db
    .selectFrom('taggings')
    .innerJoin('tags', 'tags.id', 'taggings.tag_id')
    .select(['taggings.subject_id as id', sql<number>`count(*)`.as('shared')])
    .where('taggings.subject_type', '=', 'opportunity')
    .where('tags.slug', 'in', [...tags])
    .where('taggings.subject_id', 'in', open)
    .groupBy('taggings.subject_id')
    .orderBy(sql`count(*)`, 'desc')
    .orderBy('taggings.subject_id')
    .limit(CANDIDATES)
    .execute();
  return rows.map((r) => Number(r.id));
}

/**
 * The actions the audience sees that share a topic with `tags`: the ids of the `CANDIDATES`
 * sharing the most, then the lowest ids.
 */
export async function candidateActionIds(db: Db, tags: readonly string[], audience: ContentAudience) {
  if (tags.length === 0) return [];
  const rows = await db
    .selectFrom('taggings')
    .innerJoin('tags', 'tags.id', 'taggings.tag_id')
    .select(['taggings.subject_id as id', sql<number>`count(*)`.as('shared')])
    .where('taggings.subject_type', '=', 'action')
    .where('tags.slug', 'in', [...tags])
    .where('taggings.subject_id', 'in', visibleActionIds(db, audience))
    .groupBy('taggings.subject_id')
    .orderBy(sql`count(*)`, 'desc')
    .orderBy('taggings.subject_id')
    .limit(CANDIDATES)
    .execute();
  return rows.map((r) => Number(r.id));
}

/** Tag labels in a language, by slug, for the items given (to say their shared topics in words). */
export type Labels = Map<string, { label: string; lang: string }>;

/**
 * Published items as matching sees them, their status and next deadline worked out at `now`, in
 * the order asked; with the labels of their tags in `locale`.
 */
export async function matchItems(
  db: Db,
  ids: readonly number[],
  now: Date,
  closingSoonDays: number,
  locale: string,
): Promise<{ items: MatchItem[]; labels: Labels }> {
  const [found, tags] = await Promise.all([loadOpportunities(db, ids), tagsOf(db, 'opportunity', [...ids], locale)]);
  const labels: Labels = new Map();
  const items: MatchItem[] = [];
  for (const o of found) {
    if (o.state !== 'published') continue;
    const own = tags.get(o.id) ?? [];
    for (const t of own) labels.set(t.slug, { label: t.label, lang: t.lang });
    items.push({
      id: o.id,
      title: o.title,
      lang: o.lang,
      kind: o.kind,
      programme: o.programme ? { slug: o.programme.slug, name: o.programme.name } : null,
      status: statusAt(o, now, closingSoonDays),
      opensAt: o.opensAt,
      deadline: nextDeadline(o, now)?.at ?? null,
      tags: own.map((t) => t.slug),
      eligibility: o.eligibility,
    });
  }
  return { items, labels };
}

/** Organisations of the directory (approved ones) as matching sees them, named in `locale`, by id. */
export async function matchOrganisations(
  db: Db,
  ids: readonly number[],
  locale: string,
): Promise<Map<number, MatchOrganisation>> {
  const found = await findOrganisationsByIds(db, ids);
  const out = new Map<number, MatchOrganisation>();
  for (const [id, o] of found)
    out.set(id, {
      id,
      slug: o.slug,
      name: organisationDisplayName(o, locale),
      kind: o.kind,
      country: o.country,
      sizeBand: o.sizeBand,
    });
  return out;
}
