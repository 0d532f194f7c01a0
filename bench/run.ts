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
} from './lib.js';
import { DATA_SCENARIOS, scenarios, type Scenario } from './scenarios.js';

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
  --data <sets>        demo (default), synthetic, or demo,synthetic to compare the same pages on both
                       (then the default scenarios are ${DATA_SCENARIOS.join(', ')})
  --synthetic "<opts>" options for \`urbis seed --synthetic\` (default: its own, 100,000 posts and 1,000,000 comments)
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

async function load(
  target: Target,
  scenario: Scenario,
  headers: Record<string, string>,
  seconds: number,
  connections: number,
): Promise<RunFigures> {
  const url = `http://${HOST}:${target.port}${target.path}`;
  const cpuBefore = cpuTimeOf(target.pid);
  const result: Result = await autocannon({ url, connections, duration: seconds, headers, timeout: 10 });
  const cpuAfter = cpuTimeOf(target.pid);
  const problems: string[] = [];
  if (result.errors) problems.push(`${result.errors} connection errors`);
  if (result.timeouts) problems.push(`${result.timeouts} timeouts`);
  if (result.non2xx) problems.push(`${result.non2xx} non-2xx responses (${JSON.stringify(result.statusCodeStats)})`);
  if (result['2xx'] !== result.requests.total)
    problems.push(`${result['2xx']} 2xx of ${result.requests.total} responses`);
  if (result.requests.total === 0) problems.push('no response at all');
  if (problems.length) throw new Error(`${scenario.name}: ${target.label} (${url}): ${problems.join(', ')}`);
  return {
    requestsPerSecond: round(result.requests.total / result.duration, 1),
    requests: result.requests.total,
    seconds: result.duration,
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
    bytesPerResponse: Math.round(result.throughput.total / result.requests.total),
    cpuUsPerRequest:
      cpuBefore === null || cpuAfter === null
        ? null
        : round(((cpuAfter - cpuBefore) * 1000) / result.requests.total, 1),
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
  const duration = positive('--duration', values.duration, 'BENCH_DURATION', 5);
  const connections = Math.round(positive('--connections', values.connections, 'BENCH_CONNECTIONS', 10));
  const warmup = positive('--warmup', values.warmup, 'BENCH_WARMUP', 2);
  if (rounds > 100 || duration > 600) throw new Error('at most 100 rounds of at most 600 s each');

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

  const atStart = machine();
  // Two cores: the load generator (this process) on CPU 0, the server under load on CPU 1.
  const pin = !values['no-pin'] && availableParallelism() >= 2 && canPin();
  if (pin) spawnSync('taskset', ['-a', '-c', '-p', '0', String(process.pid)], { stdio: 'ignore' });
  const serverCpus = pin ? '1' : null;

  const stamp = timestamp();
  const admin = values.db === 'postgres' ? postgresAdminUrl() : null;
  if (values.db === 'postgres' && !admin)
    throw new Error('--db postgres needs BENCH_DATABASE_URL (or DATABASE_URL) = postgres://…');
  if (values.db !== 'postgres' && values.db !== 'sqlite')
    throw new Error(`--db must be sqlite or postgres (got "${values.db}")`);

  console.log(
    `Urbis benchmark, ${new Date().toISOString()}; load average ${(atStart.loadAverage as number[]).join(' ')}; Urbis runs ${String(atStart.urbisRunsFrom)}`,
  );
  console.log(
    `${selected.map((s) => s.name).join(', ')}: ${rounds} rounds × ${duration} s × 2 servers, ${connections} connections, warm-up ${warmup} s; ` +
      `${values.db}; data ${datasets.join(' then ')}; ${pin ? 'servers pinned to CPU 1, load generator to CPU 0' : 'no CPU pinning'}`,
  );
  const settings = {
    rounds,
    duration,
    connections,
    warmup,
    db: values.db,
    pin,
    serverCpus,
    stamp,
    atStart,
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
      `\nThe same pages on the synthetic data set and on the demo (goal: synthetic/demo at least 0.8 in ratio, at most 1.25 in CPU):\n${table(rows)}`,
    );
  }
}

type Data = 'demo' | 'synthetic';

interface Summary {
  name: string;
  medianOfRatios: number;
  urbisCpu: number | null;
}

interface Settings {
  rounds: number;
  duration: number;
  connections: number;
  warmup: number;
  db: string;
  pin: boolean;
  serverCpus: string | null;
  stamp: string;
  atStart: Record<string, unknown>;
  cpuProf: boolean;
}

