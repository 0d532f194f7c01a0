import type { ColumnDataType, CreateTableBuilder, Expression, Kysely, SqlBool } from 'kysely';
import { sql } from 'kysely';

export type DialectName = 'sqlite' | 'postgres';

/**
 * What differs between SQLite and PostgreSQL, in one place. Migrations and queries ask
 * these helpers instead of branching on the engine themselves.
 */
export interface Dialect {
  name: DialectName;
  /** Adds an integer surrogate key `id`: identity on PostgreSQL, rowid alias on SQLite. */
  id<T extends string>(table: CreateTableBuilder<T, never>): CreateTableBuilder<T, 'id'>;
  /** Column type for a point in time (ISO-8601 UTC text on SQLite, timestamptz on PostgreSQL). */
  timestamp: ColumnDataType;
  /** Column type for a flag (0/1 integer on SQLite, boolean on PostgreSQL). */
  boolean: ColumnDataType;
  /** Column type for JSON (text on SQLite, jsonb on PostgreSQL); always write JSON.stringify(value). */
  json: ColumnDataType;
  /** SQL for "now" as a column default. */
  now: Expression<unknown>;
  /** Case-insensitive `LIKE`. */
  ilike: 'like' | 'ilike';
}

const sqliteDialect: Dialect = {
  name: 'sqlite',
  id: (table) => table.addColumn('id', 'integer', (c) => c.primaryKey()),
  timestamp: 'text',
  boolean: 'integer',
  json: 'text',
  now: sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`,
  ilike: 'like',
};

const postgresDialect: Dialect = {
  name: 'postgres',
  id: (table) => table.addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity()),
  timestamp: 'timestamptz',
  boolean: 'boolean',
  json: 'jsonb',
  now: sql`now()`,
  ilike: 'ilike',
};

export function dialectFor(name: DialectName): Dialect {
  return name === 'sqlite' ? sqliteDialect : postgresDialect;
}

/** A flag as the engine stores it: SQLite refuses JS booleans. */
export function toFlag(value: boolean): number {
  return value ? 1 : 0;
}

/** A flag as read back (0/1 from SQLite, true/false from PostgreSQL). */
export function fromFlag(value: unknown): boolean {
  return value === true || value === 1 || value === '1';
}

/** The current time as stored: ISO-8601 UTC, accepted by both engines. */
export function nowIso(): string {
  return new Date().toISOString();
}

export type AnyDb = Kysely<any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * A link column that points at `path` (an address after `/{lang}`), or into it: at one of its
 * anchors (`#comment-12`) or with a query (`?thread=3`). Compared by prefix with `substr`, not
 * `LIKE`, so that no character of the path is a wildcard.
 */
export function pointsAt(column: string, path: string): Expression<SqlBool> {
  const prefix = sql`substr(${sql.ref(column)}, 1, ${path.length + 1})`;
  return sql<SqlBool>`(${sql.ref(column)} = ${path} or ${prefix} = ${`${path}#`} or ${prefix} = ${`${path}?`})`;
}
