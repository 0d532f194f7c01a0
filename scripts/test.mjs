#!/usr/bin/env node
// Runs every test file with node:test. Node 20 expands no globs and a bare --test finds no .ts
// files, so the files are listed here. They run compiled: src/ and test/ are compiled once into a
// stand-in of the project in a temporary folder (scripts/test-build.mjs), whose .js files node:test
// runs without tsx. In CI (CI=true) the report is TAP and nothing may be skipped.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildTestTree, filesUnder } from './test-build.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
process.chdir(ROOT);

const roots = ['src', 'test'];
const only = process.argv.slice(2);
const files = roots.flatMap((root) => filesUnder(ROOT, root)).filter((f) => /\.test\.tsx?$/.test(f));
// The longest files that run on both engines, each split in two files run at once, one per engine: a link
// named ….sqlite.js and one named ….postgres.js (test/helpers/app.ts's forEachEngine reads which).
const SPLIT = new Set(
  [
    'src/modules/news/news.xss.test.ts',
    'test/hostile-params.test.ts',
    'test/routes.test.ts',
    'src/modules/comments/comments.test.tsx',
    'src/modules/people/people.test.ts',
  ].map((f) => path.normalize(f)),
);
// The order of the run: node:test (Node 20) runs the files it is given in the order of their paths' names,
// whatever the order given. So the compiled tree holds a link to each file, named by its place in the run
// (run/0001-….js): the long files first (the hostile-input corpora, the browser tests, then the suites in
// test/ that go over every route), then the rest, so that the run does not end with one long file alone
// while the other worker sits idle.
const weight = (f) =>
  SPLIT.has(f) ? 3 : /\/e2e\/|\.browser\.test\./.test(f) ? 2 : /^test[\\/][^\\/]+\.test\.tsx?$/.test(f) ? 1 : 0;
files.sort((a, b) => weight(b) - weight(a) || a.localeCompare(b));
const selected = only.length ? files.filter((f) => only.some((o) => f.includes(o))) : files;
if (selected.length === 0) {
  console.error('No test files found.');
  process.exit(1);
}
const ci = process.env.CI === 'true';
if (!process.env.TEST_DATABASE_URL) console.log('# PostgreSQL tests will be skipped: TEST_DATABASE_URL is not set');
const tree = mkdtempSync(path.join(tmpdir(), 'urbis-test-tree-'));
const started = performance.now();
const compiled = await buildTestTree(ROOT, tree);
console.log(`# ${compiled} modules of src/ and test/ compiled in ${Math.round(performance.now() - started)} ms`);
const order = path.join(tree, 'run');
mkdirSync(order);
const runnable = [];
for (const file of selected) {
  const target = path.join(tree, file.replace(/\.tsx?$/, '.js'));
  const parts = process.env.TEST_DATABASE_URL && SPLIT.has(file) ? ['.sqlite', '.postgres'] : [''];
  for (const part of parts) {
    const place = String(runnable.length + 1).padStart(4, '0');
    const name = `${place}-${file.replace(/[\\/]/g, '~').replace(/\.tsx?$/, '')}${part}.js`;
    symlinkSync(target, path.join(order, name));
    runnable.push(path.join(order, name));
  }
}
const args = ['--test', '--test-concurrency=2', ...(ci ? ['--test-reporter=tap'] : []), ...runnable];
// The test files of this run share their databases' templates (test/helpers/templates.ts): each kind of
// database is migrated, and seeded with the demo, once for the run rather than once per test.
// On PostgreSQL the templates and each test's copy are databases named after the run
// (urbis_tmpl_<run>_…, urbis_c_<run>_…): whatever of them is left when the run ends is dropped.
const templates = mkdtempSync(path.join(tmpdir(), 'urbis-templates-'));
const run = randomBytes(4).toString('hex');
const result = spawnSync(process.execPath, args, {
  stdio: 'inherit',
  env: {
    ...process.env,
    URBIS_NO_SKIP: ci ? '1' : (process.env.URBIS_NO_SKIP ?? ''),
    URBIS_TEST_TEMPLATES: templates,
    URBIS_TEST_RUN: run,
  },
});
rmSync(templates, { recursive: true, force: true });
rmSync(tree, { recursive: true, force: true });
if (process.env.TEST_DATABASE_URL) await dropRunDatabases(process.env.TEST_DATABASE_URL, run);
process.exit(result.status ?? 1);

async function dropRunDatabases(url, run) {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
    const { rows } = await client.query('select datname from pg_database where datname like $1 or datname like $2', [
      `urbis\\_c\\_${run}\\_%`,
      `urbis\\_tmpl\\_${run}\\_%`,
    ]);
    for (const { datname } of rows) await client.query(`drop database if exists "${datname}" with (force)`);
  } catch (error) {
    console.log(`# the run's test databases could not all be dropped: ${error.message}`);
  } finally {
    await client.end().catch(() => {});
  }
}
