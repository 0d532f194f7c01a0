import type { Migration } from '../db/migrator.js';

export const migration: Migration = {
  async up(db, d) {
    await d
      .id(db.schema.createTable('core_audit_log'))
      .addColumn('at', d.timestamp, (c) => c.notNull())
      .addColumn('actor_id', 'integer')
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('partnership_id', 'integer')
      .addColumn('subject_type', 'text', (c) => c.notNull())
      .addColumn('subject_id', 'text', (c) => c.notNull())
      .addColumn('details', d.json, (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('core_audit_by_partnership')
      .on('core_audit_log')
      .columns(['partnership_id', 'id'])
      .execute();
  },
};
