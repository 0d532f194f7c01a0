import type { Migration } from '../../../core/db/migrator.js';

/**
 * News posts that name actions (`action_posts`: a post of a partnership relates to actions of its
 * plan, news' "Related action" field), and the log of update reminders mailed to action leads
 * (`action_mail_log`: a key per action, reason, state and person, written before a mail goes out,
 * so that the same state is never mailed twice).
 */
export const migration: Migration = {
  async up(db, d) {
    await db.schema
      .createTable('action_posts')
      .addColumn('action_id', 'integer', (c) => c.notNull().references('actions.id').onDelete('cascade'))
      .addColumn('post_id', 'integer', (c) => c.notNull().references('news_posts.id').onDelete('cascade'))
      .addPrimaryKeyConstraint('action_posts_pk', ['action_id', 'post_id'])
      .execute();
    await db.schema.createIndex('action_posts_by_post').on('action_posts').columns(['post_id']).execute();

    await db.schema
      .createTable('action_mail_log')
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('sent_at', d.timestamp, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('action_mail_log_by_user').on('action_mail_log').column('user_id').execute();
  },
};
