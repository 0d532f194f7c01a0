/**
 * `node --import tsx bench/digest.ts`: how long the notification digests take for many people, and
 * in how much memory. See bench/README.md ("Digests for 10,000 people").
 *
 *   node --import tsx bench/digest.ts [--people 10000] [--notes 6] [--db sqlite|postgres]
 *                                     [--database postgres://…] [--cpu-prof]
 *
 * Prepares a database of its own (SQLite in a temporary folder, or a fresh PostgreSQL database next
 * to `--database`, dropped at the end): the demo, then `--people` people, each with `--notes`
 * notifications not mailed yet, of daily kinds (replies and comments), in the demo's partnerships,
 * one in six about the demo's members-only post (which they may not see: left out), one in six about
 * a public post, the rest about nothing. Then, in a fresh child process (so that its peak memory is
 * the digest's alone), runs the daily digest as the job queue would: every batch of people
 * (`notifications.digest`), then every mail it queued (`notifications.digest-mail`), through the
 * real job runner, with a mailer that writes each message (nodemailer, as for the outbox) and keeps
 * only its size. Prints and writes to bench/results/ the time of each phase, the mails, and the
 * child's peak resident memory.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import nodemailer from 'nodemailer';
import { allModules, createContext, jobHandlers, migrate } from '../src/app.js';
import { loadConfig } from '../src/core/config.js';
import { connectDatabase } from '../src/core/db/connect.js';
import { fromFlag } from '../src/core/db/dialect.js';
import { JobRunner } from '../src/core/jobs/queue.js';
import { createLogger } from '../src/core/logger.js';
import type { Mailer } from '../src/core/mail/mailer.js';
import { seedDemo } from '../src/seed.js';
import { DIGEST_JOB, DIGEST_MAIL_JOB } from '../src/modules/notifications/notifications.digest.js';
import {
  RESULTS_DIR,
  freshPostgresDatabase,
  machine,
  postgresAdminUrl,
  round,
  runMain,
  safeUrl,
  table,
  tempDir,
  timestamp,
} from './lib.js';

const { values: args } = parseArgs({
  options: {
    people: { type: 'string', default: '10000' },
    notes: { type: 'string', default: '6' },
    db: { type: 'string', default: 'sqlite' },
    database: { type: 'string' },
    'cpu-prof': { type: 'boolean', default: false },
    // Internal: the child that runs the digest on a prepared database.
    run: { type: 'string' },
    'data-dir': { type: 'string' },
  },
  allowPositionals: true,
});

const env = (dataDir: string, databaseUrl: string) => ({
  ...process.env,
  URBIS_DATA_DIR: dataDir,
  DATABASE_URL: databaseUrl,
  LOG_LEVEL: 'silent',
  URBIS_BASE_URL: 'https://urbis.example.eu',
});

/** Opens the database of `databaseUrl` with every module, as `urbis serve` would. */
function open(dataDir: string, databaseUrl: string, mailer?: Mailer) {
  const config = loadConfig(env(dataDir, databaseUrl));
  const database = connectDatabase(config.databaseUrl);
  const ctx = createContext(config, database, allModules(), createLogger('silent'));
  return { ctx: mailer ? { ...ctx, mailer } : ctx, database };
}

