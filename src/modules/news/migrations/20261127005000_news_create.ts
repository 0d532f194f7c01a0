import type { Migration } from '../../../core/db/migrator.js';

export const migration: Migration = {
  async up(db, d) {
    await d
      .id(db.schema.createTable('news_posts'))
      .addColumn('partnership_id', 'integer', (c) => c.notNull().references('partnerships.id').onDelete('cascade'))
      .addColumn('slug', 'text', (c) => c.notNull())
      .addColumn('author_id', 'integer')
      .addColumn('original_lang', 'text', (c) => c.notNull())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('summary', 'text', (c) => c.notNull())
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('members_only', d.boolean, (c) => c.notNull())
      .addColumn('published_at', d.timestamp)
      .addColumn('created_at', d.timestamp, (c) => c.notNull())
      .addColumn('updated_at', d.timestamp, (c) => c.notNull())
      .addUniqueConstraint('news_posts_slug', ['partnership_id', 'slug'])
      .execute();
    // A partnership's news and the site-wide feed: newest first, by keyset.
    await db.schema
      .createIndex('news_posts_by_partnership')
      .on('news_posts')
      .columns(['partnership_id', 'status', 'published_at', 'id'])
      .execute();
    await db.schema
      .createIndex('news_posts_by_time')
      .on('news_posts')
      .columns(['status', 'published_at', 'id'])
      .execute();
    await db.schema.createIndex('news_posts_by_author').on('news_posts').columns(['author_id']).execute();
    await db.schema
      .createTable('news_post_translations')
      .addColumn('post_id', 'integer', (c) => c.notNull().references('news_posts.id').onDelete('cascade'))
      .addColumn('lang', 'text', (c) => c.notNull())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('summary', 'text', (c) => c.notNull())
      .addColumn('body', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('news_post_translations_pk', ['post_id', 'lang'])
      .execute();
  },
};
