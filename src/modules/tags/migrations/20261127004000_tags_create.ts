import type { Migration } from '../../../core/db/migrator.js';

export const migration: Migration = {
  async up(db, d) {
    await d
      .id(db.schema.createTable('tags'))
      .addColumn('slug', 'text', (c) => c.notNull().unique())
      .addColumn('created_at', d.timestamp, (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('tag_labels')
      .addColumn('tag_id', 'integer', (c) => c.notNull().references('tags.id').onDelete('cascade'))
      .addColumn('lang', 'text', (c) => c.notNull())
      .addColumn('label', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('tag_labels_pk', ['tag_id', 'lang'])
      .execute();
    await db.schema.createIndex('tag_labels_by_label').on('tag_labels').columns(['lang', 'label']).execute();
    await d
      .id(db.schema.createTable('taggings'))
      .addColumn('tag_id', 'integer', (c) => c.notNull().references('tags.id').onDelete('cascade'))
      .addColumn('subject_type', 'text', (c) => c.notNull())
      .addColumn('subject_id', 'integer', (c) => c.notNull())
      .addColumn('partnership_id', 'integer')
      .addColumn('published_at', d.timestamp, (c) => c.notNull())
      .addColumn('is_public', d.boolean, (c) => c.notNull())
      .addColumn('position', 'integer', (c) => c.notNull())
      .addUniqueConstraint('taggings_subject_tag', ['subject_type', 'subject_id', 'tag_id'])
      .execute();
    // The tag page: newest first, by keyset.
    await db.schema
      .createIndex('taggings_by_tag')
      .on('taggings')
      .columns(['tag_id', 'is_public', 'published_at', 'id'])
      .execute();
  },
};
