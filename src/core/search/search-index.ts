import { sql, type CompiledQuery, type Expression, type Kysely, type RawBuilder, type SqlBool } from 'kysely';
import { KEEP_PLAN } from '../db/connect.js';
import type { Dialect } from '../db/dialect.js';
import type { Database } from '../db/types.js';
import { enqueueJobOnce } from '../jobs/queue.js';
import type { ContentAudience, ContentType } from '../module.js';
import { SEARCH_INDEX_JOB, type SearchDocument } from './contract.js';
import { stemOf, stemsOf } from './stem.js';
import { folded, plainText } from './text.js';

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
  /**
   * The document's facet values as words (`metaWords`), by which SQLite's FTS5 narrows inside the match,
   * then the stems of its words in its language (`stemsOf`; none where no stemmer has the language), which
   * a query's words match in the reader's language (PostgreSQL: both in `tsv` with the least weight).
   */
  meta: string;
}

/**
 * Where a rebuild gathers the documents before they replace the index at once (`stageDocuments`,
 * `replaceIndexFromStage`): the index is then numbered by date, so that its ids run from oldest to newest.
 */
export type SearchRebuildTable = Omit<SearchDocumentTable, 'id'>;

export interface SearchTagTable {
  document_id: number;
  tag: string;
}

/**
 * SQLite: the words of the index (as FTS5's tokenizer has them: lower case, without diacritics) with about
 * how many documents hold each (a document indexed again counts again; a rebuild counts anew). A query's
 * last word, read as a prefix, becomes its most frequent completions from here (`sqliteMatch`).
 */
