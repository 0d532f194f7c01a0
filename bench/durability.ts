/**
 * `npm run bench:durability`: does a write that Urbis acknowledged survive `kill -9`? See
 * bench/README.md ("npm run bench:durability").
 *
 *   npm run bench:durability -- [--cycles 30] [--db sqlite|postgres|both] [--database postgres://…]
 *
 * Starts a real `urbis serve` on a demo database of its own (SQLite in a temporary folder, or a
 * fresh PostgreSQL database next to `--database`, dropped at the end), signs in as a demo member,
 * and writes comments as fast as it can through the API, over several keep-alive connections at
 * once. At a random moment it kills the server with SIGKILL, starts it again, and checks that
 * every comment the server answered 201 for is stored, with its body. After the last cycle it
 * checks the database's integrity. Prints cycles, acknowledged writes and lost writes, and
 * exits with 1 on any lost write or integrity problem. Traffic only goes to 127.0.0.1.
 */
import Sqlite from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import {
  HOST,
  RESULTS_DIR,
  URBIS_BIN,
  freePort,
  freshPostgresDatabase,
  machine,
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
  type Child,
} from './lib.js';

const USAGE = `npm run bench:durability -- [options]
  --cycles <n>        kill -9 cycles (BENCH_DURABILITY_CYCLES, default 30)
  --db <engine>       sqlite, postgres or both (default: sqlite, and postgres too when a database is given)
  --database <url>    a PostgreSQL server (postgres://…): a database is created there and dropped at the end
                      (else BENCH_DATABASE_URL, or a postgres:// DATABASE_URL)
  --connections <n>   writes in flight at once, each on its own keep-alive connection (default 8)
  --min-ms <n>        the kill comes at least this long after the writes start (default 300)
  --max-ms <n>        and at most this long (default 2500)
  --tamper            after the first kill, change one acknowledged comment in the database: the run
                      must then report it lost and fail (a check of the check)`;

/** The demo member who writes (README, "Demo accounts"). */
const MEMBER = { email: 'eva-novotna@demo.urbis.eu', password: 'urbis-demo-2026' };
/** Comments through the API may come 60 a minute from one address: each address writes fewer. */
const WRITES_PER_ADDRESS = 50;

type Engine = 'sqlite' | 'postgres';

interface Written {
  id: number;
  marker: string;
  cycle: number;
}

interface CycleResult {
  cycle: number;
  killAfterMs: number;
  acknowledged: number;
  /** Sent, but the answer never came (the kill cut it): may or may not be stored. */
  unanswered: number;
  /** Of those, stored anyway (committed before the kill, the answer lost with the process). */
  unansweredStored: number;
  /** Refused with a status (429 …): not writes. */
  refused: number;
  lost: number;
  restartMs: number;
}

// ---------------------------------------------------------------- HTTP with chosen source addresses

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/**
 * One request to 127.0.0.1 from `localAddress` (any 127.x.y.z is this machine): the rate
 * limits count per address, so writers change address before they reach them.
 */
function call(
  port: number,
  options: { method: string; path: string; headers?: Record<string, string>; body?: string; agent?: Agent },
  localAddress = HOST,
  ms = 10_000,
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: HOST,
        port,
        method: options.method,
        path: options.path,
        headers: options.headers ?? {},
        ...(options.agent ? { agent: options.agent } : { agent: false, localAddress }),
        timeout: ms,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`${options.method} ${options.path} timed out`)));
    req.on('error', reject);
    req.end(options.body);
  });
}

/** 127.1.0.1, 127.1.0.2, … : a new source address each time (never one ending in .0 or .255). */
function addresses(): () => string {
  let n = 0;
  return () => {
    do n++;
    while ((n & 0xff) === 0 || (n & 0xff) === 0xff);
    return `127.${1 + ((n >> 16) & 0x7f)}.${(n >> 8) & 0xff}.${n & 0xff}`;
  };
}

const cookiesOf = (answer: Answer): string[] => {
  const raw = answer.headers['set-cookie'];
  return (Array.isArray(raw) ? raw : raw ? [raw] : []).map((c) => c.split(';')[0]!);
};

