/**
 * The load generator of `npm run bench`: [wrk](https://github.com/wg/wrk), a C program that
 * keeps N connections busy from one thread (`apt-get install wrk`). On this kind of machine it
 * loads a bare `node:http` server 4–5 times faster than autocannon could, which was itself the
 * limit of the yardstick. `bench/wrk.lua` sets the scenario's headers and reports the counts.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { HOST, ROOT, childrenCpuTime, pinned, round, startChild } from './lib.js';

const SCRIPT = path.join(ROOT, 'bench', 'wrk.lua');

/** How to get wrk, in one line: the benchmark stops with it when wrk is missing. */
export const WRK_MISSING =
  'wrk, the load generator of npm run bench, is not installed: `apt-get install wrk` ' +
  '(Debian, Ubuntu; `brew install wrk` on macOS), or build it from https://github.com/wg/wrk';

/** `wrk -v` (it exits with 1 but prints its version); throws WRK_MISSING when there is no wrk on the PATH. */
export function wrkVersion(): string {
  const result = spawnSync('wrk', ['-v'], { encoding: 'utf8', timeout: 5_000 });
  if (result.error) throw new Error(WRK_MISSING);
  return /wrk\s+(\S+)/.exec(`${result.stdout}${result.stderr}`)?.[1] ?? 'unknown';
}

export interface WrkResult {
  /** What wrk measured, over its own window (`durationUs`, from the first connection). */
  durationUs: number;
  requests: number;
  /** Bytes received, headers included. */
  bytes: number;
  errors: { connect: number; read: number; write: number; status: number; timeout: number };
  latencyUs: { min: number; mean: number; max: number; p50: number; p90: number; p99: number };
  /** From starting wrk until it exited, in ms: the window of the servers' CPU counters. */
  wallMs: number;
  /** CPU time wrk used (user + system), in ms; null where /proc is missing. */
  cpuMs: number | null;
}

/**
 * Runs `wrk -t<threads> -c<connections> -d<seconds>s --latency` on `http://127.0.0.1:<port><pathname>`
 * with the given request headers, pinned to `cpus` if given, and returns its counts. Throws
 * when wrk fails, or when any request failed: a socket error (connect, read, write), a timeout
 * (10 s), or an answer with a status of 400 or more. wrk follows no redirects; a 3xx counts as
 * an answer, as in a browser's first request.
 */
export async function runWrk(options: {
  port: number;
  pathname: string;
  headers: Record<string, string>;
  seconds: number;
  connections: number;
  threads: number;
  cpus: string | null;
  label: string;
}): Promise<WrkResult> {
  const url = `http://${HOST}:${options.port}${options.pathname}`;
  const args = [
    `-t${options.threads}`,
    `-c${options.connections}`,
    `-d${options.seconds}s`,
    '--timeout',
    '10s',
    '--latency',
    '-s',
    SCRIPT,
    url,
    '--',
    ...Object.entries(options.headers).map(([name, value]) => `${name}: ${value}`),
  ];
  // wrk's CPU time: it is our child, so once it has exited (and been waited for) it is added
  // to our children's counters. Nothing else of ours exits during a run.
  const childrenBefore = childrenCpuTime();
  const started = performance.now();
  const wrk = startChild(...pinned(options.cpus, 'wrk', args), { PATH: process.env.PATH, HOME: process.env.HOME });
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), (options.seconds + 30) * 1000);
  });
  const ended = await Promise.race([wrk.exited, deadline]);
  clearTimeout(timer);
  const wallMs = performance.now() - started;
  if (!ended) {
    wrk.process.kill('SIGKILL');
    throw new Error(`${options.label}: wrk did not end within ${options.seconds + 30} s:\n${wrk.output()}`);
  }
  const childrenAfter = childrenCpuTime();
  const line = /^WRK_RESULT (\{.*\})$/m.exec(wrk.output())?.[1];
  if (ended.code !== 0 || !line)
    throw new Error(`${options.label}: wrk failed (exit ${ended.code ?? ended.signal}):\n${wrk.output()}`);
  const result = JSON.parse(line) as Omit<WrkResult, 'wallMs' | 'cpuMs'>;
  const { connect, read, write, status, timeout } = result.errors;
  const problems: string[] = [];
  if (connect + read + write) problems.push(`socket errors: ${connect} connect, ${read} read, ${write} write`);
  if (timeout) problems.push(`${timeout} timeouts (10 s)`);
  if (status) problems.push(`${status} answers with a status of 400 or more`);
  if (result.requests === 0) problems.push('no answer at all');
  if (problems.length)
    throw new Error(`${options.label} (GET ${url}): ${problems.join('; ')} of ${result.requests}:\n${wrk.output()}`);
  return {
    ...result,
    wallMs: round(wallMs, 1),
    cpuMs: childrenBefore === null || childrenAfter === null ? null : childrenAfter - childrenBefore,
  };
}
