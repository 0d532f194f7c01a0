// `urbis funding import` as a person runs it: in this process on both engines (a bad file said row
// and column with exit code 1 and nothing stored, a dry run, the import, a wrong call exit code 2),
// and once through bin/urbis.mjs on SQLite (the command is wired into `urbis`).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { mock, test } from 'node:test';
import { Command } from 'commander';
import { buildTestApp, forEachEngine } from '../../../test/helpers/app.js';
import { registerCounts } from '../../../test/support/funding-import.js';
import { registerImportCommand } from './funding.commands.js';

const GOOD = JSON.stringify({
  programmes: [{ slug: 'cli-programme', name: 'A programme from the command line' }],
  items: [
    {
      external_id: 'cli-1',
      programme: 'cli-programme',
      title: 'First',
      summary: 'One',
      deadlines: ['2030-05-01T12:00'],
    },
    { external_id: 'cli-2', kind: 'policy', stage: 'proposal', title: 'Second', summary: 'Two' },
  ],
});
const BAD = [
  'external_id,title,summary,cofinancing_rate,eligible_countries',
  'cli-1,First,One,80,CZ',
  'cli-2,Second,Two,180,CZ',
  'cli-3,Third,Three,50,Bohemia',
].join('\n');

forEachEngine('funding: urbis funding import', (engine) => {
  test('a bad file: every refused row on stderr, exit code 1, nothing stored; a dry run; the import', async (t) => {
    const urbis = await buildTestApp(t, engine);
    const dir = mkdtempSync(path.join(tmpdir(), 'urbis-funding-cli-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const run = async (...args: string[]) => {
      const out: string[] = [];
      const err: string[] = [];
      const log = mock.method(console, 'log', (line: string) => out.push(line));
      const error = mock.method(console, 'error', (line: string) => err.push(line));
      process.exitCode = undefined;
      try {
        const program = new Command().exitOverride();
        registerImportCommand(program, async () => ({ ...urbis.ctx, close: async () => {} }));
        await program.parseAsync(['funding', 'import', ...args], { from: 'user' });
        return { code: process.exitCode ?? 0, out: out.join('\n'), err: err.join('\n') };
      } finally {
        log.mock.restore();
        error.mock.restore();
        process.exitCode = undefined;
      }
    };
    const bad = path.join(dir, 'bad.csv');
    writeFileSync(bad, BAD);
    const refused = await run(bad, '--no-progress');
    assert.equal(refused.code, 1);
    assert.match(refused.err, /^row 3, column cofinancing_rate: Give a percentage from 0 to 100\.$/m);
    assert.match(refused.err, /^row 4, column eligible_countries: This is not a country code/m);
    assert.match(refused.err, /Items: 1 would be created, 0 would be updated, 0 unchanged, 2 refused\./);
    assert.match(refused.err, /Nothing was stored/);
    assert.equal((await registerCounts(urbis)).items, 0);

    const good = path.join(dir, 'good.json');
    writeFileSync(good, GOOD);
    const dry = await run(good, '--dry-run');
    assert.equal(dry.code, 0, dry.err);
    assert.match(dry.out, /Programmes: 1 would be created/);
    assert.match(dry.out, /Items: 2 would be created/);
    assert.match(dry.out, /Dry run: nothing was stored\./);
    assert.equal((await registerCounts(urbis)).items, 0);
    const taken = await run(good, '--format', 'json');
    assert.equal(taken.code, 0, taken.err);
    assert.match(taken.out, /Items: 2 created/);
    assert.equal((await registerCounts(urbis)).items, 2);
    assert.match((await run(good)).out, /Items: 0 created, 0 updated, 2 unchanged/);

    assert.equal((await run(good, '--format', 'xml')).code, 2);
    assert.equal((await run(path.join(dir, 'missing.csv'))).code, 2);
    assert.match((await run(bad, '--format', 'json')).err, /file: The file is not valid JSON\./);
  });
});

test('urbis funding import through bin/urbis.mjs: a dry run of a file (SQLite)', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'urbis-funding-bin-'));
  try {
    const file = path.join(dir, 'items.json');
    writeFileSync(file, GOOD);
    const env: NodeJS.ProcessEnv = { ...process.env, URBIS_DATA_DIR: dir, LOG_LEVEL: 'warn' };
    delete env.DATABASE_URL;
    const result = spawnSync(
      process.execPath,
      [path.resolve('bin/urbis.mjs'), 'funding', 'import', file, '--dry-run'],
      {
        env,
        encoding: 'utf8',
        timeout: 120_000,
      },
    );
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /Items: 2 would be created/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
