import { sql, type Expression, type Kysely, type RawBuilder, type SqlBool } from 'kysely';
import type { Dialect } from '../db/dialect.js';
import type { Database } from '../db/types.js';
import { enqueueJobOnce } from '../jobs/queue.js';
import type { ContentAudience, ContentType } from '../module.js';
import { SEARCH_INDEX_JOB, type SearchDocument } from './contract.js';
import { plainText } from './text.js';

/** One item in the index (SQLite adds the FTS5 table `search_fts` over it; PostgreSQL a `tsv` column). */
export interface SearchDocumentTable {
  id: number;
  type: string;
  item_id: number;
  lang: string;
  title: string;
  body: string;
  /** Tag slugs, space-separated (for the text match; `search_tags` for the facet). */
  tags: string;
  partnership_id: number | null;
  year: number | null;
  date: string | null;
  path: string;
}

export interface SearchTagTable {
  document_id: number;
  tag: string;
}

/** What changed and waits for the index job: one row per change, in the changing transaction. */
export interface SearchPendingTable {
  id: number;
  type: string;
  item_id: number;
}

declare module '../db/types.js' {
  interface Database {
    search_documents: SearchDocumentTable;
    search_tags: SearchTagTable;
    search_pending: SearchPendingTable;
  }
}

type Db = Kysely<Database>;

/** The once-key of the index job: freed as the job starts (`freeIndexJobKey`), so a later change queues another. */
export const SEARCH_JOB_KEY = 'search.index';

const MAX_TEXT = 100_000;

/**
 * Marks items whose documents changed (created, edited, published, hidden, deleted, or seen by
 * other people now). Call it with the transaction that makes the change: the mark commits with
 * the change or not at all, and the index job, queued once, brings the index up to date.
 */
export async function markForIndex(db: Db, type: string, ids: readonly number[]): Promise<void> {
  const unique = [...new Set(ids)].filter((id) => Number.isSafeInteger(id));
  if (unique.length === 0) return;
  await db
    .insertInto('search_pending')
    .values(unique.map((item_id) => ({ type, item_id })) as never)
    .execute();
  await enqueueJobOnce(db, SEARCH_INDEX_JOB, SEARCH_JOB_KEY, {});
}

/**
 * Every id of a table whose key is an integer `id`, ascending, in batches of `size`: what a source's
 * `allIds` hands a rebuild of the index.
 */
export async function* idBatches(db: Db, table: keyof Database & string, size = 500): AsyncIterable<number[]> {
  let after = 0;
  for (;;) {
    const { rows } = await sql<{ id: number | string }>`select id from ${sql.table(table)}
      where id > ${after} order by id limit ${size}`.execute(db);
    if (rows.length === 0) return;
    yield rows.map((r) => Number(r.id));
    after = Number(rows[rows.length - 1]!.id);
  }
}

/** Lets a change made from now on queue another index job (the running one has read nothing yet). */
export async function freeIndexJobKey(db: Db): Promise<void> {
  await db
    .updateTable('core_jobs')
    .set({ once_key: null })
    .where('once_key', '=', SEARCH_JOB_KEY)
    .where('status', '=', 'running')
    .execute();
}

/** The marks waiting, oldest first, up to `limit`. */
export async function pendingMarks(db: Db, limit: number): Promise<{ id: number; type: string; item_id: number }[]> {
  return db.selectFrom('search_pending').select(['id', 'type', 'item_id']).orderBy('id').limit(limit).execute();
}

/** Forgets the marks that were handled (by id: a mark made since stays for the next run). */
export async function clearMarks(db: Db, ids: readonly number[]): Promise<void> {
  for (let i = 0; i < ids.length; i += 500)
    await db
      .deleteFrom('search_pending')
      .where('id', 'in', ids.slice(i, i + 500))
      .execute();
}

const clean = (text: string, max = MAX_TEXT) =>
  // eslint-disable-next-line no-control-regex
  text.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, ' ').slice(0, max);

