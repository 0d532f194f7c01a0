import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { KeptValues } from '../kept-values.js';
import { type Dialect, type DialectName, dialectFor } from './dialect.js';
import type { Database } from './types.js';
import { OtherNodes } from './other-nodes.js';
import { WriteWatch } from './write-watch.js';

// pg returns bigint (count(*)) as a string and timestamptz as a Date; make both engines
// hand back numbers and ISO-8601 strings so that no module has to care which one runs.
pg.types.setTypeParser(20, (v) => Number(v));
pg.types.setTypeParser(1184, (v) => new Date(v).toISOString());
pg.types.setTypeParser(1114, (v) => new Date(v + 'Z').toISOString());

export interface DatabaseHandle {
  db: Kysely<Database>;
  dialect: Dialect;
  /** Where the data is, for messages: a file path or the PostgreSQL address without password. */
  location: string;
  /** PostgreSQL: the schema in use when not the default (tests give each run its own). */
  schema?: string;
  /** The SQLite connection itself (for online backups); undefined on PostgreSQL. */
  sqlite?: SQLite.Database;
  /** Tells listeners of every write (the page cache uses it). */
  writes: WriteWatch;
  /** The other nodes on this database: this one's writes are announced to them; `watch` hears theirs. */
  otherNodes: OtherNodes;
  close(): Promise<void>;
}

export interface ConnectOptions {
  /** PostgreSQL only: the schema to use (tests give each run its own). */
  searchPath?: string;
  /** PostgreSQL pool size. */
  poolSize?: number;
}

/**
 * The SQLite connection behind a Kysely instance (not behind a transaction's), for the reads
 * that run on every request (`prepared.ts`).
 */
export const sqliteBehind = new WeakMap<object, SQLite.Database>();

/** The schema a postgres:// address names in its options (`?options=-c search_path=…`), or ''. */
function searchPathIn(url: string): string {
  const options = new URL(url).searchParams.get('options') ?? '';
  return /search_path=([\w,]+)/.exec(options)?.[1] ?? '';
}

/**
 * PostgreSQL: a query whose text begins with this comment runs as a named prepared statement on each
 * connection (named by a hash of its text): parsed once a connection, and after five runs planned once
 * (PostgreSQL's generic plan) rather than at every run. For a query that takes longer to plan than to run,
 * whose text does not vary with what it is asked (the values are parameters). SQLite reads a comment.
 */
export const KEEP_PLAN = '/* keep plan */';

/** Makes a pooled connection run `KEEP_PLAN` queries as named statements. */
function keepPlans(client: pg.PoolClient): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  client.query = ((config: unknown, values?: unknown, callback?: unknown) =>
    typeof config === 'string' && config.startsWith(KEEP_PLAN)
      ? query(
          { name: `urbis_${createHash('sha256').update(config).digest('hex').slice(0, 40)}`, text: config, values },
          undefined,
          callback,
        )
      : query(config, values, callback)) as never;
}

export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//.test(url);
}

/** Opens the database named by `url`: a postgres:// address or a SQLite file path. */
export function connectDatabase(url: string, options: ConnectOptions = {}): DatabaseHandle {
  const name: DialectName = isPostgresUrl(url) ? 'postgres' : 'sqlite';
  const writes = new WriteWatch();
  if (name === 'postgres') {
    // The address's own options (`?options=…`) with ours: pg would take the address's alone.
    const address = new URL(url);
    const given = address.searchParams.get('options') ?? '';
    address.searchParams.delete('options');
    const pool = new pg.Pool({
      connectionString: address.toString(),
      max: options.poolSize ?? 10,
      // Without JIT: Urbis's queries are short, and PostgreSQL compiles one that looks costly (a page's
      // visibility rules of every type, a search's window) for 0.2–3 s, far more than it saves.
      options: [given, options.searchPath ? `-c search_path=${options.searchPath}` : '', '-c jit=off']
        .filter((o) => o !== '')
        .join(' '),
    });
    pool.on('connect', keepPlans);
    const db = new Kysely<Database>({ dialect: writes.watchDialect(new PostgresDialect({ pool })), plugins: [writes] });
    const safe = new URL(url);
    safe.password = '';
    const otherNodes = new OtherNodes({
      kind: 'postgres',
      db,
      schema: options.searchPath ?? searchPathIn(url),
      listener: () =>
        new pg.Client({
          connectionString: url,
          // Named, so that an operator (and a test) can tell it among the connections.
          application_name: `urbis listen ${options.searchPath ?? searchPathIn(url)}`.trim().slice(0, 63),
          ...(options.searchPath ? { options: `-c search_path=${options.searchPath}` } : {}),
        }),
    });
    writes.onWrite((table) => otherNodes.noteWrite(table));
    return {
      db,
      dialect: dialectFor(name),
      location: safe.toString(),
      writes,
      otherNodes,
      ...(options.searchPath ? { schema: options.searchPath } : {}),
      close: async () => {
        await otherNodes.close();
        await db.destroy();
      },
    };
  }
  if (url !== ':memory:') mkdirSync(path.dirname(path.resolve(url)), { recursive: true });
  const database = new SQLite(url);
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = FULL');
  database.pragma('foreign_keys = ON');
  database.pragma('busy_timeout = 5000');
  cacheStatements(database);
  const db = new Kysely<Database>({ dialect: writes.watchDialect(new SqliteDialect({ database })), plugins: [writes] });
  sqliteBehind.set(db, database);
  const otherNodes = new OtherNodes({ kind: 'sqlite', sqlite: database, file: url !== ':memory:' && url !== '' });
  writes.onWrite((table) => otherNodes.noteWrite(table));
  return {
    db,
    dialect: dialectFor(name),
    location: url,
    sqlite: database,
    writes,
    otherNodes,
    close: async () => {
      await otherNodes.close();
      await db.destroy();
    },
  };
}

/**
 * Kysely asks better-sqlite3 to prepare every query anew, which costs as much as running it.
 * The same SQL text always makes the same statement, so keep them (bounded); SQLite
 * re-prepares a kept statement by itself when the schema changes.
 */
function cacheStatements(database: SQLite.Database, limit = 2000): void {
  const prepare = database.prepare.bind(database);
  const statements = new KeptValues<SQLite.Statement>(limit);
  database.prepare = ((source: string) => statements.get(source, () => prepare(source))) as typeof database.prepare;
}
