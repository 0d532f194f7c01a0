import type { FastifyInstance } from 'fastify';
import { sql, type Kysely, type SqlBool } from 'kysely';
import { h, type VNode } from 'preact';
import Type from 'typebox';
import { anyone } from '../../core/auth/policy.js';
import type { Database } from '../../core/db/types.js';
import { HttpError } from '../../core/http/http-error.js';
import { problemResponses } from '../../core/http/problem.js';
import { Id } from '../../core/http/validation.js';
import {
  contentTypesOf,
  describeContent,
  type ContentAudience,
  type ContentSection,
  type ContentType,
  type ModuleContext,
} from '../../core/module.js';
import { defineFragment, defineReads, dim, read, Shared } from '../../core/shared/index.js';
import { audienceOf } from '../partnerships/index.js';
import { RelatedSection } from './views/RelatedSection.js';

/** How many related items an item's page shows, at most. */
export const RELATED_SHOWN = 5;
/** Read a few more than shown: one may be gone by the time it is named. */
const RELATED_READ = RELATED_SHOWN + 3;
/**
 * Of each tag, the latest items that count (the index's ids grow with time): a tag on a hundred
 * thousand items costs a walk of its index entries, never a join of them all.
 */
const CANDIDATES_PER_TAG = 1000;
/** Of an item's tags, at most this many count (by name): an item with a hundred tags stays cheap. */
const MAX_TAGS = 20;

/** A related item as the reader sees it: named by its type's `describe`. */
export interface RelatedItem {
  type: string;
  title: string;
  /** Its page, after `/{lang}`. */
  path: string;
  lang: string;
  /** How many tags it shares with the item. */
  sharedTags: number;
}

/**
 * Other items that share tags with one (`type`, `id`), as the index has them (`search_tags`,
 * which every module feeds): those `audience` may see at `now` (each type's one visibility rule,
 * `visibleIds`, as a subquery; a type without one is never shown), ranked by how many tags they
 * share, then by sharing its partnership, then newest first; never the item itself. Three queries,
 * each through an index: the item, its tags (at most `MAX_TAGS`), and the ranking among the latest
 * `CANDIDATES_PER_TAG` items of each tag.
 */
export async function relatedTo(
  db: Kysely<Database>,
  subject: { type: string; id: number },
  visibility: { types: ReadonlyMap<string, ContentType>; audience: ContentAudience; now: Date },
  limit: number,
): Promise<{ type: string; id: number; shared: number }[]> {
  const { audience, now } = visibility;
  const visible = [...visibility.types].map(
    ([type, content]) => sql<SqlBool>`(d.type = ${type} and d.item_id in (${content.visibleIds(db, audience, now)}))`,
  );
  if (visible.length === 0) return [];
  // The item and its tags first, each through its index: an item not in the index, or without tags,
  // costs two look-ups and no more (a window over every tag's rows would cost a scan of them all).
  const me = await db
    .selectFrom('search_documents')
    .select(['id', 'partnership_id'])
    .where('type', '=', subject.type)
    .where('item_id', '=', subject.id)
    .executeTakeFirst();
  if (!me) return [];
  const tags = (
    await db
      .selectFrom('search_tags')
      .select('tag')
      .where('document_id', '=', me.id)
      .orderBy('tag')
      .limit(MAX_TAGS)
      .execute()
  ).map((t) => t.tag);
  if (tags.length === 0) return [];
  // Of each tag, its newest items (the primary key (tag, document_id) walked backwards).
  const perTag = tags.map(
    (tag, n) => sql`select document_id from (select document_id from search_tags
      where tag = ${tag} and document_id <> ${me.id}
      order by document_id desc limit ${CANDIDATES_PER_TAG}) ${sql.raw(`t${n}`)}`,
  );
  // An item of no partnership shares none (a bare constant in ORDER BY would be a column number).
  const samePartnership =
    me.partnership_id === null
      ? sql``
      : sql`case when d.partnership_id = ${me.partnership_id} then 1 else 0 end desc, `;
  const { rows } = await sql<{ type: string; item_id: number | string; shared: number | string }>`
    select d.type, d.item_id, count(*) as shared
    from (${sql.join(perTag, sql` union all `)}) c
    join search_documents d on d.id = c.document_id
    where (${sql.join(visible, sql` or `)})
    group by d.id, d.type, d.item_id, d.date, d.partnership_id
    order by count(*) desc, ${samePartnership}coalesce(d.date, '') desc, d.id desc
    limit ${limit}`.execute(db);
  return rows.map((r) => ({ type: r.type, id: Number(r.item_id), shared: Number(r.shared) }));
}

/**
 * What a reader sees of content, as a key: `'all'` (administrators), or the partnerships whose
 * members-only content they see, ascending (`''`: visitors and people of no partnership). Related
 * items are what is out: drafts and scheduled items are nobody's here, not even their authors'.
 */
