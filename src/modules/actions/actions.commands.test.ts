// `urbis actions export` and `urbis actions import` as a person runs them (SQLite, a data folder of
// its own): the demo's plan exported, checked with --dry-run, imported into another partnership with
// --atomic and exported again (the same bytes); a bad file said row and column, exit code 1.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';

const BIN = path.resolve('bin/urbis.mjs');

function urbis(args: string[], dataDir: string) {
  const env: NodeJS.ProcessEnv = { ...process.env, URBIS_DATA_DIR: dataDir, LOG_LEVEL: 'warn' };
  delete env.DATABASE_URL;
  return spawnSync(process.execPath, [BIN, ...args], { env, encoding: 'utf8', timeout: 120_000 });
}

test('urbis actions export and import: a dry run, an atomic import, the same file again', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'urbis-actions-cli-'));
  try {
    assert.equal(urbis(['seed', '--demo'], dir).status, 0);
    const exported = urbis(['actions', 'export', 'digital-transition'], dir);
    assert.equal(exported.status, 0, exported.stderr);
    assert.ok(exported.stdout.startsWith('\uFEFFkind,number,theme,'));
    const file = path.join(dir, 'plan.csv');
    writeFileSync(file, exported.stdout);

    const dry = urbis(['actions', 'import', 'air-quality', file, '--dry-run'], dir);
    assert.equal(dry.status, 0, dry.stderr);
    assert.match(dry.stdout, /15 would be created/);
    assert.match(dry.stdout, /Dry run: nothing was stored\./);
    const taken = urbis(['actions', 'import', 'air-quality', file, '--atomic'], dir);
    assert.equal(taken.status, 0, taken.stderr);
    assert.match(taken.stdout, /15 created/);
    assert.equal(urbis(['actions', 'export', 'air-quality'], dir).stdout, exported.stdout);
    const json = urbis(['actions', 'export', 'air-quality', '--format', 'json'], dir);
    assert.equal((JSON.parse(json.stdout) as { actions: unknown[] }).actions.length, 15);

    const bad = path.join(dir, 'bad.csv');
    writeFileSync(bad, 'kind,number,title,status,progress\naction,3,X,planned,300\n');
    const refused = urbis(['actions', 'import', 'air-quality', bad], dir);
    assert.equal(refused.status, 1);
    assert.match(refused.stderr, /row 2, column progress: Write a whole number from 0 to 100\./);
    assert.equal(urbis(['actions', 'export', 'nowhere'], dir).status, 1);
    assert.equal(urbis(['actions', 'export', 'air-quality', '--format', 'xml'], dir).status, 2);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
