import type { Migration } from '../../../core/db/migrator.js';

/** One-time links sent by mail: confirm an address, reset a password, confirm a new address. */
export const migration: Migration = {
  async up(db, d) {
    await d
      .id(db.schema.createTable('accounts_mail_tokens'))
      .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('purpose', 'text', (c) => c.notNull())
      .addColumn('token_hash', 'text', (c) => c.notNull().unique())
      .addColumn('new_email', 'text')
      .addColumn('created_at', d.timestamp, (c) => c.notNull())
      .addColumn('expires_at', d.timestamp, (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('accounts_mail_tokens_user')
      .on('accounts_mail_tokens')
      .columns(['user_id', 'purpose'])
      .execute();
  },
};
