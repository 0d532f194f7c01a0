import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import pg from 'pg';
import { collectMigrations } from '../../app.js';
import { connectDatabase, type DatabaseHandle } from '../../core/db/connect.js';
import { migrateToLatest } from '../../core/db/migrator.js';
import { registeredModules } from '../../modules.js';
import { forEachEngine, type Engine } from '../../../test/helpers/app.js';

const CLAIMS = '20261206104000_organisations_claims';

/** An empty database of its own, not migrated yet (SQLite in memory, or a PostgreSQL schema). */
async function emptyDatabase(engine: Engine): Promise<DatabaseHandle & { drop(): Promise<void> }> {
  if (engine === 'sqlite') {
    const handle = connectDatabase(':memory:');
    return { ...handle, drop: () => handle.close() };
  }
  const url = process.env.TEST_DATABASE_URL!;
  const schema = `urbis_t_${randomBytes(6).toString('hex')}`;
  const run = async (query: string) => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query(query);
    await client.end();
  };
  await run(`create schema ${schema}`);
  const handle = connectDatabase(url, { searchPath: schema, poolSize: 2 });
  return {
    ...handle,
    async drop() {
      await handle.close();
      await run(`drop schema if exists ${schema} cascade`);
    },
  };
}

forEachEngine('organisations: the claims migration', (engine) => {
  test('affiliations made before claims were checked are confirmed; organisations are approved', async (t) => {
    const handle = await emptyDatabase(engine);
    t.after(() => handle.drop());
    const { db, dialect } = handle;
    const all = collectMigrations(registeredModules);
    const before = Object.fromEntries(Object.entries(all).filter(([name]) => name < CLAIMS));
    await migrateToLatest(db, dialect, before);

    const now = new Date().toISOString();
    const user = await db
      .insertInto('users')
      .values({
        email: 'old@example.eu',
        handle: 'old-timer',
        display_name: 'Old Timer',
        password_hash: 'x',
        created_at: now,
      } as never)
      .returning('id')
      .executeTakeFirstOrThrow();
    const org = await db
      .insertInto('organisations')
      .values({ slug: 'oulu', name: 'Oulu', sort_key: 'oulu', kind: 'city', created_at: now, updated_at: now } as never)
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('people_affiliations')
      .values({ user_id: user.id, organisation_id: org.id, role_title: null, position: 0 })
      .execute();

    const { applied } = await migrateToLatest(db, dialect, all);
    assert.ok(applied.includes(CLAIMS));
    const claims = await db
      .selectFrom('organisation_claims')
      .select(['user_id', 'organisation_id', 'status'])
      .execute();
    assert.deepEqual(claims, [{ user_id: user.id, organisation_id: org.id, status: 'confirmed' }]);
    const organisation = await db
      .selectFrom('organisations')
      .select(['status', 'proposed_by'])
      .executeTakeFirstOrThrow();
    assert.deepEqual(organisation, { status: 'approved', proposed_by: null });
  });
});
