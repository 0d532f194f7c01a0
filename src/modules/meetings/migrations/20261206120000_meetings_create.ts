import type { Migration } from '../../../core/db/migrator.js';

/**
 * Meetings of a partnership and everything kept about them: the agenda (items with sub-items and
 * speakers), participating organisations and people, registrations (with the waiting list and
 * attendance), decisions (with a reference the action plan can plug into), related news posts
 * and attachments. Instants are UTC (ISO text on SQLite, timestamptz on PostgreSQL); the
 * meeting's own time zone (IANA) is kept to show them as the participants lived them.
 */
export const migration: Migration = {
  async up(db, d) {
    await d
      .id(db.schema.createTable('meetings'))
      .addColumn('partnership_id', 'integer', (c) => c.notNull().references('partnerships.id').onDelete('cascade'))
      // In series per partnership: the 11th, the 12th.
      .addColumn('number', 'integer', (c) => c.notNull())
      .addColumn('original_lang', 'text', (c) => c.notNull())
      .addColumn('title', 'text', (c) => c.notNull())
      // Markdown.
      .addColumn('description', 'text', (c) => c.notNull())
      .addColumn('starts_at', d.timestamp, (c) => c.notNull())
      .addColumn('ends_at', d.timestamp, (c) => c.notNull())
      .addColumn('time_zone', 'text', (c) => c.notNull())
      .addColumn('venue', 'text', (c) => c.notNull())
      .addColumn('address', 'text', (c) => c.notNull())
      .addColumn('city', 'text', (c) => c.notNull())
      // ISO 3166-1 alpha-2, or empty.
      .addColumn('country', 'text', (c) => c.notNull())
      .addColumn('online_url', 'text')
      .addColumn('host_organisation_id', 'integer', (c) => c.references('organisations.id').onDelete('set null'))
      .addColumn('members_only', d.boolean, (c) => c.notNull())
      // scheduled | cancelled
      .addColumn('status', 'text', (c) => c.notNull())
      // iCalendar SEQUENCE: bumped whenever the time, the place or the status changes.
      .addColumn('sequence', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('registration_open', d.boolean, (c) => c.notNull())
      // Null: no limit.
      .addColumn('capacity', 'integer')
      .addColumn('registration_deadline', d.timestamp)
      // After the meeting (Markdown, empty until written).
      .addColumn('minutes', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('outcomes', 'text', (c) => c.notNull().defaultTo(''))
      // How many took part, when it was counted outside the platform (older meetings); null: count attendance.
      .addColumn('attendance_reported', 'integer')
      .addColumn('created_by', 'integer')
      .addColumn('created_at', d.timestamp, (c) => c.notNull())
      .addColumn('updated_at', d.timestamp, (c) => c.notNull())
      .addUniqueConstraint('meetings_number', ['partnership_id', 'number'])
      .execute();
    // A partnership's meetings by time (upcoming from now, past before it), and every partnership's.
    await db.schema
      .createIndex('meetings_by_partnership_time')
      .on('meetings')
      .columns(['partnership_id', 'starts_at', 'id'])
      .execute();
    await db.schema.createIndex('meetings_by_time').on('meetings').columns(['starts_at', 'id']).execute();
    await db.schema.createIndex('meetings_by_host').on('meetings').columns(['host_organisation_id']).execute();

    await d
      .id(db.schema.createTable('meeting_agenda_items'))
      .addColumn('meeting_id', 'integer', (c) => c.notNull().references('meetings.id').onDelete('cascade'))
      // Null for a top-level item; a sub-item names its item.
      .addColumn('parent_id', 'integer', (c) => c.references('meeting_agenda_items.id').onDelete('cascade'))
      // Order among its siblings, from 1.
      .addColumn('position', 'integer', (c) => c.notNull())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('description', 'text', (c) => c.notNull())
      .addColumn('starts_at', d.timestamp)
      .addColumn('ends_at', d.timestamp)
      .execute();
    await db.schema
      .createIndex('meeting_agenda_items_by_meeting')
      .on('meeting_agenda_items')
      .columns(['meeting_id', 'parent_id', 'position'])
      .execute();

    await d
      .id(db.schema.createTable('meeting_agenda_speakers'))
      .addColumn('item_id', 'integer', (c) => c.notNull().references('meeting_agenda_items.id').onDelete('cascade'))
      .addColumn('position', 'integer', (c) => c.notNull())
      // A person, or an organisation (one of the two).
      .addColumn('user_id', 'integer', (c) => c.references('users.id').onDelete('cascade'))
      .addColumn('organisation_id', 'integer', (c) => c.references('organisations.id').onDelete('cascade'))
      .execute();
    await db.schema
      .createIndex('meeting_agenda_speakers_by_item')
      .on('meeting_agenda_speakers')
      .columns(['item_id', 'position'])
      .execute();
    await db.schema
      .createIndex('meeting_agenda_speakers_by_user')
      .on('meeting_agenda_speakers')
      .columns(['user_id'])
      .execute();

    await db.schema
      .createTable('meeting_organisations')
      .addColumn('meeting_id', 'integer', (c) => c.notNull().references('meetings.id').onDelete('cascade'))
      .addColumn('organisation_id', 'integer', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
      .addColumn('position', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('meeting_organisations_pk', ['meeting_id', 'organisation_id'])
      .execute();
    await db.schema
      .createIndex('meeting_organisations_by_organisation')
      .on('meeting_organisations')
      .columns(['organisation_id'])
      .execute();

    await db.schema
      .createTable('meeting_people')
      .addColumn('meeting_id', 'integer', (c) => c.notNull().references('meetings.id').onDelete('cascade'))
      .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('position', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('meeting_people_pk', ['meeting_id', 'user_id'])
      .execute();
    await db.schema.createIndex('meeting_people_by_user').on('meeting_people').columns(['user_id']).execute();

    await d
      .id(db.schema.createTable('meeting_registrations'))
      .addColumn('meeting_id', 'integer', (c) => c.notNull().references('meetings.id').onDelete('cascade'))
      .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
      // registered | waiting | cancelled
      .addColumn('status', 'text', (c) => c.notNull())
      // Null until a coordinator marks it.
      .addColumn('attended', d.boolean)
      .addColumn('created_at', d.timestamp, (c) => c.notNull())
      // When the current status began: the waiting list moves up in this order.
      .addColumn('status_at', d.timestamp, (c) => c.notNull())
      .addUniqueConstraint('meeting_registrations_once', ['meeting_id', 'user_id'])
      .execute();
    await db.schema
      .createIndex('meeting_registrations_by_status')
      .on('meeting_registrations')
      .columns(['meeting_id', 'status', 'status_at', 'id'])
      .execute();
    await db.schema
      .createIndex('meeting_registrations_by_user')
      .on('meeting_registrations')
      .columns(['user_id', 'meeting_id'])
      .execute();

    await d
      .id(db.schema.createTable('meeting_decisions'))
      .addColumn('meeting_id', 'integer', (c) => c.notNull().references('meetings.id').onDelete('cascade'))
      .addColumn('position', 'integer', (c) => c.notNull())
      .addColumn('text', 'text', (c) => c.notNull())
      // What the action plan knows the linked action by (e.g. its id or slug); null: none, or no such module.
      .addColumn('action_ref', 'text')
      .addColumn('created_at', d.timestamp, (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('meeting_decisions_by_meeting')
      .on('meeting_decisions')
      .columns(['meeting_id', 'position'])
      .execute();

    // A news post that reports on a meeting.
    await db.schema
      .createTable('meeting_posts')
      .addColumn('meeting_id', 'integer', (c) => c.notNull().references('meetings.id').onDelete('cascade'))
      .addColumn('post_id', 'integer', (c) => c.notNull().references('news_posts.id').onDelete('cascade'))
      .addPrimaryKeyConstraint('meeting_posts_pk', ['meeting_id', 'post_id'])
      .execute();
    await db.schema.createIndex('meeting_posts_by_post').on('meeting_posts').columns(['post_id']).execute();

    await d
      .id(db.schema.createTable('meeting_attachments'))
      .addColumn('meeting_id', 'integer', (c) => c.notNull().references('meetings.id').onDelete('cascade'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('storage_key', 'text', (c) => c.notNull().unique())
      .addColumn('media_type', 'text', (c) => c.notNull())
      .addColumn('size', 'bigint', (c) => c.notNull())
      .addColumn('sha256', 'text', (c) => c.notNull())
      .addColumn('uploaded_by', 'integer')
      .addColumn('description', 'text', (c) => c.notNull())
      .addColumn('created_at', d.timestamp, (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('meeting_attachments_by_meeting')
      .on('meeting_attachments')
      .columns(['meeting_id', 'id'])
      .execute();
  },
};
