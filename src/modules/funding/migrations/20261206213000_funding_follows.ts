import type { Migration } from '../../../core/db/migrator.js';

/**
 * Following the register: what a person follows (`funding_follows`: an item, a programme or a
 * topic, by its id: an opportunity's, a programme's, a tag's), and the log of the mails sent about
 * what they follow (`funding_mail_log`: a key per mail, written before it goes out, so that none
 * is sent twice).
 */
export const migration: Migration = {
  async up(db, d) {
    await d
      .id(db.schema.createTable('funding_follows'))
      .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
      // item | programme | topic
      .addColumn('target_type', 'text', (c) => c.notNull())
      // funding_opportunities.id | funding_programmes.id | tags.id
      .addColumn('target_id', 'integer', (c) => c.notNull())
      .addColumn('created_at', d.timestamp, (c) => c.notNull())
      .addUniqueConstraint('funding_follows_once', ['user_id', 'target_type', 'target_id'])
      .execute();
    // Who follows a thing (the mails' fan-out).
    await db.schema
      .createIndex('funding_follows_by_target')
      .on('funding_follows')
      .columns(['target_type', 'target_id', 'user_id'])
      .execute();

    await db.schema
      .createTable('funding_mail_log')
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('sent_at', d.timestamp, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('funding_mail_log_by_user').on('funding_mail_log').column('user_id').execute();
  },
};
