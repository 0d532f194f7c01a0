/**
 * `npm run bench`: the throughput and the CPU cost of Urbis pages, against a bare `node:http`
 * server that returns the same bytes, measured in the same run, alternating, with wrk as the
 * load generator. See bench/README.md.
 *
 *   npm run bench -- [--scenario home-signed-in,post-50|all] [--rounds 5] [--duration 5]
 *                    [--connections 50] [--threads 1] [--warmup 2] [--db sqlite|postgres]
 *                    [--data demo|synthetic|demo,synthetic] [--quiet-wait 0] [--no-pin] [--cpu-prof]
 *
 * The same settings can come from BENCH_ROUNDS, BENCH_DURATION, BENCH_CONNECTIONS,
 * BENCH_THREADS, BENCH_WARMUP.
 */
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
  coreBusyTime,
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
  prepareDatabase,
  round,
  runMain,
  safeUrl,
  signIn,
  startChild,
  stopChild,
  table,
  tempDir,
  timestamp,
  urbisEnv,
  waitForHealth,
  waitForQuiet,
} from './lib.js';
import { DATA_SCENARIOS, scenarios, type Scenario } from './scenarios.js';
import { runWrk, wrkVersion } from './wrk.js';

const DEFAULT_CONNECTIONS = 50;

/** With --quiet-wait, a round is run again when other processes took this share of a core from a server or wrk… */
const REDO_OTHERS_PERCENT = 5;
/** …up to this many times. */
const REDO_ROUNDS = 3;

/** Below this share of its core, the bare server was not saturated: its req/s is not the ceiling. */
const SATURATED_PERCENT = 85;

const USAGE = `npm run bench -- [options]
  --scenario <names>   comma-separated scenario names, or "all" (default: ${scenarios
    .filter((s) => s.default)
    .map((s) => s.name)
    .join(',')}; known: ${scenarios.map((s) => s.name).join(', ')})
  --rounds <n>         measured rounds, each runs Urbis and the bare server once (BENCH_ROUNDS, default 5)
  --duration <s>       whole seconds per run (BENCH_DURATION, default 5)
  --connections <n>    concurrent connections of wrk (BENCH_CONNECTIONS, default ${DEFAULT_CONNECTIONS})
  --threads <n>        threads of wrk (BENCH_THREADS, default 1: pinned, it has one core)
  --warmup <s>         whole seconds of unmeasured load on each server first (BENCH_WARMUP, default 2)
  --db <engine>        sqlite (default) or postgres (needs BENCH_DATABASE_URL or DATABASE_URL)
  --data <sets>        demo (default), synthetic, or demo,synthetic to compare the same pages on both
                       (then the default scenarios are ${DATA_SCENARIOS.join(', ')})
  --synthetic "<opts>" options for \`urbis seed --synthetic\` (default: its own, 100,000 posts, 1,000,000
                       comments, 10,000 meetings, 200,000 registrations, 20 actions
                       with 100 versions each in each of its 20 partnerships, 50,000 funding items)
  --quiet-wait <s>     for a machine shared with other work: before each round, wait up to this long for it to be
                       90 % idle, and run a round again (up to 3 times) when other processes took 5 % or more
                       of the server's core or of wrk's (BENCH_QUIET_WAIT, default 0: neither)
  --no-pin             do not pin the servers to CPU 1 and the load generator to CPU 0
  --cpu-prof           write a V8 CPU profile of Urbis to bench/results/ (slows it down a little)
Needs wrk (apt-get install wrk).`;

interface RunFigures {
  requestsPerSecond: number;
  requests: number;
  /** wrk's measuring window. */
  seconds: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  /** Bytes received per response, headers included. */
  wireBytesPerResponse: number;
  /** Server CPU time (user + system, all threads) per response, in µs; null where /proc is missing. */
  cpuUsPerRequest: number | null;
  /** Server CPU time over the run's wall time: 100 % is its whole core (more is possible unpinned). */
  busyPercent: number | null;
  /**
   * CPU time other processes used on the server's core (pinned; unpinned: on the whole machine, beyond the
   * server, wrk and us), over the wall time: what they took from it.
   */
  othersPercent: number | null;
  /** wrk's CPU time over the run's wall time. */
  wrkBusyPercent: number | null;
  /** The same on wrk's core (pinned; unpinned, the same figure as `othersPercent`). */
  wrkOthersPercent: number | null;
}

