import { sql } from 'kysely';
import type { Migration } from '../../../core/db/migrator.js';

/**
 * Moderation: when a moderator last cleared a comment's reports (showing it again, or
 * dismissing the reports), so that the queue shows only the reports since; and an index of
 * the comments that need a moderator's eye, for the queue (newest first).
 */
export const migration: Migration = {
  async up(db, d) {
    await db.schema.alterTable('comments').addColumn('reviewed_at', d.timestamp).execute();
    // Partial: the queue reads only flagged comments, a handful among millions. The query
    // repeats this condition word for word so that SQLite uses the index.
    await db.schema
      .createIndex('comments_flagged')
      .on('comments')
      .column('id')
      .where(sql<boolean>`deleted_at is null and (report_count > 0 or hidden_at is not null)`)
      .execute();
  },
};
