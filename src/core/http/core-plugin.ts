import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import type { FastifyInstance } from 'fastify';
import type { Actor, SignedIn } from '../auth/actor.js';
import type { HeaderSearch, PersonalHeader } from '../module.js';
import type { RoutePolicy } from '../auth/policy.js';
import type { Config } from '../config.js';
import type { Translator } from '../i18n/translator.js';
import type { PageContext } from '../views/page-context.js';
import type { AssetRegistry } from './assets.js';
import type { PageCache } from './page-cache.js';
import { keepForReader, LANE_TRIED, type LaneTicket, type PersonalLane } from './personal-lane.js';
import { clockWatch } from '../shared/clock.js';
import { Csrf } from './csrf.js';
import { registerMultipart } from './multipart.js';
import { registerCompression } from './compression.js';
import { registerCoreRoutes } from './core-routes.js';
import { registerErrorHandlers } from './errors.js';
import { denyUndeclaredRoutes, registerGuard } from './guard.js';
import { registerRateLimit, type RateStore } from './rate-limit.js';
import { registerRequestContext } from './request-context.js';
import { registerInputRules } from './validation.js';
import type { Session, SessionStore } from './session.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The interface language of this request. */
    locale: string;
    actor: Actor;
    session: Session | null;
    i18n: Translator;
    /** The view context for this request (built on first use). */
    page(): PageContext;
    /** The CSRF token for forms (sets the CSRF cookie when needed). */
    csrfToken(): string;
    /** True once something personal went into the response (a CSRF token): it must not be cached. */
    personal: boolean;
    /** The page cache's generation when the request came in (see `PageCache.store`). */
    pageGeneration: number;
    /** Set by a page a signed-in reader may be sent again from the lane (`keepForReader`). */
    laneTicket: (LaneTicket & { clock: number }) | null;
  }
  interface FastifyInstance {
    /** Pages rendered for visitors (see page-cache.ts). */
    pageCache: PageCache;
    /** Pages rendered for signed-in readers, sent again while nothing changed (see personal-lane.ts). */
    personalLane: PersonalLane;
  }
  interface FastifyReply {
    /** Signs `userId` in: a new session id and cookie. */
    startSession(userId: number): Promise<void>;
    /** Signs out: the session is deleted, so the old cookie is useless. */
    endSession(): Promise<void>;
  }
  interface FastifyContextConfig {
    /** Who may use the route. A route without one refuses everyone. */
    policy?: RoutePolicy;
    /**
     * False for a POST that changes nothing any page shows (signing in or out): a successful
     * unsafe request otherwise empties the page cache.
     */
    changesPages?: boolean;
    /**
     * A GET whose answer to a signed-in reader depends only on its address, the reader and the
     * stored data: what it sends them may be sent again from the lane (`personal-lane.ts`)
     * while nothing changes. `pageRoute` sets it unless `cache: false`.
     */
    keepForReader?: boolean;
    /**
     * True for a route authorised by a signed token in its own address (one-click unsubscribe
     * from a mail, RFC 8058): it needs no CSRF token, since another site cannot know the address
     * and a mail client posts without one. Its handler must check the token, and it may change
     * only what the token names.
     */
    authorisedByAddress?: boolean;
  }
}

export interface CoreServices {
  config: Config;
  languages: readonly string[];
  translators: Map<string, Translator>;
  navigation: readonly { label: string; path: string }[];
  /** The search box of the site header (a module's `headerSearch`), or none. */
  search?: HeaderSearch | null;
  assets: AssetRegistry;
  sessions: SessionStore;
  loadActor(userId: number): Promise<Actor | null>;
  /** A signed-in person's own header items (modules' `header`), read fresh for one request. */
  personalHeader(actor: SignedIn, locale: string): Promise<PersonalHeader>;
  /** The actor of a personal access token, or null for an unknown or revoked one. */
  actorForToken(token: string): Promise<Actor | null>;
  checkDatabase(): Promise<void>;
  pageCache: PageCache;
  personalLane: PersonalLane;
  /** Where every node counts requests for the rate limits. */
  rateStore: RateStore;
}

export { LANGUAGE_COOKIE } from './request-context.js';
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Content-Security-Policy: same-origin only, no inline script or style, no framing. */
const CSP_DIRECTIVES: readonly (readonly [string, string])[] = [
  ['default-src', "'self'"],
  ['script-src', "'self'"],
  ['style-src', "'self'"],
  ['img-src', "'self' data:"],
  ['font-src', "'self'"],
  ['connect-src', "'self'"],
  ['form-action', "'self'"],
  ['frame-ancestors', "'none'"],
  ['base-uri', "'self'"],
  ['object-src', "'none'"],
];

