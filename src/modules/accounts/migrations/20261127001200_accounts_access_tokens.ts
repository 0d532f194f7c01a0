import type { Migration } from '../../../core/db/migrator.js';

/** Personal access tokens for the API: only their hash is kept, and a prefix to recognise them. */
export const migration: Migration = {
  async up(db, d) {
    await d
      .id(db.schema.createTable('accounts_access_tokens'))
      .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('prefix', 'text', (c) => c.notNull())
      .addColumn('token_hash', 'text', (c) => c.notNull().unique())
      .addColumn('created_at', d.timestamp, (c) => c.notNull())
      .addColumn('last_used_at', d.timestamp)
      .execute();
    await db.schema
      .createIndex('accounts_access_tokens_user')
      .on('accounts_access_tokens')
      .columns(['user_id', 'id'])
      .execute();
  },
};
