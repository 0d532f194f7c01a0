import type { Migration } from '../../../core/db/migrator.js';

export const migration: Migration = {
  async up(db, d) {
    await d
      .id(db.schema.createTable('users'))
      .addColumn('handle', 'text', (c) => c.notNull().unique())
      .addColumn('email', 'text', (c) => c.notNull().unique())
      .addColumn('display_name', 'text', (c) => c.notNull())
      .addColumn('password_hash', 'text')
      .addColumn('is_admin', d.boolean, (c) => c.notNull().defaultTo(d.name === 'sqlite' ? 0 : false))
      .addColumn('locale', 'text')
      .addColumn('created_at', d.timestamp, (c) => c.notNull())
      .execute();
  },
};
