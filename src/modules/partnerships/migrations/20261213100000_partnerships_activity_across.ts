import type { Migration } from '../../../core/db/migrator.js';

/**
 * The activity stream read across partnerships (the home page, `/activity`: newest first by `at`,
 * ties by id) and by who acted (a person's profile): an index for each, so that a page of either
 * walks the index from its newest line instead of sorting the table.
 */
export const migration: Migration = {
  async up(db) {
    await db.schema
      .createIndex('partnership_activity_across')
      .on('partnership_activity')
      .columns(['at', 'id'])
      .execute();
    await db.schema
      .createIndex('partnership_activity_by_actor')
      .on('partnership_activity')
      .columns(['actor_id', 'at', 'id'])
      .execute();
  },
};