export interface SearchTermTable {
  term: string;
  docs: number;
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
    search_rebuild: SearchRebuildTable;
    search_terms: SearchTermTable;
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

/** A document as the index's row has it. */
function rowOf(doc: SearchDocument): SearchRebuildTable {
  const year = doc.date && /^\d{4}-/.test(doc.date) ? Number(doc.date.slice(0, 4)) : null;
  const tags = [...new Set(doc.tags)].filter((t) => /^[\p{L}\p{N}-]{1,100}$/u.test(t));
  return {
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
    meta: [
      metaWords({ type: doc.type, lang: doc.lang, partnershipId: doc.partnershipId, year, tags }),
      ...stemsOf(`${doc.title} ${tags.join(' ')} ${doc.body}`, doc.lang).map((stem) => stemWord(doc.lang, stem)),
    ].join(' '),
  };
}

/** The words of a text as SQLite's FTS5 (`unicode61 remove_diacritics 2`) reads them, each once. */
function termsOf(...texts: string[]): Set<string> {
  const terms = new Set<string>();
  for (const text of texts) for (const term of folded(text).match(/[\p{L}\p{N}]+/gu) ?? []) terms.add(term);
  return terms;
}

/** SQLite: counts these documents' words in `search_terms` (each word once a document). */
async function countTerms(db: Db, rows: readonly SearchRebuildTable[]): Promise<void> {
  const counts = new Map<string, number>();
  for (const row of rows)
    for (const term of termsOf(row.title, row.tags, row.body)) counts.set(term, (counts.get(term) ?? 0) + 1);
  const entries = [...counts];
  for (let i = 0; i < entries.length; i += 400)
    await db
      .insertInto('search_terms')
      .values(entries.slice(i, i + 400).map(([term, docs]) => ({ term, docs })))
      .onConflict((oc) => oc.column('term').doUpdateSet({ docs: sql`search_terms.docs + excluded.docs` }))
      .execute();
}

/**
 * SQLite: `search_terms` anew from the FTS5 index itself (its words of title, tags and body; the facet
 * words of `meta` are no words of any text). Reads the whole index once: seconds at a million documents.
 */
export async function refillSqliteTerms(db: Db): Promise<void> {
  await sql`create virtual table if not exists temp.search_fts_words using fts5vocab(main, search_fts, col)`.execute(
    db,
  );
  await db.deleteFrom('search_terms').execute();
  await sql`insert into search_terms (term, docs) select term, sum(doc) from temp.search_fts_words
    where col <> 'meta' group by term`.execute(db);
  await sql`drop table temp.search_fts_words`.execute(db);
}

/** Puts these documents into the index (replacing what it had of them). */
export async function indexDocuments(db: Db, dialect: Dialect, documents: readonly SearchDocument[]): Promise<void> {
  // Each row made once: stemming its text is the costly part.
  const rows = documents.map(rowOf);
  if (dialect.name === 'sqlite') await countTerms(db, rows);
  for (const [i, doc] of documents.entries()) {
    const values = rows[i]!;
    const tags = values.tags ? values.tags.split(' ') : [];
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

// ------------------------------------------------------------------ PostgreSQL: the recent documents' own GIN index

/**
 * PostgreSQL: how many of the newest documents the second, partial GIN index (`search_documents_tsv_recent`)
 * holds when it is made. A GIN index gives every match of a word at once, never the newest first: a word in
 * 2% of a million documents is 20,000 matches read (15–30 ms) for a window of 500. Over the newest 100,000
 * alone it is 2,000 (1 ms), and a window of a word in more than about 0.6% of the documents is filled there;
 * a rarer word has few matches in the whole index anyway.
 */
export const RECENT_DOCS = 100_000;

const RECENT_INDEX = 'search_documents_tsv_recent';

/**
 * PostgreSQL: the id above which the recent documents' GIN index holds every document (its predicate, `id > N`),
 * or null when there is none.
 */
export async function recentIndexFloor(db: Db): Promise<number | null> {
  const { rows } = await sql<{ predicate: string | null }>`select ${recentPredicate} as predicate`.execute(db);
  return floorOf(rows[0]?.predicate ?? null);
}

/** The predicate of the recent documents' GIN index, as PostgreSQL writes it ("(id > 1051796)"), or null. */
const recentPredicate = sql<string | null>`(select pg_get_expr(i.indpred, i.indrelid) from pg_index i
  where i.indexrelid = to_regclass(${RECENT_INDEX}))`;

const floorOf = (predicate: string | null): number | null => {
  const match = /^\(?id > '?(\d+)'?(?:::bigint)?\)?$/.exec(predicate ?? '');
  return match ? Number(match[1]) : null;
};

/**
 * PostgreSQL: makes the recent documents' GIN index anew over the `newest` documents (`RECENT_DOCS`), when there
 * is none or (`force` aside) when more than as many again came since it was made. Readers go on while it is
 * made (under another name, then it takes the old one's place as the transaction commits); the index's
 * writers (the index job) wait: about 4 s at a million documents.
 */
export async function refreshRecentIndex(db: Db, dialect: Dialect, force = false, newest = RECENT_DOCS): Promise<void> {
  if (dialect.name !== 'postgres') return;
  // In one transaction (the caller's, for a rebuild), one node at a time: another node's job, finding the lock
  // taken, leaves it to the one that has it; a rebuild (`force`) waits for it.
  if (!db.isTransaction) return db.transaction().execute((trx) => refreshRecentIndex(trx, dialect, force, newest));
  if (force) await sql`select pg_advisory_xact_lock(hashtext('urbis.search.recent'))`.execute(db);
  else {
    const { rows: locked } = await sql<{ locked: boolean }>`select
      pg_try_advisory_xact_lock(hashtext('urbis.search.recent')) as locked`.execute(db);
    if (!locked[0]?.locked) return;
  }
  const floor = await recentIndexFloor(db);
  const { rows } = await sql<{ top: number | string | null }>`select max(id) as top from search_documents`.execute(db);
  const top = Number(rows[0]?.top ?? 0);
  if (!force && floor !== null && top - floor <= 2 * newest) return;
  const from = Math.max(0, top - newest);
  if (!Number.isSafeInteger(from)) return;
  await sql`drop index if exists search_documents_tsv_recent_next`.execute(db);
  await sql`create index search_documents_tsv_recent_next on search_documents using gin (tsv)
    with (fastupdate = off) where id > ${sql.lit(from)}`.execute(db);
  await sql`drop index if exists ${sql.raw(RECENT_INDEX)}`.execute(db);
  await sql`alter index search_documents_tsv_recent_next rename to ${sql.raw(RECENT_INDEX)}`.execute(db);
}

// ------------------------------------------------------------------ rebuild: staged, then replaced at once

const STAGE_ROWS = { sqlite: 500, postgres: 2000 } as const;

/** Empties the stage (before a rebuild gathers documents there). */
export async function clearStage(db: Db): Promise<void> {
  await db.deleteFrom('search_rebuild').execute();
}

/** Adds documents to the stage of a rebuild: many rows a statement, none of the index's upkeep. */
export async function stageDocuments(db: Db, dialect: Dialect, documents: readonly SearchDocument[]): Promise<void> {
  const rows = documents.map(rowOf);
  const size = STAGE_ROWS[dialect.name];
  for (let i = 0; i < rows.length; i += size)
    await db
      .insertInto('search_rebuild')
      .values(rows.slice(i, i + size))
      .execute();
}

/** SQLite: the triggers that keep `search_fts` in step with `search_documents` (external content). */
export async function createSqliteTriggers(db: Db): Promise<void> {
  await sql`create trigger search_documents_ai after insert on search_documents begin
    insert into search_fts(rowid, title, tags, body, meta) values (new.id, new.title, new.tags, new.body, new.meta);
  end`.execute(db);
  await sql`create trigger search_documents_ad after delete on search_documents begin
    insert into search_fts(search_fts, rowid, title, tags, body, meta)
      values ('delete', old.id, old.title, old.tags, old.body, old.meta);
  end`.execute(db);
  await sql`create trigger search_documents_au after update on search_documents begin
    insert into search_fts(search_fts, rowid, title, tags, body, meta)
      values ('delete', old.id, old.title, old.tags, old.body, old.meta);
    insert into search_fts(rowid, title, tags, body, meta) values (new.id, new.title, new.tags, new.body, new.meta);
  end`.execute(db);
}

/**
 * Replaces the index with the stage's documents, numbered by date (oldest first, so the newest have
 * the highest ids: what a search of a very common word reads first), and empties the stage. Call it
 * inside one transaction: readers see the old index until it commits. The engines' full-text
 * structures are built once at the end rather than row by row (SQLite: the FTS5 table's `rebuild`
 * with the triggers off; PostgreSQL: the GIN index made anew), which is several times faster.
 */
export async function replaceIndexFromStage(db: Db, dialect: Dialect): Promise<number> {
  const columns = sql.raw('type, item_id, lang, title, body, tags, partnership_id, year, date, path, meta');
  if (dialect.name === 'sqlite') {
    for (const trigger of ['search_documents_ai', 'search_documents_ad', 'search_documents_au'])
      await sql`drop trigger if exists ${sql.raw(trigger)}`.execute(db);
    await sql`insert into search_fts(search_fts) values ('delete-all')`.execute(db);
    await db.deleteFrom('search_tags').execute();
    await db.deleteFrom('search_documents').execute();
    await sql`insert into search_documents (${columns}) select ${columns} from search_rebuild
      order by coalesce(date, ''), type, item_id`.execute(db);
    // Tags are letters, digits and hyphens (rowOf): a JSON array of them is safe to make by hand.
    await sql`insert into search_tags (document_id, tag)
      select distinct d.id, j.value from search_documents d,
        json_each('["' || replace(d.tags, ' ', '","') || '"]') j
      where d.tags <> ''`.execute(db);
    await sql`insert into search_fts(search_fts) values ('rebuild')`.execute(db);
    await createSqliteTriggers(db);
    await refillSqliteTerms(db);
  } else {
    await sql`set local maintenance_work_mem = '256MB'`.execute(db);
    await sql`drop index if exists search_documents_tsv`.execute(db);
    await sql`drop index if exists ${sql.raw(RECENT_INDEX)}`.execute(db);
    await sql`truncate search_tags, search_documents`.execute(db);
    await sql`insert into search_documents (${columns}) select ${columns} from search_rebuild
      order by coalesce(date, ''), type, item_id`.execute(db);
    await sql`insert into search_tags (document_id, tag)
      select distinct d.id, t.tag from search_documents d, unnest(string_to_array(d.tags, ' ')) as t(tag)
      where d.tags <> ''`.execute(db);
    // Changes go into the index at once: no pending list for every search to read (20261215100000).
    await sql`create index search_documents_tsv on search_documents
      using gin (tsv) with (fastupdate = off)`.execute(db);
    await refreshRecentIndex(db, dialect, true);
    await sql`analyze search_documents`.execute(db);
    await sql`analyze search_tags`.execute(db);
  }
  await clearStage(db);
  const { rows } = await sql<{ n: number | string }>`select count(*) as n from search_documents`.execute(db);
  return Number(rows[0]?.n ?? 0);
}

// ------------------------------------------------------------------ the query

/** The filters of a search: for each facet, the values chosen (an item with any of them), or none. */
export interface SearchFilters {
  type?: readonly string[];
  partnershipId?: readonly number[];
  tag?: readonly string[];
  lang?: readonly string[];
  year?: readonly number[];
}

export type FacetName = 'type' | 'partnership' | 'tag' | 'lang' | 'year';
const FACETS: readonly FacetName[] = ['type', 'partnership', 'tag', 'lang', 'year'];
const FACET_LETTER: Record<FacetName, string> = { type: 't', partnership: 'p', tag: 'g', lang: 'l', year: 'y' };

/** A facet's value as one word of the `meta` column: `m`, the facet's letter, the value in hex (letters, digits). */
const metaWord = (facet: FacetName, value: string | number) =>
  `m${FACET_LETTER[facet]}${Buffer.from(String(value), 'utf8').toString('hex')}`;

/** The `meta` words of a document: one per facet value it has. */
export function metaWords(d: {
  type: string;
  lang: string;
  partnershipId: number | null;
  year: number | null;
  tags: readonly string[];
}): string {
  return [
    metaWord('type', d.type),
    metaWord('lang', d.lang),
    ...(d.partnershipId === null ? [] : [metaWord('partnership', d.partnershipId)]),
    ...(d.year === null ? [] : [metaWord('year', d.year)]),
    ...d.tags.map((t) => metaWord('tag', t)),
  ].join(' ');
}

export interface SearchHit {
  /** The document's id in the index: its text by `documentTexts`. */
  documentId: number;
  type: string;
  itemId: number;
  lang: string;
  partnershipId: number | null;
  date: string | null;
}

export interface FacetCount {
  value: string;
  count: number;
  /** False when counted among the newest `SEARCH_WINDOW` matches only: at least this many. */
  exact: boolean;
}

export interface SearchAnswer {
  /** How many visible items match; a lower bound (`SEARCH_WINDOW`) when `exact` is false. */
  total: number;
  exact: boolean;
  hits: SearchHit[];
  facets: Record<FacetName, FacetCount[]>;
}

/**
 * The most matches a search reads: the newest this many visible items that match (ids run from oldest to
 * newest), ranked among themselves; a word found in more items gives "500 or more" and facets counted
 * among these. Every rarer query is ranked and counted exactly.
 */
export const SEARCH_WINDOW = 500;

/**
 * A stem as a word of `meta`: `x`, the language, the stem. A query's stems are those of its language
 * alone: English "parking" finds English "parked" (stem "park") but not Czech "parky" (stem "park" too).
 */
export const stemWord = (lang: string, stem: string) => `x${lang.toLowerCase().replace(/[^a-z]/g, '')}${stem}`;

/**
 * The words of a query (from `queryWords`; at least one) and the stem of each in the reader's language
 * (null where the language has no stemmer or the stem is the word), with the stem as `meta` has it.
 */
export interface QueryTerms {
  words: readonly string[];
  stems: readonly (string | null)[];
  stemWords: readonly (string | null)[];
}

/** The words of a query with their stems in `lang` (none for a language without a stemmer). */
export function queryTerms(words: readonly string[], lang: string | null): QueryTerms {
  const stems = words.map((word) => (lang ? stemOf(word, lang) : null));
  return { words, stems, stemWords: stems.map((stem) => (lang && stem ? stemWord(lang, stem) : null)) };
}

/**
 * PostgreSQL: the words as a tsquery, each quoted, the last also as a prefix (unless `prefix` is false),
 * each word or its stem (among the stems of `meta`).
 */
function tsqueryOf(terms: QueryTerms, prefix = true): RawBuilder<unknown> {
  const each = terms.words.map((w, i) => {
    const star = prefix && i === terms.words.length - 1 ? ':*' : '';
    const word = sql`quote_literal(search_unaccent(lower(${w}))) || ${star}`;
    const stem = terms.stems[i];
    const inMeta = terms.stemWords[i];
    if (!stem || !inMeta) return word;
    const alternatives = sql`quote_literal(${stem}::text) || ' | ' || quote_literal(${inMeta}::text)`;
    return sql`'(' || ${word} || ' | ' || ${alternatives} || ')'`;
  });
  return sql`to_tsquery('simple'::regconfig, ${sql.join(each, sql` || ' & ' || `)})`;
}

/** One word of a query with its stem, as terms of their own. */
const termAt = (terms: QueryTerms, i: number): QueryTerms => ({
  words: [terms.words[i]!],
  stems: [terms.stems[i] ?? null],
  stemWords: [terms.stemWords[i] ?? null],
});

/** The chosen values of every facet but `except`, as (facet, values) pairs; a facet with none is left out. */
function chosen(filters: SearchFilters, except?: FacetName): [FacetName, readonly (string | number)[]][] {
  const pairs: [FacetName, readonly (string | number)[] | undefined][] = [
    ['type', filters.type],
    ['partnership', filters.partnershipId],
    ['tag', filters.tag],
    ['lang', filters.lang],
    ['year', filters.year],
  ];
  return pairs.flatMap(([facet, values]) =>
    facet !== except && values !== undefined && values.length > 0 ? [[facet, values] as const] : [],
  ) as [FacetName, readonly (string | number)[]][];
}

/**
 * The one visibility rule of each type that has one, as a condition on the document `alias`: a
 * semi-join, the type's subquery of visible ids asked for its `item_id` alone; a type without a rule
 * is never shown. SQLite looks the id up. PostgreSQL would often rather read every visible id into a
 * hash (every post, every opportunity: 100+ ms at a million items) because it expects to ask many
 * times; `offset 0` keeps each rule a look-up of one id, which is what a window of about a thousand
 * candidates wants.
 */
function visibleOf(
  db: Db,
  dialect: Dialect,
  types: ReadonlyMap<string, ContentType>,
  audience: ContentAudience,
  now: Date,
  alias = 'd',
): Expression<SqlBool> {
  const doc = sql.raw(alias);
  const lookUp = dialect.name === 'postgres' ? sql` offset 0` : sql``;
  const parts = [...types].map(
    ([type, content]) => sql<SqlBool>`(${doc}.type = ${type} and exists (
      with v(id) as ${content.visibleIds(db, audience, now)} select 1 from v where v.id = ${doc}.item_id${lookUp}))`,
  );
  return parts.length === 0 ? sql<SqlBool>`1 = 0` : sql<SqlBool>`(${sql.join(parts, sql` or `)})`;
}

/** A node of PostgreSQL's `explain (format json)`: what the window's estimate reads of it. */
interface PlanNode {
  'Node Type': string;
  'Plan Rows': number;
  Plans?: PlanNode[];
}

interface WindowRow {
  id: number;
  type: string;
  item_id: number;
  lang: string;
  tags: string;
  partnership_id: number | null;
  year: number | null;
  date: string | null;
  rank: number;
}

/** SQLite: at most this many completions stand for the last word of a query, the most frequent first. */
const COMPLETIONS = 40;
/** SQLite: bm25 ranks a query whose words are found in at most this many documents together. */
const BM25_DOCS = 20_000;

/** SQLite: a query's FTS5 expression for some text columns, and about how many documents hold its words. */
type SqliteMatch = { expression: (columns: string, stemmed: boolean) => string; docs: number };

/** An FTS5 string, quoted (a word of `queryWords`, or a term of the index: letters and digits). */
const ftsString = (text: string) => `"${text.replaceAll('"', '""')}"`;

/**
 * SQLite: the FTS5 expression of a query for the text columns `columns`, every word required, the last
 * also as a prefix, and each word or its stem (among the stems of `meta`) when `stemmed`; and about how
 * many documents hold the words (for the choice of rank; Infinity when unknown). A prefix of two or three
 * letters is FTS5's own (`prefix='2 3'` keeps those lengths indexed); another is the word itself or any
 * of its `COMPLETIONS` most frequent completions in the index (`search_terms`): an OR, which FTS5 reads
 * newest first and stops at the window, where its own prefix query would gather every match of every
 * completion first.
 */
async function sqliteMatch(db: Db, terms: QueryTerms): Promise<SqliteMatch> {
  const exact = terms.words.slice(0, -1).map(folded);
  const last = folded(terms.words[terms.words.length - 1]!);
  // FTS5's own prefix for two or three letters (its prefix index), completions for one or four and more.
  const native = [2, 3].includes(Array.from(last).length);
  const completions = native
    ? []
    : await db
        .selectFrom('search_terms')
        .select(['term', 'docs'])
        .where('term', '>=', last)
        .where('term', '<', `${last}\u{10FFFF}`)
        .orderBy('docs', 'desc')
        .orderBy('term')
        .limit(COMPLETIONS)
        .execute();
  const counted =
    exact.length === 0
      ? []
      : await db.selectFrom('search_terms').select(['term', 'docs']).where('term', 'in', exact).execute();
  // A stem is found in about as many documents as its word: bm25 reads both.
  const stemmed = terms.stems.some((stem) => stem !== null) ? 2 : 1;
  const docs = native ? Infinity : stemmed * [...counted, ...completions].reduce((sum, t) => sum + Number(t.docs), 0);
  const alternatives = [last, ...completions.map((c) => c.term).filter((t) => t !== last)];
  const words = [
    ...exact.map(ftsString),
    native
      ? `${ftsString(last)}*`
      : alternatives.length === 1
        ? ftsString(last)
        : `(${alternatives.map(ftsString).join(' OR ')})`,
  ];
  const expression = (columns: string, withStems: boolean) =>
    words
      .map((word, i) => {
        const stem = terms.stems[i];
        const inMeta = terms.stemWords[i];
        // The stem among the words too: "parks" finds "park", whose stem is itself (`stemsOf` keeps none such).
        return withStems && stem && inMeta
          ? `({${columns}} : (${word} OR ${ftsString(stem)}) OR meta : ${ftsString(inMeta)})`
          : `{${columns}} : ${word}`;
      })
      .join(' AND ');
  return { expression, docs };
}

/**
 * The window: the newest `SEARCH_WINDOW + 1` visible documents that match the words and the filters
 * (but `except`'s), with what the facets count and the rank. SQLite: the filters are words of the
 * `meta` column inside the FTS5 match, which reads the matches from the newest (rowid) and stops at the
 * limit; PostgreSQL: the same order over the GIN index's matches.
 */
async function windowOf(
  db: Db,
  dialect: Dialect,
  terms: QueryTerms,
  filters: SearchFilters,
  visible: (alias: string) => Expression<SqlBool>,
  except?: FacetName,
  sqlite?: Promise<SqliteMatch>,
  postgres?: PostgresSearch,
): Promise<WindowRow[]> {
  const facets = chosen(filters, except);
  const limit = SEARCH_WINDOW + 1;
  if (dialect.name === 'sqlite') {
    const narrow = facets
      .map(([facet, values]) => ` AND meta : (${values.map((v) => `"${metaWord(facet, v)}"`).join(' OR ')})`)
      .join('');
    const { expression, docs } = await (sqlite ?? sqliteMatch(db, terms));
    // The window and bm25 read the words or their stems; the rank's title and tags, the words alone.
    const match = (columns: string, stems = columns.includes(' ')) => `${expression(columns, stems)}${narrow}`;
    const { rows } = await sql<Omit<WindowRow, 'rank'>>`select d.id, d.type, d.item_id, d.lang, d.tags,
        d.partnership_id, d.year, d.date
      from search_fts join search_documents d on d.id = search_fts.rowid
      where search_fts match ${match('title tags body')} and ${visible('d')}
      order by search_fts.rowid desc limit ${limit}`.execute(db);
    if (rows.length === 0) return [];
    const from = Math.min(...rows.map((r) => Number(r.id)));
    const rank = new Map<number, number>();
    if (rows.length <= SEARCH_WINDOW && docs <= BM25_DOCS) {
      // Few matches of words found in few documents: FTS5's bm25, which reads every match of each word
      // (all of them, not those of the window: a common word among rare ones makes it slow).
      const ranked = await sql<{ id: number; rank: number }>`select rowid as id,
          bm25(search_fts, 20.0, 5.0, 1.0, 0.5) as rank
        from search_fts
        where search_fts match ${match('title tags body')} and rowid >= cast(${from} as integer)`.execute(db);
      for (const r of ranked.rows) rank.set(Number(r.id), Number(r.rank));
    } else {
      // Common words: within the window, title matches first (every word in the title), then tags, then
      // the newest. Each is a match read from the window's oldest on. (The bound is cast: a JavaScript
      // number comes as a REAL, which FTS5 does not take as a bound on its rowids: it would read all.)
      for (const [columns, weight] of [
        ['title', 20],
        ['tags', 5],
      ] as const) {
        const found = await sql<{ id: number }>`select rowid as id from search_fts
          where search_fts match ${match(columns)} and rowid >= cast(${from} as integer)`.execute(db);
        for (const r of found.rows) rank.set(Number(r.id), (rank.get(Number(r.id)) ?? 0) - weight);
      }
    }
    return rows.map((r) => ({ ...r, rank: rank.get(Number(r.id)) ?? 0 }));
  }
  const { words } = terms;
  const query = tsqueryOf(terms);
  const ranked = words.map(folded);
  const column: Record<FacetName, RawBuilder<unknown>> = {
    type: sql`d.type`,
    partnership: sql`d.partnership_id`,
    lang: sql`d.lang`,
    year: sql`d.year`,
    tag: sql``,
  };
  const narrow = facets.map(([facet, values]) =>
    facet === 'tag'
      ? sql<SqlBool>`exists (select 1 from search_tags t where t.document_id = d.id and t.tag in (${sql.join(values)}))`
      : sql<SqlBool>`${column[facet]} in (${sql.join(values)})`,
  );
  const where = narrow.length === 0 ? sql`1 = 1` : sql.join(narrow, sql` and `);
  // The matches newest first, a batch at a time, without the visibility rules; then the rules and the
  // rank for that batch alone. Each batch is asked within a range of ids where the planner's estimate
  // of the matches says it lies (ids run from oldest to newest): a common word is a short walk of the
  // primary key backwards, a rarer one the GIN index's matches of all the words in the range (from the
  // newest documents' own index while the range lies among them). A range short of matches: the next,
  // older, range, as wide as the matches seen in it say.
  // The planner's estimate of each word's matches (with the filters); the least of them is what the
  // window expects (its own estimate of all the words together assumes they are unrelated, which
  // words of one text seldom are: 79 for 8,611 matches). Asked beside the newest id (each query on a
  // connection of its own).
  const each = words.map(
    (_, i) => sql`select 1 from search_documents d where d.tsv @@ ${tsqueryOf(termAt(terms, i), i === words.length - 1)}
      and ${where}`,
  );
  const explained = sql<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>`explain (format json)
    ${sql.join(each, sql` union all `)}`;
  if (!postgres) throw new Error('a PostgreSQL window needs its search’s shared parts');
  const { head, visibleAmong } = postgres;
  const [{ top, recent }, explainedRows] = await Promise.all([head, explained.execute(db)]);
  const plan = explainedRows.rows[0]?.['QUERY PLAN'][0].Plan;
  const estimates = (plan?.['Node Type'] === 'Append' ? (plan.Plans ?? []) : plan ? [plan] : []).map(
    (node) => node['Plan Rows'],
  );
  const estimate = estimates.length > 0 ? Math.min(...estimates) : undefined;
  // A word in more than one document in WALK_SHARE: the walk, which the planner would not choose
  // (`ts_match_vq` is `@@` as a function, which no index serves); else the GIN index within a range,
  // all the words at once (GIN skips through the common words' lists to the rarest one's matches).
  const walk = estimate !== undefined && estimate > top * WALK_SHARE;
  const match = walk ? sql`ts_match_vq(d.tsv, ${query})` : sql`d.tsv @@ ${query}`;
  // The GIN index's matches in the range, sorted (`+ 0`: else the planner may walk the range instead).
  const newest = walk ? sql`d.id desc` : sql`d.id + 0 desc`;
  const rows: WindowRow[] = [];
  let below = top + 1;
  let batch = FIRST_BATCH;
  // The walk too keeps to its range: an estimate too high costs a second range, not the whole index.
  let span = Math.max(MIN_SPAN, estimate ? Math.ceil(((batch * top) / estimate) * 1.25) : top);
  while (below > 1) {
    // Ids start at 1: a range from there is no range.
    let from = below - span > 1 ? below - span : null;
    // Among the recent documents, a range never reaches below them: its bound then tells the planner that
    // their own GIN index holds every match in the range (a partial index serves a query that implies its
    // predicate). The older ones come next, from the whole index.
    if (!walk && recent !== null && below > recent + 1 && (from === null || from <= recent)) from = recent + 1;
    const range: RawBuilder<unknown> = from === null ? sql`` : sql`and d.id >= ${from}`;
    const found = (
      await sql<Omit<WindowRow, 'rank'> & { title: string }>`select d.id, d.type, d.item_id, d.lang, d.tags,
        d.partnership_id, d.year, d.date, d.title
      from search_documents d
      where ${match} and ${where} and d.id < ${below} ${range}
      order by ${newest} limit ${batch}`.execute(db)
    ).rows;
    const visibleAt = await visibleAmong(found);
    let shown = 0;
    for (let i = 0; i < found.length; i++)
      if (visibleAt.has(i + 1)) {
        const d = found[i]!;
        rows.push({
          id: d.id,
          type: d.type,
          item_id: d.item_id,
          lang: d.lang,
          tags: d.tags,
          partnership_id: d.partnership_id,
          year: d.year,
          date: d.date,
          rank: -titleAndTagsRank(ranked, d.title, d.tags),
        });
        shown++;
      }
    if (rows.length >= limit) break;
    if (found.length === batch) below = Number(found[found.length - 1]!.id);
    else {
      // The range is read, with fewer matches than the estimate said: the next, as wide as the
      // matches seen in this one say it needs (eight times wider when none).
      const needed = limit - rows.length;
      span = found.length === 0 ? span * 8 : Math.max(span, Math.ceil(((needed * span) / found.length) * 1.25));
      below = from ?? 0;
    }
    // As many as the share of visible ones so far says are needed, and some.
    const share = found.length === 0 ? 1 : Math.max(shown / found.length, 0.05);
    batch = Math.min(MAX_BATCH, Math.ceil(((limit - rows.length) / share) * 1.2) + 50);
  }
  return rows.slice(0, limit);
}

/**
 * PostgreSQL: which of these documents (newest first) the reader may see, as their places among them (from 1).
 * The visibility rules in a statement of their own, over the documents' types and items as two arrays: its
 * text is the same for every batch of every search by readers alike, so PostgreSQL plans it once a connection
 * (`KEEP_PLAN`), where planning the rules (some thirty subqueries) took longer than asking them. Compiled once
 * a search (the arrays are its first two parameters, written here as PostgreSQL's array literals).
 */
function visibleAmongOf(
  db: Db,
  visible: (alias: string) => Expression<SqlBool>,
): (documents: readonly { type: string; item_id: number }[]) => Promise<Set<number>> {
  let compiled: CompiledQuery<{ n: number | string }> | undefined;
  const ask = async (documents: readonly { type: string; item_id: number }[], offset: number) => {
    compiled ??= sql<{ n: number | string }>`${sql.raw(KEEP_PLAN)}
      select c.n from unnest(${'{}'}::text[], ${'{}'}::bigint[]) with ordinality as c(type, item_id, n)
      where ${visible('c')}`.compile(db);
    // Types are names of content types (letters, digits, hyphens): quoted all the same.
    const types = `{${documents.map((d) => `"${d.type.replace(/["\\]/g, '\\$&')}"`).join(',')}}`;
    const items = `{${documents.map((d) => Number(d.item_id)).join(',')}}`;
    const { rows } = await db.executeQuery<{ n: number | string }>({
      ...compiled,
      parameters: [types, items, ...compiled.parameters.slice(2)],
    });
    return rows.map((r) => offset + Number(r.n));
  };
  return async (documents) => {
    if (documents.length === 0) return new Set();
    // A long batch in two halves at once, each on a connection of its own: the rules cost some microseconds a
    // document (a comment's, its subject's too), and the database has more than one core.
    const half = documents.length >= VISIBLE_HALVES ? Math.ceil(documents.length / 2) : documents.length;
    const parts = await Promise.all(
      half === documents.length
        ? [ask(documents, 0)]
        : [ask(documents.slice(0, half), 0), ask(documents.slice(half), half)],
    );
    return new Set(parts.flat());
  };
}

