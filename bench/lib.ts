/**
 * Shared by the benchmarks: child processes that are always killed, free ports, waiting for
 * `/healthz`, throwaway databases, statistics. Every wait is bounded; traffic only ever goes
 * to 127.0.0.1.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { cpus as cpuInfo, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { sourceStamp, STAMP_FILE } from '../scripts/source-stamp.mjs';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const URBIS_BIN = path.join(ROOT, 'bin', 'urbis.mjs');
export const RESULTS_DIR = path.join(ROOT, 'bench', 'results');
export const HOST = '127.0.0.1';

// ---------------------------------------------------------------- children and cleanup

const children = new Set<ChildProcess>();
const cleanups: (() => void | Promise<void>)[] = [];

/** Runs `fn` at the end, even on error or Ctrl-C (last registered, first run). */
export function onCleanup(fn: () => void | Promise<void>): void {
  cleanups.push(fn);
}

function killAll(): void {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
}

let cleaning: Promise<void> | null = null;
/** Kills every child still running and runs the cleanups; safe to call more than once. */
export function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    killAll();
    for (const fn of cleanups.reverse()) {
      try {
        await fn();
      } catch (error) {
        console.error('cleanup failed:', error);
      }
    }
  })();
  return cleaning;
}

process.once('exit', killAll);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.error(`\n${signal}: stopping the servers`);
    void cleanup().finally(() => process.exit(130));
  });
}

/** Runs `main`, then cleans up; an error is printed and the exit code is 1. */
export function runMain(main: () => Promise<void>): void {
  main().then(
    () => cleanup(),
    async (error: unknown) => {
      console.error(error instanceof Error ? `\nFAILED: ${error.message}` : error);
      if (error instanceof Error && error.cause) console.error(error.cause);
      process.exitCode = 1;
      await cleanup();
    },
  );
}

export interface Child {
  process: ChildProcess;
  pid: number;
  /** Everything it wrote, stdout and stderr interleaved (the last 64 KiB). */
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** `taskset -c <cpus>` in front of the command when pinning is asked for and available. */
export function pinned(cpus: string | null, command: string, args: string[]): [string, string[]] {
  return cpus ? ['taskset', ['-c', cpus, command, ...args]] : [command, args];
}

/** Whether `taskset` can pin processes to CPUs here (Linux with at least two CPUs). */
export function canPin(): boolean {
  if (process.platform !== 'linux') return false;
  const result = spawnSync('taskset', ['-c', '0', 'true'], { stdio: 'ignore' });
  return result.status === 0;
}

/** Starts a child process that `cleanup()` kills for sure. */
export function startChild(command: string, args: string[], env: NodeJS.ProcessEnv, cwd = ROOT): Child {
  const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  if (child.pid === undefined) throw new Error(`could not start ${command}`);
  children.add(child);
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-65_536);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => {
      children.delete(child);
      resolve({ code, signal });
    });
  });
  child.once('error', (error) => {
    output += `\n${String(error)}`;
  });
  return { process: child, pid: child.pid, output: () => output, exited };
}

/** Sends SIGTERM and waits up to `ms` for the exit; then SIGKILL. Returns how it ended. */
export async function stopChild(
  child: Child,
  ms = 15_000,
): Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number; forced: boolean }> {
  const started = performance.now();
  if (child.process.exitCode !== null || child.process.signalCode !== null) {
    return { ...(await child.exited), ms: 0, forced: false };
  }
  child.process.kill('SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), ms);
  });
  const ended = await Promise.race([child.exited, timeout]);
  clearTimeout(timer);
  if (ended) return { ...ended, ms: performance.now() - started, forced: false };
  child.process.kill('SIGKILL');
  return { ...(await child.exited), ms: performance.now() - started, forced: true };
}

/** Runs a command to its end (bounded); throws with its output when it fails. */
export async function runToEnd(command: string, args: string[], env: NodeJS.ProcessEnv, ms = 120_000): Promise<string> {
  const child = startChild(command, args, env);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), ms);
  });
  const ended = await Promise.race([child.exited, timeout]);
  clearTimeout(timer);
  if (!ended) {
    child.process.kill('SIGKILL');
    throw new Error(`${args.join(' ')} took more than ${ms / 1000} s:\n${child.output()}`);
  }
  if (ended.code !== 0)
    throw new Error(`${args.join(' ')} failed (exit ${ended.code ?? ended.signal}):\n${child.output()}`);
  return child.output();
}

