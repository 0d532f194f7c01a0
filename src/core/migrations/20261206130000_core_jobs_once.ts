import type { Migration } from '../db/migrator.js';

/**
 * Jobs that must be queued once (a reminder mail per meeting, change and person): a key of
 * the queuer's own making, unique while the job is kept, so queuing it again does nothing.
 */
export const migration: Migration = {
  async up(db) {
    await db.schema.alterTable('core_jobs').addColumn('once_key', 'text').execute();
    await db.schema.createIndex('core_jobs_once').on('core_jobs').column('once_key').unique().execute();
  },
};
