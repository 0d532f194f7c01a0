// The attack lists of test/corpora/ (byte-for-byte copies of public lists, see its SOURCES.md), for the tests
// that try them against Urbis. Every test finds them through CORPORA.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The folder of the attack lists, with a trailing separator. */
export const CORPORA = fileURLToPath(new URL('../corpora/', import.meta.url));

/** Every payload list under a folder or file whose name says XSS, relative to the corpora. */
export function xssLists(dir = CORPORA): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) return xssLists(full);
      const relative = path.relative(CORPORA, full);
      return /\.(txt|lst)$/.test(entry.name) && /xss/i.test(relative) ? [relative] : [];
    })
    .sort();
}

/**
 * A list's strings as SOURCES.md says to read them: UTF-8, split on \n, a trailing \r stripped, empty lines skipped.
 */
export const stringsOf = (file: string): string[] =>
  readFileSync(path.join(CORPORA, file), 'utf8')
    .split('\n')
    .map((line) => line.replace(/\r$/, ''))
    .filter((line) => line.trim() !== '');

/** The strings of some lists, each once (the lists overlap), in list order. */
export const uniqueStrings = (lists: readonly string[]): string[] => [...new Set(lists.flatMap(stringsOf))];

/** Whether a list is one of polyglots (payloads meant to run in many contexts at once). */
export const isPolyglotList = (file: string): boolean => /polyglot/i.test(path.basename(file));

/** A string as fields of at most `max` characters can hold it: whole, or its start and its end. */
export const fit = (text: string, max: number): string[] =>
  text.length <= max ? [text] : [text.slice(0, max), text.slice(-max)];

/** A tags field (comma-separated labels of at most 200 characters) that carries all of a string. */
export const tagsFieldOf = (text: string): string =>
  text
    .split(',')
    .flatMap((part) => fit(part.trim(), 200))
    .join(',');