/** Puts these documents into the index (replacing what it had of them). */
export async function indexDocuments(db: Db, documents: readonly SearchDocument[]): Promise<void> {
  for (const doc of documents) {
    const year = doc.date && /^\d{4}-/.test(doc.date) ? Number(doc.date.slice(0, 4)) : null;
    const tags = [...new Set(doc.tags)].filter((t) => /^[\p{L}\p{N}-]{1,100}$/u.test(t));
    const values = {
      type: doc.type,
      item_id: doc.id,
      lang: doc.lang,
      title: clean(plainText(doc.title), 1000),
      body: clean(doc.body),
      tags: tags.join(' '),
      partnership_id: doc.partnershipId,
      year,
      date: doc.date,
      path: doc.path,
    };
    const existing = await db
      .selectFrom('search_documents')
      .select('id')
      .where('type', '=', doc.type)
      .where('item_id', '=', doc.id)
      .executeTakeFirst();
    let id: number;
    if (existing) {
      id = existing.id;
      await db.updateTable('search_documents').set(values).where('id', '=', id).execute();
      await db.deleteFrom('search_tags').where('document_id', '=', id).execute();
    } else {
      id = (
        await db
          .insertInto('search_documents')
          .values(values as never)
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    }
    if (tags.length > 0)
      await db
        .insertInto('search_tags')
        .values(tags.map((tag) => ({ document_id: id, tag })))
        .execute();
  }
}

/** Takes these items out of the index. */
export async function removeDocuments(db: Db, type: string, ids: readonly number[]): Promise<void> {
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    const docs = db.selectFrom('search_documents').select('id').where('type', '=', type).where('item_id', 'in', chunk);
    await db.deleteFrom('search_tags').where('document_id', 'in', docs).execute();
    await db.deleteFrom('search_documents').where('type', '=', type).where('item_id', 'in', chunk).execute();
  }
}

/** Empties the index (before a rebuild). */
export async function clearIndex(db: Db): Promise<void> {
  await db.deleteFrom('search_tags').execute();
  await db.deleteFrom('search_documents').execute();
}

/** The filters of a search, each one value (a facet's link), or none. */
export interface SearchFilters {
  type?: string;
  partnershipId?: number;
  tag?: string;
  lang?: string;
  year?: number;
}

export type FacetName = 'type' | 'partnership' | 'tag' | 'lang' | 'year';

export interface SearchHit {
  type: string;
  itemId: number;
  lang: string;
  title: string;
  body: string;
  path: string;
  partnershipId: number | null;
  date: string | null;
}

export interface SearchAnswer {
  total: number;
  hits: SearchHit[];
  facets: Record<FacetName, { value: string; count: number }[]>;
}

/**
 * The match of `words` (from `queryWords`; at least one) on this engine: every word, the last one
 * also as a prefix; each word a quoted term, so nothing of the query language passes.
 */
function matchOf(
  dialect: Dialect,
  words: readonly string[],
): { from: RawBuilder<unknown>; where: RawBuilder<SqlBool>; rank: RawBuilder<number> } {
  if (dialect.name === 'sqlite') {
    const expression = words
      .map((w, i) => `"${w.replaceAll('"', '""')}"${i === words.length - 1 ? '*' : ''}`)
      .join(' ');
    return {
      from: sql`search_fts join search_documents d on d.id = search_fts.rowid`,
      where: sql<SqlBool>`search_fts match ${expression}`,
      // Title matches first: a title word weighs twenty times a body word, a tag five times.
      rank: sql<number>`bm25(search_fts, 20.0, 5.0, 1.0)`,
    };
  }
  const terms = words.map(
    (w, i) => sql`quote_literal(search_unaccent(lower(${w}))) || ${i === words.length - 1 ? ':*' : ''}`,
  );
  const query = sql`to_tsquery('simple'::regconfig, ${sql.join(terms, sql` || ' & ' || `)})`;
  return {
    from: sql`search_documents d`,
    where: sql<SqlBool>`d.tsv @@ ${query}`,
    rank: sql<number>`-ts_rank('{0.02, 0.05, 0.2, 1.0}', d.tsv, ${query})`,
  };
}

/** The one visibility rule of each type that has one, as a condition on `d`; a type without one is never shown. */
function visibleOf(
  db: Db,
  types: ReadonlyMap<string, ContentType>,
  audience: ContentAudience,
  now: Date,
): Expression<SqlBool> {
  const parts = [...types].map(
    ([type, content]) => sql<SqlBool>`(d.type = ${type} and d.item_id in (${content.visibleIds(db, audience, now)}))`,
  );
  return parts.length === 0 ? sql<SqlBool>`1 = 0` : sql<SqlBool>`(${sql.join(parts, sql` or `)})`;
}

