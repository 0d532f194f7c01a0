// Test databases from templates. Migrating a database costs ~0.1 s on SQLite and 1–3 s on
// PostgreSQL, and the demo costs seconds more (it hashes some fifty passwords with argon2), while
// a test needs them in a fresh database of its own. So each kind of database (engine, modules,
// demo or not, configuration) is made the ordinary way ONCE, kept as a template, and every test
// gets a copy of it:
//   - SQLite: the template is a database file; a test's in-memory database gets its tables, rows,
//     indexes and triggers from it (ATTACH, then the template's own CREATE statements).
//   - PostgreSQL: the template is a database of its own, migrated (and seeded) the ordinary way in
//     a schema there; a test's copy is `CREATE DATABASE … TEMPLATE`, a copy of files on the server
//     (0.2–0.3 s, where running a `pg_dump` again under a new schema name took 1.7–2.4 s of DDL),
//     whose schema is then renamed to the test's own. Without the right to create databases, the
//     template is a schema's dump, run again under each test's own schema name instead. The
//     databases are named after the run (URBIS_TEST_RUN, set by scripts/test.mjs, which drops
//     them all when the run ends; a process of its own drops its own when it exits).
//   - The demo's files (a post's attachment) are copied from the template's data folder.
// scripts/test.mjs gives the run one folder for templates (URBIS_TEST_TEMPLATES), so that the test
// files of one run share them; without it each test process keeps its own. A template is only
// shared between processes when its modules are the registry's (a test's own module may differ
// between files under the same id). `templates.test.ts` checks that a copy equals a database
// made the ordinary way, row for row.
import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { allModules, createContext, migrate } from '../../src/app.js';
import { loadConfig } from '../../src/core/config.js';
import { connectDatabase, type DatabaseHandle } from '../../src/core/db/connect.js';
import { createLogger } from '../../src/core/logger.js';
import type { UrbisModule } from '../../src/core/module.js';
import { seedDemo } from '../../src/seed.js';

export type Engine = 'sqlite' | 'postgres';

/** What a test database is made of. */
export interface DatabaseKind {
  engine: Engine;
  modules: readonly UrbisModule[];
  /** Seed the demo, with this configuration's environment (its data folder aside). */
  demo?: { env: Record<string, string> };
}

/** A kept template: a folder with `db` (a SQLite file, or a dump with `schema`) and `data` (the data folder). */
export interface Template {
  dir: string;
  /** PostgreSQL: the template schema's name in the dump, replaced by each copy's own. */
  schema?: string;
  /** PostgreSQL: the dump. */
  sql?: string;
  /** PostgreSQL: the template database holding the schema, when one could be made. */
  database?: string;
}

/** A test database: dropped (a copy's database, or its schema) by `drop`. */
export type TestDatabase = DatabaseHandle & {
  /** PostgreSQL: the address of the copy's database (another handle on it needs `schema` too). */
  url?: string;
  drop(): Promise<void>;
};

/** The environment of every test configuration (test/helpers/app.ts). */
export const TEST_ENV: Record<string, string> = {
  URBIS_SECRET: 'test-secret-that-is-long-enough-0123456789',
  LOG_LEVEL: 'silent',
  URBIS_RATE_LIMIT: '100000',
};

let ownFolder: string | undefined;

/** The run's name in its databases' names: scripts/test.mjs's, or this process's own. */
const ownRun = !process.env.URBIS_TEST_RUN;
const runId = (process.env.URBIS_TEST_RUN ?? randomBytes(4).toString('hex')).toLowerCase().replace(/[^a-z0-9]/g, '');
/** Template databases this process made: dropped when it exits, when no test runner does it. */
const ownTemplates: string[] = [];
/** The folder of templates: the run's (shared by its processes), or this process's own. */
function folder(shared: boolean): string {
  const runFolder = process.env.URBIS_TEST_TEMPLATES;
  if (shared && runFolder && existsSync(runFolder)) return runFolder;
  if (!ownFolder) {
    const made = mkdtempSync(path.join(tmpdir(), 'urbis-templates-'));
    ownFolder = made;
    process.once('exit', () => rmSync(made, { recursive: true, force: true }));
  }
  return ownFolder;
}

// Modules that are not the registry's are told apart by identity, within this process only.
const localIds = new WeakMap<UrbisModule, number>();
let nextLocalId = 1;

function keyOf(kind: DatabaseKind): { key: string; shared: boolean } {
  const known = new Set<UrbisModule>(allModules());
  const shared = kind.modules.every((m) => known.has(m));
  const modules = kind.modules.map((m) => {
    if (known.has(m)) return m.id;
    if (!localIds.has(m)) localIds.set(m, nextLocalId++);
    return `${m.id}#${localIds.get(m)}`;
  });
  const demo = kind.demo ? Object.entries(kind.demo.env).sort(([a], [b]) => a.localeCompare(b)) : null;
  const digest = createHash('sha256')
    .update(JSON.stringify([kind.engine, modules, demo]))
    .digest('hex');
  return { key: `${kind.engine}-${kind.demo ? 'demo' : 'empty'}-${digest.slice(0, 16)}`, shared };
}

