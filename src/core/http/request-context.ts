import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { VISITOR } from '../auth/actor.js';
import { DEFAULT_LOCALE, negotiateLanguage } from '../i18n/locales.js';
import type { PageContext } from '../views/page-context.js';
import type { PersonalHeader } from '../module.js';
import type { CoreServices } from './core-plugin.js';
import type { Csrf } from './csrf.js';
import { HttpError } from './http-error.js';

declare module 'fastify' {
  interface FastifyRequest {
    /**
     * True when a personal access token in `Authorization: Bearer` authenticated the request
     * (API only): the one case where an unsafe method needs no CSRF token.
     */
    viaToken: boolean;
    /** A signed-in reader's own header items, read for this request (pages under `/{lang}` only); else null. */
    personalHeader: PersonalHeader | null;
  }
}

export const LANGUAGE_COOKIE = 'urbis_lang';
/** `Bearer <token>`: one token of visible ASCII, no longer than any token Urbis makes could be. */
const BEARER = /^Bearer ([!-~]{1,200})$/i;
const REPLY = Symbol('reply');
const TOKEN = Symbol('csrfToken');

/** `/cs/partnerships?x` → `cs`, or null when the first segment is not an interface language. */
function languageOfPath(url: string, languages: readonly string[]): string | null {
  const first = url.split(/[/?#]/)[1] ?? '';
  return languages.includes(first) ? first : null;
}

/**
 * What every request knows about itself: its language (from the address; elsewhere from the
 * cookie, then `Accept-Language`, then English), its actor (from a personal access token on the
 * API, else the session cookie, else a visitor), its page context and its CSRF token.
 */
export function registerRequestContext(app: FastifyInstance, core: CoreServices, csrf: Csrf): void {
  const { languages, translators, pageCache } = core;
  const english = translators.get(DEFAULT_LOCALE);
  if (!english) throw new Error('the English catalog is required');

  app.decorateRequest('locale', DEFAULT_LOCALE);
  app.decorateRequest('actor', null as never);
  app.decorateRequest('session', null);
  app.decorateRequest('viaToken', false);
  app.decorateRequest('personal', false);
  app.decorateRequest('pageGeneration', 0);
  app.decorateRequest('i18n', null as never);
  app.decorateRequest('personalHeader', null);
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
  // Signing in or out changes what forms' tokens are bound to, from the rest of this response on.
  const forgetToken = (request: FastifyRequest) => {
    (request as unknown as Record<symbol, string | undefined>)[TOKEN] = undefined;
  };
  app.decorateReply('startSession', async function (this: FastifyReply, userId: number) {
    const request = this.request;
    request.session = await core.sessions.start(request, this, userId);
    csrf.renew(request, this);
    forgetToken(request);
  });
  app.decorateReply('endSession', async function (this: FastifyReply) {
    const request = this.request;
    await core.sessions.end(request, this);
    request.session = null;
    csrf.renew(request, this);
    forgetToken(request);
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
    // The API also accepts a personal access token instead of a session. Any Authorization
    // header there is a token that authenticates, or a 401: never a silent fall-back to the
    // session cookie or to a visitor (only a token that authenticated skips CSRF, see guard.ts).
    const authorization = request.headers.authorization;
    if (authorization !== undefined && request.url.startsWith('/api/')) {
      const bearer = BEARER.exec(authorization);
      const actor = bearer?.[1] ? await core.actorForToken(bearer[1]) : null;
      if (!actor) {
        reply.header('WWW-Authenticate', bearer ? 'Bearer error="invalid_token"' : 'Bearer');
        throw new HttpError(401, bearer ? 'core.error.badToken' : 'core.error.badAuthorization');
      }
      request.actor = actor;
      request.viaToken = true;
      return;
    }
    if (request.cookies[core.sessions.cookie]) {
      const session = await core.sessions.load(request);
      if (session) {
        const actor = await core.loadActor(session.userId);
        if (actor) {
          request.session = session;
          request.actor = actor;
          // What the header shows of the person's own (unread notifications, their partnerships):
          // read fresh for every request that may show a page (the API never does).
          if (actor.kind === 'user' && languageOfPath(request.url, languages))
            request.personalHeader = await core.personalHeader(actor, locale);
        }
      }
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
    search: core.search ?? null,
    header: request.personalHeader,
    asset: (name) => core.assets.url(name),
    csrfToken: () => request.csrfToken(),
    href: (path) => `/${lang}${path.startsWith('/') ? path : `/${path}`}`,
  };
}