function filtersOf(filters: SearchFilters, except?: FacetName): RawBuilder<SqlBool> {
  const parts: RawBuilder<SqlBool>[] = [];
  if (filters.type !== undefined && except !== 'type') parts.push(sql`d.type = ${filters.type}`);
  if (filters.partnershipId !== undefined && except !== 'partnership')
    parts.push(sql`d.partnership_id = ${filters.partnershipId}`);
  if (filters.lang !== undefined && except !== 'lang') parts.push(sql`d.lang = ${filters.lang}`);
  if (filters.year !== undefined && except !== 'year') parts.push(sql`d.year = ${filters.year}`);
  if (filters.tag !== undefined && except !== 'tag')
    parts.push(sql`d.id in (select document_id from search_tags where tag = ${filters.tag})`);
  return parts.length === 0 ? sql<SqlBool>`1 = 1` : sql<SqlBool>`${sql.join(parts, sql` and `)}`;
}

const FACET_COLUMNS: Record<Exclude<FacetName, 'tag'>, RawBuilder<unknown>> = {
  type: sql`d.type`,
  partnership: sql`d.partnership_id`,
  lang: sql`d.lang`,
  year: sql`d.year`,
};

/**
 * One query over every type: the visible documents that match every word, ranked (title
 * matches first), a page of them, and the counts of each facet over the visible matches with the
 * other facets' filters applied. `words` come from `queryWords` (at least one).
 */
export async function searchIndex(
  db: Db,
  dialect: Dialect,
  words: readonly string[],
  filters: SearchFilters,
  visibility: { types: ReadonlyMap<string, ContentType>; audience: ContentAudience; now: Date },
  page: { offset: number; limit: number },
): Promise<SearchAnswer> {
  const match = matchOf(dialect, words);
  const visible = visibleOf(db, visibility.types, visibility.audience, visibility.now);
  const where = (except?: FacetName) => sql`${match.where} and ${visible} and ${filtersOf(filters, except)}`;
  const hitsQuery = sql<{
    type: string;
    item_id: number;
    lang: string;
    title: string;
    body: string;
    path: string;
    partnership_id: number | null;
    date: string | null;
  }>`select d.type, d.item_id, d.lang, d.title, d.body, d.path, d.partnership_id, d.date
     from ${match.from} where ${where()}
     order by ${match.rank}, d.date desc, d.id limit ${page.limit} offset ${page.offset}`;
  const totalQuery = sql<{ n: number | string }>`select count(*) as n from ${match.from} where ${where()}`;
  const facetQuery = (name: FacetName) =>
    name === 'tag'
      ? sql<{ value: string | number | null; n: number | string }>`select t.tag as value, count(*) as n
          from ${match.from} join search_tags t on t.document_id = d.id where ${where('tag')}
          group by t.tag order by count(*) desc, t.tag limit 30`
      : sql<{ value: string | number | null; n: number | string }>`select ${FACET_COLUMNS[name]} as value, count(*) as n
          from ${match.from} where ${where(name)} and ${FACET_COLUMNS[name]} is not null
          group by ${FACET_COLUMNS[name]} order by count(*) desc, ${FACET_COLUMNS[name]} limit 30`;
  const names: FacetName[] = ['type', 'partnership', 'tag', 'lang', 'year'];
  // One after another: SQLite has one connection, and PostgreSQL's pool is shared with other readers.
  const hits = await hitsQuery.execute(db);
  const total = await totalQuery.execute(db);
  const facets = {} as SearchAnswer['facets'];
  for (const name of names) {
    const { rows } = await facetQuery(name).execute(db);
    facets[name] = rows.map((r) => ({ value: String(r.value), count: Number(r.n) }));
  }
  return {
    total: Number(total.rows[0]?.n ?? 0),
    hits: hits.rows.map((r) => ({
      type: r.type,
      itemId: Number(r.item_id),
      lang: r.lang,
      title: r.title,
      body: r.body,
      path: r.path,
      partnershipId: r.partnership_id === null ? null : Number(r.partnership_id),
      date: r.date,
    })),
    facets,
  };
}