/** Whether a kind of database can come from a template (not when its configuration names its own folders). */
export function templatable(kind: DatabaseKind): boolean {
  const env = kind.demo?.env ?? {};
  return !('URBIS_DATA_DIR' in env) && !('URBIS_UPLOADS_DIR' in env);
}

const pending = new Map<string, Promise<Template | null>>();

/** The template for a kind of database, made on first use (null: PostgreSQL without a working pg_dump). */
export function templateFor(kind: DatabaseKind): Promise<Template | null> {
  const { key, shared } = keyOf(kind);
  let template = pending.get(key);
  if (!template) {
    template = findOrMake(kind, path.join(folder(shared), key));
    pending.set(key, template);
  }
  return template;
}

async function findOrMake(kind: DatabaseKind, dir: string): Promise<Template | null> {
  if (!existsSync(dir)) {
    // Made aside and renamed into place whole, so that another process sees all of it or nothing.
    const draft = `${dir}.draft-${process.pid}-${randomBytes(4).toString('hex')}`;
    try {
      if (!(await make(kind, draft))) return null;
      renameSync(draft, dir);
    } catch (error) {
      // Another process renamed its own first: use that one.
      if (!existsSync(dir)) throw error;
    } finally {
      rmSync(draft, { recursive: true, force: true });
    }
  }
  return kept(dir);
}

/** A fresh PostgreSQL schema's name. */
export function freshSchemaName(): string {
  return `urbis_t_${randomBytes(6).toString('hex')}`;
}

function databaseUrl(): string {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('TEST_DATABASE_URL is not set');
  return url;
}

/** TEST_DATABASE_URL with another database. */
function urlOf(database: string): string {
  const url = new URL(databaseUrl());
  url.pathname = `/${database}`;
  return url.toString();
}

/** Runs SQL as a client of its own (not a pool's: a dump changes the session's settings). */
async function runSql(text: string, url = databaseUrl()): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/** A migrated database, made the ordinary way (SQLite in memory, or a PostgreSQL schema of its own). */
export async function migratedDatabase(engine: Engine, modules: readonly UrbisModule[]): Promise<DatabaseHandle> {
  if (engine === 'sqlite') {
    const handle = connectDatabase(':memory:');
    await migrate(handle, modules);
    return handle;
  }
  const schema = freshSchemaName();
  await runSql(`create schema ${schema}`);
  const handle = connectDatabase(databaseUrl(), { searchPath: schema, poolSize: 4 });
  await migrate(handle, modules);
  return handle;
}

/** Seeds the demo into a database, as `urbis serve --demo` would, with a configuration on `dataDir`. */
export async function seedInto(
  database: DatabaseHandle,
  modules: readonly UrbisModule[],
  dataDir: string,
  env: Record<string, string>,
  log = createLogger('silent'),
): Promise<void> {
  const config = loadConfig({ URBIS_DATA_DIR: dataDir, ...TEST_ENV, ...env });
  await seedDemo(createContext(config, database, modules, log));
}

const pgDump = promisify(execFile);
let pgDumpMissing = false;

/** Makes a template in `dir`; false when PostgreSQL's cannot be dumped (no pg_dump, or an older one). */
async function make(kind: DatabaseKind, dir: string): Promise<boolean> {
  mkdirSync(path.join(dir, 'data'), { recursive: true });
  if (kind.engine === 'postgres' && (await madeAsDatabase(kind, dir))) return true;
  if (kind.engine === 'postgres' && pgDumpMissing) return false;
  const database = await migratedDatabase(kind.engine, kind.modules);
  try {
    if (kind.demo) await seedInto(database, kind.modules, path.join(dir, 'data'), kind.demo.env);
    return await keep(database, dir);
  } finally {
    await database.close();
    if (database.schema) await runSql(`drop schema if exists ${database.schema} cascade`);
  }
}

/**
 * Keeps a database as the template in `dir` (its file `db`): SQLite's bytes, or PostgreSQL's
 * schema dumped. False when there is no working pg_dump.
 */
