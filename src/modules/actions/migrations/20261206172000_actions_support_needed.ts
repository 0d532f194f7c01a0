import type { Migration } from '../../../core/db/migrator.js';

/**
 * What an action needs from others ("support needed": experts, data, a pilot city), as its leads
 * write it; shown on the action's page and in its JSON (later, a matchmaking request). Empty: none.
 */
export const migration: Migration = {
  async up(db) {
    await db.schema
      .alterTable('actions')
      .addColumn('support_needed', 'text', (c) => c.notNull().defaultTo(''))
      .execute();
  },
};