/** Signs in through the form, from its own address; returns the Cookie header and the CSRF token. */
async function signIn(port: number, from: string): Promise<{ cookie: string; token: string }> {
  const form = await call(port, { method: 'GET', path: '/en/sign-in' }, from);
  const formToken = /name="_csrf" value="([^"]+)"/.exec(form.body)?.[1];
  if (form.status !== 200 || !formToken) throw new Error(`the sign-in page answered ${form.status}`);
  const jar = new Map(cookiesOf(form).map((c) => [c.slice(0, c.indexOf('=')), c]));
  const answer = await call(
    port,
    {
      method: 'POST',
      path: '/en/sign-in',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: [...jar.values()].join('; ') },
      body: new URLSearchParams({ _csrf: formToken, ...MEMBER }).toString(),
    },
    from,
  );
  if (answer.status !== 303) throw new Error(`signing in as ${MEMBER.email} answered ${answer.status}`);
  for (const c of cookiesOf(answer)) jar.set(c.slice(0, c.indexOf('=')), c);
  const cookie = [...jar.values()].join('; ');
  // The token to send with writes, as a page signed in shows it.
  const page = await call(port, { method: 'GET', path: '/en/', headers: { cookie } }, from);
  const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1];
  if (page.status !== 200 || !token)
    throw new Error(`the home page, signed in, answered ${page.status} without a token`);
  return { cookie, token };
}

// ---------------------------------------------------------------- the database, read directly

interface Store {
  /** A published, public demo post the member may comment on. */
  target(): Promise<number>;
  /** The stored bodies of these comment ids. */
  bodies(ids: number[]): Promise<Map<number, string>>;
  /** The ids of comments whose body holds one of these markers. */
  withMarkers(markers: string[]): Promise<Set<string>>;
  /** Problems found by the engine's own checks and by consistency queries; empty when all is well. */
  integrity(full: boolean): Promise<string[]>;
  /** Changes a stored comment's body (`--tamper`: shows that a lost write is caught). */
  tamper(id: number): Promise<void>;
  /** What the durability of a commit rests on, as the database reports it. */
  settings(): Promise<Record<string, string>>;
  close(): Promise<void>;
}

const TARGET_SQL = `select p.id from news_posts p join partnerships s on s.id = p.partnership_id
  where s.slug = 'digital-transition' and p.status = 'published' and not p.members_only
  and p.published_at is not null order by p.id limit 1`;

/** Counts the rows of `table` whose `column` names a row of `parent` that is not there. */
const dangling = (table: string, column: string, parent: string, also = 'true') =>
  `select count(*) as n from ${table} c where c.${column} is not null and ${also}
     and not exists (select 1 from ${parent} p where p.id = c.${column})`;

/** Consistency queries both engines answer: each counts rows that should not exist. */
const ORPHANS: [string, string][] = [
  ['replies whose parent is missing', dangling('comments', 'parent_id', 'comments')],
  ['replies whose thread is missing', dangling('comments', 'root_id', 'comments')],
  [
    'replies without a thread, or top-level comments with one',
    'select count(*) as n from comments where (depth = 0) <> (root_id is null) or (depth = 0) <> (parent_id is null)',
  ],
  ['comments on a post that is missing', dangling('comments', 'subject_id', 'news_posts', "c.subject_type = 'post'")],
  ['comments by a person who is missing', dangling('comments', 'author_id', 'users')],
  ['sessions of a person who is missing', dangling('core_sessions', 'user_id', 'users')],
];

