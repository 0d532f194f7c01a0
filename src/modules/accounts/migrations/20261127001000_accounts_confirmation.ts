import { sql } from 'kysely';
import type { Migration } from '../../../core/db/migrator.js';

/** E-mail confirmation, accepted terms and deletion of an account. */
export const migration: Migration = {
  async up(db, d) {
    await db.schema.alterTable('users').addColumn('email_confirmed_at', d.timestamp).execute();
    await db.schema.alterTable('users').addColumn('terms_version', 'text').execute();
    await db.schema.alterTable('users').addColumn('terms_accepted_at', d.timestamp).execute();
    await db.schema.alterTable('users').addColumn('deleted_at', d.timestamp).execute();
    // Accounts made before confirmation existed were made by a command or the demo: confirmed.
    await sql`update users set email_confirmed_at = created_at`.execute(db);
  },
};