/** PostgreSQL: a batch of at least this many documents has their visibility asked in two halves at once. */
const VISIBLE_HALVES = 200;

/**
 * PostgreSQL's rank of a match: 20 when every word (the last as a prefix; the words as written, not their stems)
 * is a word of its title, 5 when of its tags, both when both; ties go to the newest. The same as SQLite's for
 * common words, reckoned here from the title rather than by `ts_rank` in the database, which read each match's
 * whole vector (a third of a window's time at a million documents).
 */
function titleAndTagsRank(words: readonly string[], title: string, tags: string): number {
  // Every match of a window is ranked, hundreds a search: the words are looked for in the folded text and
  // their ends checked, rather than the text split into words.
  return (holdsWords(folded(title), words) ? 20 : 0) + (tags && holdsWords(folded(tags), words) ? 5 : 0);
}

/** Whether a folded text holds every word, the last as a prefix. */
function holdsWords(text: string, words: readonly string[]): boolean {
  for (let i = 0; i < words.length; i++) if (!holdsWord(text, words[i]!, i === words.length - 1)) return false;
  return true;
}

/**
 * Whether `word` is one of the words of `text` (letters and digits between anything else), or with `prefix`
 * the beginning of one: what splitting the text into words would say, without splitting it.
 */
export function holdsWord(text: string, word: string, prefix: boolean): boolean {
  if (word === '') return false;
  for (let at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + 1)) {
    if (at > 0 && isWordChar(text, at - 1, true)) continue;
    if (!prefix && at + word.length < text.length && isWordChar(text, at + word.length, false)) continue;
    return true;
  }
  return false;
}