function sqliteStore(file: string): Store {
  const db = new Sqlite(file, { fileMustExist: true });
  db.pragma('busy_timeout = 5000');
  return {
    target: async () => (db.prepare(TARGET_SQL).get() as { id: number } | undefined)?.id ?? 0,
    async bodies(ids) {
      const found = new Map<number, string>();
      const read = db.prepare('select id, body from comments where id = ?');
      for (const id of ids) {
        const row = read.get(id) as { id: number; body: string } | undefined;
        if (row) found.set(row.id, row.body);
      }
      return found;
    },
    async withMarkers(markers) {
      const found = new Set<string>();
      const read = db.prepare('select 1 from comments where body = ?');
      for (const marker of markers) if (read.get(marker)) found.add(marker);
      return found;
    },
    async integrity(full) {
      const problems: string[] = [];
      const check = db.pragma(full ? 'integrity_check' : 'quick_check') as Record<string, string>[];
      const said = check.map((row) => Object.values(row)[0]);
      if (said.join() !== 'ok') problems.push(`PRAGMA ${full ? 'integrity_check' : 'quick_check'}: ${said.join('; ')}`);
      const foreign = db.pragma('foreign_key_check') as unknown[];
      if (foreign.length > 0) problems.push(`PRAGMA foreign_key_check: ${foreign.length} rows`);
      for (const [what, query] of ORPHANS) {
        const n = Number((db.prepare(query).get() as { n: number }).n);
        if (n > 0) problems.push(`${n} ${what}`);
      }
      // The table read through its index and read whole must agree.
      const byIndex = db
        .prepare("select count(*) as n from comments indexed by comments_top_level where subject_type >= ''")
        .get() as { n: number };
      const whole = db.prepare('select count(*) as n from comments not indexed').get() as { n: number };
      if (byIndex.n !== whole.n) problems.push(`comments: ${whole.n} rows, ${byIndex.n} in comments_top_level`);
      return problems;
    },
    tamper: async (id) => void db.prepare("update comments set body = body || ' (tampered)' where id = ?").run(id),
    // `synchronous` belongs to each connection: the server's is FULL (src/core/db/connect.ts), this one's is not it.
    settings: async () => ({ journal_mode: String(db.pragma('journal_mode', { simple: true })) }),
    close: async () => void db.close(),
  };
}

function postgresStore(url: string): Store {
  const pool = new pg.Pool({ connectionString: url, max: 2, connectionTimeoutMillis: 10_000 });
  const one = async (query: string, values: unknown[] = []) => (await pool.query(query, values)).rows[0];
  return {
    target: async () => Number((await one(TARGET_SQL))?.id ?? 0),
    async bodies(ids) {
      const { rows } = await pool.query<{ id: number; body: string }>(
        'select id, body from comments where id = any($1::bigint[])',
        [ids],
      );
      return new Map(rows.map((r) => [Number(r.id), r.body]));
    },
    async withMarkers(markers) {
      const { rows } = await pool.query<{ body: string }>('select body from comments where body = any($1::text[])', [
        markers,
      ]);
      return new Set(rows.map((r) => r.body));
    },
    async integrity(full) {
      const problems: string[] = [];
      for (const [what, query] of ORPHANS) {
        const n = Number((await one(query)).n);
        if (n > 0) problems.push(`${n} ${what}`);
      }
      // Every index of the comments must hold every row: counted through each index and whole.
      const client = await pool.connect();
      try {
        await client.query('begin');
        await client.query('set local enable_seqscan = off');
        await client.query('set local enable_bitmapscan = off');
        const byIndex = Number(
          (await client.query("select count(*) as n from comments where subject_type >= ''")).rows[0].n,
        );
        const byPk = Number((await client.query('select count(*) as n from comments where id > 0')).rows[0].n);
        await client.query('set local enable_seqscan = on');
        await client.query('set local enable_indexscan = off');
        await client.query('set local enable_indexonlyscan = off');
        const whole = Number((await client.query('select count(*) as n from comments')).rows[0].n);
        await client.query('rollback');
        if (byIndex !== whole || byPk !== whole)
          problems.push(`comments: ${whole} rows, ${byPk} by its key, ${byIndex} in comments_top_level`);
      } finally {
        client.release();
      }
      // With amcheck (a contrib extension; its functions need a superuser), every B-tree index is checked.
      if (full) {
        try {
          await pool.query('create extension if not exists amcheck');
          const { rows } = await pool.query<{ name: string }>(
            `select c.relname as name from pg_index i join pg_class c on c.oid = i.indexrelid
               join pg_am a on a.oid = c.relam join pg_namespace n on n.oid = c.relnamespace
             where a.amname = 'btree' and n.nspname = current_schema()`,
          );
          for (const { name } of rows) {
            try {
              await pool.query('select bt_index_check($1::regclass, true)', [name]);
            } catch (error) {
              problems.push(`bt_index_check(${name}): ${(error as Error).message}`);
            }
          }
          amcheckIndexes = rows.length;
        } catch (error) {
          amcheckIndexes = `not available (${(error as Error).message})`;
        }
      }
      return problems;
    },
    tamper: async (id) =>
      void (await pool.query("update comments set body = body || ' (tampered)' where id = $1", [id])),
    async settings() {
      const names = ['fsync', 'synchronous_commit', 'full_page_writes', 'wal_sync_method'];
      const { rows } = await pool.query<{ name: string; setting: string }>(
        'select name, setting from pg_settings where name = any($1::text[])',
        [names],
      );
      return Object.fromEntries(rows.map((r) => [r.name, r.setting]));
    },
    close: () => pool.end(),
  };
}

