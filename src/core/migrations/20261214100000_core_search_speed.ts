import { sql } from 'kysely';
import type { Migration } from '../db/migrator.js';
import { createSqliteTriggers, metaWords } from '../search/search-index.js';

/**
 * Search at a million items (issue 17, "Speed"): each document's facet values as words (`meta`), which
 * SQLite's FTS5 table now indexes too, so that a filter narrows inside the match; and the stage a
 * rebuild gathers documents in (`search_rebuild`) before they replace the index at once, numbered by
 * date. The FTS5 table is made anew with the fourth column and filled from the documents.
 */
export const migration: Migration = {
  async up(db, dialect) {
    await db.schema
      .alterTable('search_documents')
      .addColumn('meta', 'text', (c) => c.notNull().defaultTo(''))
      .execute();
    await db.schema
      .createTable('search_rebuild')
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('item_id', 'integer', (c) => c.notNull())
      .addColumn('lang', 'text', (c) => c.notNull())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('tags', 'text', (c) => c.notNull())
      .addColumn('partnership_id', 'integer')
      .addColumn('year', 'integer')
      .addColumn('date', 'text')
      .addColumn('path', 'text', (c) => c.notNull())
      .addColumn('meta', 'text', (c) => c.notNull())
      .execute();
    // The documents there are: their meta words.
    let after = 0;
    for (;;) {
      const rows = await db
        .selectFrom('search_documents')
        .select(['id', 'type', 'lang', 'partnership_id', 'year', 'tags'])
        .where('id', '>', after)
        .orderBy('id')
        .limit(500)
        .execute();
      if (rows.length === 0) break;
      for (const row of rows)
        await db
          .updateTable('search_documents')
          .set({
            meta: metaWords({
              type: row.type,
              lang: row.lang,
              partnershipId: row.partnership_id === null ? null : Number(row.partnership_id),
              year: row.year === null ? null : Number(row.year),
              tags: row.tags ? row.tags.split(' ') : [],
            }),
          })
          .where('id', '=', row.id)
          .execute();
      after = Number(rows[rows.length - 1]!.id);
    }
    if (dialect.name === 'sqlite') {
      for (const trigger of ['search_documents_ai', 'search_documents_ad', 'search_documents_au'])
        await sql`drop trigger if exists ${sql.raw(trigger)}`.execute(db);
      await sql`drop table search_fts`.execute(db);
      await sql`create virtual table search_fts using fts5(
        title, tags, body, meta, content='search_documents', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2', prefix='2 3')`.execute(db);
      await sql`insert into search_fts(search_fts) values ('rebuild')`.execute(db);
      await createSqliteTriggers(db);
    }
  },
};
