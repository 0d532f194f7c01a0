import type { Migration } from '../../../core/db/migrator.js';

/**
 * Playbooks: an ordered selection of published lessons with an introduction and steps, for a
 * target; their translations; their chapters (lessons, kept by id: the lessons module names them
 * and says who may see them when read); and the white-label exports people ask for.
 */
export const migration: Migration = {
  async up(db, d) {
    await d
      .id(db.schema.createTable('playbooks'))
      .addColumn('slug', 'text', (c) => c.notNull().unique())
      .addColumn('partnership_id', 'integer', (c) => c.notNull().references('partnerships.id').onDelete('cascade'))
      .addColumn('author_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('original_lang', 'text', (c) => c.notNull())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('target', 'text', (c) => c.notNull())
      .addColumn('introduction', 'text', (c) => c.notNull())
      .addColumn('steps', 'text', (c) => c.notNull())
      .addColumn('created_at', d.timestamp, (c) => c.notNull())
      .addColumn('updated_at', d.timestamp, (c) => c.notNull())
      .addColumn('published_at', d.timestamp)
      .addColumn('sort_at', d.timestamp, (c) => c.notNull())
      .execute();
    // The list, newest first, by keyset; a partnership's playbooks.
    await db.schema.createIndex('playbooks_by_time').on('playbooks').columns(['sort_at', 'id']).execute();
    await db.schema
      .createIndex('playbooks_by_partnership')
      .on('playbooks')
      .columns(['partnership_id', 'sort_at', 'id'])
      .execute();
    await db.schema.createIndex('playbooks_by_author').on('playbooks').column('author_id').execute();

    await db.schema
      .createTable('playbook_translations')
      .addColumn('playbook_id', 'integer', (c) => c.notNull().references('playbooks.id').onDelete('cascade'))
      .addColumn('lang', 'text', (c) => c.notNull())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('target', 'text', (c) => c.notNull())
      .addColumn('introduction', 'text', (c) => c.notNull())
      .addColumn('steps', 'text', (c) => c.notNull())
      .addColumn('translator_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
      .addColumn('updated_at', d.timestamp, (c) => c.notNull())
      .addPrimaryKeyConstraint('playbook_translations_pk', ['playbook_id', 'lang'])
      .execute();

    await db.schema
      .createTable('playbook_lessons')
      .addColumn('playbook_id', 'integer', (c) => c.notNull().references('playbooks.id').onDelete('cascade'))
      .addColumn('lesson_id', 'integer', (c) => c.notNull().references('lessons.id').onDelete('cascade'))
      .addColumn('position', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('playbook_lessons_pk', ['playbook_id', 'lesson_id'])
      .execute();
    // Which playbooks a lesson is in.
    await db.schema.createIndex('playbook_lessons_by_lesson').on('playbook_lessons').column('lesson_id').execute();

    await d
      .id(db.schema.createTable('playbook_exports'))
      .addColumn('playbook_id', 'integer', (c) => c.notNull().references('playbooks.id').onDelete('cascade'))
      .addColumn('requester_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('lang', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('primary_colour', 'text', (c) => c.notNull())
      .addColumn('on_primary_colour', 'text', (c) => c.notNull())
      .addColumn('accent_colour', 'text', (c) => c.notNull())
      .addColumn('logo_key', 'text')
      .addColumn('logo_type', 'text')
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('progress', 'integer', (c) => c.notNull())
      .addColumn('failure', 'text')
      .addColumn('site_key', 'text')
      .addColumn('site_size', 'integer')
      .addColumn('site_sha256', 'text')
      .addColumn('pdf_key', 'text')
      .addColumn('pdf_size', 'integer')
      .addColumn('pdf_sha256', 'text')
      .addColumn('created_at', d.timestamp, (c) => c.notNull())
      .addColumn('updated_at', d.timestamp, (c) => c.notNull())
      .addColumn('expires_at', d.timestamp, (c) => c.notNull())
      .execute();
    // A person's exports of a playbook, newest first; their exports of the last hour (the limit); what has expired.
    await db.schema
      .createIndex('playbook_exports_by_requester')
      .on('playbook_exports')
      .columns(['requester_id', 'playbook_id', 'created_at'])
      .execute();
    await db.schema
      .createIndex('playbook_exports_by_time')
      .on('playbook_exports')
      .columns(['requester_id', 'created_at'])
      .execute();
    await db.schema.createIndex('playbook_exports_by_expiry').on('playbook_exports').column('expires_at').execute();
  },
};