/** The demo, then many people with notes of daily kinds not mailed yet. */
async function prepare(dataDir: string, databaseUrl: string, people: number, notes: number): Promise<void> {
  const { ctx, database } = open(dataDir, databaseUrl);
  await migrate(database);
  await seedDemo(ctx);
  const db = ctx.db;
  // What the demo told its people, and the jobs it queued, are not what is measured.
  await db.updateTable('notifications').set({ mailed_at: new Date().toISOString() }).execute();
  await db.updateTable('core_jobs').set({ status: 'done' }).where('status', '=', 'pending').execute();
  const partnerships = (await db.selectFrom('partnerships').select('id').orderBy('id').execute()).map((p) => p.id);
  const posts = await db
    .selectFrom('news_posts')
    .innerJoin('partnerships', 'partnerships.id', 'news_posts.partnership_id')
    .select(['news_posts.id', 'news_posts.slug', 'news_posts.members_only', 'partnerships.slug as partnership'])
    .where('news_posts.status', '=', 'published')
    .where('news_posts.published_at', '<=', new Date().toISOString())
    .execute();
  const publicPost = posts.find((p) => !fromFlag(p.members_only));
  const closed = posts.find((p) => fromFlag(p.members_only));
  if (!publicPost || !closed) throw new Error('the demo has no public and members-only published post');
  const now = Date.now();
  const chunk = 500;
  for (let from = 0; from < people; from += chunk) {
    const rows = [];
    for (let i = from; i < Math.min(people, from + chunk); i += 1)
      rows.push({
        handle: `digest-${i}`,
        email: `digest-${i}@bench.example.eu`,
        display_name: `Reader ${i}`,
        password_hash: null,
        is_admin: ctx.dialect.name === 'sqlite' ? 0 : false,
        locale: i % 3 === 0 ? 'cs' : null,
        time_zone: null,
        created_at: new Date(now).toISOString(),
        email_confirmed_at: new Date(now).toISOString(),
        terms_version: null,
        terms_accepted_at: null,
        deleted_at: null,
      });
    const ids = (await db.insertInto('users').values(rows).returning('id').execute()).map((r) => r.id);
    const noteRows = ids.flatMap((userId, u) =>
      Array.from({ length: notes }, (_, n) => {
        const which = (u + n) % 6;
        const post = which === 0 ? closed : which === 1 ? publicPost : null;
        const path = post
          ? `/partnerships/${post.partnership}/news/${post.slug}#comment-${n + 1}`
          : `/partnerships/digital-transition/news/item-${u}-${n}`;
        return {
          user_id: userId,
          kind: n % 2 === 0 ? 'comments.notification.reply' : 'comments.notification.comment',
          subject: `Item ${n} for reader ${u}`,
          path,
          created_at: new Date(now - (notes - n) * 60_000).toISOString(),
          read_at: null,
          subject_type: post ? 'post' : null,
          subject_id: post ? post.id : null,
          partnership_id: partnerships[(u + n) % partnerships.length] ?? null,
          mailed_at: null,
        };
      }),
    );
    for (let i = 0; i < noteRows.length; i += 1000)
      await db
        .insertInto('notifications')
        .values(noteRows.slice(i, i + 1000))
        .execute();
  }
  await database.close();
}

/** The heap still in use after a full collection, in MiB (what is kept, not what waits to be collected). */
function liveHeapMiB(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed / 1024 / 1024;
}

/** The child: the daily digest on the prepared database, timed; prints one JSON line. */
async function runDigestChild(dataDir: string, databaseUrl: string): Promise<void> {
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  let mails = 0;
  let bytes = 0;
  const mailer: Mailer = {
    async send(mail) {
      const info = await transport.sendMail({
        from: 'Urbis <no-reply@urbis.example.eu>',
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        headers: { ...mail.headers, 'Content-Language': mail.lang },
      });
      mails += 1;
      bytes += (info as unknown as { message: Buffer }).message.length;
    },
  };
  const { ctx, database } = open(dataDir, databaseUrl, mailer);
  const db = ctx.db;
  const runner = new JobRunner(db, ctx.dialect, jobHandlers(ctx), createLogger('silent'));
  const at = Date.now() - 1000;
  await db
    .insertInto('core_jobs')
    .values({
      kind: DIGEST_JOB,
      payload: JSON.stringify({ period: 'daily', at }),
      status: 'pending',
      run_at: new Date(at).toISOString(),
      attempts: 0,
      last_error: null,
      created_at: new Date().toISOString(),
      finished_at: null,
      once_key: null,
    })
    .execute();
  const heap: number[] = [];
  const sample = setInterval(() => heap.push(process.memoryUsage().heapUsed), 50);
  // Phase 1: the batches (each queues the next); the mails wait (their jobs are counted, not run).
  const started = performance.now();
  const handlers = jobHandlers(ctx);
  const build = handlers.get(DIGEST_JOB)!;
  let batches = 0;
  for (;;) {
    const job = await db
      .selectFrom('core_jobs')
      .select(['id', 'payload'])
      .where('kind', '=', DIGEST_JOB)
      .where('status', '=', 'pending')
      .where('run_at', '<=', new Date().toISOString())
      .orderBy('id')
      .executeTakeFirst();
    if (!job) break;
    await db.updateTable('core_jobs').set({ status: 'done' }).where('id', '=', job.id).execute();
    await build(typeof job.payload === 'string' ? JSON.parse(job.payload) : job.payload);
    batches += 1;
  }
  const built = performance.now();
  const liveAfterBuild = liveHeapMiB();
  const queued = Number(
    (
      await db
        .selectFrom('core_jobs')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('kind', '=', DIGEST_MAIL_JOB)
        .executeTakeFirstOrThrow()
    ).n,
  );
  // Phase 2: the mails, through the job runner.
  while ((await runner.runDue(500)) > 0);
  const sent = performance.now();
  clearInterval(sample);
  const liveAfterSend = liveHeapMiB();
  const unmailed = Number(
    (
      await db
        .selectFrom('notifications')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('mailed_at', 'is', null)
        .executeTakeFirstOrThrow()
    ).n,
  );
  await database.close();
  process.stdout.write(
    `${JSON.stringify({
      batches,
      queued,
      mails,
      mailBytes: bytes,
      unmailed,
      buildSeconds: (built - started) / 1000,
      sendSeconds: (sent - built) / 1000,
      peakRssMiB: process.resourceUsage().maxRSS / 1024,
      peakHeapMiB: Math.max(0, ...heap) / 1024 / 1024,
      liveAfterBuild,
      liveAfterSend,
    })}\n`,
  );
}

