/**
 * `npm run bench`: the throughput of Urbis pages, against a bare `node:http` server that
 * returns the same bytes, measured in the same run, alternating. See bench/README.md.
 *
 *   npm run bench -- [--scenario home,home-br|all] [--rounds 5] [--duration 5] [--connections 10]
 *                    [--warmup 2] [--db sqlite|postgres] [--no-pin] [--cpu-prof]
 *
 * The same settings can come from BENCH_ROUNDS, BENCH_DURATION, BENCH_CONNECTIONS, BENCH_WARMUP.
 */
import autocannon, { type Result } from 'autocannon';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
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
  get,
  machine,
  median,
  memoryOf,
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
import { scenarios, type Scenario } from './scenarios.js';

const USAGE = `npm run bench -- [options]
  --scenario <names>   comma-separated scenario names, or "all" (default: ${scenarios
    .filter((s) => s.default)
    .map((s) => s.name)
    .join(',')}; known: ${scenarios.map((s) => s.name).join(', ')})
  --rounds <n>         measured rounds, each runs Urbis and the bare server once (BENCH_ROUNDS, default 5)
  --duration <s>       seconds per run (BENCH_DURATION, default 5)
  --connections <n>    concurrent connections (BENCH_CONNECTIONS, default 10)
  --warmup <s>         seconds of unmeasured load on each server first (BENCH_WARMUP, default 2)
  --db <engine>        sqlite (default) or postgres (needs BENCH_DATABASE_URL or DATABASE_URL)
  --no-pin             do not pin the servers to CPU 1 and the load generator to CPU 0
  --cpu-prof           write a V8 CPU profile of Urbis to bench/results/ (slows it down a little)`;

interface RunFigures {
  requestsPerSecond: number;
  requests: number;
  seconds: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  bytesPerResponse: number;
  /** Server CPU time (user + system) per response, in µs; null where /proc is missing. */
  cpuUsPerRequest: number | null;
}

interface Round {
  round: number;
  order: string;
  urbis: RunFigures;
  bare: RunFigures;
  ratio: number;
  /** Bare CPU per request ÷ Urbis CPU per request: the same ratio, measured in CPU time. */
  cpuRatio: number | null;
}

interface Target {
  label: 'urbis' | 'bare';
  port: number;
  path: string;
  pid: number;
}

