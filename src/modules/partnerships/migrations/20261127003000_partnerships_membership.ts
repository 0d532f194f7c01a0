import type { Migration } from '../../../core/db/migrator.js';

export const migration: Migration = {
  async up(db, d) {
    await db.schema
      .createTable('partnership_organisations')
      .addColumn('partnership_id', 'integer', (c) => c.notNull().references('partnerships.id').onDelete('cascade'))
      .addColumn('organisation_id', 'integer', (c) => c.notNull())
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('joined_at', d.timestamp, (c) => c.notNull())
      .addPrimaryKeyConstraint('partnership_organisations_pk', ['partnership_id', 'organisation_id'])
      .execute();
    await db.schema
      .createTable('partnership_people')
      .addColumn('partnership_id', 'integer', (c) => c.notNull().references('partnerships.id').onDelete('cascade'))
      .addColumn('user_id', 'integer', (c) => c.notNull())
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('joined_at', d.timestamp, (c) => c.notNull())
      .addPrimaryKeyConstraint('partnership_people_pk', ['partnership_id', 'user_id'])
      .execute();
    await db.schema.createIndex('partnership_people_by_user').on('partnership_people').columns(['user_id']).execute();
    await d
      .id(db.schema.createTable('partnership_join_requests'))
      .addColumn('partnership_id', 'integer', (c) => c.notNull().references('partnerships.id').onDelete('cascade'))
      .addColumn('user_id', 'integer', (c) => c.notNull())
      .addColumn('message', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('created_at', d.timestamp, (c) => c.notNull())
      .addColumn('decided_by', 'integer')
      .addColumn('decided_at', d.timestamp)
      .execute();
    await db.schema
      .createIndex('partnership_join_requests_pending')
      .on('partnership_join_requests')
      .columns(['partnership_id', 'status', 'id'])
      .execute();
    await d
      .id(db.schema.createTable('partnership_invitations'))
      .addColumn('partnership_id', 'integer', (c) => c.notNull().references('partnerships.id').onDelete('cascade'))
      .addColumn('email', 'text', (c) => c.notNull())
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('token_hash', 'text', (c) => c.notNull().unique())
      .addColumn('invited_by', 'integer', (c) => c.notNull())
      .addColumn('created_at', d.timestamp, (c) => c.notNull())
      .addColumn('expires_at', d.timestamp, (c) => c.notNull())
      .addColumn('accepted_by', 'integer')
      .addColumn('accepted_at', d.timestamp)
      .execute();
    await d
      .id(db.schema.createTable('partnership_pages'))
      .addColumn('partnership_id', 'integer', (c) => c.notNull().references('partnerships.id').onDelete('cascade'))
      .addColumn('slug', 'text', (c) => c.notNull())
      .addColumn('lang', 'text', (c) => c.notNull())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('members_only', d.boolean, (c) => c.notNull())
      .addColumn('position', 'integer', (c) => c.notNull())
      .addColumn('updated_at', d.timestamp, (c) => c.notNull())
      .addUniqueConstraint('partnership_pages_slug', ['partnership_id', 'slug'])
      .execute();
    await d
      .id(db.schema.createTable('partnership_activity'))
      .addColumn('partnership_id', 'integer', (c) => c.notNull().references('partnerships.id').onDelete('cascade'))
      .addColumn('at', d.timestamp, (c) => c.notNull())
      .addColumn('actor_id', 'integer')
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('subject', 'text', (c) => c.notNull())
      .addColumn('path', 'text')
      .addColumn('members_only', d.boolean, (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('partnership_activity_recent')
      .on('partnership_activity')
      .columns(['partnership_id', 'id'])
      .execute();
  },
};