/** Every response's security headers, in the order they are sent. HSTS only over HTTPS. */
export function securityHeadersFor(config: Pick<Config, 'secureCookies'>): Record<string, string> {
  const csp = CSP_DIRECTIVES.map(([name, value]) => `${name} ${value}`);
  if (config.secureCookies) csp.push('upgrade-insecure-requests');
  return {
    'Content-Security-Policy': csp.join(';'),
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Origin-Agent-Cluster': '?1',
    'Referrer-Policy': 'strict-origin-when-cross-origin',
    ...(config.secureCookies ? { 'Strict-Transport-Security': 'max-age=31536000; includeSubDomains' } : {}),
    'X-Content-Type-Options': 'nosniff',
    'X-DNS-Prefetch-Control': 'off',
    'X-Download-Options': 'noopen',
    'X-Frame-Options': 'SAMEORIGIN',
    'X-Permitted-Cross-Domain-Policies': 'none',
    'X-XSS-Protection': '0',
  };
}

/**
 * The HTTP kernel: security headers, compression, cookies, forms, rate limits, the
 * request's language and actor, CSRF, policies, errors, assets, health and languages.
 */
export async function registerCore(app: FastifyInstance, core: CoreServices): Promise<void> {
  const { config } = core;
  const csrf = new Csrf(config);
  denyUndeclaredRoutes(app);

  // A visitor's page that is in the page cache is sent before anything else runs. (When
  // Urbis listens, the server in app.ts answers these before Fastify even sees them; this
  // hook serves requests injected in tests the same way.)
  const { pageCache } = core;
  app.decorate('pageCache', pageCache);
  app.addHook('onRequest', (request, reply, done) => {
    if (pageCache.tryServe(request.raw, reply.raw)) reply.hijack();
    done();
  });
  // A signed-in reader's page kept in the lane, the same way (when Urbis listens, app.ts's server
  // tried it already: it marks the request so that it is not asked twice).
  const { personalLane } = core;
  app.decorate('personalLane', personalLane);
  app.decorateRequest('laneTicket', null);
  // A callback hook, not an async one: most requests find nothing kept, and pay no promise for it.
  app.addHook('onRequest', (request, reply, done) => {
    const served = (request.raw as { [LANE_TRIED]?: boolean })[LANE_TRIED]
      ? false
      : personalLane.tryServe(request.raw, reply.raw);
    if (served === false) return done();
    served.then(
      (sent) => {
        if (sent) reply.hijack();
        done();
      },
      (error: Error) => done(error),
    );
  });
  // Every write that went through empties the cache; one that failed changed nothing.
  app.addHook('onResponse', (request, reply, done) => {
    if (UNSAFE.has(request.method) && reply.statusCode < 400 && request.routeOptions.config?.changesPages !== false)
      pageCache.invalidate();
    done();
  });

  // The security headers never change, so they are worked out once and set on every
  // response (404s and errors included) before anything else runs. They are the ones
  // @fastify/helmet used to set with this configuration, byte for byte.
  const securityHeaders = Object.entries(securityHeadersFor(config));
  app.addHook('onRequest', (_request, reply, done) => {
    const raw = reply.raw;
    for (const [name, value] of securityHeaders) raw.setHeader(name, value);
    done();
  });
  registerCompression(app);
  // Before the handler reads anything (the session and the data version were read first of all).
  app.addHook('preHandler', (request, _reply, done) => {
    if (request.routeOptions.config?.keepForReader) keepForReader(request, clockWatch.mark());
    done();
  });
  // After compression: the lane keeps the bytes as they are sent.
  app.addHook('onSend', (request, reply, payload, done) => {
    const ticket = request.laneTicket;
    if (
      ticket &&
      reply.statusCode === 200 &&
      (typeof payload === 'string' || Buffer.isBuffer(payload)) &&
      !reply.hasHeader('set-cookie')
    ) {
      const headers: string[] = [];
      for (const [name, value] of Object.entries(reply.getHeaders())) {
        if (value === undefined || name === 'content-length') continue;
        headers.push(name, String(value));
      }
      const body = typeof payload === 'string' ? Buffer.from(payload) : payload;
      personalLane.store(ticket, headers, body, clockWatch.until(ticket.clock));
    }
    done(null, payload);
  });
  await app.register(cookie);
  await app.register(formbody, { bodyLimit: 1024 * 1024 });
  await registerMultipart(app, config);

  registerRequestContext(app, core, csrf);
  // After the request's language and actor: a refusal is a page in the reader's language.
  registerRateLimit(app, config.rateLimitPerMinute, core.rateStore);
  registerGuard(app, csrf);
  // After the policy: ids, cursors and text of every request (validation.ts).
  registerInputRules(app);
  registerErrorHandlers(app, core);
  registerCoreRoutes(app, core);
}
