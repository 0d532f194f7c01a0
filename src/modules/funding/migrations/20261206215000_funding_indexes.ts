import type { Migration } from '../../../core/db/migrator.js';

/**
 * Indexes for the register's reads on a large register (measured on 50,000 items,
 * `urbis seed --synthetic --opportunities 50000`; bench/README.md "Funding"):
 *
 * - `funding_opportunities_by_status`: the status rule (`statusFilter`) and the visibility rule
 *   (`state`, and a signed-in reader's own suggestions: `suggested_by`) read these columns of
 *   every item; with all of them in one index the register's list and count, and the matching's
 *   candidates, read the index instead of every item's row (bodies and all).
 * - `funding_deadlines_by_item`: an item's next deadline (the register's sort by deadline) and
 *   "a deadline within the closing-soon days" are one seek in it. Without it PostgreSQL found an
 *   item's next deadline by walking every deadline still to come (`funding_deadlines_by_time`):
 *   the closed items sorted by deadline took 45 s, the default list 4 s.
 */
export const migration: Migration = {
  async up(db) {
    await db.schema
      .createIndex('funding_opportunities_by_status')
      .on('funding_opportunities')
      .columns(['state', 'closes_at', 'opens_at', 'suggested_by'])
      .execute();
    await db.schema
      .createIndex('funding_deadlines_by_item')
      .on('funding_deadlines')
      .columns(['opportunity_id', 'at'])
      .execute();
  },
};