interface Round {
  round: number;
  order: string;
  /** With --quiet-wait: how long the round waited for the machine to be idle, and how idle it was. */
  quiet: { seconds: number; idlePercent: number | null; quiet: boolean } | null;
  /** How many times the round was run (with --quiet-wait, again when other processes took part of a core). */
  attempts: number;
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

interface Load {
  seconds: number;
  connections: number;
  threads: number;
  /** Pinned: the core of wrk (and of this process), and that of the servers; else null. */
  generatorCore: number | null;
  serverCore: number | null;
}

const int = new Intl.NumberFormat('en', { maximumFractionDigits: 0 });
const percent = (value: number | null) => (value === null ? '?' : `${int.format(value)} %`);

async function load(
  target: Target,
  scenario: Scenario,
  headers: Record<string, string>,
  { seconds, connections, threads, generatorCore, serverCore }: Load,
): Promise<RunFigures> {
  const pinnedRun = generatorCore !== null && serverCore !== null;
  const cpuBefore = cpuTimeOf(target.pid);
  const serverCoreBefore = coreBusyTime(serverCore);
  const generatorCoreBefore = pinnedRun ? coreBusyTime(generatorCore) : null;
  const ownBefore = process.cpuUsage();
  const result = await runWrk({
    port: target.port,
    pathname: target.path,
    headers,
    seconds,
    connections,
    threads,
    cpus: generatorCore === null ? null : String(generatorCore),
    label: `${scenario.name}: ${target.label}`,
  });
  const cpuAfter = cpuTimeOf(target.pid);
  const serverCoreAfter = coreBusyTime(serverCore);
  const generatorCoreAfter = pinnedRun ? coreBusyTime(generatorCore) : null;
  const own = process.cpuUsage(ownBefore);
  const ownMs = (own.user + own.system) / 1000;
  const cpuMs = cpuBefore === null || cpuAfter === null ? null : cpuAfter - cpuBefore;
  const share = (ms: number | null) => (ms === null ? null : round((100 * Math.max(0, ms)) / result.wallMs, 1));
  const delta = (before: number | null, after: number | null) =>
    before === null || after === null ? null : after - before;
  const serverCoreBusy = delta(serverCoreBefore, serverCoreAfter);
  const generatorCoreBusy = delta(generatorCoreBefore, generatorCoreAfter);
  // What other processes used: on each core when pinned, else on the whole machine.
  const others =
    serverCoreBusy === null || cpuMs === null || result.cpuMs === null
      ? null
      : pinnedRun
        ? serverCoreBusy - cpuMs
        : serverCoreBusy - cpuMs - result.cpuMs - ownMs;
  const wrkOthers =
    !pinnedRun || generatorCoreBusy === null || result.cpuMs === null
      ? others
      : generatorCoreBusy - result.cpuMs - ownMs;
  return {
    requestsPerSecond: round(result.requests / (result.durationUs / 1e6), 1),
    requests: result.requests,
    seconds: round(result.durationUs / 1e6, 3),
    latencyP50Ms: round(result.latencyUs.p50 / 1000, 2),
    latencyP99Ms: round(result.latencyUs.p99 / 1000, 2),
    wireBytesPerResponse: Math.round(result.bytes / result.requests),
    cpuUsPerRequest: cpuMs === null ? null : round((cpuMs * 1000) / result.requests, 1),
    busyPercent: share(cpuMs),
    othersPercent: share(others),
    wrkBusyPercent: share(result.cpuMs),
    wrkOthersPercent: share(wrkOthers),
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      scenario: { type: 'string' },
      rounds: { type: 'string' },
      duration: { type: 'string' },
      connections: { type: 'string' },
      threads: { type: 'string' },
      warmup: { type: 'string' },
      'quiet-wait': { type: 'string' },
      db: { type: 'string', default: 'sqlite' },
      data: { type: 'string', default: 'demo' },
      synthetic: { type: 'string' },
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
  // wrk takes whole seconds.
  const duration = Math.max(1, Math.round(positive('--duration', values.duration, 'BENCH_DURATION', 5)));
  const connections = Math.round(
    positive('--connections', values.connections, 'BENCH_CONNECTIONS', DEFAULT_CONNECTIONS),
  );
  const threads = Math.round(positive('--threads', values.threads, 'BENCH_THREADS', 1));
  const warmup = Math.max(1, Math.round(positive('--warmup', values.warmup, 'BENCH_WARMUP', 2)));
  const quietRaw = values['quiet-wait'] ?? process.env.BENCH_QUIET_WAIT;
  const quietWait = quietRaw === '0' ? 0 : positive('--quiet-wait', quietRaw, 'BENCH_QUIET_WAIT', 0);
  if (rounds > 100 || duration > 600) throw new Error('at most 100 rounds of at most 600 s each');
  if (threads > connections) throw new Error('wrk needs at least one connection per thread');

  const datasets = values.data.split(',').map((d) => d.trim());
  if (
    datasets.length === 0 ||
    datasets.some((d) => d !== 'demo' && d !== 'synthetic') ||
    new Set(datasets).size !== datasets.length
  ) {
    throw new Error(`--data must be demo, synthetic or demo,synthetic (got "${values.data}")`);
  }
  const syntheticArgs = (values.synthetic ?? '').split(/\s+/).filter(Boolean);
  const names =
    values.scenario ??
    (datasets.includes('synthetic') ? DATA_SCENARIOS : scenarios.filter((s) => s.default).map((s) => s.name)).join(',');
  const chosen =
    names === 'all' ? [...scenarios] : names.split(',').map((name) => scenarios.find((s) => s.name === name.trim()));
  if (chosen.some((s) => !s))
    throw new Error(`unknown scenario in "${names}"; known: ${scenarios.map((s) => s.name).join(', ')}`);
  const selected = chosen as Scenario[];
  if (values.db !== 'postgres' && values.db !== 'sqlite')
    throw new Error(`--db must be sqlite or postgres (got "${values.db}")`);
  const admin = values.db === 'postgres' ? postgresAdminUrl() : null;
  if (values.db === 'postgres' && !admin)
    throw new Error('--db postgres needs BENCH_DATABASE_URL (or DATABASE_URL) = postgres://…');
  const wrk = wrkVersion();

  const atStart = machine();
  // Two cores: the load generator (wrk, and this process) on CPU 0, the server under load on CPU 1.
  const pin = !values['no-pin'] && availableParallelism() >= 2 && canPin();
  if (pin) spawnSync('taskset', ['-a', '-c', '-p', '0', String(process.pid)], { stdio: 'ignore' });
  const serverCpus = pin ? '1' : null;
  const stamp = timestamp();

  console.log(
    `Urbis benchmark, ${new Date().toISOString()}; commit ${String(atStart.commit)}; ` +
      `load average ${(atStart.loadAverage as number[]).join(' ')}; Urbis runs ${String(atStart.urbisRunsFrom)}`,
  );
  console.log(
    `${selected.map((s) => s.name).join(', ')}: ${rounds} rounds × ${duration} s × 2 servers, warm-up ${warmup} s; ` +
      `wrk ${wrk}, ${threads} thread${threads > 1 ? 's' : ''}, ${connections} connections; ` +
      `${values.db}; data ${datasets.join(' then ')}; ` +
      `${pin ? 'servers pinned to CPU 1, wrk to CPU 0' : 'no CPU pinning'}` +
      `${quietWait ? `; each round waits up to ${quietWait} s for a quiet machine` : ''}`,
  );
  const settings: Settings = {
    rounds,
    load: { seconds: duration, connections, threads, generatorCore: pin ? 0 : null, serverCore: pin ? 1 : null },
    warmup,
    quietWait,
    db: values.db,
    pin,
    serverCpus,
    stamp,
    atStart,
    wrk,
    cpuProf: values['cpu-prof'],
  };
  const outcomes = new Map<string, Summary[]>();
  for (const data of datasets as Data[]) {
    const databaseUrl = admin ? await freshPostgresDatabase(admin) : undefined;
    outcomes.set(data, await runOnData(data, syntheticArgs, databaseUrl, selected, settings));
  }
  if (datasets.length === 2) {
    const demo = outcomes.get('demo')!;
    const synthetic = outcomes.get('synthetic')!;
    const rows: (string | number)[][] = [
      [
        'scenario',
        'demo ratio',
        'synthetic ratio',
        'synthetic/demo',
        'demo µs CPU/req',
        'synthetic µs CPU/req',
        'synthetic/demo CPU',
      ],
    ];
    for (const [i, d] of demo.entries()) {
      const s = synthetic[i]!;
      rows.push([
        d.name,
        d.medianOfRatios.toFixed(3),
        s.medianOfRatios.toFixed(3),
        (s.medianOfRatios / d.medianOfRatios).toFixed(3),
        d.urbisCpu ?? '-',
        s.urbisCpu ?? '-',
        d.urbisCpu && s.urbisCpu ? (s.urbisCpu / d.urbisCpu).toFixed(3) : '-',
      ]);
    }
    console.log(
      '\nThe same pages on the synthetic data set and on the demo ' +
        `(goal: synthetic/demo at least 0.8 in ratio, at most 1.25 in CPU):\n${table(rows)}`,
    );
  }
}

type Data = 'demo' | 'synthetic';

interface Summary {
  name: string;
  medianOfRatios: number;
  urbisCpu: number | null;
  generatorLimited: boolean;
}

interface Settings {
  rounds: number;
  load: Load;
  warmup: number;
  quietWait: number;
  db: string;
  pin: boolean;
  serverCpus: string | null;
  stamp: string;
  atStart: Record<string, unknown>;
  wrk: string;
  cpuProf: boolean;
}

/** Response headers that belong to the connection or the moment, not to the page: Node sets its own. */
const NOT_COPIED = new Set(['date', 'connection', 'keep-alive', 'transfer-encoding', 'content-length']);

interface Page {
  urbisPath: string;
  barePath: string;
  bytes: number;
  headers: Record<string, string | string[]>;
  requestHeaders: Record<string, string>;
}

/** Prepares one data set, starts Urbis and the bare server on it, runs the scenarios, stops both. */
async function runOnData(
  data: Data,
  syntheticArgs: string[],
  databaseUrl: string | undefined,
  selected: Scenario[],
  settings: Settings,
): Promise<Summary[]> {
  const { rounds, warmup, pin, serverCpus, stamp, atStart } = settings;
  const work = tempDir('urbis-bench-');
  process.stdout.write(`\nPreparing the ${data} data set${databaseUrl ? ` in ${safeUrl(databaseUrl)}` : ''}… `);
  const prepareEnv = urbisEnv({ dataDir: work, ...(databaseUrl ? { databaseUrl } : {}) });
  const seedSeconds = await prepareDatabase(prepareEnv, data, syntheticArgs);
  console.log(
    data === 'synthetic'
      ? `done (urbis seed --synthetic ${syntheticArgs.join(' ')}: ${round(seedSeconds, 1)} s).`
      : 'done.',
  );

  const urbisPort = await freePort();
  const profileDir = path.join(RESULTS_DIR, `profile-${stamp}`);
  const nodeArgs: string[] = [];
  if (settings.cpuProf) {
    // One file per thread (the main thread, and tsx's module-loader thread): a folder for them.
    nodeArgs.push('--cpu-prof', `--cpu-prof-dir=${profileDir}`);
  }
  const urbis = startChild(
    ...pinned(serverCpus, process.execPath, [...nodeArgs, URBIS_BIN, 'serve']),
    urbisEnv({ port: urbisPort, dataDir: work, ...(databaseUrl ? { databaseUrl } : {}) }),
  );
  await waitForHealth(urbis, urbisPort);

  // Capture each page once; the bare server returns the same bytes, with the same headers.
  const manifest: { path: string; file: string; headers: Record<string, string | string[]> }[] = [];
  const pages = new Map<string, Page>();
  for (const scenario of selected) {
    const requestHeaders: Record<string, string> = {
      ...scenario.headers,
      ...(scenario.signIn ? { cookie: await signIn(urbisPort, scenario.signIn.email, scenario.signIn.password) } : {}),
    };
    const urbisPath =
      typeof scenario.path === 'string'
        ? scenario.path
        : await scenario.path(`http://${HOST}:${urbisPort}`, requestHeaders);
    const first = await get(urbisPort, urbisPath, requestHeaders);
    if (first.status !== 200)
      throw new Error(
        `${scenario.name}: GET ${urbisPath} answered ${first.status}:\n${first.body.toString('utf8').slice(0, 500)}`,
      );
    // A signed-in page is personal: Urbis says so, and never serves it from the page cache (which
    // adds an ETag); the API says nothing of caching, but the page cache never answers it either.
    const api = urbisPath.startsWith('/api/');
    if (
      scenario.signIn &&
      (api ? first.headers.etag !== undefined : first.headers['cache-control'] !== 'private, no-store')
    )
      throw new Error(
        `${scenario.name}: not answered as a signed-in page (Cache-Control: ${String(first.headers['cache-control'])})`,
      );
    const second = await get(urbisPort, urbisPath, requestHeaders);
    if (!second.body.equals(first.body))
      console.warn(
        `  note: ${scenario.name}: ${urbisPath} is not the same bytes twice in a row ` +
          `(${first.body.length} vs ${second.body.length} bytes)`,
      );
    const headers: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(first.headers)) {
      if (value !== undefined && !NOT_COPIED.has(name)) headers[name] = value;
    }
    const file = path.join(work, `${scenario.name}.body`);
    writeFileSync(file, first.body);
    const barePath = `/${scenario.name}`;
    manifest.push({ path: barePath, file, headers });
    pages.set(scenario.name, { urbisPath, barePath, bytes: first.body.length, headers, requestHeaders });
  }
  const manifestFile = path.join(work, 'manifest.json');
  writeFileSync(manifestFile, JSON.stringify(manifest));
  const barePort = await freePort();
  const bare = startChild(
    ...pinned(serverCpus, process.execPath, [
      '--import',
      'tsx',
      path.join(ROOT, 'bench', 'bare-server.ts'),
      manifestFile,
      String(barePort),
    ]),
    { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: 'production' },
  );
  await waitForHealth(bare, barePort, 30_000, 5, manifest[0]!.path);
  for (const scenario of selected) {
    const page = pages.get(scenario.name)!;
    const check = await get(barePort, page.barePath, page.requestHeaders);
    const captured = readFileSync(path.join(work, `${scenario.name}.body`));
    if (check.status !== 200 || !check.body.equals(captured))
      throw new Error(`${scenario.name}: the bare server does not return the captured bytes`);
    for (const [name, value] of Object.entries(page.headers))
      if (String(check.headers[name]) !== String(value))
        throw new Error(`${scenario.name}: the bare server does not send the captured ${name} header`);
  }

  const summaries: (string | number)[][] = [];
  const calibrations: string[] = [];
  const outcome: Summary[] = [];
  const reports: { file: string; report: Record<string, unknown> }[] = [];
  for (const scenario of selected) {
    const page = pages.get(scenario.name)!;
    const encoding = typeof page.headers['content-encoding'] === 'string' ? page.headers['content-encoding'] : null;
    console.log(
      `\n== ${scenario.name}: ${scenario.description}\n   GET ${page.urbisPath} → ${int.format(page.bytes)} bytes, ` +
        `${String(page.headers['content-type'])}${encoding ? `, ${encoding}` : ''}`,
    );
    const targets: Record<'urbis' | 'bare', Target> = {
      urbis: { label: 'urbis', port: urbisPort, path: page.urbisPath, pid: urbis.pid },
      bare: { label: 'bare', port: barePort, path: page.barePath, pid: bare.pid },
    };
    process.stdout.write(`   warm-up ${warmup} s each… `);
    await load(targets.urbis, scenario, page.requestHeaders, { ...settings.load, seconds: warmup });
    await load(targets.bare, scenario, page.requestHeaders, { ...settings.load, seconds: warmup });
    console.log('done.');

    const results: Round[] = [];
    const rows: (string | number)[][] = [
      [
        'round',
        'order',
        'urbis req/s',
        'bare req/s',
        'ratio',
        'urbis µs CPU/req',
        'bare µs CPU/req',
        'CPU ratio',
        'urbis busy',
        'bare busy',
        'others on server core (urbis/bare)',
        'wrk busy (urbis/bare)',
        'others on wrk core',
        'urbis p50/p99 ms',
        'bare p50/p99 ms',
      ],
    ];
    for (let i = 1; i <= rounds; i++) {
      // Alternate which goes first, so that a slow drift of the machine hits both alike.
      const order: ('urbis' | 'bare')[] = i % 2 ? ['urbis', 'bare'] : ['bare', 'urbis'];
      // With --quiet-wait, a round during which other processes took part of a server's core or of
      // wrk's is run again, up to REDO_ROUNDS times; the least disturbed attempt is kept.
      let kept: { quiet: Round['quiet']; u: RunFigures; b: RunFigures; others: number } | null = null;
      let attempts = 0;
      for (;;) {
        attempts++;
        const quiet = settings.quietWait ? await waitForQuiet(settings.quietWait) : null;
        const figures: Partial<Record<'urbis' | 'bare', RunFigures>> = {};
        for (const label of order)
          figures[label] = await load(targets[label], scenario, page.requestHeaders, settings.load);
        const [u, b] = [figures.urbis!, figures.bare!];
        const others = Math.max(
          ...[u.othersPercent, b.othersPercent, u.wrkOthersPercent, b.wrkOthersPercent].map((v) => v ?? 0),
        );
        if (!kept || others < kept.others) kept = { quiet, u, b, others };
        if (!settings.quietWait || others < REDO_OTHERS_PERCENT || attempts > REDO_ROUNDS) break;
        console.log(`   round ${i}/${rounds}: other processes took ${others} % of a core meanwhile: again`);
      }
      const { quiet, u, b } = kept;
      const cpuRatio = u.cpuUsPerRequest && b.cpuUsPerRequest ? round(b.cpuUsPerRequest / u.cpuUsPerRequest, 3) : null;
      const entry: Round = {
        round: i,
        order: order.join(' then '),
        quiet,
        attempts,
        urbis: u,
        bare: b,
        ratio: round(u.requestsPerSecond / b.requestsPerSecond, 3),
        cpuRatio,
      };
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
        percent(u.busyPercent),
        percent(b.busyPercent),
        `${percent(u.othersPercent)} / ${percent(b.othersPercent)}`,
        `${percent(u.wrkBusyPercent)} / ${percent(b.wrkBusyPercent)}`,
        `${percent(u.wrkOthersPercent)} / ${percent(b.wrkOthersPercent)}`,
        `${u.latencyP50Ms}/${u.latencyP99Ms}`,
        `${b.latencyP50Ms}/${b.latencyP99Ms}`,
      ]);
      console.log(
        `   round ${i}/${rounds}: ` +
          `urbis ${int.format(u.requestsPerSecond)} req/s, ${u.cpuUsPerRequest ?? '?'} µs CPU/req; ` +
          `bare ${int.format(b.requestsPerSecond)} req/s, ${b.cpuUsPerRequest ?? '?'} µs CPU/req (busy ` +
          `${percent(b.busyPercent)}); ratio ${entry.ratio.toFixed(3)}, CPU ratio ${cpuRatio?.toFixed(3) ?? '?'}` +
          (quiet
            ? `; ${quiet.quiet ? 'quiet' : 'NOT quiet'} after ${quiet.seconds} s (${percent(quiet.idlePercent)} idle)` +
              (attempts > 1 ? `, ${attempts} attempts` : '')
            : ''),
      );
    }
    const medianOf = (values: (number | null)[]) => {
      const known = values.filter((v): v is number => v !== null);
      return known.length ? round(median(known), 1) : null;
    };
    const urbisMedian = median(results.map((r) => r.urbis.requestsPerSecond));
    const bareMedian = median(results.map((r) => r.bare.requestsPerSecond));
    const medianOfRatios = round(median(results.map((r) => r.ratio)), 3);
    const ratioOfMedians = round(urbisMedian / bareMedian, 3);
    const urbisCpu = medianOf(results.map((r) => r.urbis.cpuUsPerRequest));
    const bareCpu = medianOf(results.map((r) => r.bare.cpuUsPerRequest));
    const cpuRatios = results.map((r) => r.cpuRatio).filter((v): v is number => v !== null);
    const medianCpuRatio = cpuRatios.length ? round(median(cpuRatios), 3) : null;
    const calibration = {
      bareBusyPercent: medianOf(results.map((r) => r.bare.busyPercent)),
      bareOthersPercent: medianOf(results.map((r) => r.bare.othersPercent)),
      bareRequestsPerSecond: bareMedian,
      wrkBusyPercentOnBare: medianOf(results.map((r) => r.bare.wrkBusyPercent)),
      wrkOthersPercentOnBare: medianOf(results.map((r) => r.bare.wrkOthersPercent)),
      urbisBusyPercent: medianOf(results.map((r) => r.urbis.busyPercent)),
      urbisOthersPercent: medianOf(results.map((r) => r.urbis.othersPercent)),
      wrkBusyPercentOnUrbis: medianOf(results.map((r) => r.urbis.wrkBusyPercent)),
      /** The bare server was not kept busy: its req/s is not the ceiling, and the throughput ratio is too high. */
      generatorLimited: false,
      saturatedAbovePercent: SATURATED_PERCENT,
    };
    calibration.generatorLimited =
      calibration.bareBusyPercent !== null && calibration.bareBusyPercent < SATURATED_PERCENT;
    const wire = {
      urbis: median(results.map((r) => r.urbis.wireBytesPerResponse)),
      bare: median(results.map((r) => r.bare.wireBytesPerResponse)),
    };
    rows.push([
      'median',
      '',
      round(urbisMedian, 1),
      round(bareMedian, 1),
      medianOfRatios.toFixed(3),
      urbisCpu ?? '-',
      bareCpu ?? '-',
      medianCpuRatio?.toFixed(3) ?? '-',
      percent(calibration.urbisBusyPercent),
      percent(calibration.bareBusyPercent),
      `${percent(calibration.urbisOthersPercent)} / ${percent(calibration.bareOthersPercent)}`,
      `${percent(calibration.wrkBusyPercentOnUrbis)} / ${percent(calibration.wrkBusyPercentOnBare)}`,
      `- / ${percent(calibration.wrkOthersPercentOnBare)}`,
      '',
      '',
    ]);
    console.log(`\n${table(rows)}`);
    console.log(
      `   throughput ratio Urbis/bare: median of per-round ratios ${medianOfRatios.toFixed(3)}, ` +
        `ratio of medians ${ratioOfMedians.toFixed(3)}`,
    );
    if (medianCpuRatio !== null)
      console.log(
        `   CPU ratio bare/Urbis (CPU time per request): ${medianCpuRatio.toFixed(3)} ` +
          `(Urbis ${urbisCpu} µs, bare ${bareCpu} µs)`,
      );
    console.log(
      `   on the wire: Urbis ${int.format(wire.urbis)} bytes per response, ` +
        `bare ${int.format(wire.bare)} (headers included)`,
    );
    // Under load, Urbis must still answer what was captured: a different size is another answer.
    if (Math.abs(wire.urbis - wire.bare) > Math.max(100, wire.bare * 0.02))
      console.warn(
        `   WARNING: Urbis's responses under load are not the size of the bare server's: ` +
          'it answered something else than the captured page part of the time',
      );
    const line = calibrationLine(scenario.name, calibration);
    calibrations.push(line);
    if (calibration.generatorLimited) console.warn(`   ${line}`);
    else console.log(`   ${line}`);

