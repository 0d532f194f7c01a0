import { sql } from 'kysely';
import type { AnyDb, Dialect } from './dialect.js';

declare module './types.js' {
  interface Database {
    core_data_version: { id: number; n: number };
  }
}

/**
 * Tables whose writes leave the data version alone: what no page shows, or what the lane for
 * signed-in readers reads itself (the reader's own session), and what is written so often
 * (rate limits, the job queue's polling, sign-in attempts) that counting it would make every kept
 * page useless.
 */
export const UNVERSIONED_TABLES: ReadonlySet<string> = new Set([
  'core_data_version',
  'core_sessions',
  'core_jobs',
  'core_changes',
  'core_rate_limits',
  'accounts_attempt_counts',
  'urbis_migration',
]);

/**
 * The data version: one number, kept in the database, that every committed write to a table
 * pages may show moves on, whichever node, job or command made it. A reader reads it fresh
 * before anything else; while it has not moved, nothing a page read from the database can have
 * changed, its rights included. `core/http/personal-lane.ts` keeps signed-in pages on that promise.
 *
 * Triggers move it, so no write can forget to: on SQLite one per table and statement kind, on
 * PostgreSQL one per table, `before` each statement, so a writer takes the counter's row before
 * the rows it changes (two writers wait for each other on the counter, never each on the other's
 * rows; lock rows `for update` first in a transaction). The counter is transactional: a write
 * that rolls back leaves it as it was, and one that commits is seen with its data.
 *
 * Run after every migration (`migrateToLatest`), so a module's new table is counted at once.
 * Returns the tables that got triggers now.
 */
export async function ensureDataVersion(db: AnyDb, dialect: Dialect): Promise<string[]> {
  await db.schema
    .createTable('core_data_version')
    .ifNotExists()
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('n', 'bigint', (c) => c.notNull())
    .execute();
  await sql`insert into core_data_version (id, n) values (1, 0) on conflict do nothing`.execute(db);
  const missing = await unversionedTables(db, dialect);
  if (dialect.name === 'postgres' && missing.length > 0) {
    await sql
      .raw(
        'create or replace function core_data_version_moves() returns trigger language plpgsql as ' +
          '$$ begin update core_data_version set n = n + 1 where id = 1; return null; end $$',
      )
      .execute(db);
  }
  for (const table of missing) {
    const quoted = `"${table.replaceAll('"', '""')}"`;
    if (dialect.name === 'postgres') {
      await sql
        .raw(
          `create trigger core_data_version before insert or update or delete on ${quoted} ` +
            'for each statement execute function core_data_version_moves()',
        )
        .execute(db);
    } else {
      for (const [kind, event] of [
        ['i', 'insert'],
        ['u', 'update'],
        ['d', 'delete'],
      ] as const) {
        const name = `"core_data_version_${kind}_${table.replaceAll('"', '""')}"`;
        await sql
          .raw(
            `create trigger if not exists ${name} after ${event} on ${quoted} ` +
              'begin update core_data_version set n = n + 1 where id = 1; end',
          )
          .execute(db);
      }
    }
  }
  return missing;
}

/** The tables of the current schema that should move the data version and do not yet. */
export async function unversionedTables(db: AnyDb, dialect: Dialect): Promise<string[]> {
  if (dialect.name === 'postgres') {
    const { rows } = await sql<{ name: string; versioned: boolean }>`
      select c.relname as name,
             exists (select 1 from pg_trigger t where t.tgrelid = c.oid and t.tgname = 'core_data_version') as versioned
      from pg_class c
      where c.relnamespace = current_schema()::regnamespace and c.relkind in ('r', 'p')
      order by c.relname`.execute(db);
    return rows.filter((r) => !r.versioned && !UNVERSIONED_TABLES.has(r.name)).map((r) => r.name);
  }
  // Ordinary tables only: not virtual tables (full-text indexes) or their shadow tables.
  const { rows: tables } = await sql<{ name: string; type: string; schema: string }>`
    pragma table_list`.execute(db);
  const { rows: triggers } = await sql<{ name: string }>`
    select name from sqlite_master where type = 'trigger' and name like 'core_data_version_%'`.execute(db);
  const have = new Set(triggers.map((t) => t.name));
  return tables
    .filter((t) => t.schema === 'main' && t.type === 'table' && !t.name.startsWith('sqlite_'))
    .map((t) => t.name)
    .filter((name) => !UNVERSIONED_TABLES.has(name))
    .filter((name) => !['i', 'u', 'd'].every((kind) => have.has(`core_data_version_${kind}_${name}`)))
    .sort();
}

/** SQL for the data version as a column of another read (the session's, on every signed-in request). */
export const DATA_VERSION_COLUMN = sql<number>`(select n from core_data_version where id = 1)`;