// ---------------------------------------------------------------- network

/** A port nobody listens on right now, on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, HOST, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error('no free port'))));
    });
  });
}

export interface Fetched {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** One GET on 127.0.0.1, without keep-alive, with a deadline. */
export function get(
  port: number,
  pathname: string,
  headers: Record<string, string> = {},
  ms = 5_000,
): Promise<Fetched> {
  return send(port, 'GET', pathname, headers, undefined, ms);
}

/** One request on 127.0.0.1, without keep-alive, with a deadline. */
export function send(
  port: number,
  method: string,
  pathname: string,
  headers: Record<string, string>,
  body: string | undefined,
  ms = 5_000,
): Promise<Fetched> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: HOST,
        port,
        path: pathname,
        method,
        headers: { connection: 'close', ...headers },
        agent: false,
        timeout: ms,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
        );
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`${method} ${pathname} timed out`)));
    req.on('error', reject);
    req.end(body);
  });
}

/** `name=value` pairs of a response's Set-Cookie headers. */
function cookiesOf(fetched: Fetched): string[] {
  const raw = fetched.headers['set-cookie'];
  return (Array.isArray(raw) ? raw : raw ? [raw] : []).map((c) => c.split(';')[0]!);
}

/**
 * Signs in through the sign-in form, as a browser does, and returns the Cookie header of
 * the session (and the CSRF secret) for the signed-in scenarios.
 */
export async function signIn(port: number, email: string, password: string): Promise<string> {
  const form = await get(port, '/en/sign-in');
  const token = /name="_csrf" value="([^"]+)"/.exec(form.body.toString('utf8'))?.[1];
  if (form.status !== 200 || !token) throw new Error(`the sign-in page answered ${form.status} without a form token`);
  const csrfCookies = cookiesOf(form);
  const answer = await send(
    port,
    'POST',
    '/en/sign-in',
    { 'content-type': 'application/x-www-form-urlencoded', cookie: csrfCookies.join('; ') },
    new URLSearchParams({ _csrf: token, email, password }).toString(),
  );
  const session = cookiesOf(answer);
  if (answer.status !== 303 || session.length === 0)
    throw new Error(`signing in as ${email} answered ${answer.status}`);
  return [...csrfCookies, ...session].join('; ');
}

/**
 * Polls `GET <pathname>` (by default `/healthz`) every `everyMs` until it answers 200; fails
 * when the child exits or after `ms`. Returns the moment (performance.now()) the 200 arrived.
 */
