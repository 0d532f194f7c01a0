import type { ModuleContext } from '../../core/module.js';
import { defineReads, dim, read } from '../../core/shared/index.js';
import { tagsOf } from '../tags/index.js';
import {
  filteredPage,
  parseFundingQuery,
  type EligibleOrganisation,
  type FundingFilter,
  type FundingPaging,
} from './funding.filters.js';
import { PUBLIC_READER, type FundingReader } from './funding.policy.js';
import { detailOf, programmeOut, summaryOf, type DetailOut, type SummaryOut } from './funding.present.js';
import { findOpportunity, findProgramme, listProgrammes, loadOpportunities } from './funding.queries.js';

/**
 * The register's reads, shared by every reader of the same class and kept until the next write.
 * A status ("open", "closing soon") turns with the clock: the reads are kept per minute at most
 * (`clock`), and so is a visitor's cached page that shows them.
 */
const MINUTE = 60;

/**
 * Who reads, as a key: `public` (visitors, and what other surfaces show), `editor` (funding
 * editors and administrators: everything), or `u<id>` (a signed-in reader: published items and
 * their own suggestions).
 */
export const audienceKey = (r: FundingReader): string =>
  r.editor ? 'editor' : r.userId === null ? 'public' : `u${r.userId}`;

export function readerOfKey(key: string): FundingReader {
  if (key === 'public') return PUBLIC_READER;
  if (key === 'editor') return { userId: null, editor: true };
  const m = /^u([0-9]{1,12})$/.exec(key);
  if (!m) throw new TypeError(`not an audience key: ${key}`);
  return { userId: Number(m[1]), editor: false };
}

/** A query string back into the object Fastify makes of it (a repeated name: a list). */
export function queryObject(qs: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of new URLSearchParams(qs)) {
    const had = out[k];
    out[k] = had === undefined ? v : Array.isArray(had) ? [...had, v] : [had, v];
  }
  return out;
}

/** The paging as a key part: `c<cursor>` or `p<page>`, and the limit. */
export const pagingKey = (p: FundingPaging, cursor: string | undefined): string =>
  cursor ? `c${cursor}.${p.limit}` : `p${p.page}.${p.limit}`;

function pagingOf(key: string): FundingPaging {
  const m = /^(c(.+)|p([0-9]+))\.([0-9]+)$/.exec(key);
  if (!m) throw new TypeError(`not a paging key: ${key}`);
  return parseFundingQuery(m[2] ? { cursor: m[2], limit: m[4] } : { page: m[3], limit: m[4] }).paging;
}

/** The reader's organisations as the register's read key holds them (only what the rule reads). */
export const organisationsKey = (organisations: readonly EligibleOrganisation[]): string =>
  JSON.stringify(organisations.map((o) => [o.kind, o.country, o.sizeBand]));

/** A topic of the register: a tag that published items carry, and how many. */
export interface TopicShown {
  slug: string;
  label: string;
  /** The label's language (the reader's, or English, or another when it has no other). */
  lang: string;
  /** How many published items carry it. */
  items: number;
}

/** How many topics the register's filter form offers (the most carried); the rest are on the topics page. */
export const TOPICS_IN_FORM = 12;

export interface RegisterPageData {
  items: SummaryOut[];
  total: number;
  next: string | null;
}

async function summaries(ctx: ModuleContext, ids: number[], lang: string, now: Date): Promise<SummaryOut[]> {
  const [items, tags] = await Promise.all([loadOpportunities(ctx.db, ids), tagsOf(ctx.db, 'opportunity', ids, lang)]);
  return items.map((o) => summaryOf(o, tags.get(o.id) ?? [], now, ctx.config.fundingClosingSoonDays));
}

