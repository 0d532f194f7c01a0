import type { Migration } from '../db/migrator.js';

/**
 * What the nodes of one site share besides the data: a counter every write to a table pages
 * show advances (SQLite: the other processes look at it to know their caches are old), and the
 * rate limits' counts, per key and window.
 */
export const migration: Migration = {
  async up(db) {
    await db.schema
      .createTable('core_changes')
      .addColumn('id', 'integer', (c) => c.primaryKey())
      .addColumn('n', 'bigint', (c) => c.notNull())
      .execute();
    await db.insertInto('core_changes').values({ id: 1, n: 0 }).execute();
    await db.schema
      .createTable('core_rate_limits')
      .addColumn('key', 'text', (c) => c.notNull())
      .addColumn('window_start', 'bigint', (c) => c.notNull())
      .addColumn('count', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('core_rate_limits_pk', ['key', 'window_start'])
      .execute();
  },
};
