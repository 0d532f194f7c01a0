import type { FastifyInstance } from 'fastify';
import { anyone } from '../auth/policy.js';
import type { CoreServices } from './core-plugin.js';
import { HttpError } from './http-error.js';
import { LANGUAGE_COOKIE } from './request-context.js';

/** The kernel's own addresses: `/` and `/{lang}`, the language switcher, static assets and `/healthz`. */
export function registerCoreRoutes(app: FastifyInstance, core: CoreServices): void {
  const { config, languages } = core;

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
