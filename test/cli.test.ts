import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import SQLite from 'better-sqlite3';

const BIN = path.resolve('bin/urbis.mjs');

function urbis(args: string[], dataDir: string) {
  const env: NodeJS.ProcessEnv = { ...process.env, URBIS_DATA_DIR: dataDir, LOG_LEVEL: 'warn' };
  delete env.DATABASE_URL;
  return spawnSync(process.execPath, [BIN, ...args], { env, encoding: 'utf8', timeout: 120_000 });
}

test('`urbis --help` names every command a newcomer needs', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'urbis-cli-'));
  try {
    const help = urbis(['--help'], dir);
    assert.equal(help.status, 0);
    for (const command of ['start', 'serve', 'migrate', 'seed', 'backup', 'user'])
      assert.match(help.stdout, new RegExp(`\\b${command}\\b`), command);
    assert.match(help.stdout, /DATABASE_URL/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('migrate, seed --demo and backup make a copy of the database that opens and holds the demo', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'urbis-cli-'));
  try {
    const migrate = urbis(['migrate'], dir);
    assert.equal(migrate.status, 0, migrate.stderr);
    assert.match(migrate.stdout, /Applied \d+ migrations/);
    assert.match(urbis(['migrate'], dir).stdout, /up to date/);
    const seed = urbis(['seed', '--demo'], dir);
    assert.equal(seed.status, 0, seed.stderr);
    const copy = path.join(dir, 'copy.sqlite');
    const backup = urbis(['backup', '--to', copy], dir);
    assert.equal(backup.status, 0, backup.stderr);
    assert.ok(existsSync(copy));
    const db = new SQLite(copy, { readonly: true });
    try {
      assert.equal((db.prepare('select count(*) as n from partnerships').get() as { n: number }).n, 20);
    } finally {
      db.close();
    }
    const noKind = urbis(['seed'], dir);
    assert.equal(noKind.status, 2, 'seed without --demo says what to load');
    assert.match(noKind.stderr, /urbis seed --demo/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