let amcheckIndexes: number | string = 'not run';

// ---------------------------------------------------------------- one engine

async function runEngine(engine: Engine, cycles: number, options: Options): Promise<Record<string, unknown>> {
  const dataDir = tempDir(`urbis-durability-${engine}-`);
  const databaseUrl = engine === 'postgres' ? await freshPostgresDatabase(options.adminUrl!) : undefined;
  const secret = randomBytes(32).toString('base64url');
  const baseEnv = {
    ...urbisEnv({ dataDir, ...(databaseUrl ? { databaseUrl } : {}) }),
    URBIS_SECRET: secret,
  };
  const where = databaseUrl ? `PostgreSQL: ${safeUrl(databaseUrl)}` : `SQLite: ${path.join(dataDir, 'urbis.sqlite')}`;
  console.log(`\n${where}`);
  await prepareDemoDatabase(baseEnv);
  const store = engine === 'sqlite' ? sqliteStore(path.join(dataDir, 'urbis.sqlite')) : postgresStore(databaseUrl!);
  try {
    const postId = await store.target();
    if (!postId) throw new Error('no published public post of the Digital Transition Partnership in the demo');
    const nextAddress = addresses();
    const all: Written[] = [];
    const results: CycleResult[] = [];
    let session: { cookie: string; token: string } | null = null;
    let signIns = 0;
    let child: Child | null = null;
    let port = 0;

    const start = async (): Promise<number> => {
      port = await freePort();
      const started = performance.now();
      child = startChild(process.execPath, [URBIS_BIN, 'serve'], {
        ...baseEnv,
        PORT: String(port),
        URBIS_BASE_URL: `http://${HOST}:${port}`,
      });
      await waitForHealth(child, port, 60_000, 10);
      return performance.now() - started;
    };

    let restartMs = await start();
    for (let cycle = 1; cycle <= cycles; cycle++) {
      // The session of the cycle before was stored too; a new one only when it is gone.
      if (session) {
        const me = await call(
          port,
          { method: 'GET', path: '/api/v1/me', headers: { cookie: session.cookie } },
          nextAddress(),
        );
        if (me.status !== 200) session = null;
      }
      if (!session) {
        session = await signIn(port, nextAddress());
        signIns++;
      }
      const { cookie, token } = session;
      const killAfterMs = Math.round(options.minMs + Math.random() * (options.maxMs - options.minMs));
      const written: Written[] = [];
      const unanswered: string[] = [];
      let refused = 0;
      let killed = false;
      const recent: number[] = [];

      const lane = async (n: number) => {
        let agent: Agent | null = null;
        let used = WRITES_PER_ADDRESS;
        let count = 0;
        while (!killed) {
          if (used >= WRITES_PER_ADDRESS) {
            agent?.destroy();
            agent = new Agent({ keepAlive: true, maxSockets: 1, localAddress: nextAddress() });
            used = 0;
          }
          used++;
          count++;
          const marker = `durability c${cycle} l${n} w${count} ${randomBytes(6).toString('hex')}`;
          // One write in four answers a comment of this cycle: threads, not only a flat list.
          const parent =
            count % 4 === 0 && recent.length > 0 ? recent[recent.length - 1 - (count % recent.length)] : undefined;
          const body = JSON.stringify({ type: 'post', id: postId, body: marker, ...(parent ? { parent } : {}) });
          try {
            const answer = await call(port, {
              method: 'POST',
              path: '/api/v1/comments',
              headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': token },
              body,
              agent: agent!,
            });
            if (answer.status === 201) {
              const id = Number((JSON.parse(answer.body) as { id: number }).id);
              written.push({ id, marker, cycle });
              recent.push(id);
              if (recent.length > 50) recent.shift();
            } else {
              refused++;
              if (answer.status !== 429 && refused <= 3)
                console.log(`  cycle ${cycle}: a write answered ${answer.status}: ${answer.body.slice(0, 200)}`);
            }
          } catch (error) {
            // The connection died with the server: sent, never answered.
            unanswered.push(marker);
            // Before the kill, that is the server failing on its own (or too slow): said, not hidden.
            if (!killed) console.log(`  cycle ${cycle}: a write failed before the kill: ${(error as Error).message}`);
          }
        }
        agent?.destroy();
      };

      const lanes = Array.from({ length: options.connections }, (_, i) => lane(i + 1));
      await new Promise((resolve) => setTimeout(resolve, killAfterMs));
      killed = true;
      const victim = child! as Child;
      victim.process.kill('SIGKILL');
      await victim.exited;
      await Promise.all(lanes);
      const tampered = options.tamper && cycle === 1 ? written.at(-1) : undefined;
      if (tampered) await store.tamper(tampered.id);

      restartMs = await start();
      const stored = await store.bodies(written.map((w) => w.id));
      const lost = written.filter((w) => stored.get(w.id) !== w.marker);
      const unansweredStored = (await store.withMarkers(unanswered)).size;
      const quick = engine === 'sqlite' ? await store.integrity(false) : [];
      all.push(...written);
      results.push({
        cycle,
        killAfterMs,
        acknowledged: written.length,
        unanswered: unanswered.length,
        unansweredStored,
        refused,
        lost: lost.length,
        restartMs: round(restartMs),
      });
      console.log(
        `  cycle ${String(cycle).padStart(2)}: killed after ${killAfterMs} ms, ${written.length} acknowledged, ` +
          `${lost.length} lost, ${unanswered.length} unanswered (${unansweredStored} stored anyway), ` +
          `${refused} refused; restarted in ${round(restartMs)} ms${quick.length ? `; ${quick.join('; ')}` : ''}`,
      );
      for (const w of lost.slice(0, 5))
        console.log(`    LOST: comment ${w.id} "${w.marker}" (stored: ${stored.get(w.id) ?? 'nothing'})`);
    }

    // The last server stops cleanly; then everything acknowledged is looked for once more, and the store checked.
    const last = child! as Child;
    const stop = await stopChild(last);
    const stored = await store.bodies(all.map((w) => w.id));
    const lostAtEnd = all.filter((w) => stored.get(w.id) !== w.marker);
    const problems = await store.integrity(true);
    const summary = {
      engine,
      cycles,
      acknowledged: all.length,
      lost: lostAtEnd.length,
      unanswered: results.reduce((s, r) => s + r.unanswered, 0),
      unansweredStored: results.reduce((s, r) => s + r.unansweredStored, 0),
      refused: results.reduce((s, r) => s + r.refused, 0),
      signIns,
      integrity: problems.length ? problems : 'ok',
      settings: await store.settings(),
      ...(engine === 'postgres' ? { amcheckIndexes } : {}),
      lastStop: { code: stop.code, forced: stop.forced },
      perCycle: results,
    };
    return summary;
  } finally {
    await store.close();
  }
}

