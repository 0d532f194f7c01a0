import type { Migration } from '../../../core/db/migrator.js';

/**
 * A partnership's logo: the key of its file in the upload store, the media type found from its
 * bytes, its SHA-256 (the version in its address, and its ETag) and its size in pixels. All null
 * when it has none. Pages of a partnership are listed by `position`: an index for that order.
 */
export const migration: Migration = {
  async up(db) {
    await db.schema.alterTable('partnerships').addColumn('logo_key', 'text').execute();
    await db.schema.alterTable('partnerships').addColumn('logo_type', 'text').execute();
    await db.schema.alterTable('partnerships').addColumn('logo_sha256', 'text').execute();
    await db.schema.alterTable('partnerships').addColumn('logo_size', 'integer').execute();
    await db.schema.alterTable('partnerships').addColumn('logo_width', 'integer').execute();
    await db.schema.alterTable('partnerships').addColumn('logo_height', 'integer').execute();
    await db.schema
      .createIndex('partnership_pages_in_order')
      .on('partnership_pages')
      .columns(['partnership_id', 'position', 'id'])
      .execute();
  },
};
