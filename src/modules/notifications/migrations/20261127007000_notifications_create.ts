import type { Migration } from '../../../core/db/migrator.js';

export const migration: Migration = {
  async up(db, d) {
    await d
      .id(db.schema.createTable('notifications'))
      .addColumn('user_id', 'integer', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('subject', 'text', (c) => c.notNull())
      .addColumn('path', 'text', (c) => c.notNull())
      .addColumn('created_at', d.timestamp, (c) => c.notNull())
      .addColumn('read_at', d.timestamp)
      .execute();
    // Newest first per person, by keyset on id.
    await db.schema.createIndex('notifications_by_user').on('notifications').columns(['user_id', 'id']).execute();
  },
};
