import type { Migration } from '../db/migrator.js';
import { refreshRecentIndex } from '../search/search-index.js';

/**
 * Search at a million items on PostgreSQL (issue 17, "Speed"): a second GIN index over the newest documents
 * alone (`search_documents_tsv_recent`, `refreshRecentIndex`), from which a search's window of the newest
 * matches is read without every older match of its words. SQLite: nothing (FTS5 reads the newest first).
 */
export const migration: Migration = {
  async up(db, dialect) {
    await refreshRecentIndex(db, dialect, true);
  },
};
