import { sql } from 'kysely';
import type { Migration } from '../../../core/db/migrator.js';

/**
 * Whether a report counts towards hiding a comment automatically: only reports by accounts of
 * standing do (see the README, "Reports and automatic hiding"). Every report still reaches the
 * moderation queue. Reports made before were counted, and stay so.
 */
export const migration: Migration = {
  async up(db, d) {
    await db.schema
      .alterTable('comment_reports')
      .addColumn('counts', d.boolean, (c) => c.notNull().defaultTo(d.name === 'sqlite' ? sql`1` : sql`true`))
      .execute();
  },
};
