import type { Migration } from '../../../core/db/migrator.js';

/**
 * Attempts per account (failed sign-ins, mails asked for), kept in the database so that the
 * limit holds across every node of a cluster.
 */
export const migration: Migration = {
  async up(db, d) {
    await d
      .id(db.schema.createTable('accounts_attempts'))
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('subject', 'text', (c) => c.notNull())
      .addColumn('at', d.timestamp, (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('accounts_attempts_subject')
      .on('accounts_attempts')
      .columns(['kind', 'subject', 'at'])
      .execute();
  },
};
