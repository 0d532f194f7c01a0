// The rate limit holds for the whole site, whichever node a request reaches (core/http/rate-limit.ts).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DatabaseRateStore, SharedWindow, type RateStore } from '../src/core/http/rate-limit.js';
import { buildTestApp, forEachEngine, openTestDatabase } from './helpers/app.js';
import { twoNodes } from './support/nodes.js';

/** A store in memory, as the database would keep it. */
function memoryStore(): RateStore & { rows: Map<string, number> } {
  const rows = new Map<string, number>();
  return {
    rows,
    async add(start, counts) {
      const totals = new Map<string, number>();
      for (const [key, count] of counts) {
        const total = (rows.get(`${start} ${key}`) ?? 0) + count;
        rows.set(`${start} ${key}`, total);
        totals.set(key, total);
      }
      return totals;
    },
    async sweep() {},
  };
}

test('one node: a window counts requests per key up to the limit, says how long to wait, and starts again', () => {
  let now = 1_020_000;
  const window = new SharedWindow(memoryStore(), 60_000, () => now);
  for (let i = 0; i < 3; i++) assert.equal(window.hit('1.2.3.4', 3), 0);
  assert.equal(window.hit('1.2.3.4', 3), 60, 'the fourth waits for the window to end');
  assert.equal(window.hit('5.6.7.8', 3), 0, 'another address has a count of its own');
  now += 59_500;
  assert.equal(window.hit('1.2.3.4', 3), 1, 'never less than a second');
  now += 500;
  assert.equal(window.hit('1.2.3.4', 3), 0, 'a new window');
});

test('two nodes: the limit holds for the site once they have exchanged their counts', async () => {
  const now = 1_020_000;
  const store = memoryStore();
  const a = new SharedWindow(store, 60_000, () => now);
  const b = new SharedWindow(store, 60_000, () => now);
  for (let i = 0; i < 6; i++) assert.equal(a.hit('1.2.3.4', 10), 0);
  for (let i = 0; i < 3; i++) assert.equal(b.hit('1.2.3.4', 10), 0);
  await a.exchange();
  await b.exchange();
  assert.equal(store.rows.get(`${now - (now % 60_000)} 1.2.3.4`), 9, 'the store holds both nodes\u2019 counts');
  assert.equal(b.hit('1.2.3.4', 10), 0, 'the tenth, on B, is still allowed');
  assert.ok(b.hit('1.2.3.4', 10) > 0, 'the eleventh, on B, is refused: B knows of A\u2019s six');
  await a.exchange();
  assert.equal(a.hit('1.2.3.4', 10), 0, 'A learns nothing new until B sends');
  await b.exchange();
  await a.exchange();
  assert.ok(a.hit('1.2.3.4', 10) > 0, 'and then refuses too');
});

forEachEngine('rate limit store', (engine) => {
  test('the database adds counts atomically, per key and window, and forgets old windows', async (t) => {
    const database = await openTestDatabase(engine);
    t.after(() => database.drop());
    const store = new DatabaseRateStore(database.db);
    const many = await Promise.all(Array.from({ length: 20 }, () => store.add(60_000, new Map([['k', 1]]))));
    const totals = many.map((m) => m.get('k')).sort((x, y) => x! - y!);
    assert.deepEqual(
      totals,
      Array.from({ length: 20 }, (_, i) => i + 1),
      'twenty at once: each saw its own total',
    );
    assert.equal((await store.add(120_000, new Map([['k', 2]]))).get('k'), 2, 'a new window starts again');
    await store.sweep(120_000);
    const rows = await database.db.selectFrom('core_rate_limits').selectAll().execute();
    assert.deepEqual(
      rows.map((r) => [r.key, Number(r.window_start), r.count]),
      [['k', 120_000, 2]],
    );
  });
});

/** Windows are aligned on the clock: a test that needs one window to itself starts early in one. */
async function earlyInAMinute(seconds: number): Promise<void> {
  const into = Date.now() % 60_000;
  if (into > 60_000 - seconds * 1000) await new Promise((resolve) => setTimeout(resolve, 60_000 - into + 50));
}

forEachEngine('rate limits across nodes', (engine) => {
  test('a route\u2019s own limit counts the requests of one address on every node', async (t) => {
    const { a, b } = await twoNodes(engine, t);
    await earlyInAMinute(15);
    const ask = (node: typeof a) =>
      node.app.inject({
        method: 'POST',
        url: '/en/password/forgot',
        remoteAddress: '10.9.0.1',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: 'email=nobody%40example.eu',
      });
    // Five a minute: three through A, then two through B are the fourth and fifth; the sixth is refused.
    const codes: number[] = [];
    for (const node of [a, a, a, b, b, b]) codes.push((await ask(node)).statusCode);
    assert.ok(
      codes.slice(0, 5).every((code) => code !== 429),
      `the first five are counted, not refused: ${codes}`,
    );
    assert.equal(codes[5], 429, `the sixth, on the other node, is refused: ${codes}`);
    const again = await ask(a);
    assert.equal(again.statusCode, 429);
    assert.ok(Number(again.headers['retry-after']) >= 1, 'with Retry-After');
  });

  test('the site-wide limit holds across nodes once they have exchanged their counts (a second)', async (t) => {
    const { a, b } = await twoNodes(engine, t, { env: { URBIS_RATE_LIMIT: '10' } });
    const ask = (node: typeof a) => node.app.inject({ url: '/en/sign-in', remoteAddress: '10.9.0.2' });
    await earlyInAMinute(20);
    for (let i = 0; i < 6; i++) assert.notEqual((await ask(a)).statusCode, 429);
    await new Promise((resolve) => setTimeout(resolve, 2000));
    // B has not seen this address yet: its first request asks the store what the others counted
    // (at once, and in any case at its next exchange, within a second).
    const onB: number[] = [(await ask(b)).statusCode];
    await new Promise((resolve) => setTimeout(resolve, 2000));
    for (let i = 0; i < 4; i++) onB.push((await ask(b)).statusCode);
    assert.deepEqual(
      onB.map((code) => code === 429),
      [false, false, false, false, true],
      `B refuses the eleventh request of the minute: ${onB}`,
    );
  });
});

forEachEngine('rate limits behind a load balancer', (engine) => {
  test('with URBIS_TRUST_PROXY, each client behind the proxy has its own count', async (t) => {
    const urbis = await buildTestApp(t, engine, { env: { URBIS_RATE_LIMIT: '3', URBIS_TRUST_PROXY: '127.0.0.1' } });
    const ask = (client: string, from = '127.0.0.1') =>
      urbis.app.inject({ url: '/en/sign-in', remoteAddress: from, headers: { 'x-forwarded-for': client } });
    await earlyInAMinute(10);
    for (let i = 0; i < 3; i++) assert.notEqual((await ask('203.0.113.1')).statusCode, 429);
    assert.equal((await ask('203.0.113.1')).statusCode, 429, 'the fourth of one client is refused');
    assert.notEqual((await ask('203.0.113.2')).statusCode, 429, 'another client behind the same proxy is not');
    // A header from an address that is not a trusted proxy is not believed.
    for (let i = 0; i < 3; i++) await ask(`198.51.100.${i}`, '192.0.2.9');
    assert.equal((await ask('198.51.100.9', '192.0.2.9')).statusCode, 429, 'counted by the sender\u2019s own address');
  });
});
