import { sql, type Generated, type Kysely } from 'kysely';
import type { Dialect } from '../db/dialect.js';
import { nowIso } from '../db/dialect.js';
import type { Database } from '../db/types.js';
import type { Logger } from '../logger.js';

export type JobStatus = 'pending' | 'running' | 'done' | 'failed';

export interface JobTable {
  id: Generated<number>;
  kind: string;
  /** JSON text on SQLite, jsonb on PostgreSQL; written with JSON.stringify. */
  payload: string;
  status: JobStatus;
  run_at: string;
  attempts: number;
  last_error: string | null;
  created_at: string;
  finished_at: string | null;
  /** Set by `enqueueJobOnce`: the job is queued once per key, however often it is asked for. */
  once_key: string | null;
}

declare module '../db/types.js' {
  interface Database {
    core_jobs: JobTable;
  }
}

/** Does one job of a kind; throwing makes the queue try again later. */
export type JobHandler = (payload: unknown) => Promise<void>;

const MAX_ATTEMPTS = 5;

/**
 * How long a claimed job is its runner's: a job still `running` after that was left by a
 * process that died (a crash, `kill -9`, a machine lost), and any runner takes it again.
 * A handler must finish well within it.
 */
export const JOB_LEASE_MS = 10 * 60_000;

/** The wait before attempt n + 1 after n failed: 1, 4, 9, 16 minutes. */
export function retryDelayMs(attempts: number): number {
  return attempts * attempts * 60_000;
}

/**
 * Queues work to do after the response (mail, digests, imports). Jobs live in the database,
 * so they survive a restart and any node of a cluster may run them. Pass the transaction that
 * makes the change the job is about, so the job is queued if and only if the change commits.
 */
export async function enqueueJob(
  db: Kysely<Database>,
  kind: string,
  payload: unknown,
  runAt: Date = new Date(),
): Promise<number> {
  const { id } = await db
    .insertInto('core_jobs')
    .values({
      kind,
      payload: JSON.stringify(payload),
      status: 'pending',
      run_at: runAt.toISOString(),
      attempts: 0,
      last_error: null,
      created_at: nowIso(),
      finished_at: null,
      once_key: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

/**
 * Queues a job once per `key` (of the caller's making, e.g. `meetings.mail:reminder:12:3:45`):
 * asking again, from a double submit, a retried job or another node, queues nothing while the
 * first is kept (done jobs are kept). Returns whether this call queued it.
 */
export async function enqueueJobOnce(
  db: Kysely<Database>,
  kind: string,
  key: string,
  payload: unknown,
  runAt: Date = new Date(),
): Promise<boolean> {
  const inserted = await db
    .insertInto('core_jobs')
    .values({
      kind,
      payload: JSON.stringify(payload),
      status: 'pending',
      run_at: runAt.toISOString(),
      attempts: 0,
      last_error: null,
      created_at: nowIso(),
      finished_at: null,
      once_key: key,
    })
    .onConflict((oc) => oc.column('once_key').doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted !== undefined;
}

export class JobRunner {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: Dialect,
    private readonly handlers: Map<string, JobHandler>,
    private readonly log: Logger,
  ) {}

  /**
   * Claims one due job so that no other runner takes it; null when none is due. Due: pending
   * with its time come, or running with its lease run out (its runner died). The claim sets
   * `run_at` to the end of the lease.
   */
  private async claim(): Promise<{ id: number; kind: string; payload: unknown; attempts: number } | null> {
    const now = nowIso();
    const leaseEnd = new Date(Date.now() + JOB_LEASE_MS).toISOString();
    // PostgreSQL: SKIP LOCKED lets several nodes claim different jobs at once. SQLite has a
    // single writer, so the guarded update alone is enough there.
    const lock = this.dialect.name === 'postgres' ? sql` for update skip locked` : sql``;
    const due = sql`select id from core_jobs where status in ('pending', 'running') and run_at <= ${now}
      order by run_at, id limit 1`;
    const row = await sql<{ id: number; kind: string; payload: unknown; attempts: number }>`
      update core_jobs set status = 'running', attempts = attempts + 1, run_at = ${leaseEnd}
      where id = (${due}${lock})
        and status in ('pending', 'running') and run_at <= ${now}
      returning id, kind, payload, attempts`.execute(this.db);
    const job = row.rows[0];
    if (!job) return null;
    return { ...job, payload: typeof job.payload === 'string' ? JSON.parse(job.payload) : job.payload };
  }

  /**
   * Jobs whose runner died on their last allowed attempt are not tried again: they fail, so
   * that a job that kills its process cannot do so for ever.
   */
  private async failAbandoned(): Promise<void> {
    await this.db
      .updateTable('core_jobs')
      .set({ status: 'failed', finished_at: nowIso(), last_error: 'its runner stopped during the last attempt' })
      .where('status', '=', 'running')
      .where('run_at', '<=', nowIso())
      .where('attempts', '>=', MAX_ATTEMPTS)
      .execute();
  }

  /** Runs up to `limit` due jobs; returns how many ran. */
  async runDue(limit = 20): Promise<number> {
    await this.failAbandoned();
    let count = 0;
    for (; count < limit; count++) {
      const job = await this.claim();
      if (!job) break;
      const handler = this.handlers.get(job.kind);
      try {
        if (!handler) throw new Error(`no handler for jobs of kind ${job.kind}`);
        await handler(job.payload);
        await this.db
          .updateTable('core_jobs')
          .set({ status: 'done', finished_at: nowIso(), last_error: null })
          .where('id', '=', job.id)
          .execute();
      } catch (error) {
        const failed = job.attempts >= MAX_ATTEMPTS;
        // Back off: 1, 4, 9, 16 minutes.
        const retryAt = new Date(Date.now() + retryDelayMs(job.attempts)).toISOString();
        await this.db
          .updateTable('core_jobs')
          .set({
            status: failed ? 'failed' : 'pending',
            run_at: retryAt,
            last_error: String(error instanceof Error ? error.message : error).slice(0, 2000),
            finished_at: failed ? nowIso() : null,
          })
          .where('id', '=', job.id)
          .execute();
        this.log.warn({ job: job.id, kind: job.kind, attempts: job.attempts, failed }, 'job failed');
      }
    }
    return count;
  }

  /** Polls for due jobs every `intervalMs` until stopped. */
  start(intervalMs = 2000): void {
    const tick = () => {
      this.running = this.runDue().catch((error: unknown) => this.log.error({ err: error }, 'job runner failed'));
      this.running.finally(() => {
        if (this.timer) this.timer = setTimeout(tick, intervalMs).unref();
      });
    };
    this.timer = setTimeout(tick, intervalMs).unref();
  }

  /** Stops polling and waits for the jobs in hand to finish. */
  async stop(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }
}
