import type { Migration } from '../db/migrator.js';

export const migration: Migration = {
  async up(db, d) {
    await db.schema
      .createTable('core_sessions')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'integer', (c) => c.notNull())
      .addColumn('created_at', d.timestamp, (c) => c.notNull())
      .addColumn('last_seen_at', d.timestamp, (c) => c.notNull())
      .addColumn('expires_at', d.timestamp, (c) => c.notNull())
      .addColumn('user_agent', 'text')
      .execute();
    await db.schema.createIndex('core_sessions_user').on('core_sessions').column('user_id').execute();
  },
};
