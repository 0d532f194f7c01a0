import type { Migration } from '../../../core/db/migrator.js';

export const migration: Migration = {
  async up(db, d) {
    await db.schema
      .createTable('people_profiles')
      // Removed with the account, should an account's row ever be deleted outright.
      .addColumn('user_id', 'integer', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
      .addColumn('bio', 'text', (c) => c.notNull())
      .addColumn('languages', d.json, (c) => c.notNull())
      .addColumn('updated_at', d.timestamp, (c) => c.notNull())
      .execute();
  },
};
