import { sql } from 'kysely';
import type { Migration } from '../../../core/db/migrator.js';

/**
 * Mail by each person's choice: when a note went out by mail (at once or in a digest), so that it
 * never goes twice; and each person's choice of delivery per kind (only what differs from the
 * kind's default is kept). Notes from before are taken as mailed: a first digest does not bring
 * up the past.
 */
export const migration: Migration = {
  async up(db, d) {
    await db.schema.alterTable('notifications').addColumn('mailed_at', d.timestamp).execute();
    await sql`update notifications set mailed_at = created_at`.execute(db);
    // What digests look for: a person's notes not mailed yet, by person (keyset) and id.
    await db.schema
      .createIndex('notifications_unmailed')
      .on('notifications')
      .columns(['user_id', 'id'])
      .where(sql<boolean>`mailed_at is null`)
      .execute();
    await db.schema
      .createTable('notification_settings')
      .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('delivery', 'text', (c) => c.notNull())
      .addColumn('updated_at', d.timestamp, (c) => c.notNull())
      .addPrimaryKeyConstraint('notification_settings_pk', ['user_id', 'kind'])
      .execute();
  },
};
