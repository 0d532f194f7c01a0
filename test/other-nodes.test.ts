// Hearing the other nodes (core/db/other-nodes.ts): one listening connection per database handle on
// PostgreSQL, however many apps watch through it, closed when the last of them closes.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import pg from 'pg';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/core/config.js';
import { createLogger } from '../src/core/logger.js';
import { forEachEngine, openTestDatabase } from './helpers/app.js';

forEachEngine('other nodes', (engine) => {
  test('two apps on one handle share one listening connection; it closes with the last', async (t) => {
    const database = await openTestDatabase(engine);
    t.after(() => database.drop());
    const config = loadConfig({ URBIS_DATA_DIR: '/tmp/urbis-other-nodes', URBIS_SECRET: 'x'.repeat(40) });
    const log = createLogger('silent');
    const listening = async () => {
      if (engine === 'sqlite') return null;
      const client = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
      await client.connect();
      const { rows } = await client.query<{ n: number }>(
        'select count(*)::int as n from pg_stat_activity where application_name = $1',
        [`urbis listen ${database.schema}`],
      );
      await client.end();
      return rows[0]!.n;
    };
    const a = await buildApp({ config, database, logger: log });
    const b = await buildApp({ config, database, logger: log });
    if (engine === 'postgres') assert.equal(await listening(), 1, 'one connection listens for both');
    await a.app.close();
    if (engine === 'postgres') assert.equal(await listening(), 1, 'still listening for the other');
    await b.app.close();
    if (engine === 'postgres') assert.equal(await listening(), 0, 'closed with the last');
  });
});
