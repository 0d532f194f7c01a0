import compress from '@fastify/compress';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { constants as zlib } from 'node:zlib';
import type { Actor } from '../auth/actor.js';
import { VISITOR } from '../auth/actor.js';
import { anyone, type RoutePolicy } from '../auth/policy.js';
import type { Config } from '../config.js';
import type { Translator } from '../i18n/translator.js';
import { DEFAULT_LOCALE, negotiateLanguage } from '../i18n/locales.js';
import type { PageContext } from '../views/page-context.js';
import type { AssetRegistry } from './assets.js';
import type { PageCache } from './page-cache.js';
import { Csrf } from './csrf.js';
import { registerMultipart } from './multipart.js';
import { registerErrorHandlers } from './errors.js';
import { HttpError } from './http-error.js';
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
  }
  interface FastifyInstance {
    /** Pages rendered for visitors (see page-cache.ts). */
    pageCache: PageCache;
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
  }
}

export interface CoreServices {
  config: Config;
  languages: readonly string[];
  translators: Map<string, Translator>;
  navigation: readonly { label: string; path: string }[];
  assets: AssetRegistry;
  sessions: SessionStore;
  loadActor(userId: number): Promise<Actor | null>;
  /** The actor of a personal access token, or null for an unknown or revoked one. */
  actorForToken(token: string): Promise<Actor | null>;
  checkDatabase(): Promise<void>;
  pageCache: PageCache;
}

export const LANGUAGE_COOKIE = 'urbis_lang';
const REPLY = Symbol('reply');
const TOKEN = Symbol('csrfToken');
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** The policy of a route that declared none: signing in would not help, so visitors get 404/403 too, not the sign-in page. */
const refuseEveryone = (_actor: Actor): _actor is never => false;