export async function waitForHealth(
  child: Child,
  port: number,
  ms = 30_000,
  everyMs = 5,
  pathname = '/healthz',
): Promise<number> {
  const deadline = performance.now() + ms;
  let exited = false;
  void child.exited.then(() => {
    exited = true;
  });
  while (performance.now() < deadline) {
    if (exited) throw new Error(`the server exited before it was ready:\n${child.output()}`);
    try {
      const response = await get(port, pathname, {}, 1_000);
      if (response.status === 200) return performance.now();
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
  throw new Error(`${pathname} did not answer 200 within ${ms / 1000} s:\n${child.output()}`);
}

// ---------------------------------------------------------------- Urbis

/** The environment for an Urbis child: only what we set (plus PATH/HOME), never the caller's DATABASE_URL. */
export function urbisEnv(options: {
  port?: number;
  dataDir: string;
  databaseUrl?: string;
  logLevel?: string;
}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'production',
    HOST,
    PORT: String(options.port ?? 3000),
    URBIS_DATA_DIR: options.dataDir,
    URBIS_BASE_URL: `http://${HOST}:${options.port ?? 3000}`,
    LOG_LEVEL: options.logLevel ?? 'warn',
    // The benchmark sends tens of thousands of requests a minute from one address.
    URBIS_RATE_LIMIT: '1000000000',
  };
  if (options.databaseUrl) env.DATABASE_URL = options.databaseUrl;
  // URBIS_FROM_SOURCE=1 npm run bench… measures src/ through tsx even when dist/ is built.
  if (process.env.URBIS_FROM_SOURCE) env.URBIS_FROM_SOURCE = process.env.URBIS_FROM_SOURCE;
  // URBIS_PERSONAL_LANE_MB=0 npm run bench… measures signed-in pages made afresh on every request.
  if (process.env.URBIS_PERSONAL_LANE_MB) env.URBIS_PERSONAL_LANE_MB = process.env.URBIS_PERSONAL_LANE_MB;
  return env;
}

/** What `bin/urbis.mjs` runs (see its header): the build in dist/ when it is current, else src/ through tsx. */
export function urbisRunsFrom(): string {
  if (process.env.URBIS_FROM_SOURCE === '1') return 'src/ through tsx (URBIS_FROM_SOURCE=1)';
  try {
    if (readFileSync(path.join(ROOT, 'dist', STAMP_FILE), 'utf8') === sourceStamp(ROOT)) return 'dist/ (compiled)';
  } catch {
    // no build
  }
  return 'src/ through tsx (dist/ missing or older than src/: `npm run build` to measure the build)';
}

/** A temporary folder, removed at the end. */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  onCleanup(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** `urbis migrate` then `urbis seed --demo` on the database of `env`. */
export async function prepareDemoDatabase(env: NodeJS.ProcessEnv): Promise<void> {
  await runToEnd(process.execPath, [URBIS_BIN, 'migrate'], env);
  await runToEnd(process.execPath, [URBIS_BIN, 'seed', '--demo'], env);
}

/**
 * The database of a data set: the demo, plus the two posts the comment scenarios read
 * (`bench-50-comments`, `bench-1000-comments`: `urbis seed --synthetic` makes them always);
 * for `synthetic`, the large data set on top (`syntheticArgs`, e.g. `--posts 100000`).
 * Returns the seconds the synthetic seed took.
 */
export async function prepareDatabase(
  env: NodeJS.ProcessEnv,
  data: 'demo' | 'synthetic',
  syntheticArgs: string[] = [],
): Promise<number> {
  await prepareDemoDatabase(env);
  const size =
    data === 'demo'
      ? [
          ...['--posts', '0', '--comments', '0', '--users', '0', '--partnerships', '0', '--tags', '0'],
          ...['--meetings', '0', '--registrations', '0', '--opportunities', '0'],
        ]
      : syntheticArgs;
  const started = performance.now();
  await runToEnd(process.execPath, [URBIS_BIN, 'seed', '--synthetic', '--no-progress', ...size], env, 15 * 60_000);
  // The synthetic seed writes its rows directly: the search index is built from them once, after it.
  await runToEnd(process.execPath, [URBIS_BIN, 'search', 'reindex'], env, 30 * 60_000);
  return (performance.now() - started) / 1000;
}

/**
 * A fresh PostgreSQL database next to the one `adminUrl` names (`CREATE DATABASE` with a
 * random name), dropped at the end. Returns its address.
 */
export async function freshPostgresDatabase(adminUrl: string): Promise<string> {
  const name = `urbis_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 5_000, query_timeout: 30_000 });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  onCleanup(async () => {
    killAll();
    const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 5_000, query_timeout: 30_000 });
    await client.connect();
    try {
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    } finally {
      await client.end();
    }
  });
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** The PostgreSQL server to use, if any: BENCH_DATABASE_URL, else a postgres:// DATABASE_URL. */
export function postgresAdminUrl(): string | null {
  const url = process.env.BENCH_DATABASE_URL || process.env.DATABASE_URL;
  return url && /^postgres(ql)?:\/\//.test(url) ? url : null;
}

/** The address without its password, for printing. */
export function safeUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}

/** Peak and current resident memory of a process, in MiB, from /proc (Linux only). */
export function memoryOf(pid: number): { peakRssMiB: number; rssMiB: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { peakRssMiB: round(kib('VmHWM') / 1024, 1), rssMiB: round(kib('VmRSS') / 1024, 1) };
  } catch {
    return null;
  }
}

const CLOCK_TICKS = (() => {
  const result = spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' });
  return Number(result.stdout?.trim()) || 100;
})();

/**
 * CPU time (user + system, every thread) a process has used so far, in ms, from /proc (Linux
 * only; resolution 1/CLK_TCK s). Unlike req/s it hardly depends on what else the machine runs.
 */
export function cpuTimeOf(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // After "pid (comm) ", field 3 (state) is index 0: utime is field 14, stime field 15.
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return null;
  }
}

/**
 * CPU time (user + system) of this process's children that have exited and been waited for, in
 * ms (`cutime` + `cstime` of /proc/self/stat; Linux only): the difference around a child's run
 * is that child's CPU time, once it has exited.
 */
export function childrenCpuTime(): number | null {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // cutime is field 16, cstime field 17 (index 0 is field 3).
    return ((Number(fields[13]) + Number(fields[14])) * 1000) / CLOCK_TICKS;
  } catch {
    return null;
  }
}

/**
 * Time one CPU (or, with null, all CPUs together) has been busy so far, in ms, from /proc/stat
 * (Linux only): user, nice, system and steal (time the hypervisor gave to another machine); not
 * interrupts, which the traffic of our own runs causes.
 */
export function coreBusyTime(cpu: number | null): number | null {
  try {
    const name = cpu === null ? 'cpu' : `cpu${cpu}`;
    const line = readFileSync('/proc/stat', 'utf8')
      .split('\n')
      .find((l) => l.startsWith(`${name} `));
    if (!line) return null;
    const f = line.trim().split(/\s+/).slice(1).map(Number);
    // user nice system idle iowait irq softirq steal
    return ((f[0]! + f[1]! + f[2]! + (f[7] ?? 0)) * 1000) / CLOCK_TICKS;
  } catch {
    return null;
  }
}

/** Idle and total time of all CPUs so far, in clock ticks, from /proc/stat (Linux only). */
function cpuTicks(): { idle: number; total: number } | null {
  try {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1, 9).map(Number);
    // user nice system idle iowait irq softirq steal
    return { idle: fields[3]! + fields[4]!, total: fields.reduce((a, b) => a + b, 0) };
  } catch {
    return null;
  }
}

/**
 * Waits until the whole machine has been at least `idlePercent` idle over 2 s (nothing else
 * running: our servers are idle between runs), or `maxSeconds` have passed. Returns the seconds
 * waited and the last idle share seen (null without /proc).
 */
export async function waitForQuiet(
  maxSeconds: number,
  idlePercent = 90,
): Promise<{ seconds: number; idlePercent: number | null; quiet: boolean }> {
  const started = performance.now();
  let last: number | null = null;
  do {
    const before = cpuTicks();
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const after = cpuTicks();
    if (!before || !after) return { seconds: 0, idlePercent: null, quiet: false };
    last = round((100 * (after.idle - before.idle)) / Math.max(1, after.total - before.total), 1);
    if (last >= idlePercent)
      return { seconds: round((performance.now() - started) / 1000, 1), idlePercent: last, quiet: true };
  } while (performance.now() - started < maxSeconds * 1000);
  return { seconds: round((performance.now() - started) / 1000, 1), idlePercent: last, quiet: false };
}

// ---------------------------------------------------------------- numbers

export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export function round(value: number, digits = 0): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** A number read from a flag, else from the environment, else the default; must be positive. */
export function positive(name: string, flag: string | undefined, envName: string, fallback: number): number {
  const raw = flag ?? process.env[envName];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number (got "${raw}")`);
  return value;
}

/** `2026-11-27T13-49-45` — for file names. */
export function timestamp(date = new Date()): string {
  return date.toISOString().slice(0, 19).replace(/:/g, '-');
}

/** A plain text table, columns padded. */
export function table(rows: readonly (readonly (string | number)[])[]): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, String(cell).length)));
  return rows
    .map((row) =>
      row
        .map((cell, i) =>
          typeof cell === 'number' ? String(cell).padStart(widths[i]!) : String(cell).padEnd(widths[i]!),
        )
        .join('  '),
    )
    .join('\n');
}

/** What the machine is, for the results file. */
export function machine(): Record<string, unknown> {
  return {
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    cpus: cpuInfo().length,
    cpuModel: cpuModel(),
    loadAverage: loadavg().map((v) => round(v, 2)),
    urbisRunsFrom: urbisRunsFrom(),
    commit: commitOf(),
  };
}

/** The commit checked out, and whether src/ differs from it (others may be editing it): `e70bb17 (src/ edited)`. */
export function commitOf(): string {
  const head = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' });
  if (head.status !== 0) return 'unknown';
  const edited = spawnSync('git', ['status', '--porcelain', '--', 'src'], { cwd: ROOT, encoding: 'utf8' });
  return `${head.stdout.trim()}${edited.stdout.trim() ? ' (src/ has uncommitted changes)' : ''}`;
}

function cpuModel(): string {
  try {
    return /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? 'unknown';
  } catch {
    return 'unknown';
  }
}
