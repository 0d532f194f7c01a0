import type { Migration } from '../../../core/db/migrator.js';

export const migration: Migration = {
  async up(db) {
    await db.schema
      .createTable('people_affiliations')
      .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('organisation_id', 'integer', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
      .addColumn('role_title', 'text')
      .addColumn('position', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('people_affiliations_pk', ['user_id', 'organisation_id'])
      .execute();
    // For an organisation's people (its page, partnership demo data).
    await db.schema
      .createIndex('people_affiliations_by_organisation')
      .on('people_affiliations')
      .columns(['organisation_id', 'user_id'])
      .execute();
  },
};
