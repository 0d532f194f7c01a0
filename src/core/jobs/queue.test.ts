import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createLogger } from '../logger.js';
import { forEachEngine, openTestDatabase } from '../../../test/helpers/app.js';
import { enqueueJob, JobRunner } from './queue.js';

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
});