async function load(target: Target, scenario: Scenario, seconds: number, connections: number): Promise<RunFigures> {
  const url = `http://${HOST}:${target.port}${target.path}`;
  const cpuBefore = cpuTimeOf(target.pid);
  const result: Result = await autocannon({ url, connections, duration: seconds, headers: scenario.headers ?? {}, timeout: 10 });
  const cpuAfter = cpuTimeOf(target.pid);
  const problems: string[] = [];
  if (result.errors) problems.push(`${result.errors} connection errors`);
  if (result.timeouts) problems.push(`${result.timeouts} timeouts`);
  if (result.non2xx) problems.push(`${result.non2xx} non-2xx responses (${JSON.stringify(result.statusCodeStats)})`);
  if (result['2xx'] !== result.requests.total) problems.push(`${result['2xx']} 2xx of ${result.requests.total} responses`);
  if (result.requests.total === 0) problems.push('no response at all');
  if (problems.length) throw new Error(`${scenario.name}: ${target.label} (${url}): ${problems.join(', ')}`);
  return {
    requestsPerSecond: round(result.requests.total / result.duration, 1),
    requests: result.requests.total,
    seconds: result.duration,
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
    bytesPerResponse: Math.round(result.throughput.total / result.requests.total),
    cpuUsPerRequest: cpuBefore === null || cpuAfter === null ? null : round(((cpuAfter - cpuBefore) * 1000) / result.requests.total, 1),
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      scenario: { type: 'string' },
      rounds: { type: 'string' },
      duration: { type: 'string' },
      connections: { type: 'string' },
      warmup: { type: 'string' },
      db: { type: 'string', default: 'sqlite' },
      'no-pin': { type: 'boolean', default: false },
      'cpu-prof': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const rounds = Math.round(positive('--rounds', values.rounds, 'BENCH_ROUNDS', 5));
  const duration = positive('--duration', values.duration, 'BENCH_DURATION', 5);
  const connections = Math.round(positive('--connections', values.connections, 'BENCH_CONNECTIONS', 10));
  const warmup = positive('--warmup', values.warmup, 'BENCH_WARMUP', 2);
  if (rounds > 100 || duration > 600) throw new Error('at most 100 rounds of at most 600 s each');

  const names = values.scenario ?? scenarios.filter((s) => s.default).map((s) => s.name).join(',');
  const chosen = names === 'all' ? [...scenarios] : names.split(',').map((name) => scenarios.find((s) => s.name === name.trim()));
  if (chosen.some((s) => !s)) throw new Error(`unknown scenario in "${names}"; known: ${scenarios.map((s) => s.name).join(', ')}`);
  const selected = chosen as Scenario[];

  const atStart = machine();
  // Two cores: the load generator (this process) on CPU 0, the server under load on CPU 1.
  const pin = !values['no-pin'] && availableParallelism() >= 2 && canPin();
  if (pin) spawnSync('taskset', ['-a', '-c', '-p', '0', String(process.pid)], { stdio: 'ignore' });
  const serverCpus = pin ? '1' : null;

  const stamp = timestamp();
  const work = tempDir('urbis-bench-');
  let databaseUrl: string | undefined;
  if (values.db === 'postgres') {
    const admin = postgresAdminUrl();
    if (!admin) throw new Error('--db postgres needs BENCH_DATABASE_URL (or DATABASE_URL) = postgres://…');
    databaseUrl = await freshPostgresDatabase(admin);
  } else if (values.db !== 'sqlite') {
    throw new Error(`--db must be sqlite or postgres (got "${values.db}")`);
  }

  console.log(`Urbis benchmark, ${new Date().toISOString()}; load average ${(atStart.loadAverage as number[]).join(' ')}; Urbis runs ${String(atStart.urbisRunsFrom)}`);
  console.log(
    `${selected.map((s) => s.name).join(', ')}: ${rounds} rounds × ${duration} s × 2 servers, ${connections} connections, warm-up ${warmup} s; ` +
      `${values.db}${databaseUrl ? ` (${safeUrl(databaseUrl)})` : ''}; ${pin ? 'servers pinned to CPU 1, load generator to CPU 0' : 'no CPU pinning'}`,
  );

  // A demo database, then Urbis on it.
  process.stdout.write('Preparing the demo database… ');
  const prepareEnv = urbisEnv({ dataDir: work, ...(databaseUrl ? { databaseUrl } : {}) });
  await prepareDemoDatabase(prepareEnv);
  console.log('done.');

  const urbisPort = await freePort();
  const profileDir = path.join(RESULTS_DIR, `profile-${stamp}`);
  const nodeArgs: string[] = [];
  if (values['cpu-prof']) {
    // One file per thread (the main thread, and tsx's module-loader thread): a folder for them.
    nodeArgs.push('--cpu-prof', `--cpu-prof-dir=${profileDir}`);
  }
  const urbis = startChild(
    ...pinned(serverCpus, process.execPath, [...nodeArgs, URBIS_BIN, 'serve']),
    urbisEnv({ port: urbisPort, dataDir: work, ...(databaseUrl ? { databaseUrl } : {}) }),
  );
  await waitForHealth(urbis, urbisPort);

  // Capture each page once; the bare server returns the same bytes.
  const manifest: { path: string; file: string; headers: Record<string, string> }[] = [];
  const pages = new Map<string, { urbisPath: string; barePath: string; bytes: number; headers: Record<string, string> }>();
  for (const scenario of selected) {
    const urbisPath = typeof scenario.path === 'string' ? scenario.path : await scenario.path(`http://${HOST}:${urbisPort}`);
    const first = await get(urbisPort, urbisPath, scenario.headers);
    if (first.status !== 200) throw new Error(`${scenario.name}: GET ${urbisPath} answered ${first.status}:\n${first.body.toString('utf8').slice(0, 500)}`);
    const second = await get(urbisPort, urbisPath, scenario.headers);
    if (!second.body.equals(first.body)) console.warn(`  note: ${scenario.name}: ${urbisPath} is not the same bytes twice in a row (${first.body.length} vs ${second.body.length} bytes)`);
    const headers: Record<string, string> = {};
    for (const name of ['content-type', 'content-encoding', 'vary']) {
      const value = first.headers[name];
      if (typeof value === 'string') headers[name] = value;
    }
    const file = path.join(work, `${scenario.name}.body`);
    writeFileSync(file, first.body);
    const barePath = `/${scenario.name}`;
    manifest.push({ path: barePath, file, headers });
    pages.set(scenario.name, { urbisPath, barePath, bytes: first.body.length, headers });
  }
  const manifestFile = path.join(work, 'manifest.json');
  writeFileSync(manifestFile, JSON.stringify(manifest));
  const barePort = await freePort();
  const bare = startChild(
    ...pinned(serverCpus, process.execPath, ['--import', 'tsx', path.join(ROOT, 'bench', 'bare-server.ts'), manifestFile, String(barePort)]),
    { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: 'production' },
  );
  await waitForHealth(bare, barePort, 30_000, 5, manifest[0]!.path);
  for (const scenario of selected) {
    const page = pages.get(scenario.name)!;
    const check = await get(barePort, page.barePath, scenario.headers);
    const captured = readFileSync(path.join(work, `${scenario.name}.body`));
    if (check.status !== 200 || !check.body.equals(captured)) throw new Error(`${scenario.name}: the bare server does not return the captured bytes`);
  }

  const summaries: string[][] = [];
  const reports: { file: string; report: Record<string, unknown> }[] = [];
  for (const scenario of selected) {
    const page = pages.get(scenario.name)!;
    console.log(
      `\n== ${scenario.name}: ${scenario.description}\n   GET ${page.urbisPath} → ${page.bytes} bytes, ${page.headers['content-type']}` +
        `${page.headers['content-encoding'] ? `, ${page.headers['content-encoding']}` : ''}`,
    );
    const targets: Record<'urbis' | 'bare', Target> = {
      urbis: { label: 'urbis', port: urbisPort, path: page.urbisPath, pid: urbis.pid },
      bare: { label: 'bare', port: barePort, path: page.barePath, pid: bare.pid },
    };
    process.stdout.write(`   warm-up ${warmup} s each… `);
    await load(targets.urbis, scenario, warmup, connections);
    await load(targets.bare, scenario, warmup, connections);
    console.log('done.');

    const results: Round[] = [];
    const rows: (string | number)[][] = [
      ['round', 'order', 'urbis req/s', 'bare req/s', 'ratio', 'urbis µs CPU/req', 'bare µs CPU/req', 'CPU ratio', 'urbis p50/p99 ms', 'bare p50/p99 ms'],
    ];
    for (let i = 1; i <= rounds; i++) {
      // Alternate which goes first, so that a slow drift of the machine hits both alike.
      const order: ('urbis' | 'bare')[] = i % 2 ? ['urbis', 'bare'] : ['bare', 'urbis'];
      const figures: Partial<Record<'urbis' | 'bare', RunFigures>> = {};
      for (const label of order) figures[label] = await load(targets[label], scenario, duration, connections);
      const u = figures.urbis!;
      const b = figures.bare!;
      const cpuRatio = u.cpuUsPerRequest && b.cpuUsPerRequest ? round(b.cpuUsPerRequest / u.cpuUsPerRequest, 3) : null;
      const entry: Round = { round: i, order: order.join(' then '), urbis: u, bare: b, ratio: round(u.requestsPerSecond / b.requestsPerSecond, 3), cpuRatio };
      results.push(entry);
      rows.push([
        i,
        order.join('→'),
        u.requestsPerSecond,
        b.requestsPerSecond,
        entry.ratio.toFixed(3),
        u.cpuUsPerRequest ?? '-',
        b.cpuUsPerRequest ?? '-',
        cpuRatio?.toFixed(3) ?? '-',
        `${u.latencyP50Ms}/${u.latencyP99Ms}`,
        `${b.latencyP50Ms}/${b.latencyP99Ms}`,
      ]);
      console.log(
        `   round ${i}/${rounds}: urbis ${u.requestsPerSecond} req/s, bare ${b.requestsPerSecond} req/s, ratio ${entry.ratio.toFixed(3)}` +
          (cpuRatio === null ? '' : `; CPU per request: urbis ${u.cpuUsPerRequest} µs, bare ${b.cpuUsPerRequest} µs`),
      );
    }
    const urbisMedian = median(results.map((r) => r.urbis.requestsPerSecond));
    const bareMedian = median(results.map((r) => r.bare.requestsPerSecond));
    const medianOfRatios = round(median(results.map((r) => r.ratio)), 3);
    const ratioOfMedians = round(urbisMedian / bareMedian, 3);
    const cpuList = (label: 'urbis' | 'bare') => results.map((r) => r[label].cpuUsPerRequest).filter((v): v is number => v !== null);
    const urbisCpu = cpuList('urbis').length ? median(cpuList('urbis')) : null;
    const bareCpu = cpuList('bare').length ? median(cpuList('bare')) : null;
    const cpuRatios = results.map((r) => r.cpuRatio).filter((v): v is number => v !== null);
    const medianCpuRatio = cpuRatios.length ? round(median(cpuRatios), 3) : null;
    rows.push(['median', '', round(urbisMedian, 1), round(bareMedian, 1), medianOfRatios.toFixed(3), urbisCpu ?? '-', bareCpu ?? '-', medianCpuRatio?.toFixed(3) ?? '-', '', '']);
    console.log(`\n${table(rows)}`);
    console.log(`   ratio Urbis/bare: median of per-round ratios ${medianOfRatios.toFixed(3)}, ratio of medians ${ratioOfMedians.toFixed(3)}`);
    if (medianCpuRatio !== null) console.log(`   in CPU time per request: Urbis ${urbisCpu} µs, bare ${bareCpu} µs, ratio ${medianCpuRatio.toFixed(3)}`);

    const memory = memoryOf(urbis.pid);
    const report: Record<string, unknown> = {
      scenario: scenario.name,
      description: scenario.description,
      date: new Date().toISOString(),
      machine: atStart,
      settings: { rounds, durationSeconds: duration, connections, warmupSeconds: warmup, database: values.db, pinned: pin },
      page: { path: page.urbisPath, requestHeaders: scenario.headers ?? {}, bytes: page.bytes, responseHeaders: page.headers },
      rounds: results,
      medians: {
        urbisRequestsPerSecond: urbisMedian,
        bareRequestsPerSecond: bareMedian,
        medianOfRatios,
        ratioOfMedians,
        urbisCpuUsPerRequest: urbisCpu,
        bareCpuUsPerRequest: bareCpu,
        medianCpuRatio,
      },
      urbisMemorySoFar: memory,
    };
    mkdirSync(RESULTS_DIR, { recursive: true });
    const file = path.join(RESULTS_DIR, `${scenario.name}${values.db === 'postgres' ? '-postgres' : ''}-${stamp}.json`);
    writeFileSync(file, JSON.stringify(report, null, 2) + '\n');
    reports.push({ file, report });
    console.log(`   written to ${path.relative(ROOT, file)}`);
    summaries.push([
      scenario.name,
      String(round(urbisMedian)),
      String(round(bareMedian)),
      medianOfRatios.toFixed(3),
      ratioOfMedians.toFixed(3),
      String(urbisCpu ?? '-'),
      String(bareCpu ?? '-'),
      medianCpuRatio?.toFixed(3) ?? '-',
    ]);
  }

  const endLoad = machine().loadAverage as number[];
  const urbisMemory = memoryOf(urbis.pid);
  const bareMemory = memoryOf(bare.pid);
  const urbisStop = await stopChild(urbis);
  await stopChild(bare);
  console.log(
    `\n${table([['scenario', 'urbis req/s', 'bare req/s', 'median ratio', 'ratio of medians', 'urbis µs CPU/req', 'bare µs CPU/req', 'CPU ratio'], ...summaries])}`,
  );
  console.log(`Load average at the end: ${endLoad.join(' ')} (above ~1 the machine was busy with something else too).`);
  console.log(
    `Urbis peak RSS ${urbisMemory ? `${urbisMemory.peakRssMiB} MiB (now ${urbisMemory.rssMiB} MiB)` : 'unknown'}; ` +
      `bare server peak RSS ${bareMemory ? `${bareMemory.peakRssMiB} MiB` : 'unknown'}.`,
  );
  // The peak RSS covers every scenario of the run; add it to each results file.
  for (const { file, report } of reports) {
    delete report.urbisMemorySoFar;
    report.loadAverageAtEnd = endLoad;
    report.urbisMemory = urbisMemory;
    report.bareMemory = bareMemory;
    report.urbisShutdown = { code: urbisStop.code, signal: urbisStop.signal, ms: round(urbisStop.ms), forced: urbisStop.forced };
    writeFileSync(file, JSON.stringify(report, null, 2) + '\n');
  }
  if (values['cpu-prof']) {
    console.log(`CPU profiles (one per thread) in ${path.relative(ROOT, profileDir)}/; summarise the largest with:`);
    console.log(`  node --import tsx bench/profile.ts ${path.relative(ROOT, profileDir)}`);
  }
  if (urbisStop.code !== 0) throw new Error(`Urbis did not shut down cleanly on SIGTERM (exit ${urbisStop.code ?? urbisStop.signal}):\n${urbis.output()}`);
}

runMain(main);
