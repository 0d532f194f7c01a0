import { sql } from 'kysely';
import type { Migration } from '../db/migrator.js';

/**
 * When a session's person last gave their password (at sign-in, or again for a sensitive
 * setting): sensitive settings ask again once it is older than 30 minutes. Existing sessions
 * count from their sign-in.
 */
export const migration: Migration = {
  async up(db, d) {
    await db.schema.alterTable('core_sessions').addColumn('authenticated_at', d.timestamp).execute();
    await sql`update core_sessions set authenticated_at = created_at`.execute(db);
  },
};
