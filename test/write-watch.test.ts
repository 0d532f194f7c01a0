// The page cache and the shared memo are emptied by every write: once it has run, and, for a
// write inside a transaction (a job's, a command's, a route's), again once the transaction
// commits, since a page rendered before the commit shows the data before it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'kysely';
import { buildTestApp, forEachEngine, openTestDatabase } from './helpers/app.js';

forEachEngine('write watch', (engine) => {
  test(
    'writes are told when they run, ' + 'and a transaction\u2019s again when it commits, not when it rolls back',
    async (t) => {
      const database = await openTestDatabase(engine);
      t.after(() => database.drop());
      const told: (string | null)[] = [];
      database.writes.onWrite((table) => told.push(table));
      const { db } = database;
      await db.insertInto('tags').values({ slug: 'outside', created_at: '2026-11-27T00:00:00.000Z' }).execute();
      assert.deepEqual(told, ['tags'], 'a write outside a transaction: once');

      told.length = 0;
      await db.transaction().execute(async (trx) => {
        await trx.insertInto('tags').values({ slug: 'inside', created_at: '2026-11-27T00:00:00.000Z' }).execute();
        await trx.selectFrom('tags').selectAll().execute();
        await sql`update tags set slug = slug where slug = 'inside'`.execute(trx);
        await sql`with t as (select 1) update tags set slug = slug where slug = 'none'`.execute(trx);
        assert.deepEqual(told, ['tags', 'tags', null], 'told as they run (raw SQL names its table; null: unknown)');
      });
      assert.deepEqual(told, ['tags', 'tags', null, 'tags', null], 'and again once committed (each table once)');

      told.length = 0;
      await assert.rejects(
        db.transaction().execute(async (trx) => {
          await trx
            .insertInto('tags')
            .values({ slug: 'rolled-back', created_at: '2026-11-27T00:00:00.000Z' })
            .execute();
          throw new Error('changed my mind');
        }),
        /changed my mind/,
      );
      assert.deepEqual(told, ['tags'], 'a transaction that rolls back is not told again');
      assert.equal((await db.selectFrom('tags').select('slug').where('slug', '=', 'rolled-back').execute()).length, 0);

      told.length = 0;
      await db.transaction().execute(async (trx) => {
        await trx.selectFrom('tags').selectAll().execute();
      });
      assert.deepEqual(told, [], 'a transaction that only reads is not told');
    },
  );

  test('raw SQL says which table it writes: the job poller empties no cache', async (t) => {
    const urbis = await buildTestApp(t, engine, { demo: true });
    const cache = urbis.app.pageCache;
    const before = cache.generation;
    await urbis.ctx.db
      .insertInto('core_jobs')
      .values({
        kind: 'nothing',
        payload: '{}',
        status: 'done',
        attempts: 0,
        run_at: '2026-01-01T00:00:00.000Z',
        created_at: '2026-01-01T00:00:00.000Z',
      })
      .execute();
    await sql`
      update core_jobs set attempts = attempts + 1
      where id = (select id from core_jobs where status = 'done' limit 1)`.execute(urbis.ctx.db);
    assert.equal(cache.generation, before, 'writes to core_jobs, raw or built, are private');
    await sql`update "news_posts" set title = title where id = 0`.execute(urbis.ctx.db);
    assert.equal(cache.generation, before + 1, 'a raw write to a table pages show empties the cache');
  });

  test('a write committed outside any request (a job) empties the page cache after the commit', async (t) => {
    const urbis = await buildTestApp(t, engine, { demo: true });
    const db = urbis.ctx.db;
    const cache = urbis.app.pageCache;
    let during = -1;
    await db.transaction().execute(async (trx) => {
      await trx
        .updateTable('news_posts')
        .set({ title: 'Renamed by a job' })
        .where('slug', '=', 'luxembourg-meeting-on-implementing-and-scaling-up-the-actions')
        .execute();
      // What a reader could render between the write and the commit belongs to this generation…
      during = cache.generation;
    });
    // …which the commit leaves behind: it is not stored, nor served.
    assert.ok(cache.generation > during, `the generation moved on at the commit (${during} → ${cache.generation})`);
    const generation = cache.generation;
    const page = await urbis.app.inject(
      '/en/partnerships/digital-transition/news/luxembourg-meeting-on-implementing-and-scaling-up-the-actions',
    );
    assert.match(page.body, /Renamed by a job/);
    assert.equal(cache.generation, generation, 'reading changes nothing');
  });
});
