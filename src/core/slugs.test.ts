// Slugs from titles: ASCII, accents dropped, hyphens between words, cut to length, a fallback when
// nothing is left, and the first free one of base, base-2, base-3 … (never `new`).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { firstFreeSlug, slugOf } from './slugs.js';

test('a slug from a title', () => {
  assert.equal(slugOf('Otevřená data v malém městě: kde začít', 'x'), 'otevrena-data-v-malem-meste-kde-zacit');
  assert.equal(slugOf('  --Žluťoučký kůň--  ', 'x'), 'zlutoucky-kun');
  assert.equal(slugOf('Ελληνικά', 'lesson'), 'lesson', 'nothing left: the fallback');
  assert.equal(slugOf('a'.repeat(50) + ' ' + 'b'.repeat(50), 'x', 52), `${'a'.repeat(50)}-b`);
  assert.equal(slugOf('a'.repeat(51) + ' b', 'x', 52), 'a'.repeat(51), 'no hyphen at the end after the cut');
});

test('the first free slug', () => {
  assert.equal(firstFreeSlug('open-data', new Set()), 'open-data');
  assert.equal(firstFreeSlug('open-data', new Set(['open-data', 'open-data-2'])), 'open-data-3');
  assert.equal(firstFreeSlug('new', new Set()), 'new-2', 'new names a form');
});