export async function keep(database: DatabaseHandle, dir: string): Promise<boolean> {
  mkdirSync(dir, { recursive: true });
  if (database.sqlite) {
    writeFileSync(path.join(dir, 'db'), database.sqlite.serialize());
    return true;
  }
  const schema = database.schema!;
  let sql: string;
  try {
    const { stdout } = await pgDump(
      'pg_dump',
      ['--dbname', databaseUrl(), '--schema', schema, '--no-owner', '--no-privileges', '--inserts'],
      { maxBuffer: 256 * 1024 * 1024 },
    );
    sql = stdout;
  } catch (error) {
    pgDumpMissing = true;
    console.log(`# PostgreSQL test databases are migrated one by one: pg_dump failed (${(error as Error).message})`);
    return false;
  }
  // pg_dump 15.14 and later fence the dump with psql's \restrict; only psql knows them.
  sql = sql.replace(/^\\(un)?restrict \w+$/gm, '');
  // The extensions the schema's objects use live outside it (search's unaccent, in a schema of its
  // own), so a dump of the schema alone would not run in a database without them: made first.
  sql = (await extensionsPrelude()) + sql;
  const copyable = await templateDatabase(sql);
  writeFileSync(path.join(dir, 'db'), JSON.stringify({ schema, sql, ...(copyable ? { database: copyable } : {}) }));
  return true;
}

/** SQL that makes the extensions of the test database (other than plpgsql) where they are missing, in their schemas. */
async function extensionsPrelude(): Promise<string> {
  const client = new pg.Client({ connectionString: databaseUrl() });
  await client.connect();
  try {
    const { rows } = await client.query<{ name: string; schema: string }>(
      `select e.extname as name, n.nspname as schema from pg_extension e
       join pg_namespace n on n.oid = e.extnamespace where e.extname <> 'plpgsql' order by e.extname`,
    );
    const quoted = (name: string) => `"${name.replaceAll('"', '""')}"`;
    return rows
      .map(
        (r) =>
          `create schema if not exists ${quoted(r.schema)};\n` +
          `create extension if not exists ${quoted(r.name)} with schema ${quoted(r.schema)};\n`,
      )
      .join('');
  } finally {
    await client.end();
  }
}

let databasesRefused = false;

/**
 * Makes the template as a database of its own (migrated, and seeded, in a schema there); false
 * where databases cannot be made.
 */
async function madeAsDatabase(kind: DatabaseKind, dir: string): Promise<boolean> {
  const name = await newTemplateDatabase();
  if (name === null) return false;
  try {
    const schema = freshSchemaName();
    await runSql(`create schema ${schema}`, urlOf(name));
    const handle = connectDatabase(urlOf(name), { searchPath: schema, poolSize: 4 });
    try {
      await migrate(handle, kind.modules);
      if (kind.demo) await seedInto(handle, kind.modules, path.join(dir, 'data'), kind.demo.env);
    } finally {
      await handle.close();
    }
    writeFileSync(path.join(dir, 'db'), JSON.stringify({ schema, database: name }));
    return true;
  } catch (error) {
    await dropDatabase(name, true).catch(() => {});
    throw error;
  }
}

/** A database holding what the dump holds, to copy (null where databases cannot be made). */
async function templateDatabase(dump: string): Promise<string | null> {
  const name = await newTemplateDatabase();
  if (name === null) return null;
  try {
    await runSql(dump, urlOf(name));
  } catch (error) {
    await dropDatabase(name, true).catch(() => {});
    throw error;
  }
  return name;
}

/** An empty database for a template, named after the run (null where databases cannot be made). */
async function newTemplateDatabase(): Promise<string | null> {
  if (databasesRefused) return null;
  const name = `urbis_tmpl_${runId}_${randomBytes(4).toString('hex')}`;
  try {
    await runSql(`create database ${name}`);
  } catch (error) {
    databasesRefused = true;
    console.log(`# PostgreSQL test databases are made from a dump, one by one: ${(error as Error).message}`);
    return null;
  }
  if (ownRun) {
    ownTemplates.push(name);
    if (ownTemplates.length === 1) {
      // The event loop is empty: drop this process's templates, once (they are copied from no more).
      process.once('beforeExit', () => {
        void Promise.all(ownTemplates.map((n) => dropDatabase(n, true).catch(() => {})));
      });
    }
  }
  return name;
}

/**
 * Drops a database. Without `force` the server waits a moment for connections that are closing
 * (pg's pool says it has ended before its connections are gone) rather than cutting them, which
 * would reach their client as an error in whatever test runs then.
 */
async function dropDatabase(name: string, force = false): Promise<void> {
  await runSql(`drop database if exists ${name}${force ? ' with (force)' : ''}`);
}

/** The template kept in `dir` by `keep`. */
export function kept(dir: string): Template {
  const file = path.join(dir, 'db');
  if (readFileSync(file).subarray(0, 16).toString('latin1') === 'SQLite format 3\0') return { dir };
  const { schema, sql, database } = JSON.parse(readFileSync(file, 'utf8')) as Template;
  return { dir, schema, ...(sql ? { sql } : {}), ...(database ? { database } : {}) };
}

