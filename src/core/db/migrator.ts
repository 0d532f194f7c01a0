import { type Migration as KyselyMigration, type MigrationResultSet, Migrator } from 'kysely';
import type { AnyDb, Dialect } from './dialect.js';

/** A schema change. `up` receives the database and the dialect helpers. */
export interface Migration {
  up(db: AnyDb, dialect: Dialect): Promise<void>;
}

/**
 * Runs every module's migrations in the order of their names
 * (`<timestamp>_<module>_<what>`), each once, on SQLite or PostgreSQL alike.
 */
export async function migrateToLatest(
  db: AnyDb,
  dialect: Dialect,
  migrations: Record<string, Migration>,
  schema?: string,
): Promise<MigrationResultSet> {
  const wrapped: Record<string, KyselyMigration> = {};
  for (const [name, migration] of Object.entries(migrations)) {
    wrapped[name] = { up: (trx) => migration.up(trx, dialect) };
  }
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => wrapped },
    migrationTableName: 'urbis_migration',
    migrationLockTableName: 'urbis_migration_lock',
    // Named explicitly, or Kysely may find another schema's migration tables and skip its own.
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
  return migrator.migrateToLatest();
}