const WORD_CHAR = /^[\p{L}\p{N}]$/u;

/** Whether the character ending (`before`) or starting at `index` of `text` is a letter or a digit. */
function isWordChar(text: string, index: number, before: boolean): boolean {
  const unit = text.charCodeAt(index);
  if (unit < 0x80)
    return (unit >= 0x30 && unit <= 0x39) || (unit >= 0x61 && unit <= 0x7a) || (unit >= 0x41 && unit <= 0x5a);
  // A letter outside the Basic Multilingual Plane is two code units: read it whole.
  const low = unit >= 0xdc00 && unit <= 0xdfff;
  const at = before && low && index > 0 ? index - 1 : index;
  return WORD_CHAR.test(String.fromCodePoint(text.codePointAt(at)!));
}

/** PostgreSQL: what every window of a search shares: the newest id, and the floor of the recent documents' index. */
interface PostgresHead {
  top: number;
  recent: number | null;
}

/** PostgreSQL: what a search's windows share: its head, read once, and its visibility check, compiled once. */
interface PostgresSearch {
  head: Promise<PostgresHead>;
  visibleAmong: (documents: readonly { type: string; item_id: number }[]) => Promise<Set<number>>;
}

async function postgresHead(db: Db): Promise<PostgresHead> {
  const { rows } = await sql<{ top: number | string | null; predicate: string | null }>`select
      (select max(id) from search_documents) as top, ${recentPredicate} as predicate`.execute(db);
  return { top: Number(rows[0]?.top ?? 0), recent: floorOf(rows[0]?.predicate ?? null) };
}

