import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { buildInputs, sourceStamp } from '../scripts/source-stamp.mjs';

/**
 * bin/urbis.mjs runs dist/ only while src/ has the fingerprint the build saw; these are the
 * changes that must make it fall back to src/, and those that must not.
 */
test('the source stamp changes with every edit, new or deleted file of src/, and not with tests', (t) => {
  const root = mkdtempSync(path.join(tmpdir(), 'urbis-stamp-'));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const write = (file: string, text: string) => {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  };
  write('tsconfig.json', '{}');
  write('scripts/build.mjs', '');
  write('src/cli.ts', 'export {};');
  write('src/core/views/Page.tsx', 'export {};');
  write('src/core/locales/en.json', '{}');
  write('src/core/core.test.ts', '');
  write('src/modules/site/README.md', '');
  assert.deepEqual(buildInputs(root), ['cli.ts', 'core/locales/en.json', 'core/views/Page.tsx']);

  let stamp = sourceStamp(root);
  const changes = (what: string, change: () => void, expected: boolean) => {
    change();
    const now = sourceStamp(root);
    assert.equal(now !== stamp, expected, what);
    stamp = now;
  };
  changes('nothing', () => {}, false);
  changes('a test', () => write('src/core/core.test.ts', 'x'), false);
  changes('a README', () => write('src/modules/site/README.md', 'x'), false);
  changes('an edit of the same size', () => utimesSync(path.join(root, 'src/cli.ts'), 1, 1), true);
  changes('an edit', () => write('src/cli.ts', 'export const x = 1;'), true);
  changes('a catalog', () => write('src/core/locales/en.json', '{"a":"b"}'), true);
  changes('a new file', () => write('src/core/new.ts', ''), true);
  changes('a deleted file', () => rmSync(path.join(root, 'src/core/new.ts')), true);
  changes('the TypeScript settings', () => write('tsconfig.json', '{ }'), true);
});
