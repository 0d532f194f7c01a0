import { sql } from 'kysely';
import type { Migration } from '../../../core/db/migrator.js';

/**
 * Organisations a person proposes (`status` 'proposed' until an administrator approves or
 * refuses it; every existing one is approved), and affiliation claims: whether a person's
 * affiliation with an organisation is confirmed. Every affiliation that exists already is
 * confirmed (they were made before claims were checked; the demo's too).
 */
export const migration: Migration = {
  async up(db, d) {
    await db.schema
      .alterTable('organisations')
      .addColumn('status', 'text', (c) => c.notNull().defaultTo('approved'))
      .execute();
    await db.schema
      .alterTable('organisations')
      .addColumn('proposed_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
      .execute();
    await db.schema.alterTable('organisations').addColumn('reviewed_by', 'integer').execute();
    await db.schema.alterTable('organisations').addColumn('reviewed_at', d.timestamp).execute();
    // The administrators' review list, oldest first.
    await db.schema.createIndex('organisations_by_status').on('organisations').columns(['status', 'id']).execute();

    await db.schema
      .createTable('organisation_claims')
      .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('organisation_id', 'integer', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('created_at', d.timestamp, (c) => c.notNull())
      .addColumn('decided_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
      .addColumn('decided_at', d.timestamp)
      .addPrimaryKeyConstraint('organisation_claims_pk', ['user_id', 'organisation_id'])
      .execute();
    // An organisation's pending claims (the deciders' list) and its confirmed people (its page).
    await db.schema
      .createIndex('organisation_claims_by_organisation')
      .on('organisation_claims')
      .columns(['organisation_id', 'status', 'created_at'])
      .execute();

    // Affiliations stated before claims were checked are confirmed, as they were shown.
    await sql`insert into organisation_claims (user_id, organisation_id, status, created_at)
      select user_id, organisation_id, 'confirmed', ${d.now} from people_affiliations`.execute(db);
  },
};
