import { sql } from 'kysely';
import { ensureDataVersion } from './data-version.js';
import type { AnyDb, Dialect } from './dialect.js';

/** A schema change. `up` receives the database (a transaction) and the dialect helpers. */
export interface Migration {
  up(db: AnyDb, dialect: Dialect): Promise<void>;
}

export interface MigrationResult {
  /** The migrations applied by this call, in order. */
  applied: string[];
}

// Any constant works; every Urbis process of one database takes the same lock.
const POSTGRES_LOCK_KEY = 727_411_901;

/**
 * Runs every module's migrations in the order of their names (`<timestamp>_<module>_<what>`),
 * each once and each in its own transaction, on SQLite or PostgreSQL alike.
 *
 * Our own, rather than Kysely's Migrator: that one looks for its tables in every schema of
 * the server, which breaks when tests in parallel create and drop schemas of their own.
 * This one only ever reads `urbis_migration` in the current schema. After the migrations, every
 * table gets the triggers that move the data version (`data-version.ts`).
 */
export async function migrateToLatest(
  db: AnyDb,
  dialect: Dialect,
  migrations: Record<string, Migration>,
): Promise<MigrationResult> {
  const names = Object.keys(migrations).sort();
  await db.schema
    .createTable('urbis_migration')
    .ifNotExists()
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('applied_at', 'text', (c) => c.notNull())
    .execute();

  return db.connection().execute(async (conn) => {
    // On PostgreSQL several nodes may start at once: one migrates, the others wait.
    if (dialect.name === 'postgres') await sql`select pg_advisory_lock(${POSTGRES_LOCK_KEY})`.execute(conn);
    try {
      const done = new Set(
        (await conn.selectFrom('urbis_migration').select('name').execute()).map((r: { name: string }) => r.name),
      );
      const unknown = [...done].filter((name) => !migrations[name]);
      if (unknown.length > 0)
        throw new Error(`the database has migrations this version of Urbis does not know: ${unknown.join(', ')}`);
      const pending = names.filter((name) => !done.has(name));
      const latestDone = [...done].sort().pop();
      const early = pending.filter((name) => latestDone !== undefined && name < latestDone);
      if (early.length > 0)
        throw new Error(
          `migrations ${early.join(', ')} sort before ${latestDone}, ` +
            'which is applied already: rename them so that they come last',
        );
      for (const name of pending) {
        await conn.transaction().execute(async (trx) => {
          await migrations[name]!.up(trx, dialect);
          await trx.insertInto('urbis_migration').values({ name, applied_at: new Date().toISOString() }).execute();
        });
      }
      // Every table pages may show, a new one included, moves the data version (data-version.ts).
      await ensureDataVersion(conn, dialect);
      return { applied: pending };
    } finally {
      if (dialect.name === 'postgres') await sql`select pg_advisory_unlock(${POSTGRES_LOCK_KEY})`.execute(conn);
    }
  });
}
