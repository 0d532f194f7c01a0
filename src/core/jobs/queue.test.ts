import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Kysely } from 'kysely';
import type { Database } from '../db/types.js';
import { createLogger } from '../logger.js';
import { forEachEngine, openTestDatabase } from '../../../test/helpers/app.js';
import { enqueueJob, enqueueJobOnce, JOB_LEASE_MS, JobRunner, retryDelayMs } from './queue.js';

forEachEngine('job queue', (engine) => {
  test('a due job runs once with its payload and is marked done', async (t) => {
    const database = await openTestDatabase(engine);
    t.after(() => database.drop());
    const seen: unknown[] = [];
    const runner = new JobRunner(
      database.db,
      database.dialect,
      new Map([['test.record', async (p: unknown) => void seen.push(p)]]),
      createLogger('silent'),
    );
    await enqueueJob(database.db, 'test.record', { to: 'ada@example.eu', n: 2 });
    assert.equal(await runner.runDue(), 1);
    assert.equal(await runner.runDue(), 0, 'a done job does not run again');
    assert.deepEqual(seen, [{ to: 'ada@example.eu', n: 2 }]);
    const row = await database.db.selectFrom('core_jobs').selectAll().executeTakeFirstOrThrow();
    assert.equal(row.status, 'done');
  });

  test('a job due later waits, and a failing job is retried later with its error kept', async (t) => {
    const database = await openTestDatabase(engine);
    t.after(() => database.drop());
    const runner = new JobRunner(
      database.db,
      database.dialect,
      new Map([['test.fail', async () => Promise.reject(new Error('mail server refused'))]]),
      createLogger('silent'),
    );
    await enqueueJob(database.db, 'test.fail', {}, new Date(Date.now() + 3_600_000));
    assert.equal(await runner.runDue(), 0);
    await database.db
      .updateTable('core_jobs')
      .set({ run_at: new Date(Date.now() - 1000).toISOString() })
      .execute();
    assert.equal(await runner.runDue(), 1);
    const row = await database.db.selectFrom('core_jobs').selectAll().executeTakeFirstOrThrow();
    assert.equal(row.status, 'pending');
    assert.equal(row.attempts, 1);
    assert.equal(row.last_error, 'mail server refused');
    assert.ok(Date.parse(row.run_at) > Date.now(), 'the retry is scheduled in the future');
  });

  test('a job of a kind nobody handles fails instead of vanishing', async (t) => {
    const database = await openTestDatabase(engine);
    t.after(() => database.drop());
    const runner = new JobRunner(database.db, database.dialect, new Map(), createLogger('silent'));
    await enqueueJob(database.db, 'nobody.handles', {});
    await runner.runDue();
    const row = await database.db.selectFrom('core_jobs').selectAll().executeTakeFirstOrThrow();
    assert.match(row.last_error ?? '', /no handler/);
  });

  test('a job left running by a runner that died is taken again once its lease runs out, not before', async (t) => {
    const database = await openTestDatabase(engine);
    t.after(() => database.drop());
    const seen: unknown[] = [];
    const handlers = new Map([['test.record', async (p: unknown) => void seen.push(p)]]);
    // The first runner claims the job and dies in the handler (it never finishes).
    const dying = new JobRunner(
      database.db,
      database.dialect,
      new Map([['test.record', () => new Promise<void>(() => {})]]),
      createLogger('silent'),
    );
    await enqueueJob(database.db, 'test.record', { n: 1 });
    void dying.runDue(1);
    await waitFor(async () => (await statusOf(database.db)).status === 'running');
    const claimed = await statusOf(database.db);
    assert.ok(Date.parse(claimed.run_at) >= Date.now() + JOB_LEASE_MS - 60_000, 'the claim holds a lease');
    // A new process on the same database: the job is still its first runner's.
    const next = new JobRunner(database.db, database.dialect, handlers, createLogger('silent'));
    assert.equal(await next.runDue(), 0, 'a job under lease is not taken');
    await database.db
      .updateTable('core_jobs')
      .set({ run_at: new Date(Date.now() - 1000).toISOString() })
      .execute();
    assert.equal(await next.runDue(), 1, 'the lease ran out: the new runner takes it');
    assert.deepEqual(seen, [{ n: 1 }]);
    const row = await statusOf(database.db);
    assert.equal(row.status, 'done');
    assert.equal(row.attempts, 2);
  });

  test('a failing job is retried with a growing back-off, then fails for good after five attempts', async (t) => {
    const database = await openTestDatabase(engine);
    t.after(() => database.drop());
    let calls = 0;
    const runner = new JobRunner(
      database.db,
      database.dialect,
      new Map([['test.fail', async () => Promise.reject(new Error(`refused ${++calls}`))]]),
      createLogger('silent'),
    );
    await enqueueJob(database.db, 'test.fail', {});
    for (let attempt = 1; attempt <= 5; attempt++) {
      const before = Date.now();
      assert.equal(await runner.runDue(), 1);
      const row = await statusOf(database.db);
      assert.equal(row.attempts, attempt);
      assert.equal(row.last_error, `refused ${attempt}`);
      if (attempt < 5) {
        assert.equal(row.status, 'pending');
        const wait = Date.parse(row.run_at) - before;
        assert.ok(wait >= retryDelayMs(attempt) - 1000 && wait <= retryDelayMs(attempt) + 5000, `wait ${wait}`);
        assert.equal(await runner.runDue(), 0, 'not before its time');
        await database.db
          .updateTable('core_jobs')
          .set({ run_at: new Date(Date.now() - 1000).toISOString() })
          .execute();
      } else {
        assert.equal(row.status, 'failed');
        assert.ok(row.finished_at);
      }
    }
    assert.deepEqual([retryDelayMs(1), retryDelayMs(2), retryDelayMs(4)], [60_000, 240_000, 960_000]);
    await database.db
      .updateTable('core_jobs')
      .set({ run_at: new Date(Date.now() - 1000).toISOString() })
      .execute();
    assert.equal(await runner.runDue(), 0, 'a failed job is never tried again');
    assert.equal(calls, 5);
  });

  test('a job whose runner died on its last attempt fails instead of being tried for ever', async (t) => {
    const database = await openTestDatabase(engine);
    t.after(() => database.drop());
    const seen: unknown[] = [];
    const runner = new JobRunner(
      database.db,
      database.dialect,
      new Map([['test.record', async (p: unknown) => void seen.push(p)]]),
      createLogger('silent'),
    );
    await enqueueJob(database.db, 'test.record', {});
    await database.db
      .updateTable('core_jobs')
      .set({ status: 'running', attempts: 5, run_at: new Date(Date.now() - 1000).toISOString() })
      .execute();
    assert.equal(await runner.runDue(), 0);
    const row = await statusOf(database.db);
    assert.equal(row.status, 'failed');
    assert.match(row.last_error ?? '', /stopped/);
    assert.deepEqual(seen, []);
  });

  test('a job queued once per key: asking again, even after it ran, queues nothing', async (t) => {
    const database = await openTestDatabase(engine);
    t.after(() => database.drop());
    const seen: unknown[] = [];
    const runner = new JobRunner(
      database.db,
      database.dialect,
      new Map([['test.record', async (p: unknown) => void seen.push(p)]]),
      createLogger('silent'),
    );
    const asked = await Promise.all(
      Array.from({ length: 10 }, () => enqueueJobOnce(database.db, 'test.record', 'k:1', { n: 1 })),
    );
    assert.equal(asked.filter(Boolean).length, 1, 'one of ten queued it');
    assert.equal(await enqueueJobOnce(database.db, 'test.record', 'k:2', { n: 2 }), true, 'another key is another job');
    assert.equal(await runner.runDue(), 2);
    assert.equal(await enqueueJobOnce(database.db, 'test.record', 'k:1', { n: 1 }), false);
    assert.equal(await runner.runDue(), 0);
    assert.deepEqual(seen, [{ n: 1 }, { n: 2 }]);
  });
});

async function statusOf(db: Kysely<Database>) {
  return db.selectFrom('core_jobs').selectAll().orderBy('id').executeTakeFirstOrThrow();
}

async function waitFor(check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('timed out');
}