async function main(): Promise<void> {
  if (args.run) {
    await runDigestChild(args['data-dir']!, args.run);
    return;
  }
  const people = Number(args.people);
  const notes = Number(args.notes);
  if (!Number.isInteger(people) || people < 1 || !Number.isInteger(notes) || notes < 1)
    throw new Error('--people and --notes must be whole numbers, 1 or more');
  const dataDir = tempDir('urbis-digest-');
  let databaseUrl = `sqlite:${path.join(dataDir, 'urbis.db')}`;
  if (args.db === 'postgres') {
    const admin = args.database ?? postgresAdminUrl();
    if (!admin) throw new Error('--db postgres needs --database postgres://… (or BENCH_DATABASE_URL)');
    databaseUrl = await freshPostgresDatabase(admin);
  }
  console.log(
    `Preparing ${people} people with ${notes} notes each (${args.db === 'postgres' ? safeUrl(databaseUrl) : 'SQLite'})`,
  );
  const preparing = performance.now();
  await prepare(dataDir, databaseUrl, people, notes);
  console.log(`Prepared in ${round((performance.now() - preparing) / 1000, 1)} s. Running the daily digest …`);
  const child = spawnSync(
    process.execPath,
    [
      ...(args['cpu-prof']
        ? ['--cpu-prof', `--cpu-prof-dir=${path.join(RESULTS_DIR, `profile-digest-${timestamp()}`)}`]
        : []),
      ...['--expose-gc', '--import', 'tsx', path.join('bench', 'digest.ts'), '--run', databaseUrl],
      ...['--data-dir', dataDir],
    ],
    { encoding: 'utf8', env: env(dataDir, databaseUrl), maxBuffer: 16 * 1024 * 1024 },
  );
  if (child.status !== 0) throw new Error(`the digest run failed:\n${child.stderr}`);
  const result = JSON.parse(child.stdout.trim().split('\n').at(-1)!) as Record<string, number>;
  console.log(
    table([
      [
        'people',
        'notes each',
        'batches',
        'mails',
        'build (s)',
        'send (s)',
        'total (s)',
        'peak RSS (MiB)',
        'peak heap (MiB)',
        'live heap after build / send (MiB)',
      ],
      [
        people,
        notes,
        result.batches!,
        result.mails!,
        round(result.buildSeconds!, 1),
        round(result.sendSeconds!, 1),
        round(result.buildSeconds! + result.sendSeconds!, 1),
        round(result.peakRssMiB!),
        round(result.peakHeapMiB!),
        `${round(result.liveAfterBuild!)} / ${round(result.liveAfterSend!)}`,
      ],
    ]),
  );
  console.log(`Notes left unmailed (members-only posts the readers may not see): ${result.unmailed}`);
  mkdirSync(RESULTS_DIR, { recursive: true });
  const file = path.join(RESULTS_DIR, `digest-${args.db}-${people}-${timestamp()}.json`);
  writeFileSync(file, JSON.stringify({ people, notes, engine: args.db, ...result, machine: machine() }, null, 2));
  console.log(`Written to ${path.relative(process.cwd(), file)}`);
}

runMain(main);
