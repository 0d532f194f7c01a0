// The site-wide rate limit and a route's own (core/http/rate-limit.ts).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { WindowCounter } from '../src/core/http/rate-limit.js';

test('a window counts requests per key up to the limit, then says how many seconds to wait, and starts again', () => {
  let now = 1_000_000;
  const counter = new WindowCounter(() => now);
  for (let i = 0; i < 3; i++) assert.equal(counter.hit('1.2.3.4', 3, 60_000), 0);
  assert.equal(counter.hit('1.2.3.4', 3, 60_000), 60, 'the fourth waits for the window to end');
  assert.equal(counter.hit('5.6.7.8', 3, 60_000), 0, 'another address has a count of its own');
  now += 59_500;
  assert.equal(counter.hit('1.2.3.4', 3, 60_000), 1, 'never less than a second');
  now += 500;
  assert.equal(counter.hit('1.2.3.4', 3, 60_000), 0, 'a new window');
});
