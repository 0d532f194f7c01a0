import type { Migration } from '../../../core/db/migrator.js';

/**
 * Lessons: what a partnership's members learnt, reviewed by its coordinators before it is public;
 * their translations, and the actions, deliverables and meetings they came from (kept as a type
 * and an id: the owning module names them, and says who may see them, when they are read).
 */
export const migration: Migration = {
  async up(db, d) {
    await d
      .id(db.schema.createTable('lessons'))
      .addColumn('slug', 'text', (c) => c.notNull().unique())
      .addColumn('partnership_id', 'integer', (c) => c.notNull().references('partnerships.id').onDelete('cascade'))
      .addColumn('organisation_id', 'integer', (c) => c.notNull().references('organisations.id'))
      .addColumn('author_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('review_note', 'text')
      .addColumn('original_lang', 'text', (c) => c.notNull())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('tried', 'text', (c) => c.notNull())
      .addColumn('worked', 'text', (c) => c.notNull())
      .addColumn('not_worked', 'text', (c) => c.notNull())
      .addColumn('replicate', 'text', (c) => c.notNull())
      .addColumn('budget_band', 'text')
      .addColumn('staff', 'integer')
      .addColumn('duration_months', 'integer')
      .addColumn('effort', 'text', (c) => c.notNull())
      .addColumn('created_at', d.timestamp, (c) => c.notNull())
      .addColumn('updated_at', d.timestamp, (c) => c.notNull())
      .addColumn('published_at', d.timestamp)
      .addColumn('sort_at', d.timestamp, (c) => c.notNull())
      .execute();
    // The list, newest first, by keyset; a partnership's lessons (the hub tab); an organisation's.
    await db.schema.createIndex('lessons_by_time').on('lessons').columns(['sort_at', 'id']).execute();
    await db.schema
      .createIndex('lessons_by_partnership')
      .on('lessons')
      .columns(['partnership_id', 'sort_at', 'id'])
      .execute();
    await db.schema
      .createIndex('lessons_by_organisation')
      .on('lessons')
      .columns(['organisation_id', 'state'])
      .execute();
    await db.schema.createIndex('lessons_by_author').on('lessons').column('author_id').execute();

    await db.schema
      .createTable('lesson_translations')
      .addColumn('lesson_id', 'integer', (c) => c.notNull().references('lessons.id').onDelete('cascade'))
      .addColumn('lang', 'text', (c) => c.notNull())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('tried', 'text', (c) => c.notNull())
      .addColumn('worked', 'text', (c) => c.notNull())
      .addColumn('not_worked', 'text', (c) => c.notNull())
      .addColumn('replicate', 'text', (c) => c.notNull())
      .addColumn('translator_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
      .addColumn('updated_at', d.timestamp, (c) => c.notNull())
      .addPrimaryKeyConstraint('lesson_translations_pk', ['lesson_id', 'lang'])
      .execute();

    await db.schema
      .createTable('lesson_sources')
      .addColumn('lesson_id', 'integer', (c) => c.notNull().references('lessons.id').onDelete('cascade'))
      .addColumn('source_type', 'text', (c) => c.notNull())
      .addColumn('source_id', 'integer', (c) => c.notNull())
      .addColumn('position', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('lesson_sources_pk', ['lesson_id', 'source_type', 'source_id'])
      .execute();
  },
};
