import type { Migration } from '../../../core/db/migrator.js';

/**
 * A person's own time zone (IANA, `Europe/Tallinn`): meetings show "your time" in it beside their
 * own. Null: the platform's (`URBIS_TIME_ZONE`), as for visitors.
 */
export const migration: Migration = {
  async up(db) {
    await db.schema.alterTable('users').addColumn('time_zone', 'text').execute();
  },
};
