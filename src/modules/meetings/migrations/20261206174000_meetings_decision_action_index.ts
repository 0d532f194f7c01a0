import type { Migration } from '../../../core/db/migrator.js';

/**
 * The decisions naming an action are found by `action_ref` on every action's page
 * (`decisionsNamingAction`); without an index that read scans every decision of the platform.
 */
export const migration: Migration = {
  async up(db) {
    await db.schema.createIndex('meeting_decisions_action_ref').on('meeting_decisions').column('action_ref').execute();
  },
};
