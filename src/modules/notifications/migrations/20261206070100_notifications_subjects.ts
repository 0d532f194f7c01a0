import type { Migration } from '../../../core/db/migrator.js';

/**
 * A notification about content refers to it (type and id), so that it is named only while its
 * reader may see that content (news fills these in for notifications about posts,
 * `20261206070200_news_references`).
 */
export const migration: Migration = {
  async up(db) {
    await db.schema.alterTable('notifications').addColumn('subject_type', 'text').execute();
    await db.schema.alterTable('notifications').addColumn('subject_id', 'integer').execute();
  },
};
