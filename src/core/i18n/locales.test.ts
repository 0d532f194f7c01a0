import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { EU_LANGUAGES, isEuLanguage, nativeLanguageName, negotiateLanguage } from './locales.js';

const OFFERED = ['en', 'cs'];

describe('Accept-Language negotiation', () => {
  const cases: [header: string | undefined, expected: string | null, why: string][] = [
    ['cs', 'cs', 'an exact tag'],
    ['cs-CZ', 'cs', 'a region falls back to its language'],
    ['CS-cz', 'cs', 'tags are case-insensitive'],
    ['en-GB,en;q=0.9', 'en', 'English with a region'],
    ['cs-CZ,cs;q=0.9,en;q=0.8', 'cs', 'what a Czech browser sends'],
    ['en;q=0.5, cs;q=0.9', 'cs', 'the higher quality wins, whatever the order'],
    ['de-AT, de;q=0.9, cs;q=0.4, en;q=0.3', 'cs', 'languages not offered are passed over'],
    ['en, cs', 'en', 'equal quality keeps the order of the header'],
    ['cs;q=0, en', 'en', 'q=0 means "not this one"'],
    ['cs;q=0', null, 'nothing acceptable is left'],
    ['de, fr;q=0.8', null, 'no offered language is acceptable'],
    ['*', null, 'a wildcard names no language: the caller uses its default'],
    [undefined, null, 'no header'],
    ['', null, 'an empty header'],
    [';;;,,,', null, 'garbage'],
    ['cs;q=abc', null, 'an unreadable quality counts as 0'],
    ['q=1', null, 'a parameter without a tag'],
    ['\u{1F4A9}, ;q=1, -', null, 'nonsense characters'],
    ['x'.repeat(5000), null, 'a very long tag'],
  ];
  for (const [header, expected, why] of cases) {
    test(`${JSON.stringify(header)} → ${expected ?? 'no match'} (${why})`, () => {
      assert.equal(negotiateLanguage(header, OFFERED), expected);
    });
  }

  test('a region is matched exactly when the region itself is offered', () => {
    assert.equal(negotiateLanguage('pt-BR, pt;q=0.9', ['en', 'pt', 'pt-br']), 'pt-br');
  });
});

describe('language names', () => {
  test('each language is named in itself, capitalised', () => {
    assert.equal(nativeLanguageName('cs'), 'Čeština');
    assert.equal(nativeLanguageName('en'), 'English');
    assert.equal(nativeLanguageName('de'), 'Deutsch');
  });

  test('the 24 official EU languages are known, and nothing else', () => {
    assert.equal(EU_LANGUAGES.length, 24);
    assert.ok(isEuLanguage('ga'));
    assert.ok(!isEuLanguage('xx'));
    assert.ok(!isEuLanguage('no'));
  });
});
