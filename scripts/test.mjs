#!/usr/bin/env node
// Runs every test file with node:test through tsx. Node 20 expands no globs and a bare
// --test finds no .ts files, so the files are listed here. In CI (CI=true) the report is
// TAP and nothing may be skipped.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const roots = ['src', 'test'];
const only = process.argv.slice(2);
const files = [];
function walk(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules') walk(full);
    } else if (/\.test\.tsx?$/.test(entry.name)) files.push(full);
  }
}
for (const root of roots) walk(root);
// The long files first (the browser tests and the hostile-input corpus, a minute or two each),
// then the suites in test/ that go over every route (hostile ids, the route × role table, the API
// contract: up to a minute and a half each), then the rest: so that the run does not end with one
// long file alone while the other worker sits idle.
const weight = (f) =>
  /\/e2e\/|\.browser\.test\.|news\.xss\.test\./.test(f) ? 2 : /^test[\\/][^\\/]+\.test\.tsx?$/.test(f) ? 1 : 0;
files.sort((a, b) => weight(b) - weight(a) || a.localeCompare(b));
const selected = only.length ? files.filter((f) => only.some((o) => f.includes(o))) : files;
if (selected.length === 0) {
  console.error('No test files found.');
  process.exit(1);
}
const ci = process.env.CI === 'true';
if (!process.env.TEST_DATABASE_URL) console.log('# PostgreSQL tests will be skipped: TEST_DATABASE_URL is not set');
const args = ['--import', 'tsx', '--test', '--test-concurrency=2', ...(ci ? ['--test-reporter=tap'] : []), ...selected];
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