export function relatedAudienceKey(audience: ContentAudience): string {
  return audience.membersOf === 'all' ? 'all' : [...new Set(audience.membersOf)].sort((a, b) => a - b).join(',');
}

function audienceOfKey(key: string): ContentAudience {
  if (key === 'all') return { membersOf: 'all', editorOf: [], userId: null };
  const ids = key === '' ? [] : key.split(',').map(Number);
  if (ids.some((id) => !Number.isSafeInteger(id) || id < 1)) throw new TypeError(`not an audience key: ${key}`);
  return { membersOf: ids, editorOf: [], userId: null };
}

/** The related items of one, named for a language, as an audience sees them at `now`. */
async function namedRelated(
  ctx: ModuleContext,
  subject: { type: string; id: number },
  audienceKey: string,
  lang: string,
  now: Date,
): Promise<RelatedItem[]> {
  const audience = audienceOfKey(audienceKey);
  const types = contentTypesOf(ctx.modules);
  const found = await relatedTo(ctx.db, subject, { types, audience, now }, RELATED_READ);
  if (found.length === 0) return [];
  const named = await describeContent(ctx, found, audience, lang, now);
  return found
    .flatMap((item) => {
      const ref = named(item.type, item.id);
      return ref
        ? [{ type: item.type, title: ref.title, path: ref.path, lang: ref.lang, sharedTags: item.shared }]
        : [];
    })
    .slice(0, RELATED_SHOWN);
}

/**
 * Kept per item, audience (`relatedAudienceKey`), language and minute (what is out turns with the
 * clock), until the next write: every reader of the same class shares one query.
 */
export const relatedReads = defineReads('search', {
  related: read({
    key: { type: dim.text, id: dim.id, audience: dim.text, lang: dim.language },
    clock: 60,
    load: (ctx, k, time) => namedRelated(ctx, { type: k.type, id: k.id }, k.audience, k.lang, time.now),
  }),
});

/** The section's HTML as every reader of a language and audience sees it; null when there is nothing related. */
const relatedList = defineFragment('search', 'related', {
  key: { type: dim.text, id: dim.id, audience: dim.text },
  clock: 60,
  load: async (ctx, k, lang) => {
    const items = await relatedReads.related.get(ctx, { ...k, lang });
    return items.length > 0 ? items : null;
  },
  render: (items, page) => RelatedSection({ page, items }),
});

/**
 * "Related" under every item's page that renders the content sections (posts, meetings, actions,
 * lessons, opportunities, organisations …): at most five other items sharing its tags that the
 * reader may see. The item's page has decided that the reader sees the item; nothing (no heading)
 * when nothing is related.
 */
export const relatedSection: ContentSection = {
  order: 80,
  async render(page, ctx, subject) {
    const audience = relatedAudienceKey(await audienceOf(ctx, page.actor));
    const list = await relatedList.get(ctx, page, { type: subject.type, id: subject.id, audience });
    return list ? (h(Shared, { html: list.html }) as VNode) : null;
  },
};

const RelatedParams = Type.Object({
  // Loose on purpose: a type no module has is a 404, not a 400.
  type: Type.String({ maxLength: 40, description: 'The item’s content type (`post`, `meeting`, `lesson` …).' }),
  id: Id({ description: 'The item’s id.' }),
});
const RelatedDoc = Type.Object({
  items: Type.Array(
    Type.Object({
      type: Type.String(),
      title: Type.String({ description: 'In the reader’s language where a person translated it.' }),
      path: Type.String({ description: 'Its page, after `/{lang}`.' }),
      lang: Type.String({ description: 'The language of the title.' }),
      sharedTags: Type.Integer({ minimum: 1, description: 'How many tags it shares with the item.' }),
    }),
    { description: 'At most five, most tags in common first, then of the same partnership, then newest.' },
  ),
});

/**
 * `/api/v1/related/{type}/{id}`: what an item's page shows as related. The item itself must be one
 * the caller may see (by its type's one rule, read fresh), else a 404, as for one that does not exist.
 */
export function registerRelatedRoutes(app: FastifyInstance, ctx: ModuleContext): void {
  app.get<{ Params: { type: string; id: number } }>(
    '/api/v1/related/:type/:id',
    {
      config: { policy: anyone },
      schema: {
        summary: 'Items related to one (sharing its tags) that the caller may see, ranked',
        tags: ['search'],
        params: RelatedParams,
        response: { 200: RelatedDoc, ...problemResponses(400, 401, 404, 429) },
      },
    },
    async (request) => {
      const { type, id } = request.params;
      const content = contentTypesOf(ctx.modules).get(type);
      if (!content) throw new HttpError(404);
      const audience = await audienceOf(ctx, request.actor);
      const now = new Date();
      const self = await content.describe(ctx, [id], audience, request.locale, now);
      if (!self.has(id)) throw new HttpError(404);
      const items = await relatedReads.related.get(ctx, {
        type,
        id,
        audience: relatedAudienceKey(audience),
        lang: request.locale,
      });
      return { items };
    },
  );
}
