import type { Migration } from '../../../core/db/migrator.js';

export const migration: Migration = {
  async up(db, d) {
    await d
      .id(db.schema.createTable('organisations'))
      .addColumn('slug', 'text', (c) => c.notNull().unique())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('sort_key', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('country', 'text')
      .addColumn('website', 'text')
      .addColumn('size_band', 'text')
      .addColumn('created_at', d.timestamp, (c) => c.notNull())
      .addColumn('updated_at', d.timestamp, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('organisations_by_name').on('organisations').columns(['sort_key', 'id']).execute();
    await db.schema
      .createIndex('organisations_by_kind')
      .on('organisations')
      .columns(['kind', 'sort_key', 'id'])
      .execute();
    await db.schema
      .createIndex('organisations_by_country')
      .on('organisations')
      .columns(['country', 'sort_key', 'id'])
      .execute();
  },
};