/** `/cs/partnerships?x` → `cs`, or null when the first segment is not an interface language. */
function languageOfPath(url: string, languages: readonly string[]): string | null {
  const first = url.split(/[/?#]/)[1] ?? '';
  return languages.includes(first) ? first : null;
}

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
  const { config, languages, translators } = core;
  const csrf = new Csrf(config);
  const english = translators.get(DEFAULT_LOCALE);
  if (!english) throw new Error('the English catalog is required');

  // A route that declares no policy refuses everyone: forgetting one cannot open a hole.
  app.addHook('onRoute', (route) => {
    if (route.config?.policy) return;
    route.config = { ...route.config, policy: refuseEveryone };
  });

  // A visitor's page that is in the page cache is sent before anything else runs. (When
  // Urbis listens, the server in app.ts answers these before Fastify even sees them; this
  // hook serves requests injected in tests the same way.)
  const { pageCache } = core;
  app.decorate('pageCache', pageCache);
  app.addHook('onRequest', async (request, reply) => {
    if (pageCache.tryServe(request.raw, reply.raw)) return reply.hijack();
  });
  // Every write that went through empties the cache; one that failed changed nothing.
  app.addHook('onResponse', async (request, reply) => {
    if (UNSAFE.has(request.method) && reply.statusCode < 400 && request.routeOptions.config?.changesPages !== false)
      pageCache.invalidate();
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
  // What reaches this plugin is rendered for one request (visitors' pages are compressed once,
  // in the page cache): Brotli at quality 2 costs half of quality 4 for a few percent more
  // bytes, and compressing in one call is much cheaper than through a stream (which the plugin
  // would use above 64 KB, or above 4 KB on a machine with four cores).
  await app.register(compress, {
    threshold: 1024,
    syncThreshold: 512 * 1024,
    encodings: ['br', 'gzip'],
    brotliOptions: { params: { [zlib.BROTLI_PARAM_QUALITY]: 2 } },
    zlibOptions: { level: 4 },
  });
  await app.register(cookie);
  await app.register(formbody, { bodyLimit: 1024 * 1024 });
  await registerMultipart(app, config);
  await app.register(rateLimit, {
    max: config.rateLimitPerMinute,
    timeWindow: 60_000,
    allowList: (request) => request.url.startsWith('/assets/') || request.url === '/healthz',
    errorResponseBuilder: (_request, context) => {
      const error = new HttpError(429, 'core.error.tooMany', { seconds: Math.ceil(context.ttl / 1000) });
      return error;
    },
  });

  app.decorateRequest('locale', DEFAULT_LOCALE);
  app.decorateRequest('actor', null as never);
  app.decorateRequest('session', null);
  app.decorateRequest('personal', false);
  app.decorateRequest('pageGeneration', 0);
  app.decorateRequest('i18n', null as never);
  app.decorateRequest('page', function (this: FastifyRequest) {
    return buildPageContext(this, core);
  });
  app.decorateRequest('csrfToken', function (this: FastifyRequest) {
    const reply = (this as unknown as Record<symbol, FastifyReply>)[REPLY];
    if (!reply) throw new Error('csrfToken() called before the request was routed');
    this.personal = true;
    // One HMAC per request, however many forms the page has (a thread has one per comment).
    const self = this as unknown as Record<symbol, string | undefined>;
    return (self[TOKEN] ??= csrf.token(this, reply));
  });
  app.decorateReply('startSession', async function (this: FastifyReply, userId: number) {
    await core.sessions.start(this.request, this, userId);
  });
  app.decorateReply('endSession', async function (this: FastifyReply) {
    await core.sessions.end(this.request, this);
  });

  // The language comes from the address; elsewhere (/, /api, errors) from cookie, then
  // Accept-Language, then English. The actor comes from the session cookie, if any.
  app.addHook('onRequest', async (request, reply) => {
    (request as unknown as Record<symbol, FastifyReply>)[REPLY] = reply;
    request.pageGeneration = pageCache.generation;
    request.actor = VISITOR;
    request.i18n = english;
    const locale =
      languageOfPath(request.url, languages) ??
      (languages.includes(request.cookies[LANGUAGE_COOKIE] ?? '') ? request.cookies[LANGUAGE_COOKIE]! : null) ??
      negotiateLanguage(request.headers['accept-language'], languages) ??
      DEFAULT_LOCALE;
    request.locale = locale;
    request.i18n = translators.get(locale) ?? english;
    const params = request.params as Record<string, string> | undefined;
    if (params && 'lang' in params && !languages.includes(params.lang ?? '')) {
      throw new HttpError(404, 'core.error.unknownLanguage');
    }
    // The API also accepts a personal access token instead of a session; a bad token is a
    // 401, never a silent fall-back to visitor.
    const bearer = /^Bearer (\S{1,200})$/i.exec(request.headers.authorization ?? '');
    if (bearer?.[1] && request.url.startsWith('/api/')) {
      const actor = await core.actorForToken(bearer[1]);
      if (!actor) throw new HttpError(401, 'core.error.badToken');
      request.actor = actor;
      return;
    }
    if (request.cookies[core.sessions.cookie]) {
      const session = await core.sessions.load(request);
      if (session) {
        const actor = await core.loadActor(session.userId);
        if (actor) {
          request.session = session;
          request.actor = actor;
        }
      }
    }
  });

  app.addHook('preHandler', async (request, reply) => {
    if (request.is404) return;
    const usesToken = request.url.startsWith('/api/') && /^Bearer /i.test(request.headers.authorization ?? '');
    // CSRF guards what a cookie authenticates: HTML forms always, the API only in a session.
    const cookieAuthenticated = !request.url.startsWith('/api/') || request.session !== null;
    if (UNSAFE.has(request.method) && !usesToken && cookieAuthenticated && !csrf.verify(request)) {
      throw new HttpError(403, 'core.error.csrf');
    }
    const policy = request.routeOptions.config.policy ?? refuseEveryone;
    // (Held in a boolean: the policy's type guard would otherwise narrow the actor below to `never`.)
    const allowed: boolean = policy(request.actor);
    if (allowed) return;
    if (request.actor.kind === 'visitor' && policy !== refuseEveryone) {
      if (request.url.startsWith('/api/')) throw new HttpError(401, 'core.error.unauthenticated');
      if (request.method === 'GET' || request.method === 'HEAD') {
        const next = encodeURIComponent(request.url);
        return reply.redirect(`/${request.locale}/sign-in?next=${next}`, 303);
      }
    }
    throw new HttpError(request.routeOptions.url?.includes(':lang') || request.url.startsWith('/api/') ? 404 : 403);
  });

  registerErrorHandlers(app, core);

  app.get('/', { config: { policy: anyone } }, async (request, reply) => {
    reply.header('Vary', 'Cookie, Accept-Language');
    reply.header('Cache-Control', 'no-store');
    // A signed-in person who chose an interface language gets it, wherever they come from.
    const chosen =
      request.actor.kind === 'user' && request.actor.locale && languages.includes(request.actor.locale)
        ? request.actor.locale
        : request.locale;
    return reply.redirect(`/${chosen}/`, 302);
  });

  app.get<{ Params: { lang: string } }>('/:lang', { config: { policy: anyone } }, async (request, reply) =>
    reply.redirect(`/${request.params.lang}/`, 301),
  );

  // The language switcher: remember the choice, then show the same page in that language.
  app.get<{ Params: { code: string }; Querystring: { path?: string } }>(
    '/language/:code',
    { config: { policy: anyone } },
    async (request, reply) => {
      const { code } = request.params;
      if (!languages.includes(code)) throw new HttpError(404, 'core.error.unknownLanguage');
      const raw = typeof request.query.path === 'string' ? request.query.path : '/';
      // Only a path inside the site: it is appended to `/{code}`, so it can never leave it.
      // Printable ASCII only (no space, no backslash): anything else cannot go in a Location
      // header and would fail the response; paths from the switcher are percent-encoded.
      const path = /^\/[!-[\]-~]*$/.test(raw) && raw.length <= 2000 ? raw : '/';
      reply.setCookie(LANGUAGE_COOKIE, code, {
        path: '/',
        sameSite: 'lax',
        maxAge: 365 * 86_400,
        secure: config.secureCookies,
      });
      return reply.redirect(`/${code}${path}`, 303);
    },
  );

  app.get<{ Params: { file: string } }>(
    '/assets/:file',
    { config: { policy: anyone, rateLimit: false } },
    async (request, reply) => {
      const asset = core.assets.get(request.params.file);
      if (!asset) throw new HttpError(404);
      const accepts = request.headers['accept-encoding'] ?? '';
      reply.header('Content-Type', asset.type);
      reply.header('Cache-Control', 'public, max-age=31536000, immutable');
      reply.header('Vary', 'Accept-Encoding');
      if (asset.brotli !== asset.body && /\bbr\b/.test(accepts)) {
        reply.header('Content-Encoding', 'br');
        return reply.send(asset.brotli);
      }
      if (asset.gzip !== asset.body && /\bgzip\b/.test(accepts)) {
        reply.header('Content-Encoding', 'gzip');
        return reply.send(asset.gzip);
      }
      return reply.send(asset.body);
    },
  );

  app.get('/healthz', { config: { policy: anyone }, schema: { hide: true } }, async (_request, reply) => {
    try {
      await core.checkDatabase();
      return reply.header('Cache-Control', 'no-store').send({ status: 'ok' });
    } catch {
      return reply
        .code(503)
        .header('Cache-Control', 'no-store')
        .send({ status: 'unavailable', database: 'unreachable' });
    }
  });
}

function buildPageContext(request: FastifyRequest, core: CoreServices): PageContext {
  const lang = request.locale;
  const pathOnly = request.url.split('?')[0] ?? '/';
  const inLanguage = pathOnly.startsWith(`/${lang}/`) || pathOnly === `/${lang}`;
  return {
    locale: lang,
    i18n: request.i18n,
    t: request.i18n.t,
    path: inLanguage ? pathOnly.slice(lang.length + 1) || '/' : '/',
    actor: request.actor,
    languages: core.languages,
    navigation: core.navigation,
    asset: (name) => core.assets.url(name),
    csrfToken: () => request.csrfToken(),
    href: (path) => `/${lang}${path.startsWith('/') ? path : `/${path}`}`,
  };
}
