import type { Migration } from '../../../core/db/migrator.js';

/**
 * Attempts counted per window instead of one row per attempt: adding one is a single upsert
 * that returns the new count, so concurrent attempts cannot all slip under a limit. The old
 * rows only held the last 15 minutes' failures; they are not carried over.
 */
export const migration: Migration = {
  async up(db) {
    await db.schema
      .createTable('accounts_attempt_counts')
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('subject', 'text', (c) => c.notNull())
      .addColumn('account', 'text', (c) => c.notNull())
      .addColumn('period', 'integer', (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('accounts_attempt_counts_pk', ['kind', 'subject', 'period'])
      .execute();
    await db.schema
      .createIndex('accounts_attempt_counts_account')
      .on('accounts_attempt_counts')
      .column('account')
      .execute();
    await db.schema.dropTable('accounts_attempts').execute();
  },
};
