import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { algorithms } from 'snowball-stemmers';
import { stemmerLanguages, stemOf, stemsOf } from './stem.js';

describe('stemmerLanguages', () => {
  it('names an algorithm of the library for each language, never the old Porter one', () => {
    const known = algorithms();
    for (const [lang, algorithm] of Object.entries(stemmerLanguages)) {
      assert.match(lang, /^[a-z]{2}$/);
      assert.ok(known.includes(algorithm), `${lang}: ${algorithm}`);
      assert.notEqual(algorithm, 'porter');
    }
    assert.equal(stemmerLanguages.cs, 'czech');
    assert.equal(stemmerLanguages.en, 'english');
  });

  it('leaves out the languages without a stemmer', () => {
    for (const lang of ['bg', 'hr', 'et', 'el', 'lv', 'lt', 'mt', 'pl', 'sk']) {
      assert.equal(Object.hasOwn(stemmerLanguages, lang), false, lang);
    }
  });
});

describe('stemOf', () => {
  it('gives English plural and singular one stem', () => {
    assert.equal(stemOf('cities', 'en'), 'citi');
    assert.equal(stemOf('city', 'en'), stemOf('cities', 'en'));
    assert.equal(stemOf('Cities', 'en'), 'citi');
  });

  it('gives Czech cases one stem, folded without diacritics', () => {
    const stem = stemOf('zastupitelstvo', 'cs');
    assert.equal(stem, 'zastupitelstv');
    for (const word of ['zastupitelstva', 'zastupitelstvu', 'zastupitelstvech']) {
      assert.equal(stemOf(word, 'cs'), stem, word);
    }
    assert.equal(stemOf('životního', 'cs'), 'zivotn');
    assert.equal(stemOf('životní', 'cs'), 'zivotn');
    assert.equal(stemOf('ŽIVOTNÍHO', 'cs'), 'zivotn');
    assert.equal(stemOf('města', 'cs'), 'mest');
    assert.equal(stemOf('město', 'cs'), 'mest');
  });

  it('takes a word in NFD as in NFC', () => {
    assert.equal(stemOf('životního'.normalize('NFD'), 'cs'), 'zivotn');
  });

  it('folds a German stem', () => {
    assert.equal(stemOf('Städte', 'de'), 'stadt');
    assert.equal(stemOf('städtischen', 'de'), 'stadtisch');
  });

  it('is null when the stem is the word itself', () => {
    assert.equal(stemOf('Stadt', 'de'), null);
    assert.equal(stemOf('the', 'en'), null);
    assert.equal(stemOf('2024', 'en'), null);
  });

  it('is null for a stem shorter than two characters', () => {
    assert.equal(stemOf('a', 'en'), null);
    assert.equal(stemOf('', 'en'), null);
  });

  it('is null for a language without a stemmer', () => {
    assert.equal(stemOf('cities', 'xx'), null);
    assert.equal(stemOf('miasta', 'pl'), null);
    assert.equal(stemOf('cities', ''), null);
    assert.equal(stemOf('cities', 'toString'), null);
    assert.equal(stemOf('cities', '__proto__'), null);
  });

  it('does not stem a word longer than any real one', () => {
    const started = performance.now();
    assert.equal(stemOf('städte'.repeat(20_000), 'de'), null);
    assert.ok(performance.now() - started < 1000);
  });
});

describe('stemsOf', () => {
  it('gives the distinct stems in the order they are first seen', () => {
    assert.deepEqual(stemsOf('Cities, city; CITIES. The running runs.', 'en'), ['citi', 'run']);
  });

  it('gives at most max stems', () => {
    const text = 'cities running houses partnerships meetings';
    assert.deepEqual(stemsOf(text, 'en', 2), ['citi', 'run']);
    assert.deepEqual(stemsOf(text, 'en', 0), []);
    assert.equal(stemsOf(text, 'en').length, 5);
  });

  it('gives none for a language without a stemmer', () => {
    assert.deepEqual(stemsOf('cities and towns', 'xx'), []);
    assert.deepEqual(stemsOf('miasta i wsie', 'pl'), []);
  });

  it('folds Czech stems', () => {
    assert.deepEqual(stemsOf('Zastupitelstvo města a zastupitelstva životního prostředí', 'cs'), [
      'zastupitelstv',
      'mest',
      'zivotn',
      'prostred',
    ]);
  });

  it('takes control characters, emoji and broken surrogates without throwing', () => {
    const text = 'cities\u0000towns \u0007\u001bruns 😀😀 emoji😀s \uD800x \uDFFF \u202Ehouses\u202C';
    assert.deepEqual(stemsOf(text, 'en'), ['citi', 'town', 'run', 'hous']);
    assert.deepEqual(stemsOf('\u0000\u0001😀', 'cs'), []);
    assert.equal(stemOf('\u0000', 'en'), null);
    assert.equal(stemOf('😀', 'en'), null);
  });
});
