import type { Migration } from '../../../core/db/migrator.js';

export const migration: Migration = {
  async up(db, d) {
    await d
      .id(db.schema.createTable('comments'))
      .addColumn('subject_type', 'text', (c) => c.notNull())
      .addColumn('subject_id', 'integer', (c) => c.notNull())
      .addColumn('parent_id', 'integer', (c) => c.references('comments.id'))
      .addColumn('root_id', 'integer', (c) => c.references('comments.id'))
      .addColumn('depth', 'integer', (c) => c.notNull())
      .addColumn('author_id', 'integer')
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('lang', 'text', (c) => c.notNull())
      .addColumn('created_at', d.timestamp, (c) => c.notNull())
      .addColumn('edited_at', d.timestamp)
      .addColumn('deleted_at', d.timestamp)
      .addColumn('hidden_at', d.timestamp)
      .addColumn('hidden_by', 'integer')
      .addColumn('hidden_reason', 'text')
      .addColumn('report_count', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
    // Top-level comments of one subject, a page at a time (keyset on id).
    await db.schema
      .createIndex('comments_top_level')
      .on('comments')
      .columns(['subject_type', 'subject_id', 'depth', 'id'])
      .execute();
    // Every reply under one top-level comment, in order.
    await db.schema.createIndex('comments_replies').on('comments').columns(['root_id', 'id']).execute();
    // A person's comments (export, erasure).
    await db.schema.createIndex('comments_by_author').on('comments').columns(['author_id']).execute();
    await db.schema
      .createTable('comment_reports')
      .addColumn('comment_id', 'integer', (c) => c.notNull().references('comments.id').onDelete('cascade'))
      .addColumn('reporter_id', 'integer', (c) => c.notNull())
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('created_at', d.timestamp, (c) => c.notNull())
      .addPrimaryKeyConstraint('comment_reports_pk', ['comment_id', 'reporter_id'])
      .execute();
    await db.schema.createIndex('comment_reports_by_reporter').on('comment_reports').columns(['reporter_id']).execute();
  },
};