/** Drops a template's database (the files and the dump stay in its folder). */
export async function dropTemplate(template: Template): Promise<void> {
  if (template.database) await dropDatabase(template.database, true);
}

/** A copy of the template: SQLite in memory, or a new PostgreSQL schema; the template's files copied into `dataDir`. */
export async function copyOf(template: Template, dataDir?: string): Promise<TestDatabase> {
  const files = path.join(template.dir, 'data');
  if (dataDir && existsSync(files)) cpSync(files, dataDir, { recursive: true });
  if (!template.sql && !template.database) {
    const handle = connectDatabase(':memory:');
    copySqlite(handle, path.join(template.dir, 'db'));
    return { ...handle, drop: () => handle.close() };
  }
  const schema = freshSchemaName();
  if (template.database) {
    const name = `urbis_c_${runId}_${randomBytes(6).toString('hex')}`;
    await createCopy(name, template.database);
    const url = urlOf(name);
    // Its own schema name, as the other nodes' channel and every listing of connections go by it.
    await runSql(`alter schema ${template.schema} rename to ${schema}`, url);
    const handle = connectDatabase(url, { searchPath: schema, poolSize: 4 });
    return {
      ...handle,
      url,
      async drop() {
        await handle.close();
        // A connection that will not go keeps the copy for the run's end (scripts/test.mjs drops it).
        await dropDatabase(name).catch((error: Error) => {
          if (!/being accessed by other users/.test(error.message)) throw error;
        });
      },
    };
  }
  // The template's schema name is random: it appears nowhere in the dump but as that name.
  await runSql(template.sql!.replaceAll(template.schema!, schema));
  return ownSchema(connectDatabase(databaseUrl(), { searchPath: schema, poolSize: 4 }));
}

/** A test database that is a schema of its own in TEST_DATABASE_URL's database (or SQLite): dropped whole. */
export function ownSchema(handle: DatabaseHandle): TestDatabase {
  if (!handle.schema) return { ...handle, drop: () => handle.close() };
  const schema = handle.schema;
  return {
    ...handle,
    url: databaseUrl(),
    async drop() {
      await handle.close();
      await runSql(`drop schema if exists ${schema} cascade`);
    },
  };
}

/**
 * `CREATE DATABASE … TEMPLATE`, again after a moment while the template is still busy (the server
 * refuses to copy a database another session is connected to: the one that made it, closing).
 */
async function createCopy(name: string, template: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await runSql(`create database ${name} template ${template}`);
      return;
    } catch (error) {
      if (attempt >= 20 || !/being accessed by other users/.test((error as Error).message)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
    }
  }
}

interface SchemaObject {
  type: string;
  name: string;
  sql: string;
}

/** Fills an empty SQLite database from the template file: tables and their rows, then indexes, triggers, views. */
function copySqlite(handle: DatabaseHandle, file: string): void {
  const db = handle.sqlite!;
  db.pragma('foreign_keys = OFF');
  db.prepare('attach database ? as template').run(file);
  try {
    const objects = db
      .prepare('select type, name, sql from template.sqlite_master where sql is not null order by rowid')
      .all() as SchemaObject[];
    const tables = objects.filter((o) => o.type === 'table' && !o.name.startsWith('sqlite_'));
    // A virtual table (an FTS5 index over a content table) makes its shadow tables itself.
    const virtuals = tables.filter((t) => /^create\s+virtual/i.test(t.sql)).map((t) => t.name);
    const isVirtual = (name: string) => virtuals.includes(name);
    const isShadow = (name: string) => virtuals.some((v) => name.startsWith(`${v}_`));
    const quoted = (name: string) => `"${name.replaceAll('"', '""')}"`;
    db.transaction(() => {
      for (const table of tables) if (!isShadow(table.name)) db.exec(table.sql);
      for (const table of tables)
        if (!isVirtual(table.name) && !isShadow(table.name))
          db.exec(`insert into main.${quoted(table.name)} select * from template.${quoted(table.name)}`);
      // Shadow tables may not be written (defensive mode): an FTS5 index is built anew from its content table.
      for (const name of virtuals) db.exec(`insert into main.${quoted(name)}(${quoted(name)}) values ('rebuild')`);
      // The counters of AUTOINCREMENT as the template has them (rows may have been deleted there).
      if (objects.some((o) => o.name === 'sqlite_sequence')) {
        db.exec('delete from main.sqlite_sequence');
        db.exec('insert into main.sqlite_sequence select * from template.sqlite_sequence');
      }
      // Triggers last, so that copying the rows moves nothing (the data version is copied as it is).
      for (const object of objects.filter((o) => o.type !== 'table')) db.exec(object.sql);
    })();
  } finally {
    db.exec('detach database template');
    db.pragma('foreign_keys = ON');
  }
}
