import type { FastifyInstance } from 'fastify';
import { HttpError } from './http-error.js';

/** A route's own limit, or `false` for none (assets). Without one, the site-wide limit applies. */
export type RateLimit = { max: number; timeWindow: number } | false;

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Requests one address may make to this route in `timeWindow` ms (its own count), or `false`. */
    rateLimit?: RateLimit;
  }
}

interface Window {
  count: number;
  resetAt: number;
}

/**
 * Counts requests per key in fixed windows, in this process. (Issue: several nodes should
 * share one count; until then each node counts its own.) Windows that ended are forgotten
 * as the map is walked, at most once a window.
 */
export class WindowCounter {
  private readonly windows = new Map<string, Window>();
  private nextSweep = 0;

  constructor(private readonly now: () => number = Date.now) {}

  /** Counts one request; the seconds to wait when it is over the limit, else 0. */
  hit(key: string, max: number, timeWindow: number): number {
    const now = this.now();
    if (now >= this.nextSweep) this.sweep(now, timeWindow);
    let window = this.windows.get(key);
    if (!window || window.resetAt <= now) {
      window = { count: 0, resetAt: now + timeWindow };
      this.windows.set(key, window);
    }
    window.count++;
    return window.count > max ? Math.max(1, Math.ceil((window.resetAt - now) / 1000)) : 0;
  }

  private sweep(now: number, timeWindow: number): void {
    for (const [key, window] of this.windows) if (window.resetAt <= now) this.windows.delete(key);
    this.nextSweep = now + Math.min(timeWindow, 60_000);
  }
}

/**
 * The rate limit: at most `perMinute` requests a minute from one address to the site, and a
 * route may set a stricter count of its own (sign-in, writing comments). Over it, a 429 with
 * `Retry-After`, as a page or a problem. Visitors' cached pages are answered before this runs
 * (they cost less than a refusal would); assets and `/healthz` are not counted.
 */
export function registerRateLimit(app: FastifyInstance, perMinute: number): void {
  const counter = new WindowCounter();
  app.addHook('onRequest', (request, reply, done) => {
    const own = request.routeOptions.config?.rateLimit;
    if (own === false || request.url === '/healthz') return done();
    const limit = own ?? { max: perMinute, timeWindow: 60_000 };
    const key = own ? `${request.routeOptions.method} ${request.routeOptions.url} ${request.ip}` : request.ip;
    const wait = counter.hit(key, limit.max, limit.timeWindow);
    if (wait === 0) return done();
    reply.header('Retry-After', String(wait));
    done(new HttpError(429, 'core.error.tooMany', { seconds: wait }));
  });
}