/** Prepares one data set, starts Urbis and the bare server on it, runs the scenarios, stops both. */
async function runOnData(
  data: Data,
  syntheticArgs: string[],
  databaseUrl: string | undefined,
  selected: Scenario[],
  settings: Settings,
): Promise<Summary[]> {
  const { rounds, duration, connections, warmup, pin, serverCpus, stamp, atStart } = settings;
  const work = tempDir('urbis-bench-');
  process.stdout.write(`\nPreparing the ${data} data set${databaseUrl ? ` in ${safeUrl(databaseUrl)}` : ''}… `);
  const prepareEnv = urbisEnv({ dataDir: work, ...(databaseUrl ? { databaseUrl } : {}) });
  const seedSeconds = await prepareDatabase(prepareEnv, data, syntheticArgs);
  console.log(
    `done${data === 'synthetic' ? ` (urbis seed --synthetic ${syntheticArgs.join(' ')}: ${round(seedSeconds, 1)} s)` : ''}.`,
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

  // Capture each page once; the bare server returns the same bytes.
  const manifest: { path: string; file: string; headers: Record<string, string> }[] = [];
  const pages = new Map<
    string,
    {
      urbisPath: string;
      barePath: string;
      bytes: number;
      headers: Record<string, string>;
      requestHeaders: Record<string, string>;
    }
  >();
  for (const scenario of selected) {
    const urbisPath =
      typeof scenario.path === 'string' ? scenario.path : await scenario.path(`http://${HOST}:${urbisPort}`);
    const requestHeaders = {
      ...scenario.headers,
      ...(scenario.signIn ? { cookie: await signIn(urbisPort, scenario.signIn.email, scenario.signIn.password) } : {}),
    };
    const first = await get(urbisPort, urbisPath, requestHeaders);
    if (first.status !== 200)
      throw new Error(
        `${scenario.name}: GET ${urbisPath} answered ${first.status}:\n${first.body.toString('utf8').slice(0, 500)}`,
      );
    // A signed-in page is personal: Urbis says so, and never serves it from the page cache.
    if (scenario.signIn && first.headers['cache-control'] !== 'private, no-store')
      throw new Error(`${scenario.name}: the page is not a signed-in one`);
    const second = await get(urbisPort, urbisPath, requestHeaders);
    if (!second.body.equals(first.body))
      console.warn(
        `  note: ${scenario.name}: ${urbisPath} is not the same bytes twice in a row (${first.body.length} vs ${second.body.length} bytes)`,
      );
    const headers: Record<string, string> = {};
    for (const name of ['content-type', 'content-encoding', 'vary']) {
      const value = first.headers[name];
      if (typeof value === 'string') headers[name] = value;
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
  }

  const summaries: string[][] = [];
  const outcome: Summary[] = [];
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
    await load(targets.urbis, scenario, page.requestHeaders, warmup, connections);
    await load(targets.bare, scenario, page.requestHeaders, warmup, connections);
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
        'urbis p50/p99 ms',
        'bare p50/p99 ms',
      ],
    ];
    for (let i = 1; i <= rounds; i++) {
      // Alternate which goes first, so that a slow drift of the machine hits both alike.
      const order: ('urbis' | 'bare')[] = i % 2 ? ['urbis', 'bare'] : ['bare', 'urbis'];
      const figures: Partial<Record<'urbis' | 'bare', RunFigures>> = {};
      for (const label of order)
        figures[label] = await load(targets[label], scenario, page.requestHeaders, duration, connections);
      const u = figures.urbis!;
      const b = figures.bare!;
      const cpuRatio = u.cpuUsPerRequest && b.cpuUsPerRequest ? round(b.cpuUsPerRequest / u.cpuUsPerRequest, 3) : null;
      const entry: Round = {
        round: i,
        order: order.join(' then '),
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
    const cpuList = (label: 'urbis' | 'bare') =>
      results.map((r) => r[label].cpuUsPerRequest).filter((v): v is number => v !== null);
    const urbisCpu = cpuList('urbis').length ? median(cpuList('urbis')) : null;
    const bareCpu = cpuList('bare').length ? median(cpuList('bare')) : null;
    const cpuRatios = results.map((r) => r.cpuRatio).filter((v): v is number => v !== null);
    const medianCpuRatio = cpuRatios.length ? round(median(cpuRatios), 3) : null;
    rows.push([
      'median',
      '',
      round(urbisMedian, 1),
      round(bareMedian, 1),
      medianOfRatios.toFixed(3),
      urbisCpu ?? '-',
      bareCpu ?? '-',
      medianCpuRatio?.toFixed(3) ?? '-',
      '',
      '',
    ]);
    console.log(`\n${table(rows)}`);
    console.log(
      `   ratio Urbis/bare: median of per-round ratios ${medianOfRatios.toFixed(3)}, ratio of medians ${ratioOfMedians.toFixed(3)}`,
    );
    if (medianCpuRatio !== null)
      console.log(
        `   in CPU time per request: Urbis ${urbisCpu} µs, bare ${bareCpu} µs, ratio ${medianCpuRatio.toFixed(3)}`,
      );

    const memory = memoryOf(urbis.pid);
    const report: Record<string, unknown> = {
      scenario: scenario.name,
      description: scenario.description,
      date: new Date().toISOString(),
      machine: atStart,
      settings: {
        rounds,
        durationSeconds: duration,
        connections,
        warmupSeconds: warmup,
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
      },
      urbisMemorySoFar: memory,
    };
    mkdirSync(RESULTS_DIR, { recursive: true });
    const file = path.join(
      RESULTS_DIR,
      `${scenario.name}${settings.db === 'postgres' ? '-postgres' : ''}${data === 'synthetic' ? '-synthetic' : ''}-${stamp}.json`,
    );
    writeFileSync(file, JSON.stringify(report, null, 2) + '\n');
    reports.push({ file, report });
    console.log(`   written to ${path.relative(ROOT, file)}`);
    outcome.push({ name: scenario.name, medianOfRatios, urbisCpu });
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

runMain(main);
