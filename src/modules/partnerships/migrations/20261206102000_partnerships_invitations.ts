import type { Migration } from '../../../core/db/migrator.js';

/**
 * Invitations carry the inviter's personal message (shown in the mail and on the invitation's
 * page) and can be revoked (`revoked_at`, `revoked_by`): a revoked link says it is no longer
 * valid. The coordinators' page lists a partnership's pending invitations (by partnership).
 */
export const migration: Migration = {
  async up(db, d) {
    await db.schema
      .alterTable('partnership_invitations')
      .addColumn('message', 'text', (c) => c.notNull().defaultTo(''))
      .execute();
    await db.schema.alterTable('partnership_invitations').addColumn('revoked_at', d.timestamp).execute();
    await db.schema.alterTable('partnership_invitations').addColumn('revoked_by', 'integer').execute();
    await db.schema
      .createIndex('partnership_invitations_by_partnership')
      .on('partnership_invitations')
      .columns(['partnership_id', 'id'])
      .execute();
  },
};