/** PostgreSQL: the first batch of matches a window reads (most are visible to most readers), and the most. */
const FIRST_BATCH = Math.ceil(SEARCH_WINDOW * 1.25);
const MAX_BATCH = 20_000;
/**
 * PostgreSQL: the share of the documents above which a window walks the newest documents testing each
 * (about 0.7 µs a document) rather than reads the GIN index's matches (about 0.5 µs a match, all of them).
 */
const WALK_SHARE = 0.03;
/** PostgreSQL: the narrowest range of ids a window reads at a time. */
const MIN_SPAN = 1000;

/** The most values of a facet a search shows. */
const FACET_VALUES = 30;

/** The values of `facet` among `rows` with their counts, the most first (`FACET_VALUES` at most). */
function countFacet(facet: FacetName, rows: readonly WindowRow[], exact: boolean): FacetCount[] {
  // Counted by the value as it comes (a number stays a number: no string made for each row), named at the end.
  const counts = new Map<string | number, number>();
  if (facet === 'tag') {
    for (const row of rows)
      if (row.tags) for (const tag of row.tags.split(' ')) counts.set(tag, (counts.get(tag) ?? 0) + 1);
  } else {
    const column = FACET_COLUMN[facet];
    for (const row of rows) {
      const value = row[column];
      if (value !== null) counts.set(value, (counts.get(value) ?? 0) + 1);
    }
  }
  // The 30 most, without sorting every value (a window's tags are hundreds): those at least as many as the 30th.
  const least =
    counts.size <= FACET_VALUES ? 0 : Float64Array.from(counts.values()).sort()[counts.size - FACET_VALUES]!;
  const top: [string, number][] = [];
  for (const [value, count] of counts) if (count >= least) top.push([String(value), count]);
  return top
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .slice(0, FACET_VALUES)
    .map(([value, count]) => ({ value, count, exact }));
}