export const fundingReads = defineReads('funding', {
  /** One page of the register for a filter (`query`: its canonical query string) and a reader class. */
  register: read({
    key: { lang: dim.language, audience: dim.text, query: dim.text, paging: dim.text, organisations: dim.text },
    clock: MINUTE,
    load: async (ctx, k, time): Promise<RegisterPageData> => {
      const filter: FundingFilter = parseFundingQuery(queryObject(k.query)).filter;
      // `[[kind, country, size band], …]`, as the route writes it (`organisationsKey`).
      const organisations = (JSON.parse(k.organisations) as [string, string | null, string | null][]).map(
        ([kind, country, sizeBand]): EligibleOrganisation => ({ kind, country, sizeBand }),
      );
      const page = await filteredPage(
        ctx.db,
        filter,
        {
          reader: readerOfKey(k.audience),
          now: time.now,
          closingSoonDays: ctx.config.fundingClosingSoonDays,
          organisations,
        },
        pagingOf(k.paging),
      );
      return { items: await summaries(ctx, page.ids, k.lang, time.now), total: page.total, next: page.next };
    },
  }),
  /** An item whole, with its status at the time (whether the reader may see it is the route's question). */
  item: read({
    key: { id: dim.id, lang: dim.language },
    clock: MINUTE,
    load: async (ctx, k, time): Promise<DetailOut | null> => {
      const o = await findOpportunity(ctx.db, k.id);
      if (!o) return null;
      const tags = await tagsOf(ctx.db, 'opportunity', [o.id], k.lang);
      return {
        ...detailOf(o, tags.get(o.id) ?? [], time.now, ctx.config.fundingClosingSoonDays),
        suggested_by: o.suggestedBy,
      } as DetailOut & { suggested_by: number | null };
    },
  }),
  /**
   * The topics of published items, the most carried first (then by label in the reader's
   * language): slug, label in that language (or English, or any), how many published items carry
   * it. The register's form offers the first few (`TOPICS_IN_FORM`); `/{lang}/funding/topics`, all.
   */
  topics: read({
    key: { lang: dim.language },
    load: async (ctx, k): Promise<TopicShown[]> => {
      const tags = await ctx.db
        .selectFrom('taggings')
        .innerJoin('funding_opportunities as o', 'o.id', 'taggings.subject_id')
        .innerJoin('tags', 'tags.id', 'taggings.tag_id')
        .select(['tags.id', 'tags.slug', (eb) => eb.fn.countAll<number | string | bigint>().as('n')])
        .where('taggings.subject_type', '=', 'opportunity')
        .where('o.state', '=', 'published')
        .groupBy(['tags.id', 'tags.slug'])
        .execute();
      if (tags.length === 0) return [];
      const labels = new Map<number, { lang: string; label: string }[]>();
      // In slices: a platform's topics may outnumber what one `IN (…)` may bind.
      for (let i = 0; i < tags.length; i += 500) {
        const rows = await ctx.db
          .selectFrom('tag_labels')
          .select(['tag_id', 'lang', 'label'])
          .where(
            'tag_id',
            'in',
            tags.slice(i, i + 500).map((tag) => tag.id),
          )
          .execute();
        for (const row of rows) {
          const list = labels.get(row.tag_id);
          if (list) list.push(row);
          else labels.set(row.tag_id, [row]);
        }
      }
      const out = tags.map((tag): TopicShown => {
        const mine = labels.get(tag.id) ?? [];
        const label = mine.find((l) => l.lang === k.lang) ?? mine.find((l) => l.lang === 'en') ?? mine[0];
        return { slug: tag.slug, label: label?.label ?? tag.slug, lang: label?.lang ?? 'en', items: Number(tag.n) };
      });
      const collator = new Intl.Collator(k.lang);
      return out.sort((a, b) => b.items - a.items || collator.compare(a.label, b.label));
    },
  }),
  programmes: read({
    key: {},
    load: async (ctx) => (await listProgrammes(ctx.db)).map(programmeOut),
  }),
  /** A programme and its items a reader class may see (every status), next deadline first. */
  programme: read({
    key: { slug: dim.text, lang: dim.language, audience: dim.text },
    clock: MINUTE,
    load: async (ctx, k, time) => {
      const p = await findProgramme(ctx.db, { slug: k.slug });
      if (!p) return null;
      const { filter, paging } = parseFundingQuery({
        programme: p.slug,
        status: ['forthcoming', 'open', 'closing_soon', 'closed'],
        limit: '100',
      });
      const page = await filteredPage(
        ctx.db,
        filter,
        {
          reader: readerOfKey(k.audience),
          now: time.now,
          closingSoonDays: ctx.config.fundingClosingSoonDays,
          organisations: [],
        },
        paging,
      );
      return { ...programmeOut(p), items: await summaries(ctx, page.ids, k.lang, time.now) };
    },
  }),
});