    const memory = memoryOf(urbis.pid);
    const report: Record<string, unknown> = {
      scenario: scenario.name,
      description: scenario.description,
      date: new Date().toISOString(),
      machine: atStart,
      settings: {
        rounds,
        durationSeconds: settings.load.seconds,
        warmupSeconds: warmup,
        quietWaitSeconds: settings.quietWait,
        generator: {
          tool: 'wrk',
          version: settings.wrk,
          threads: settings.load.threads,
          connections: settings.load.connections,
          cpus: settings.load.generatorCore,
        },
        database: settings.db,
        pinned: pin,
        data,
        syntheticArgs: data === 'synthetic' ? syntheticArgs : null,
      },
      page: {
        path: page.urbisPath,
        requestHeaders: scenario.headers ?? {},
        signedIn: scenario.signIn?.email ?? null,
        bytes: page.bytes,
        responseHeaders: page.headers,
      },
      rounds: results,
      medians: {
        urbisRequestsPerSecond: urbisMedian,
        bareRequestsPerSecond: bareMedian,
        medianOfRatios,
        ratioOfMedians,
        urbisCpuUsPerRequest: urbisCpu,
        bareCpuUsPerRequest: bareCpu,
        medianCpuRatio,
        wireBytesPerResponse: wire,
      },
      calibration,
      urbisMemorySoFar: memory,
    };
    mkdirSync(RESULTS_DIR, { recursive: true });
    const file = path.join(
      RESULTS_DIR,
      [scenario.name, settings.db === 'postgres' ? '-postgres' : '', data === 'synthetic' ? '-synthetic' : '']
        .concat(`-${stamp}.json`)
        .join(''),
    );
    writeFileSync(file, JSON.stringify(report, null, 2) + '\n');
    reports.push({ file, report });
    console.log(`   written to ${path.relative(ROOT, file)}`);
    outcome.push({ name: scenario.name, medianOfRatios, urbisCpu, generatorLimited: calibration.generatorLimited });
    summaries.push([
      scenario.name,
      `${page.bytes}${encoding ? ` ${encoding}` : ''}`,
      round(urbisMedian),
      round(bareMedian),
      medianOfRatios.toFixed(3),
      urbisCpu ?? '-',
      bareCpu ?? '-',
      medianCpuRatio?.toFixed(3) ?? '-',
      `${percent(calibration.bareBusyPercent)}${calibration.generatorLimited ? ' (!)' : ''}`,
    ]);
  }

  const endLoad = machine().loadAverage as number[];
  const urbisMemory = memoryOf(urbis.pid);
  const bareMemory = memoryOf(bare.pid);
  const urbisStop = await stopChild(urbis);
  await stopChild(bare);
  const header = [
    'scenario',
    'bytes',
    'urbis req/s',
    'bare req/s',
    'throughput ratio',
    'urbis µs CPU/req',
    'bare µs CPU/req',
    'CPU ratio',
    'bare busy',
  ];
  console.log(`\nMedians of ${rounds} rounds (${data} data):\n${table([header, ...summaries])}`);
  console.log(calibrations.join('\n'));
  const limited = outcome.filter((o) => o.generatorLimited).map((o) => o.name);
  if (limited.length)
    console.warn(
      `WARNING: the bare server was under ${SATURATED_PERCENT} % busy for ${limited.join(', ')}: the load generator ` +
        'did not saturate it (or other processes took its core), so those throughput ratios are too high. ' +
        'The CPU ratios do not depend on the generator, but where other processes took part of a core, ' +
        'they are off too: run again on a quiet machine, or with --quiet-wait.',
    );
  console.log(
    `Load average at the start ${(atStart.loadAverage as number[]).join(' ')}, at the end ${endLoad.join(' ')} ` +
      '(above ~1 the machine was busy with something else too).',
  );
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
    report.urbisShutdown = {
      code: urbisStop.code,
      signal: urbisStop.signal,
      ms: round(urbisStop.ms),
      forced: urbisStop.forced,
    };
    writeFileSync(file, JSON.stringify(report, null, 2) + '\n');
  }
  if (settings.cpuProf) {
    console.log(`CPU profiles (one per thread) in ${path.relative(ROOT, profileDir)}/; summarise the largest with:`);
    console.log(`  node --import tsx bench/profile.ts ${path.relative(ROOT, profileDir)}`);
  }
  if (urbisStop.code !== 0)
    throw new Error(
      `Urbis did not shut down cleanly on SIGTERM (exit ${urbisStop.code ?? urbisStop.signal}):\n${urbis.output()}`,
    );
  return outcome;
}

