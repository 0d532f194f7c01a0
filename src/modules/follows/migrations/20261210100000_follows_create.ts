import type { Migration } from '../../../core/db/migrator.js';

/**
 * What people follow (`follows`): a partnership, a tag, an action, a meeting, an opportunity or a
 * person, by its type and id, once per person. By person (the page of what one follows, in the order
 * of type and id: the unique index), and by thing (who follows it: the fan-out, in order of person).
 */
export const migration: Migration = {
  async up(db, d) {
    await d
      .id(db.schema.createTable('follows'))
      .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
      // partnership | tag | action | meeting | opportunity | person
      .addColumn('target_type', 'text', (c) => c.notNull())
      .addColumn('target_id', 'integer', (c) => c.notNull())
      .addColumn('created_at', d.timestamp, (c) => c.notNull())
      .addUniqueConstraint('follows_once', ['user_id', 'target_type', 'target_id'])
      .execute();
    await db.schema
      .createIndex('follows_by_target')
      .on('follows')
      .columns(['target_type', 'target_id', 'user_id'])
      .execute();
  },
};
