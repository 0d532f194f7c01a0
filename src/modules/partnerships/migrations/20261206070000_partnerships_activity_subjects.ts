import type { Migration } from '../../../core/db/migrator.js';

/**
 * Lines of the activity stream about content refer to it (type and id) instead of keeping its
 * title and link (the content's module fills those in from these references: news does for
 * its lines, `20261206070200_news_references`).
 */
export const migration: Migration = {
  async up(db) {
    await db.schema.alterTable('partnership_activity').addColumn('subject_type', 'text').execute();
    await db.schema.alterTable('partnership_activity').addColumn('subject_id', 'integer').execute();
    await db.schema
      .createIndex('partnership_activity_by_subject')
      .on('partnership_activity')
      .columns(['subject_type', 'subject_id'])
      .execute();
  },
};
