import type { Migration } from '../../../core/db/migrator.js';

/**
 * What a meeting's file is to its readers: the agenda, slides, or another document (`kind`,
 * one of `ATTACHMENT_KINDS` in meetings.schema.ts). Rows from before it are `other`.
 */
export const migration: Migration = {
  async up(db) {
    await db.schema
      .alterTable('meeting_attachments')
      .addColumn('kind', 'text', (c) => c.notNull().defaultTo('other'))
      .execute();
  },
};
