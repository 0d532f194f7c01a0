import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { Logger } from '../logger.js';
import type { Database } from '../db/types.js';
import { HttpError } from './http-error.js';

/** A route's own limit, or `false` for none (assets). Without one, the site-wide limit applies. */
export type RateLimit = { max: number; timeWindow: number } | false;

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Requests one address may make to this route in `timeWindow` ms (its own count), or `false`. */
    rateLimit?: RateLimit;
  }
}

/** Where every node of a site counts: adds to keys' counts in a window, and says the totals. */
export interface RateStore {
  /** Adds each key's count to its count in the window that starts at `windowStart` (ms); the totals after. */
  add(windowStart: number, counts: ReadonlyMap<string, number>): Promise<Map<string, number>>;
  /** Forgets the windows that started before `before` (ms). */
  sweep(before: number): Promise<void>;
}

/** The counts in the database every node uses (`core_rate_limits`): one upsert per key, atomic on both engines. */
export class DatabaseRateStore implements RateStore {
  constructor(private readonly db: Kysely<Database>) {}

  async add(windowStart: number, counts: ReadonlyMap<string, number>): Promise<Map<string, number>> {
    const totals = new Map<string, number>();
    for (const [key, count] of counts) {
      const row = await this.db
        .insertInto('core_rate_limits')
        .values({ key, window_start: windowStart, count })
        .onConflict((oc) =>
          oc
            .columns(['key', 'window_start'])
            .doUpdateSet((eb) => ({ count: eb('core_rate_limits.count', '+', eb.ref('excluded.count')) })),
        )
        .returning('count')
        .executeTakeFirstOrThrow();
      totals.set(key, Number(row.count));
    }
    return totals;
  }

  async sweep(before: number): Promise<void> {
    await this.db.deleteFrom('core_rate_limits').where('window_start', '<', before).execute();
  }
}

/** The start of the fixed window `now` is in: windows are aligned, so that every node counts the same ones. */
const windowOf = (now: number, length: number) => Math.floor(now / length) * length;
/** Seconds until a window ends, never less than one. */
const secondsLeft = (start: number, length: number, now: number) =>
  Math.max(1, Math.ceil((start + length - now) / 1000));

/**
 * The site-wide count of one node: requests are counted here as they come, and what this node
 * counted is added to the shared store once a second (one upsert per address that asked), which
 * answers with what every node counted. A request is refused when what this node counted since,
 * plus what all nodes had counted at the last exchange, is over the limit: exact on one node,
 * and on several, late by at most a second of the other nodes' requests.
 */
export class SharedWindow {
  private start = -1;
  /** This node's count per key in the window, and the part of it not yet in the store. */
  private readonly own = new Map<string, { count: number; unsent: number; others: number }>();
  private sending: Promise<void> | null = null;

  constructor(
    private readonly store: RateStore,
    private readonly length: number,
    private readonly now: () => number = Date.now,
    private readonly log?: Logger,
  ) {}

  /** Counts one request of `key`; the seconds to wait when it is over `max`, else 0. */
  hit(key: string, max: number): number {
    const now = this.now();
    const start = windowOf(now, this.length);
    if (start !== this.start) {
      this.start = start;
      this.own.clear();
    }
    let counted = this.own.get(key);
    if (!counted) {
      this.own.set(key, (counted = { count: 0, unsent: 0, others: 0 }));
      // An address new to this node in this window: ask at once what the others counted of it.
      this.soon();
    }
    counted.count++;
    counted.unsent++;
    return counted.count + counted.others > max ? secondsLeft(start, this.length, now) : 0;
  }

  private scheduled = false;
  private soon(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      void this.exchange();
    });
  }

  /** Adds what this node counted to the store, and learns what the others counted. */
  async exchange(): Promise<void> {
    if (this.sending) return this.sending;
    const start = this.start;
    const unsent = new Map<string, number>();
    for (const [key, counted] of this.own) if (counted.unsent > 0) unsent.set(key, counted.unsent);
    if (unsent.size === 0) return;
    for (const key of unsent.keys()) this.own.get(key)!.unsent = 0;
    this.sending = (async () => {
      try {
        const totals = await this.store.add(start, unsent);
        if (this.start !== start) return;
        for (const [key, total] of totals) {
          const counted = this.own.get(key);
          // What the store holds of this node is what it sent: the rest is the others'.
          if (counted) counted.others = Math.max(0, total - (counted.count - counted.unsent));
        }
      } catch (error) {
        this.log?.warn({ err: error }, 'could not share the rate limit counts');
      } finally {
        this.sending = null;
      }
    })();
    return this.sending;
  }
}

/** How often a node adds its site-wide counts to the shared store (ms). */
const EXCHANGE_EVERY = 1000;

/**
 * The rate limit, for the whole site whichever node a request reaches: at most `perMinute`
 * requests a minute from one address, and a route may set a stricter count of its own
 * (sign-in, writing comments). A route's own count is kept in the shared store on every
 * request (they are few, and most write anyway); the site-wide count is kept here and shared
 * once a second (`SharedWindow`). Over it, a 429 with `Retry-After`, as a page or a problem.
 * Visitors' cached pages are answered before this runs (they cost less than a refusal would);
 * assets and `/healthz` are not counted.
 */
export function registerRateLimit(app: FastifyInstance, perMinute: number, store: RateStore): void {
  const site = new SharedWindow(store, 60_000, Date.now, app.log);
  let nextSweep = 0;
  const timer = setInterval(() => {
    void site.exchange();
    const now = Date.now();
    if (now < nextSweep) return;
    // Windows last an hour at most: what began two hours ago is over everywhere.
    nextSweep = now + 600_000;
    store.sweep(now - 7_200_000).catch((error: unknown) => app.log.warn({ err: error }, 'rate limit sweep'));
  }, EXCHANGE_EVERY);
  timer.unref();
  app.addHook('onClose', async () => {
    clearInterval(timer);
    await site.exchange();
  });

  const refuse = (wait: number) => new HttpError(429, 'core.error.tooMany', { seconds: wait });
  app.addHook('onRequest', (request, reply, done) => {
    const own = request.routeOptions.config?.rateLimit;
    if (own === false || request.url === '/healthz') return done();
    if (!own) {
      const wait = site.hit(request.ip, perMinute);
      if (wait === 0) return done();
      reply.header('Retry-After', String(wait));
      return done(refuse(wait));
    }
    const now = Date.now();
    const start = windowOf(now, own.timeWindow);
    const key = `${request.routeOptions.method} ${request.routeOptions.url} ${request.ip}`;
    store.add(start, new Map([[key, 1]])).then(
      (totals) => {
        const wait = (totals.get(key) ?? 0) > own.max ? secondsLeft(start, own.timeWindow, now) : 0;
        if (wait === 0) return done();
        reply.header('Retry-After', String(wait));
        done(refuse(wait));
      },
      (error: unknown) => done(error as Error),
    );
  });
}
