import { sql } from 'kysely';
import type { Migration } from '../db/migrator.js';

/**
 * Search at a million items on PostgreSQL (issue 17, "Speed"): the GIN index over the documents' text
 * takes each change at once rather than in a pending list that every search would read through (up to
 * 4 MB of it, unsorted, until a vacuum merges it), and the list there is merged now. The statistics
 * are made anew too: a search sizes its window by the planner's estimate of each word's matches.
 * SQLite: nothing (FTS5 has no such list).
 */
export const migration: Migration = {
  async up(db, dialect) {
    if (dialect.name !== 'postgres') return;
    await sql`alter index search_documents_tsv set (fastupdate = off)`.execute(db);
    await sql`select gin_clean_pending_list('search_documents_tsv'::regclass)`.execute(db);
    await sql`analyze search_documents`.execute(db);
  },
};
