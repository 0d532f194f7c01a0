import type { Migration } from '../../../core/db/migrator.js';

/**
 * Matchmaking: support requests of organisations (`support_requests`), the peers each contacted
 * (`support_contacts`, once per peer) and the expertise offered (`support_offers`). Tags are the
 * tags module's taggings (`support-request`, `support-offer`); conversations are comments.
 */
export const migration: Migration = {
  async up(db, d) {
    await d
      .id(db.schema.createTable('support_requests'))
      .addColumn('organisation_id', 'integer', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('needed', 'text', (c) => c.notNull())
      .addColumn('action_id', 'integer', (c) => c.references('actions.id').onDelete('set null'))
      // open | matched | closed
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('matched_organisation_id', 'integer', (c) => c.references('organisations.id').onDelete('set null'))
      .addColumn('created_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
      .addColumn('lang', 'text', (c) => c.notNull())
      .addColumn('created_at', d.timestamp, (c) => c.notNull())
      .addColumn('updated_at', d.timestamp, (c) => c.notNull())
      .execute();
    // The list: open ones newest first (and every state, for those who see them all).
    await db.schema.createIndex('support_requests_by_state').on('support_requests').columns(['state', 'id']).execute();
    await db.schema
      .createIndex('support_requests_by_organisation')
      .on('support_requests')
      .columns(['organisation_id', 'id'])
      .execute();
    await db.schema.createIndex('support_requests_by_action').on('support_requests').column('action_id').execute();

    await db.schema
      .createTable('support_contacts')
      .addColumn('request_id', 'integer', (c) => c.notNull().references('support_requests.id').onDelete('cascade'))
      .addColumn('organisation_id', 'integer', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
      .addColumn('contacted_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
      .addColumn('contacted_at', d.timestamp, (c) => c.notNull())
      .addPrimaryKeyConstraint('support_contacts_pk', ['request_id', 'organisation_id'])
      .execute();
    // The requests a peer was contacted about (who may see them).
    await db.schema
      .createIndex('support_contacts_by_organisation')
      .on('support_contacts')
      .columns(['organisation_id', 'request_id'])
      .execute();

    await d
      .id(db.schema.createTable('support_offers'))
      .addColumn('organisation_id', 'integer', (c) => c.references('organisations.id').onDelete('cascade'))
      .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('description', 'text', (c) => c.notNull())
      .addColumn('lang', 'text', (c) => c.notNull())
      .addColumn('created_at', d.timestamp, (c) => c.notNull())
      .addColumn('updated_at', d.timestamp, (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('support_offers_by_organisation')
      .on('support_offers')
      .columns(['organisation_id', 'id'])
      .execute();
    await db.schema.createIndex('support_offers_by_user').on('support_offers').column('user_id').execute();
  },
};
