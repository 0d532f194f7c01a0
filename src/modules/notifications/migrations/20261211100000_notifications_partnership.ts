import type { Migration } from '../../../core/db/migrator.js';

/**
 * A notification may say which partnership it concerns (a post of one, a request to join one):
 * digests group their lines by it. Null for what concerns no partnership; kept null when the
 * partnership goes.
 */
export const migration: Migration = {
  async up(db) {
    await db.schema
      .alterTable('notifications')
      .addColumn('partnership_id', 'integer', (c) => c.references('partnerships.id').onDelete('set null'))
      .execute();
  },
};
