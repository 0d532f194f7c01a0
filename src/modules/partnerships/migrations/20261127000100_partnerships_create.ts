import type { Migration } from '../../../core/db/migrator.js';

export const migration: Migration = {
  async up(db, d) {
    await d
      .id(db.schema.createTable('partnerships'))
      .addColumn('slug', 'text', (c) => c.notNull().unique())
      .addColumn('original_lang', 'text', (c) => c.notNull())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('summary', 'text', (c) => c.notNull())
      .addColumn('launched_year', 'integer', (c) => c.notNull())
      .addColumn('created_at', d.timestamp, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('partnerships_by_year').on('partnerships').columns(['launched_year', 'id']).execute();
    await db.schema
      .createTable('partnership_translations')
      .addColumn('partnership_id', 'integer', (c) => c.notNull().references('partnerships.id').onDelete('cascade'))
      .addColumn('lang', 'text', (c) => c.notNull())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('summary', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('partnership_translations_pk', ['partnership_id', 'lang'])
      .execute();
  },
};
