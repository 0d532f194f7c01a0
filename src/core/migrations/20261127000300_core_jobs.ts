import type { Migration } from '../db/migrator.js';

export const migration: Migration = {
  async up(db, d) {
    await d
      .id(db.schema.createTable('core_jobs'))
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('payload', d.json, (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('run_at', d.timestamp, (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('last_error', 'text')
      .addColumn('created_at', d.timestamp, (c) => c.notNull())
      .addColumn('finished_at', d.timestamp)
      .execute();
    await db.schema.createIndex('core_jobs_due').on('core_jobs').columns(['status', 'run_at']).execute();
  },
};
