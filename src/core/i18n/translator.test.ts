import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { coreModule } from '../core-module.js';
import { mergeCatalogs, missingKeys } from './catalogs.js';
import { createTranslators, type Translator } from './translator.js';

function translators(timeZone = 'Europe/Brussels'): Map<string, Translator> {
  return createTranslators(coreModule.messages ?? {}, ['en', 'cs'], timeZone);
}
const get = (map: Map<string, Translator>, locale: string): Translator => {
  const translator = map.get(locale);
  assert.ok(translator, `a translator for ${locale}`);
  return translator;
};

describe('translation', () => {
  test('Czech plurals pick the one, few and other forms in a real message', () => {
    const cs = get(translators(), 'cs');
    assert.equal(cs.t('core.form.errorSummary', { count: 1 }), 'Vyskytl se problém');
    assert.equal(cs.t('core.form.errorSummary', { count: 3 }), 'Vyskytly se 3 problémy');
    assert.equal(cs.t('core.form.errorSummary', { count: 5 }), 'Vyskytlo se 5 problémů');
    // English has only one and other.
    const en = get(translators(), 'en');
    assert.equal(en.t('core.form.errorSummary', { count: 1 }), 'There is a problem');
    assert.equal(en.t('core.form.errorSummary', { count: 3 }), 'There are 3 problems');
  });

  test('English dates read the EU way: day, month, year and a 24-hour clock', () => {
    const en = get(translators(), 'en');
    assert.equal(en.dateTime('2019-03-12T15:39:00Z'), '12 March 2019, 16:39');
    assert.equal(en.date('2019-03-12T15:39:00Z'), '12 March 2019');
    assert.equal(en.date('2019-03-12T15:39:00Z', 'short'), '12/03/2019');
    assert.equal(en.dateTime('2019-03-12T15:39:00Z', 'long'), 'Tuesday, 12 March 2019, 16:39');
  });

  test('a date is written the Czech way, in the platform time zone (Brussels), summer and winter', () => {
    const cs = get(translators(), 'cs');
    // 22:30 UTC on 30 June is already 1 July, 00:30 in Brussels (UTC+2 in summer).
    assert.equal(cs.date('2026-06-30T22:30:00Z', 'short'), '1. 7. 2026');
    assert.equal(cs.date('2026-06-30T22:30:00Z', 'long'), 'st 1. července 2026');
    assert.match(cs.dateTime('2026-06-30T22:30:00Z'), /^1\. 7\. 2026\D+00:30$/);
    // In winter Brussels is UTC+1.
    assert.match(cs.dateTime('2026-01-15T12:05:00Z'), /^15\. 1\. 2026\D+13:05$/);
  });

  test('the same instant reads differently in another platform time zone', () => {
    const cs = get(translators('America/New_York'), 'cs');
    assert.equal(cs.date('2026-06-30T22:30:00Z', 'short'), '30. 6. 2026');
  });

  test('numbers use the reader’s separators', () => {
    assert.equal(get(translators(), 'cs').number(1234.5).replace(/\s/g, ' '), '1 234,5');
    assert.equal(get(translators(), 'en').number(1234.5), '1,234.5');
  });

  test('a key missing in Czech falls back to English instead of showing the key', () => {
    const map = createTranslators({ en: { 'x.hello': 'Hello {name}' }, cs: {} }, ['en', 'cs'], 'Europe/Brussels');
    assert.equal(get(map, 'cs').t('x.hello', { name: 'Ada' }), 'Hello Ada');
  });
});

describe('catalogs', () => {
  test('a key defined by two modules is refused, naming both', () => {
    assert.throws(
      () =>
        mergeCatalogs([
          { source: 'one', catalogs: { en: { 'shared.key': 'A' } } },
          { source: 'two', catalogs: { en: { 'shared.key': 'B' } } },
        ]),
      /shared\.key.*one.*two/,
    );
  });

  test('missingKeys lists what a language lacks, by module', () => {
    const parts = [{ source: 'demo', catalogs: { en: { 'demo.a': 'A', 'demo.b': 'B' }, cs: { 'demo.a': 'A' } } }];
    assert.deepEqual(missingKeys(parts, 'cs'), ['demo: demo.b']);
    assert.deepEqual(missingKeys(parts, 'en'), []);
  });
});
