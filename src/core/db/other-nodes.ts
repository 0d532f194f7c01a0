import { randomBytes } from 'node:crypto';
import type SQLite from 'better-sqlite3';
import { sql, type Kysely } from 'kysely';
import type pg from 'pg';
import type { Logger } from '../logger.js';
import type { Database } from './types.js';

declare module './types.js' {
  interface Database {
    core_changes: { id: number; n: number };
    core_rate_limits: { key: string; window_start: number; count: number };
  }
}

/** Tables no page shows: writing them is not announced to the other nodes (the sessions, the job queue…). */
export const CORE_PRIVATE_TABLES = [
  'core_sessions',
  'core_jobs',
  'core_audit_log',
  'core_changes',
  'core_rate_limits',
  'urbis_migration',
];

/** PostgreSQL's channel for writes; each message names the schema, so sites sharing a server stay apart. */
const CHANNEL = 'urbis_writes';
/** How often a SQLite node looks whether another process wrote (ms). */
const POLL_MS = 250;

/** Told of a write another node committed: its table, or null when it is not known (empty everything). */
export type RemoteWrite = (table: string | null) => void;

type Where =
  | { kind: 'sqlite'; sqlite: SQLite.Database; file: boolean }
  | { kind: 'postgres'; db: Kysely<Database>; schema: string; listener: () => pg.Client };

/**
 * The other nodes of a site: several `urbis serve` processes on one database, each with its
 * own page cache and shared memo. Every write this node makes to a table pages show is
 * announced once it has run (and a transaction's again once it commits, as `WriteWatch` tells
 * it); a node that `watch`es hears the others' and empties what it keeps, within a second:
 *
 * - PostgreSQL: `NOTIFY urbis_writes` with the tables written; every node `LISTEN`s on a
 *   connection of its own. If that connection drops, the node empties everything and listens
 *   again.
 * - SQLite (several processes on one file): a counter in `core_changes` that each announcing
 *   write advances; every node reads it four times a second (one indexed read of one row) and
 *   empties everything when another process moved it. An in-memory database has no other node.
 *
 * Announcing never fails a write: a failure is logged, and the others see the write when their
 * entries expire (`URBIS_PAGE_CACHE_SECONDS`).
 */
export class OtherNodes {
  /** Tables whose writes are not announced: the core's, and the modules' `privateTables`. */
  readonly privateTables = new Set(CORE_PRIVATE_TABLES);
  /** This node's name in PostgreSQL's messages, so that it ignores its own. */
  private readonly node = randomBytes(6).toString('base64url');
  private readonly pending = new Set<string | null>();
  private scheduled = false;
  private seen = -1;
  private timer: NodeJS.Timeout | undefined;
  private client: pg.Client | undefined;
  private closed = false;
  private readonly hearers = new Set<RemoteWrite>();
  log: Logger | undefined;

  constructor(private readonly where: Where) {}

  /** Notes a write this node made (from `WriteWatch`); announced once the current turn of the event loop ends. */
  noteWrite(table: string | null): void {
    if (this.closed || (table !== null && this.privateTables.has(table))) return;
    if (this.where.kind === 'sqlite' && !this.where.file) return;
    this.pending.add(table);
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => void this.announce());
  }

  private async announce(): Promise<void> {
    const where = this.where;
    if (this.closed) return;
    if (where.kind === 'sqlite' && where.sqlite.inTransaction) {
      // Not inside another request's open transaction (it could roll back): a little later.
      setTimeout(() => void this.announce(), 2);
      return;
    }
    const tables = [...this.pending];
    this.pending.clear();
    this.scheduled = false;
    try {
      if (where.kind === 'sqlite') {
        const row = where.sqlite.prepare('update core_changes set n = n + 1 where id = 1 returning n').get() as
          { n: number } | undefined;
        // Only this node's write since it last looked: nothing new to hear from the others.
        if (row && row.n === this.seen + 1) this.seen = row.n;
      } else {
        const payload = JSON.stringify({ s: where.schema, n: this.node, t: tables });
        await sql`select pg_notify(${CHANNEL}, ${payload})`.execute(where.db);
      }
    } catch (error) {
      this.log?.warn({ err: error }, 'could not tell the other nodes of a write');
    }
  }

  /** Starts hearing the other nodes' writes; `heard` is told of each (several apps on one handle: each is told). */
  async watch(heard: RemoteWrite): Promise<void> {
    this.hearers.add(heard);
    if (this.hearers.size > 1) return;
    await this.start((table) => {
      for (const hearer of this.hearers) hearer(table);
    });
  }

  /** Stops telling `heard`; the last one to go stops the hearing. */
  async unwatch(heard: RemoteWrite): Promise<void> {
    if (!this.hearers.delete(heard) || this.hearers.size > 0) return;
    await this.stop();
  }

  private async start(heard: RemoteWrite): Promise<void> {
    const where = this.where;
    if (where.kind === 'sqlite') {
      if (!where.file) return;
      const read = () => (where.sqlite.prepare('select n from core_changes where id = 1').get() as { n: number }).n;
      this.seen = read();
      this.timer = setInterval(() => {
        try {
          const n = read();
          if (n === this.seen) return;
          this.seen = n;
          heard(null);
        } catch (error) {
          this.log?.warn({ err: error }, 'could not read what the other nodes wrote');
        }
      }, POLL_MS);
      this.timer.unref();
      return;
    }
    await this.listen(heard);
  }

  private async listen(heard: RemoteWrite): Promise<void> {
    const where = this.where;
    if (where.kind !== 'postgres' || this.closed) return;
    const client = where.listener();
    this.client = client;
    const again = () => {
      if (this.closed || this.client !== client || this.hearers.size === 0) return;
      this.client = undefined;
      client.end().catch(() => undefined);
      // What was written while nobody listened is not known: empty everything, then listen again.
      heard(null);
      setTimeout(() => void this.listen(heard).catch(() => again()), 1000).unref();
    };
    client.on('error', (error) => {
      this.log?.warn({ err: error }, 'lost the connection that hears the other nodes');
      again();
    });
    client.on('end', again);
    client.on('notification', (message) => {
      if (message.channel !== CHANNEL || !message.payload) return;
      try {
        const { s, n, t } = JSON.parse(message.payload) as { s: string; n: string; t: (string | null)[] };
        if (s !== where.schema || n === this.node) return;
        for (const table of t) heard(table);
      } catch {
        heard(null);
      }
    });
    await client.connect();
    await client.query(`listen ${CHANNEL}`);
  }

  private async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  /** Stops announcing and hearing. */
  async close(): Promise<void> {
    this.closed = true;
    this.hearers.clear();
    await this.stop();
  }
}
