import type { Migration } from '../../../core/db/migrator.js';

export const migration: Migration = {
  async up(db, d) {
    await d
      .id(db.schema.createTable('news_attachments'))
      .addColumn('post_id', 'integer', (c) => c.notNull().references('news_posts.id').onDelete('cascade'))
      // As uploaded, cleaned for showing; never used to find the file.
      .addColumn('name', 'text', (c) => c.notNull())
      // Random: where the file is in the uploads folder.
      .addColumn('storage_key', 'text', (c) => c.notNull().unique())
      // From the file's content, not from what the client said.
      .addColumn('media_type', 'text', (c) => c.notNull())
      .addColumn('size', 'bigint', (c) => c.notNull())
      .addColumn('sha256', 'text', (c) => c.notNull())
      // Null once the uploader's account is deleted.
      .addColumn('uploaded_by', 'integer')
      // The alternative text of an image, or what a document is; may be empty.
      .addColumn('description', 'text', (c) => c.notNull())
      .addColumn('created_at', d.timestamp, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('news_attachments_by_post').on('news_attachments').columns(['post_id', 'id']).execute();
    await db.schema
      .createIndex('news_attachments_by_uploader')
      .on('news_attachments')
      .columns(['uploaded_by'])
      .execute();
  },
};
