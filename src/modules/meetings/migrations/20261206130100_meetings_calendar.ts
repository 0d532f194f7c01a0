import type { Migration } from '../../../core/db/migrator.js';

/**
 * A person's private calendar address (`/calendar/{token}.ics`, their registrations): only the
 * token's SHA-256 is kept, one per person; a new one replaces it, revoking deletes it. And the
 * meetings' mails that went out, by key (kind, meeting, sequence, person), so none goes twice.
 */
export const migration: Migration = {
  async up(db, d) {
    await db.schema
      .createTable('meeting_calendar_tokens')
      .addColumn('user_id', 'integer', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
      .addColumn('token_hash', 'text', (c) => c.notNull().unique())
      .addColumn('created_at', d.timestamp, (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('meeting_mail_log')
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('sent_at', d.timestamp, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('meeting_mail_log_by_user').on('meeting_mail_log').column('user_id').execute();
  },
};
