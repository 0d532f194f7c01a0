import type { Migration } from '../../../core/db/migrator.js';

/**
 * Files given as a deliverable's evidence (`action_files`: kept in the core's upload store by a
 * random key, with the name as uploaded, the sniffed media type, size and SHA-256, and who
 * uploaded it), and the deliverable's `evidence_file_id` naming one of its action's files. A
 * deliverable's evidence is then a link, a news post or a file: one of them.
 */
export const migration: Migration = {
  async up(db, d) {
    await d
      .id(db.schema.createTable('action_files'))
      .addColumn('action_id', 'integer', (c) => c.notNull().references('actions.id').onDelete('cascade'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('storage_key', 'text', (c) => c.notNull().unique())
      .addColumn('media_type', 'text', (c) => c.notNull())
      .addColumn('size', 'bigint', (c) => c.notNull())
      .addColumn('sha256', 'text', (c) => c.notNull())
      .addColumn('uploaded_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
      .addColumn('created_at', d.timestamp, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('action_files_by_action').on('action_files').columns(['action_id', 'id']).execute();
    await db.schema
      .alterTable('action_deliverables')
      .addColumn('evidence_file_id', 'integer', (c) => c.references('action_files.id').onDelete('set null'))
      .execute();
  },
};
