import type { FastifyInstance } from 'fastify';
import type { Actor } from '../auth/actor.js';
import type { Csrf } from './csrf.js';
import { HttpError } from './http-error.js';

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/**
 * The policy of a route that declared none: signing in would not help, so visitors get 404/403
 * too, not the sign-in page.
 */
const refuseEveryone = (_actor: Actor): _actor is never => false;

/** A route that declares no policy refuses everyone: forgetting one cannot open a hole. */
export function denyUndeclaredRoutes(app: FastifyInstance): void {
  app.addHook('onRoute', (route) => {
    if (route.config?.policy) return;
    route.config = { ...route.config, policy: refuseEveryone };
  });
}

/**
 * Before each handler: every unsafe method needs the CSRF token, except API calls that a
 * bearer token authenticated; then the route's policy. A refused visitor is sent to sign
 * in (HTML) or gets 401 (API); others get 404 under `/{lang}` and `/api` (they do not learn
 * what exists) and 403 elsewhere.
 */
export function registerGuard(app: FastifyInstance, csrf: Csrf): void {
  app.addHook('preHandler', async (request, reply) => {
    if (request.is404) return;
    // CSRF guards what a cookie authenticates: HTML forms always, the API only in a session.
    // Only a token that authenticated skips it (request-context.ts refuses any other
    // Authorization header on the API with a 401 before this runs).
    const cookieAuthenticated = !request.url.startsWith('/api/') || request.session !== null;
    // A route that a signed token in its address authorises (one-click unsubscribe) acts for that
    // token alone, never for the session: it needs no CSRF token (`authorisedByAddress`).
    const byAddress = request.routeOptions.config.authorisedByAddress === true;
    if (UNSAFE.has(request.method) && !request.viaToken && !byAddress && cookieAuthenticated && !csrf.verify(request)) {
      throw new HttpError(403, 'core.error.csrf');
    }
    const policy = request.routeOptions.config.policy ?? refuseEveryone;
    // (Held in a boolean: the policy's type guard would otherwise narrow the actor below to `never`.)
    const allowed: boolean = policy(request.actor);
    if (allowed) return;
    if (request.actor.kind === 'visitor' && policy !== refuseEveryone) {
      if (request.url.startsWith('/api/')) {
        reply.header('WWW-Authenticate', 'Bearer');
        throw new HttpError(401, 'core.error.unauthenticated');
      }
      if (request.method === 'GET' || request.method === 'HEAD') {
        const next = encodeURIComponent(request.url);
        return reply.redirect(`/${request.locale}/sign-in?next=${next}`, 303);
      }
    }
    throw new HttpError(request.routeOptions.url?.includes(':lang') || request.url.startsWith('/api/') ? 404 : 403);
  });
}
