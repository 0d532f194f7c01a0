import type { Migration } from '../../../core/db/migrator.js';

/**
 * The activity stream is read newest first by when things happened (`at`, ties by id), not by
 * when the lines were written: the index follows, and the one by id alone goes.
 */
export const migration: Migration = {
  async up(db) {
    await db.schema
      .createIndex('partnership_activity_by_time')
      .on('partnership_activity')
      .columns(['partnership_id', 'at', 'id'])
      .execute();
    await db.schema.dropIndex('partnership_activity_recent').execute();
  },
};