// ---------------------------------------------------------------- main

interface Options {
  adminUrl: string | null;
  connections: number;
  minMs: number;
  maxMs: number;
  tamper: boolean;
}

runMain(async () => {
  const { values } = parseArgs({
    options: {
      cycles: { type: 'string' },
      db: { type: 'string' },
      database: { type: 'string' },
      connections: { type: 'string' },
      'min-ms': { type: 'string' },
      'max-ms': { type: 'string' },
      tamper: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const cycles = positive('--cycles', values.cycles, 'BENCH_DURABILITY_CYCLES', 30);
  const adminUrl = values.database ?? postgresAdminUrl();
  if (adminUrl && !/^postgres(ql)?:\/\//.test(adminUrl)) throw new Error('--database must be a postgres:// address');
  const engines: Engine[] =
    values.db === 'sqlite'
      ? ['sqlite']
      : values.db === 'postgres'
        ? ['postgres']
        : values.db === 'both' || (values.db === undefined && adminUrl)
          ? ['sqlite', 'postgres']
          : values.db === undefined
            ? ['sqlite']
            : [];
  if (engines.length === 0) throw new Error(`--db must be sqlite, postgres or both\n${USAGE}`);
  if (engines.includes('postgres') && !adminUrl)
    throw new Error('PostgreSQL needs --database postgres://… (or BENCH_DATABASE_URL)');
  const options: Options = {
    adminUrl,
    connections: positive('--connections', values.connections, 'BENCH_DURABILITY_CONNECTIONS', 8),
    minMs: positive('--min-ms', values['min-ms'], 'BENCH_DURABILITY_MIN_MS', 300),
    maxMs: positive('--max-ms', values['max-ms'], 'BENCH_DURABILITY_MAX_MS', 2500),
    tamper: values.tamper === true,
  };
  if (options.maxMs < options.minMs) throw new Error('--max-ms must not be below --min-ms');
  const about = machine();
  console.log(
    `Durability: ${cycles} kill -9 cycles on ${engines.join(' and ')}; ` +
      `Urbis runs ${String(about.urbisRunsFrom)}, commit ${String(about.commit)}`,
  );

  const summaries: Record<string, unknown>[] = [];
  for (const engine of engines) summaries.push(await runEngine(engine, cycles, options));

  console.log(
    `\n${table([
      ['engine', 'cycles', 'acknowledged', 'lost', 'unanswered (stored)', 'refused', 'integrity'],
      ...summaries.map((s) => [
        String(s.engine),
        Number(s.cycles),
        Number(s.acknowledged),
        Number(s.lost),
        `${Number(s.unanswered)} (${Number(s.unansweredStored)})`,
        Number(s.refused),
        Array.isArray(s.integrity) ? `${s.integrity.length} problems` : String(s.integrity),
      ]),
    ])}`,
  );
  for (const s of summaries) {
    if (Array.isArray(s.integrity)) for (const p of s.integrity) console.log(`  ${String(s.engine)}: ${String(p)}`);
    const settings = Object.entries(s.settings as Record<string, string>).map(([k, v]) => `${k}=${v}`);
    const amcheck = s.amcheckIndexes === undefined ? '' : `; amcheck: ${String(s.amcheckIndexes)} B-tree indexes`;
    console.log(`  ${String(s.engine)}: ${settings.join(', ')}${amcheck}`);
  }
  mkdirSync(RESULTS_DIR, { recursive: true });
  const file = path.join(RESULTS_DIR, `durability-${timestamp()}.json`);
  writeFileSync(
    file,
    JSON.stringify(
      { machine: about, options: { ...options, adminUrl: adminUrl && safeUrl(adminUrl) }, summaries },
      null,
      2,
    ),
  );
  console.log(`\nWritten to ${path.relative(process.cwd(), file)}`);
  const failed = summaries.filter(
    (s) => Number(s.lost) > 0 || Array.isArray(s.integrity) || Number(s.acknowledged) === 0,
  );
  if (failed.length > 0)
    throw new Error(
      `${failed.map((s) => String(s.engine)).join(', ')}: writes lost, nothing acknowledged, or integrity problems`,
    );
});
