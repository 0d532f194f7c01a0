/**
 * `npm run bench:start`: how long Urbis takes to start on an existing database, from spawning
 * the process until `GET /healthz` answers 200, and whether SIGTERM then stops it cleanly
 * (exit code 0). See bench/README.md.
 *
 *   npm run bench:start -- [--runs 7] [--pin]
 *
 * Measures `urbis serve` and `urbis start` (which migrates first) on SQLite, and on PostgreSQL
 * too when BENCH_DATABASE_URL (or DATABASE_URL) is a postgres:// address: a fresh database
 * is created next to it and dropped at the end. A bare `node:http` server started the same
 * way gives the floor (Node's own start and the polling).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  HOST,
  RESULTS_DIR,
  ROOT,
  URBIS_BIN,
  canPin,
  cpuTimeOf,
  freePort,
  freshPostgresDatabase,
  machine,
  median,
  pinned,
  positive,
  postgresAdminUrl,
  prepareDemoDatabase,
  round,
  runMain,
  safeUrl,
  startChild,
  stopChild,
  table,
  tempDir,
  timestamp,
  urbisEnv,
  waitForHealth,
} from './lib.js';

const USAGE = `npm run bench:start -- [options]
  --runs <n>    starts of each kind (BENCH_START_RUNS, default 7)
  --pin         pin the server to CPU 1 (as \`npm run bench\` does), to see a start on one core
Set BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres to measure PostgreSQL too.`;

interface Start {
  /** Spawn → first 200 from /healthz. */
  readyMs: number;
  /** CPU time (user + system, all threads) the process had used when it was ready. */
  cpuMsToReady: number | null;
  /** What Urbis itself logs (process.uptime() when listening), when it logs it. */
  selfReportedMs: number | null;
  /** SIGTERM → exit. */
  shutdownMs: number;
  exitCode: number | null;
}

interface Kind {
  name: string;
  command: string[];
  env: NodeJS.ProcessEnv;
}

/** The floor: Node starting a bare http server that answers /healthz, spawned and polled the same way. */
const BARE = `
const server = require('node:http').createServer((q, s) => s.end('{"status":"ok"}'));
server.listen(Number(process.env.PORT), process.env.HOST);
process.once('SIGTERM', () => server.close(() => process.exit(0)));
`;