/** The window's column of each facet but tags. */
const FACET_COLUMN = {
  type: 'type',
  lang: 'lang',
  partnership: 'partnership_id',
  year: 'year',
} as const satisfies Record<Exclude<FacetName, 'tag'>, keyof WindowRow>;

/**
 * One search over every type: the visible documents that match every word (the last also as a
 * prefix), ranked (title matches first, then tags, then the text) among the newest `SEARCH_WINDOW`
 * matches, a page of them, and the counts of each facet with the other facets' filters applied (a
 * facet with values chosen is counted in a window of its own). `words` come from `queryWords` (at
 * least one). The time does not grow with the index: at most a few windows of `SEARCH_WINDOW` rows.
 */
export async function searchIndex(
  db: Db,
  dialect: Dialect,
  terms: QueryTerms,
  filters: SearchFilters,
  visibility: { types: ReadonlyMap<string, ContentType>; audience: ContentAudience; now: Date },
  page: { offset: number; limit: number },
): Promise<SearchAnswer> {
  // PostgreSQL: each query on a connection of the pool (which runs without JIT: `connectDatabase`), the
  // windows side by side; they share the newest id and the floor of the newest documents' own GIN index
  // (`refreshRecentIndex`), read beside the main window's estimate.
  const visible = (alias: string) =>
    visibleOf(db, dialect, visibility.types, visibility.audience, visibility.now, alias);
  const postgres =
    dialect.name === 'postgres' ? { head: postgresHead(db), visibleAmong: visibleAmongOf(db, visible) } : undefined;
  // SQLite: the words' expression, asked of `search_terms` once for every window of this search; its windows
  // one after another (one connection).
  const sqlite = dialect.name === 'sqlite' ? sqliteMatch(db, terms) : undefined;
  const own = (except?: FacetName) => windowOf(db, dialect, terms, filters, visible, except, sqlite, postgres);
  const chosenFacets = FACETS.filter((facet) => chosen(filters).some(([name]) => name === facet));
  const windows = new Map<FacetName | undefined, WindowRow[]>();
  if (dialect.name === 'postgres')
    (await Promise.all([undefined, ...chosenFacets].map(async (f) => [f, await own(f)] as const))).forEach(
      ([f, rows]) => windows.set(f, rows),
    );
  else for (const f of [undefined, ...chosenFacets]) windows.set(f, await own(f));
  const main = windows.get(undefined)!;
  const exact = main.length <= SEARCH_WINDOW;
  const window = main.slice(0, SEARCH_WINDOW);
  const facets = {} as SearchAnswer['facets'];
  for (const facet of FACETS) {
    const rows = windows.get(facet);
    facets[facet] = rows
      ? countFacet(facet, rows.slice(0, SEARCH_WINDOW), rows.length <= SEARCH_WINDOW)
      : countFacet(facet, window, exact);
  }
  const ranked = [...window].sort(
    (a, b) =>
      Number(a.rank) - Number(b.rank) ||
      (a.date === b.date ? 0 : (a.date ?? '') < (b.date ?? '') ? 1 : -1) ||
      Number(a.id) - Number(b.id),
  );
  const pageRows = ranked.slice(page.offset, page.offset + page.limit);
  return {
    total: window.length,
    exact,
    hits: pageRows.map((r) => ({
      documentId: Number(r.id),
      type: r.type,
      itemId: Number(r.item_id),
      lang: r.lang,
      partnershipId: r.partnership_id === null ? null : Number(r.partnership_id),
      date: r.date,
    })),
    facets,
  };
}

/**
 * The indexed text of these documents (for the snippets of a page of results): read apart from the window,
 * which would otherwise carry every match's whole text, and beside the page's other reads.
 */
export async function documentTexts(db: Db, ids: readonly number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('search_documents').select(['id', 'body']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [Number(r.id), r.body]));
}
