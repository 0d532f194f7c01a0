import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ConfigError, loadConfig } from './config.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const dataDir = mkdtempSync(path.join(tmpdir(), 'urbis-config-'));
after(() => rmSync(dataDir, { recursive: true, force: true }));

/** The environment of an installation that sets nothing but its data folder. */
const base = () => ({ URBIS_DATA_DIR: dataDir });

describe('configuration', () => {
  test('with nothing set, Urbis serves on 127.0.0.1:3000 with SQLite in the data folder and Brussels time', () => {
    const config = loadConfig(base());
    assert.equal(config.port, 3000);
    assert.equal(config.host, '127.0.0.1');
    assert.equal(config.dataDir, dataDir);
    assert.equal(config.databaseUrl, path.join(dataDir, 'urbis.sqlite'));
    assert.equal(config.baseUrl, 'http://localhost:3000');
    assert.equal(config.timeZone, 'Europe/Brussels');
    assert.equal(config.rateLimitPerMinute, 600);
    assert.equal(config.commentReportLimit, 3);
    assert.equal(config.uploadsDir, path.join(dataDir, 'uploads'));
    assert.equal(config.uploadMaxBytes, 10 * 1024 * 1024);
    assert.equal(config.logLevel, 'info');
    assert.equal(config.secureCookies, false);
  });

  test('without URBIS_SECRET a secret is made once, kept in the data folder and reused', () => {
    const first = loadConfig(base());
    assert.ok(first.secret.length >= 32, 'the generated secret is long');
    assert.equal(readFileSync(path.join(dataDir, 'secret.key'), 'utf8').trim(), first.secret);
    assert.equal(loadConfig(base()).secret, first.secret);
  });

  test('valid values are taken as given; an https base address turns on secure cookies', () => {
    const config = loadConfig({
      ...base(),
      PORT: '8080',
      HOST: '0.0.0.0',
      DATABASE_URL: 'postgres://urbis@db.example.eu/urbis',
      URBIS_BASE_URL: 'https://urbis.example.eu/',
      URBIS_TIME_ZONE: 'Europe/Prague',
      URBIS_RATE_LIMIT: '30',
      URBIS_COMMENT_REPORT_LIMIT: '5',
      LOG_LEVEL: 'warn',
      URBIS_SECRET: 'x'.repeat(32),
    });
    assert.equal(config.port, 8080);
    assert.equal(config.databaseUrl, 'postgres://urbis@db.example.eu/urbis');
    assert.equal(config.baseUrl, 'https://urbis.example.eu');
    assert.equal(config.timeZone, 'Europe/Prague');
    assert.equal(config.rateLimitPerMinute, 30);
    assert.equal(config.commentReportLimit, 5);
    assert.equal(config.logLevel, 'warn');
    assert.equal(config.secret, 'x'.repeat(32));
    assert.equal(config.secureCookies, true);
  });

  test('URBIS_UPLOADS_DIR is made where it is asked for; a place where no folder can be is refused, naming it', () => {
    const uploads = path.join(dataDir, 'elsewhere', 'files');
    assert.equal(
      loadConfig({ ...base(), URBIS_UPLOADS_DIR: uploads, URBIS_UPLOAD_MAX_BYTES: '2048' }).uploadsDir,
      uploads,
    );
    assert.ok(statSync(uploads).isDirectory());
    writeFileSync(path.join(dataDir, 'a-file'), '');
    assert.throws(
      () => loadConfig({ ...base(), URBIS_UPLOADS_DIR: path.join(dataDir, 'a-file', 'uploads') }),
      (error: unknown) => error instanceof ConfigError && error.variable === 'URBIS_UPLOADS_DIR',
    );
  });

  test('DATABASE_URL=sqlite:<path> names the SQLite file', () => {
    assert.equal(
      loadConfig({ ...base(), DATABASE_URL: 'sqlite:/var/lib/urbis/site.sqlite' }).databaseUrl,
      '/var/lib/urbis/site.sqlite',
    );
  });

  test('sessions end after 14 idle days and 30 days in all, unless told otherwise; idle is at most the whole', () => {
    const defaults = loadConfig(base());
    assert.equal(defaults.sessionIdleDays, 14);
    assert.equal(defaults.sessionMaxDays, 30);
    const set = loadConfig({ ...base(), URBIS_SESSION_IDLE_DAYS: '3', URBIS_SESSION_MAX_DAYS: '7' });
    assert.deepEqual([set.sessionIdleDays, set.sessionMaxDays], [3, 7]);
    const short = loadConfig({ ...base(), URBIS_SESSION_MAX_DAYS: '7' });
    assert.deepEqual([short.sessionIdleDays, short.sessionMaxDays], [7, 7], 'idle follows a shorter whole');
  });

  test('meeting reminders go 24 hours before unless told; 0 turns them off', () => {
    assert.equal(loadConfig(base()).meetingReminderHours, 24);
    assert.equal(loadConfig({ ...base(), URBIS_MEETING_REMINDER_HOURS: '48' }).meetingReminderHours, 48);
    assert.equal(loadConfig({ ...base(), URBIS_MEETING_REMINDER_HOURS: '0' }).meetingReminderHours, 0);
  });

  test('URBIS_TRUST_PROXY: none by default, a number of proxies, or their addresses and ranges', () => {
    assert.equal(loadConfig(base()).trustProxy, false);
    assert.equal(loadConfig({ ...base(), URBIS_TRUST_PROXY: '1' }).trustProxy, 1);
    assert.equal(
      loadConfig({ ...base(), URBIS_TRUST_PROXY: '127.0.0.1, 10.0.0.0/8,::1' }).trustProxy,
      '127.0.0.1,10.0.0.0/8,::1',
    );
  });

  const invalid: [variable: string, value: string][] = [
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['PORT', '0'],
    ['DATABASE_URL', 'mysql://x'],
    ['URBIS_BASE_URL', 'ftp://x'],
    ['URBIS_BASE_URL', 'not-a-url'],
    ['URBIS_TIME_ZONE', 'Mars/Olympus'],
    ['URBIS_RATE_LIMIT', '0'],
    ['URBIS_RATE_LIMIT', 'lots'],
    ['URBIS_COMMENT_REPORT_LIMIT', '0'],
    ['URBIS_COMMENT_REPORT_LIMIT', '2.5'],
    ['URBIS_UPLOAD_MAX_BYTES', '0'],
    ['URBIS_UPLOAD_MAX_BYTES', '10MB'],
    ['LOG_LEVEL', 'loud'],
    ['URBIS_SECRET', 'too short'],
    ['URBIS_SESSION_IDLE_DAYS', '0'],
    ['URBIS_SESSION_IDLE_DAYS', '31'],
    ['URBIS_SESSION_MAX_DAYS', 'a month'],
    ['URBIS_SESSION_MAX_DAYS', '4000'],
    ['URBIS_MEETING_REMINDER_HOURS', 'a day'],
    ['URBIS_MEETING_REMINDER_HOURS', '721'],
    ['URBIS_TRUST_PROXY', 'yes'],
    ['URBIS_TRUST_PROXY', '0'],
    ['URBIS_TRUST_PROXY', '10.0.0.0/8,example.org'],
  ];
  for (const [variable, value] of invalid) {
    test(`${variable}=${value} is refused with one line that names ${variable}`, () => {
      let thrown: unknown;
      try {
        loadConfig({ ...base(), [variable]: value });
      } catch (error) {
        thrown = error;
      }
      assert.ok(thrown instanceof ConfigError, `expected a ConfigError, got ${String(thrown)}`);
      assert.equal(thrown.variable, variable);
      assert.ok(thrown.message.startsWith(`${variable} `), `the message starts with the variable: ${thrown.message}`);
      assert.doesNotMatch(thrown.message, /[\r\n]/, 'the message is one line');
      assert.ok(thrown.message.length < 200, 'the message is short');
      // The secret is never repeated back; every other value is, to help find the typo.
      if (variable !== 'URBIS_SECRET' && variable !== 'DATABASE_URL')
        assert.ok(thrown.message.includes(value), `the message quotes "${value}": ${thrown.message}`);
      if (variable === 'URBIS_SECRET') assert.ok(!thrown.message.includes(value), 'the secret is not printed');
    });
  }

  test('`urbis serve` with PORT=abc exits non-zero and prints one line that names PORT', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'urbis-cli-'));
    try {
      const result = spawnSync(process.execPath, ['bin/urbis.mjs', 'serve'], {
        cwd: ROOT,
        encoding: 'utf8',
        timeout: 60_000,
        env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? dir, URBIS_DATA_DIR: dir, PORT: 'abc' },
      });
      assert.notEqual(result.status, 0, 'the exit code is not 0');
      assert.notEqual(result.status, null, 'the process ended by itself');
      const lines = `${result.stdout}${result.stderr}`.split('\n').filter((line) => line.trim() !== '');
      assert.equal(lines.length, 1, `one line, got:\n${lines.join('\n')}`);
      assert.match(lines[0] ?? '', /\bPORT\b/);
      assert.match(lines[0] ?? '', /abc/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