async function startOnce(kind: Kind, cpus: string | null): Promise<Start> {
  const port = await freePort();
  const env = { ...kind.env, PORT: String(port), URBIS_BASE_URL: `http://${HOST}:${port}` };
  const [command, args] = pinned(cpus, process.execPath, kind.command);
  const spawned = performance.now();
  const child = startChild(command, args, env);
  const ready = await waitForHealth(child, port, 30_000, 2);
  const readyMs = ready - spawned;
  const cpu = cpuTimeOf(child.pid);
  // Let the "ready" log line arrive before reading it.
  await new Promise((resolve) => setTimeout(resolve, 50));
  const logged = /"readyInMs":(\d+)/.exec(child.output());
  const stop = await stopChild(child, 15_000);
  if (stop.forced) throw new Error(`${kind.name}: still running 15 s after SIGTERM; killed.\n${child.output()}`);
  if (stop.code !== 0)
    throw new Error(
      `${kind.name}: exit code ${stop.code ?? stop.signal} after SIGTERM (expected 0):\n${child.output()}`,
    );
  return {
    readyMs: round(readyMs),
    cpuMsToReady: cpu,
    selfReportedMs: logged ? Number(logged[1]) : null,
    shutdownMs: round(stop.ms),
    exitCode: stop.code,
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      runs: { type: 'string' },
      pin: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const runs = Math.round(positive('--runs', values.runs, 'BENCH_START_RUNS', 7));
  if (runs > 100) throw new Error('at most 100 runs');
  // Not pinned by default: a server starting on an idle machine has every core (tsx compiles in
  // a second thread). --pin gives it one core, as under `npm run bench`.
  const cpus = values.pin && availableParallelism() >= 2 && canPin() ? '1' : null;

  const atStart = machine();
  console.log(
    `Urbis start time, ${new Date().toISOString()}: ${runs} starts of each kind${cpus ? ', pinned to CPU 1' : ''}; ` +
      `load average ${(atStart.loadAverage as number[]).join(' ')}; Urbis runs ${String(atStart.urbisRunsFrom)}`,
  );

  const engines: { engine: string; env: NodeJS.ProcessEnv }[] = [];
  process.stdout.write('Preparing a SQLite demo database… ');
  const sqliteDir = tempDir('urbis-bench-start-');
  const sqliteEnv = urbisEnv({ dataDir: sqliteDir, logLevel: 'info' });
  await prepareDemoDatabase(sqliteEnv);
  console.log('done.');
  engines.push({ engine: 'sqlite', env: sqliteEnv });

  const admin = postgresAdminUrl();
  if (admin) {
    process.stdout.write(`Preparing a PostgreSQL demo database next to ${safeUrl(admin)}… `);
    const databaseUrl = await freshPostgresDatabase(admin);
    const pgEnv = urbisEnv({ dataDir: tempDir('urbis-bench-start-pg-'), databaseUrl, logLevel: 'info' });
    await prepareDemoDatabase(pgEnv);
    console.log(`done (${safeUrl(databaseUrl)}).`);
    engines.push({ engine: 'postgres', env: pgEnv });
  } else {
    console.log('PostgreSQL: skipped (set BENCH_DATABASE_URL=postgres://… to measure it).');
  }

  const kinds: (Kind & { engine: string })[] = [
    { name: 'node:http (floor)', engine: '-', command: ['-e', BARE], env: { PATH: process.env.PATH, HOST } },
    ...engines.flatMap(({ engine, env }) => [
      { name: 'urbis serve', engine, command: [URBIS_BIN, 'serve'], env },
      { name: 'urbis start', engine, command: [URBIS_BIN, 'start'], env },
    ]),
  ];

  // One unmeasured start of each kind first (disk cache), then the runs, interleaved.
  for (const kind of kinds) await startOnce(kind, cpus);
  const starts = new Map<(typeof kinds)[number], Start[]>(kinds.map((k) => [k, []]));
  for (let i = 1; i <= runs; i++) {
    const line: string[] = [];
    for (const kind of i % 2 ? kinds : [...kinds].reverse()) {
      const start = await startOnce(kind, cpus);
      starts.get(kind)!.push(start);
      line.push(`${kind.name}${kind.engine === '-' ? '' : ` (${kind.engine})`} ${start.readyMs} ms`);
    }
    console.log(`  run ${i}/${runs}: ${line.join(', ')}`);
  }

  const rows: (string | number)[][] = [
    ['kind', 'engine', 'min ms', 'median ms', 'max ms', 'CPU ms median', 'self-reported median', 'shutdown median ms'],
  ];
  const summary = kinds.map((kind) => {
    const list = starts.get(kind)!;
    const ready = list.map((s) => s.readyMs);
    const self = list.map((s) => s.selfReportedMs).filter((v): v is number => v !== null);
    const cpu = list.map((s) => s.cpuMsToReady).filter((v): v is number => v !== null);
    const figures = {
      kind: kind.name,
      engine: kind.engine,
      minMs: Math.min(...ready),
      medianMs: median(ready),
      maxMs: Math.max(...ready),
      cpuMsToReadyMedian: cpu.length ? median(cpu) : null,
      selfReportedMedianMs: self.length ? median(self) : null,
      shutdownMedianMs: median(list.map((s) => s.shutdownMs)),
      runs: list,
    };
    rows.push([
      kind.name,
      kind.engine,
      figures.minMs,
      figures.medianMs,
      figures.maxMs,
      figures.cpuMsToReadyMedian ?? '-',
      figures.selfReportedMedianMs ?? '-',
      figures.shutdownMedianMs,
    ]);
    return figures;
  });
  console.log(`\n${table(rows)}`);
  console.log('Every start answered /healthz with 200 and exited with code 0 on SIGTERM.');
  const slow = summary.filter((s) => s.kind === 'urbis serve' && s.medianMs >= 1000);
  if (slow.length)
    console.log(
      `Goal missed: \`urbis serve\` takes ${slow.map((s) => `${s.medianMs} ms on ${s.engine}`).join(', ')} ` +
        '(goal: under 1000 ms).',
    );

  mkdirSync(RESULTS_DIR, { recursive: true });
  const file = path.join(RESULTS_DIR, `startup-${timestamp()}.json`);
  writeFileSync(
    file,
    JSON.stringify(
      {
        date: new Date().toISOString(),
        machine: atStart,
        loadAverageAtEnd: machine().loadAverage,
        runs,
        pinned: cpus !== null,
        results: summary,
      },
      null,
      2,
    ) + '\n',
  );
  console.log(`Written to ${path.relative(ROOT, file)}`);
}

runMain(main);
