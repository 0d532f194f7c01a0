// Test databases are copies of templates (test/helpers/templates.ts): a copy must be the database
// it was kept from, schema, rows, sequences, triggers and files alike, and a copy of its own.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { sql } from 'kysely';
import { allModules } from '../src/app.js';
import type { DatabaseHandle } from '../src/core/db/connect.js';
import { forEachEngine } from './helpers/app.js';
import { copyOf, dropTemplate, keep, kept, migratedDatabase, seedInto } from './helpers/templates.js';

type Row = Record<string, unknown>;

/** Everything a database holds, in an order that does not depend on how it was made. */
async function contents(database: DatabaseHandle): Promise<Record<string, unknown>> {
  const rowsOf = async (table: string) => {
    const { rows } = await sql<Row>`select * from ${sql.table(table)}`.execute(database.db);
    return rows.map((r) => JSON.stringify(r)).sort();
  };
  const sorted = (rows: Row[]) => rows.map((r) => JSON.stringify(r)).sort();
  if (database.sqlite) {
    const objects = database.sqlite
      .prepare('select type, name, tbl_name, sql from sqlite_master order by type, name')
      .all() as { type: string; name: string }[];
    // The shadow tables of a full-text index hold its bytes, which a copy builds anew (the same
    // index in other bytes): what it finds is compared through the virtual table itself.
    const shadows = new Set(
      (database.sqlite.pragma('table_list') as { name: string; type: string }[])
        .filter((t) => t.type === 'shadow')
        .map((t) => t.name),
    );
    const tables = objects.filter((o) => o.type === 'table' && !shadows.has(o.name)).map((o) => o.name);
    return {
      objects,
      rows: Object.fromEntries(await Promise.all(tables.map(async (t) => [t, await rowsOf(t)]))),
    };
  }
  const schema = database.schema!;
  const unnamed = (rows: Row[]) => sorted(rows).map((r) => r.replaceAll(schema, '<schema>'));
  const query = async (text: string) => unnamed((await sql<Row>`${sql.raw(text)}`.execute(database.db)).rows);
  const here = `'${schema}'`;
  const tables = (
    await sql<{ name: string }>`select table_name as name from information_schema.tables
      where table_schema = ${schema} and table_type = 'BASE TABLE'`.execute(database.db)
  ).rows.map((r) => r.name);
  const sequences = // pg_class, as information_schema.sequences leaves out the sequences of identity columns.
    (
      await sql<{ name: string }>`select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = ${schema} and c.relkind = 'S'`.execute(database.db)
    ).rows.map((r) => r.name);
  assert.ok(sequences.length > 0, 'the sequences are found');
  return {
    // Each column's place among its table's columns, not its number: a column dropped and made again
    // (search_documents.tsv) leaves a gap in the numbers of the database it was made in, not in a copy.
    columns: await query(`select table_name, column_name,
        row_number() over (partition by table_name order by ordinal_position) as place,
        data_type, column_default, is_nullable
      from information_schema.columns where table_schema = ${here}`),
    indexes: await query(`select tablename, indexname, indexdef from pg_indexes where schemaname = ${here}`),
    constraints:
      await query(`select c.conrelid::regclass::text as on_table, c.conname, pg_get_constraintdef(c.oid) as def
      from pg_constraint c join pg_namespace n on n.oid = c.connamespace where n.nspname = ${here}`),
    triggers: await query(`select event_object_table, trigger_name, event_manipulation, action_timing,
      action_orientation, action_statement from information_schema.triggers where trigger_schema = ${here}`),
    functions: await query(`select p.proname, p.prosrc from pg_proc p join pg_namespace n on n.oid = p.pronamespace
      where n.nspname = ${here}`),
    sequences: Object.fromEntries(
      await Promise.all(
        sequences.map(async (s) => [
          s,
          (await sql<Row>`select last_value, is_called from ${sql.table(s)}`.execute(database.db)).rows,
        ]),
      ),
    ),
    rows: Object.fromEntries(await Promise.all(tables.map(async (t) => [t, await rowsOf(t)]))),
  };
}

/** The files under a folder, with their bytes. */
function filesIn(dir: string): Record<string, string> {
  return Object.fromEntries(
    readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => {
        const full = path.join(e.parentPath, e.name);
        return [path.relative(dir, full), readFileSync(full).toString('base64')];
      })
      .sort(([a], [b]) => a!.localeCompare(b!)),
  );
}

async function dropped(database: DatabaseHandle & { drop?: () => Promise<void> }): Promise<void> {
  if (database.drop) return database.drop();
  const schema = database.schema;
  if (schema) await sql`${sql.raw(`drop schema if exists ${schema} cascade`)}`.execute(database.db);
  await database.close();
}

forEachEngine('test databases from templates', (engine) => {
  test('a copy of a template holds what the database it was kept from holds, files included', async (t) => {
    const folder = mkdtempSync(path.join(tmpdir(), 'urbis-template-test-'));
    t.after(() => rmSync(folder, { recursive: true, force: true }));
    const modules = allModules();
    const original = await migratedDatabase(engine, modules);
    t.after(() => dropped(original));
    await seedInto(original, modules, path.join(folder, 'template', 'data'), {});
    assert.ok(await keep(original, path.join(folder, 'template')), 'the template is kept');
    const template = kept(path.join(folder, 'template'));
    t.after(() => dropTemplate(template));
    if (engine === 'postgres') assert.ok(template.database, 'PostgreSQL copies come from a template database');

    const copy = await copyOf(template, path.join(folder, 'copy'));
    t.after(() => dropped(copy));
    const expected = await contents(original);
    assert.ok(Object.keys(expected.rows as object).length > 20, 'the demo has tables to compare');
    assert.deepEqual(await contents(copy), expected);
    assert.deepEqual(filesIn(path.join(folder, 'copy')), filesIn(path.join(folder, 'template', 'data')));
    assert.ok(Object.keys(filesIn(path.join(folder, 'copy'))).length > 0, "the demo's attachment is copied");
  });

  test('a copy is a database of its own: its writes reach neither the template nor another copy', async (t) => {
    const folder = mkdtempSync(path.join(tmpdir(), 'urbis-template-test-'));
    t.after(() => rmSync(folder, { recursive: true, force: true }));
    const original = await migratedDatabase(engine, allModules());
    await keep(original, folder);
    await dropped(original);
    const template = kept(folder);
    t.after(() => dropTemplate(template));
    const first = await copyOf(template);
    t.after(() => dropped(first));
    await sql`insert into core_audit_log (at, action, subject_type, subject_id, details)
      values ('2020-01-01T00:00:00.000Z', 'test', 'test', '1', '{}')`.execute(first.db);
    const second = await copyOf(template);
    t.after(() => dropped(second));
    const count = async (db: DatabaseHandle) =>
      Number((await sql<{ n: unknown }>`select count(*) as n from core_audit_log`.execute(db.db)).rows[0]?.n);
    assert.equal(await count(first), 1);
    assert.equal(await count(second), 0);
  });
});
