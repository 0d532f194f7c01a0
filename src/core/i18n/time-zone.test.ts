import assert from 'node:assert/strict';
import { test } from 'node:test';
import { instantFromForm, wallTimeIn, wallTimeOf } from './time-zone.js';

test('a wall-clock time in a zone and back, on both sides of summer time', () => {
  // Brussels: UTC+1 in winter, UTC+2 in summer.
  assert.equal(wallTimeIn('2019-03-12T16:39', 'Europe/Brussels').toISOString(), '2019-03-12T15:39:00.000Z');
  assert.equal(wallTimeIn('2019-07-12T16:39', 'Europe/Brussels').toISOString(), '2019-07-12T14:39:00.000Z');
  assert.equal(wallTimeOf('2019-03-12T15:39:00.000Z', 'Europe/Brussels'), '2019-03-12T16:39');
  assert.equal(wallTimeOf('2019-07-12T14:39:00.000Z', 'Europe/Brussels'), '2019-07-12T16:39');
  assert.equal(wallTimeOf('2019-03-12T23:30:00.000Z', 'Europe/Helsinki'), '2019-03-13T01:30');
  for (const local of ['2026-01-01T00:00', '2026-10-25T12:00', '2030-03-12T16:39'])
    assert.equal(wallTimeOf(wallTimeIn(local, 'Europe/Prague').toISOString(), 'Europe/Prague'), local);
  assert.ok(Number.isNaN(wallTimeIn('12/03/2019 16:39', 'Europe/Brussels').getTime()));
  assert.equal(instantFromForm('2019-03-12T16:39Z', 'Europe/Brussels').toISOString(), '2019-03-12T16:39:00.000Z');
});