/**
 * `calibration (post-50): bare server busy 97 % of its core at 52,000 req/s; wrk used 61 % of its core…`,
 * and a warning when it was not saturated.
 */
function calibrationLine(
  name: string,
  c: {
    bareBusyPercent: number | null;
    bareOthersPercent: number | null;
    bareRequestsPerSecond: number;
    wrkBusyPercentOnBare: number | null;
    wrkOthersPercentOnBare: number | null;
    urbisBusyPercent: number | null;
    generatorLimited: boolean;
  },
): string {
  const text =
    `calibration (${name}): bare server busy ${percent(c.bareBusyPercent)} of its core at ` +
    `${int.format(c.bareRequestsPerSecond)} req/s; wrk used ${percent(c.wrkBusyPercentOnBare)} of its core; ` +
    `other processes took ${percent(c.bareOthersPercent)} of the server's core, ` +
    `${percent(c.wrkOthersPercentOnBare)} of wrk's; ` +
    `Urbis busy ${percent(c.urbisBusyPercent)}`;
  if (!c.generatorLimited) return text;
  const why =
    c.wrkBusyPercentOnBare !== null && c.wrkBusyPercentOnBare >= 90
      ? 'wrk was saturated'
      : (c.bareOthersPercent ?? 0) >= 10 || (c.wrkOthersPercentOnBare ?? 0) >= 10
        ? 'other processes took the cores: run again on a quiet machine, or with --quiet-wait'
        : 'more connections may help: --connections';
  return (
    `WARNING: GENERATOR-LIMITED: ${text}: under ${SATURATED_PERCENT} %, ` +
    `so the bare req/s is not the ceiling (${why})`
  );
}

runMain(main);
