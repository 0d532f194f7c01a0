import { sql } from 'kysely';
import type { Migration } from '../db/migrator.js';

/**
 * The search index: one row per searchable item (`search_documents`), its tags (`search_tags`,
 * for the facet), and the marks of changes waiting for the index job (`search_pending`).
 * SQLite: an FTS5 table over the documents (external content, kept in step by triggers),
 * accent-insensitive (`remove_diacritics 2`) with prefix indexes. PostgreSQL: a generated
 * tsvector over an IMMUTABLE wrapper of `unaccent` (title A, tags B, body C) with a GIN index.
 */
export const migration: Migration = {
  async up(db, dialect) {
    await dialect
      .id(db.schema.createTable('search_documents'))
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
      .addUniqueConstraint('search_documents_item', ['type', 'item_id'])
      .execute();
    await db.schema
      .createTable('search_tags')
      .addColumn('document_id', 'integer', (c) => c.notNull().references('search_documents.id').onDelete('cascade'))
      .addColumn('tag', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('search_tags_pk', ['tag', 'document_id'])
      .execute();
    await db.schema.createIndex('search_tags_document').on('search_tags').column('document_id').execute();
    await dialect
      .id(db.schema.createTable('search_pending'))
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('item_id', 'integer', (c) => c.notNull())
      .execute();

    if (dialect.name === 'sqlite') {
      await sql`create virtual table search_fts using fts5(
        title, tags, body, content='search_documents', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2', prefix='2 3')`.execute(db);
      await sql`create trigger search_documents_ai after insert on search_documents begin
        insert into search_fts(rowid, title, tags, body) values (new.id, new.title, new.tags, new.body);
      end`.execute(db);
      await sql`create trigger search_documents_ad after delete on search_documents begin
        insert into search_fts(search_fts, rowid, title, tags, body)
          values ('delete', old.id, old.title, old.tags, old.body);
      end`.execute(db);
      await sql`create trigger search_documents_au after update on search_documents begin
        insert into search_fts(search_fts, rowid, title, tags, body)
          values ('delete', old.id, old.title, old.tags, old.body);
        insert into search_fts(rowid, title, tags, body) values (new.id, new.title, new.tags, new.body);
      end`.execute(db);
    } else {
      // In a schema of its own, never renamed or dropped with the application's schema; where the
      // extension was installed before, it stays where it is.
      await sql`create schema if not exists urbis_unaccent`.execute(db);
      await sql`create extension if not exists unaccent with schema urbis_unaccent`.execute(db);
      const { rows } = await sql<{ schema: string }>`select n.nspname as schema from pg_extension e
        join pg_namespace n on n.oid = e.extnamespace where e.extname = 'unaccent'`.execute(db);
      const schema = `"${rows[0]!.schema.replaceAll('"', '""')}"`;
      // unaccent() is STABLE (it reads its dictionary by name); naming the dictionary and the function
      // by schema makes this wrapper safe to call IMMUTABLE, as a generated column needs. The parser
      // reads `<…>` as markup and `&…;` as entities and drops what is inside: plain text it is.
      const dictionary = `'${schema.replaceAll("'", "''")}.unaccent'::regdictionary`;
      await sql
        .raw(
          'create or replace function search_unaccent(text) returns text ' +
            'language sql immutable parallel safe strict as ' +
            `$$ select ${schema}.unaccent(${dictionary}, translate($1, '<>&/', '    ')) $$`,
        )
        .execute(db);
      await sql`alter table search_documents add column tsv tsvector generated always as (
        setweight(to_tsvector('simple'::regconfig, search_unaccent(title)), 'A') ||
        setweight(to_tsvector('simple'::regconfig, search_unaccent(replace(tags, '-', ' '))), 'B') ||
        setweight(to_tsvector('simple'::regconfig, search_unaccent(body)), 'C')) stored`.execute(db);
      await sql`create index search_documents_tsv on search_documents using gin (tsv)`.execute(db);
    }
  },
};
