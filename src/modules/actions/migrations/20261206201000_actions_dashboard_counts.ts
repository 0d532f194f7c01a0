import type { Kysely } from 'kysely';
import type { Migration } from '../../../core/db/migrator.js';
import type { Database } from '../../../core/db/types.js';
import { recountDashboard } from '../actions.dashboard.counts.js';

/**
 * The platform dashboard's counters (`action_counts`, see actions.dashboard.counts.ts), filled
 * from the plans stored so far; an index to list the actions not updated for a while by status.
 */
export const migration: Migration = {
  async up(db, d) {
    await db.schema
      .createTable('action_counts')
      .addColumn('scope', 'integer', (c) => c.notNull())
      .addColumn('members_only', d.boolean, (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('key', 'text', (c) => c.notNull())
      .addColumn('n', 'integer', (c) => c.notNull())
      .addColumn('progress', 'integer', (c) => c.notNull().defaultTo(0))
      .addPrimaryKeyConstraint('action_counts_pk', ['scope', 'members_only', 'kind', 'key'])
      .execute();
    // The chart by partnership: a kind's rows of every partnership.
    await db.schema
      .createIndex('action_counts_by_kind')
      .on('action_counts')
      .columns(['kind', 'members_only', 'scope'])
      .execute();
    // The actions not updated for a while, listed oldest first within each status.
    await db.schema.createIndex('actions_by_status_update').on('actions').columns(['status', 'updated_at']).execute();
    await recountDashboard(db as unknown as Kysely<Database>);
  },
};
