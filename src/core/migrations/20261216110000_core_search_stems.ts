import { sql } from 'kysely';
import type { Migration } from '../db/migrator.js';
import { SEARCH_INDEX_JOB } from '../search/contract.js';
import { SEARCH_JOB_KEY } from '../search/search-index.js';
import { enqueueJobOnce } from '../jobs/queue.js';

/**
 * Stemming (issue 17): each document's `meta` now holds the stems of its words in its language too
 * (`stemsOf`), which a query's words match in the reader's language. PostgreSQL's `tsv` takes `meta` in,
 * with the least weight: the column is made anew (and its GIN index). Every document there is is marked
 * for the index job, which indexes it again with its stems, in the background.
 */
export const migration: Migration = {
  async up(db, dialect) {
    if (dialect.name === 'postgres') {
      await sql`alter table search_documents drop column tsv`.execute(db);
      await sql`alter table search_documents add column tsv tsvector generated always as (
        setweight(to_tsvector('simple'::regconfig, search_unaccent(title)), 'A') ||
        setweight(to_tsvector('simple'::regconfig, search_unaccent(replace(tags, '-', ' '))), 'B') ||
        setweight(to_tsvector('simple'::regconfig, search_unaccent(body)), 'C') ||
        setweight(to_tsvector('simple'::regconfig, meta), 'D')) stored`.execute(db);
      await sql`create index search_documents_tsv on search_documents
        using gin (tsv) with (fastupdate = off)`.execute(db);
      await sql`analyze search_documents`.execute(db);
    }
    await sql`insert into search_pending (type, item_id) select type, item_id from search_documents`.execute(db);
    const marked = await db.selectFrom('search_pending').select('id').limit(1).executeTakeFirst();
    if (marked) await enqueueJobOnce(db, SEARCH_INDEX_JOB, SEARCH_JOB_KEY, {});
  },
};
