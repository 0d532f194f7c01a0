import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { holdsWord } from './search-index.js';
import { folded, snippetOf } from './text.js';

describe('folded', () => {
  it('takes diacritics and case away, in ASCII and beyond', () => {
    assert.equal(folded('Životní PROSTŘEDÍ'), 'zivotni prostredi');
    assert.equal(folded('Digital Cities 2030'), 'digital cities 2030');
    assert.equal(folded('Ελλάδα'), 'ελλαδα');
    assert.equal(folded(''), '');
  });
});

describe('holdsWord', () => {
  // What the rank asked before: the folded text split into words, each compared whole (the last as a prefix).
  const bySplitting = (text: string, word: string, prefix: boolean) =>
    (text.match(/[\p{L}\p{N}]+/gu) ?? []).some((t) => (prefix ? t.startsWith(word) : t === word));

  it('finds whole words, and a prefix only where asked', () => {
    assert.equal(holdsWord('digital cities', 'digital', false), true);
    assert.equal(holdsWord('digitalisation of cities', 'digital', false), false);
    assert.equal(holdsWord('digitalisation of cities', 'digital', true), true);
    assert.equal(holdsWord('predigital age', 'digital', true), false);
    assert.equal(holdsWord('e-digital', 'digital', false), true);
    assert.equal(holdsWord('2030digital', 'digital', true), false, 'a digit is part of a word');
    assert.equal(holdsWord('mesto mesto2', 'mesto2', false), true, 'a later occurrence');
    assert.equal(holdsWord('', 'a', true), false);
    assert.equal(holdsWord('abc', '', true), false);
  });

  it('reads a letter beyond the Basic Multilingual Plane as one letter', () => {
    // U+10400 (Deseret) is a letter written as two code units.
    assert.equal(holdsWord('\u{10400}digital', 'digital', true), false);
    assert.equal(holdsWord('digital\u{10400}', 'digital', false), false);
    assert.equal(holdsWord('\u{1F600}digital', 'digital', false), true, 'an emoji is no letter');
  });

  it('says what splitting the text into words says', () => {
    const texts = [
      'Call for partners: local food markets',
      'Progress report — digital skills for older residents (2026)',
      'Setkání v Lucemburku: městská zeleň a voda',
      'partnerships partner partners,partner.partner',
      'a-b_c d1e 1d2 ěšč',
    ].map(folded);
    const words = ['partner', 'partners', 'digital', 'mesta', 'mestska', 'a', 'b', 'c', 'd1e', '1d2', 'esc', 'zelen'];
    for (const text of texts)
      for (const word of words)
        for (const prefix of [false, true])
          assert.equal(
            holdsWord(text, word, prefix),
            bySplitting(text, word, prefix),
            `${word} in ${text} (${prefix})`,
          );
  });
});

describe('snippetOf', () => {
  it('marks every matching word of the passage, the same word each time', () => {
    const parts = snippetOf('Digital cities, digital towns and DIGITAL villages', ['digital']);
    assert.deepEqual(
      parts.filter((p) => p.mark).map((p) => p.text),
      ['Digital', 'digital', 'DIGITAL'],
    );
  });
});
