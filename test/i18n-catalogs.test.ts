import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type MessageFormatElement, parse, TYPE } from '@formatjs/icu-messageformat-parser';
import { createIntl, createIntlCache } from '@formatjs/intl';
import { allModules, interfaceLanguages } from '../src/app.js';

/**
 * The catalog check: every module ships, for every interface language, exactly the keys
 * that its English catalog has, each a valid ICU message with the same arguments. A module
 * that adds an English message without its Czech twin fails here.
 */
const modules = allModules();
const languages = interfaceLanguages(modules);

type ArgumentKind = 'text' | 'number' | 'date' | 'select' | 'tag';

/** The arguments a message uses, by name, with what kind of value each needs. */
function argumentsOf(
  elements: MessageFormatElement[],
  into = new Map<string, ArgumentKind>(),
): Map<string, ArgumentKind> {
  for (const element of elements) {
    switch (element.type) {
      case TYPE.argument:
        if (!into.has(element.value)) into.set(element.value, 'text');
        break;
      case TYPE.number:
      case TYPE.plural:
        into.set(element.value, 'number');
        break;
      case TYPE.date:
      case TYPE.time:
        into.set(element.value, 'date');
        break;
      case TYPE.select:
        into.set(element.value, 'select');
        break;
      case TYPE.tag:
        into.set(element.value, 'tag');
        argumentsOf(element.children, into);
        break;
      default:
        break;
    }
    if (element.type === TYPE.plural || element.type === TYPE.select) {
      for (const option of Object.values(element.options)) argumentsOf(option.value, into);
    }
  }
  return into;
}

/** Values that exercise a message: each plural count in turn, each select option in turn. */
function sampleValues(args: Map<string, ArgumentKind>, variant: number): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const [name, kind] of args) {
    if (kind === 'number') values[name] = [0, 1, 2, 5, 1.5, 22][variant % 6];
    else if (kind === 'date') values[name] = new Date('2026-11-27T10:00:00Z');
    else if (kind === 'tag') values[name] = (chunks: string[]) => chunks.join('');
    else values[name] = variant % 2 === 0 ? 'sample' : '404';
  }
  return values;
}

test('there is more than one interface language, English first', () => {
  assert.equal(languages[0], 'en');
  assert.ok(languages.includes('cs'), `languages: ${languages.join(', ')}`);
});

for (const module of modules) {
  describe(`the ${module.id} module's catalogs`, () => {
    const english = module.messages?.en ?? {};

    test('English is there, every key starts with the module id, every message is text', () => {
      if (!module.messages) return;
      assert.ok(Object.keys(english).length > 0, 'an English catalog with messages');
      for (const [locale, messages] of Object.entries(module.messages)) {
        for (const [key, text] of Object.entries(messages)) {
          assert.ok(key.startsWith(`${module.id}.`), `${locale}: ${key} starts with "${module.id}."`);
          assert.equal(typeof text, 'string', `${locale}: ${key} is a string`);
          assert.notEqual(text.trim(), '', `${locale}: ${key} is not empty`);
        }
      }
    });

    for (const locale of languages) {
      test(`${locale}: no key missing, no key extra, each a valid ICU message that formats`, () => {
        const catalog = module.messages?.[locale] ?? {};
        const missing = Object.keys(english).filter((key) => !(key in catalog));
        const extra = Object.keys(catalog).filter((key) => !(key in english));
        assert.deepEqual(missing, [], `${module.id} (${locale}) lacks: ${missing.join(', ')}`);
        assert.deepEqual(extra, [], `${module.id} (${locale}) has keys English does not: ${extra.join(', ')}`);

        const problems: string[] = [];
        const intl = createIntl(
          {
            locale,
            timeZone: 'Europe/Brussels',
            messages: catalog,
            onError: (error) => problems.push(String(error.message)),
          },
          createIntlCache(),
        );
        for (const [key, text] of Object.entries(catalog)) {
          let elements: MessageFormatElement[];
          try {
            elements = parse(text);
          } catch (error) {
            problems.push(`${key}: does not parse: ${(error as Error).message}`);
            continue;
          }
          const args = argumentsOf(elements);
          const englishArgs = argumentsOf(parse(english[key] ?? ''));
          const same =
            [...englishArgs].every(([name, kind]) => args.get(name) === kind) && args.size === englishArgs.size;
          if (!same) {
            problems.push(
              `${key}: uses {${[...args.keys()].join(', ')}}, English uses {${[...englishArgs.keys()].join(', ')}}`,
            );
          }
          for (let variant = 0; variant < 6; variant++) {
            const before = problems.length;
            const out = intl.formatMessage({ id: key }, sampleValues(args, variant) as Record<string, string>);
            if (typeof out !== 'string' || out === key) problems.push(`${key}: formats to ${String(out)}`);
            if (problems.length > before) break;
          }
        }
        assert.deepEqual(problems, []);
      });
    }
  });
}

test('the check itself catches a missing key and a broken message', () => {
  // The same comparison as above on a deliberately broken pair of catalogs.
  const en = { 'demo.a': 'A {count, plural, one {#} other {#}}', 'demo.b': 'B' };
  const cs: Record<string, string> = { 'demo.a': 'A {count, plural, one {#}' };
  assert.deepEqual(
    Object.keys(en).filter((key) => !(key in cs)),
    ['demo.b'],
  );
  assert.throws(() => parse(cs['demo.a'] ?? ''));
  assert.deepEqual(
    [...argumentsOf(parse('{n, plural, one {<b>{name}</b>} other {x}} {when, date}')).entries()],
    [
      ['n', 'number'],
      ['b', 'tag'],
      ['name', 'text'],
      ['when', 'date'],
    ],
  );
});
