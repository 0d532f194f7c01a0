import type { FastifyInstance, FastifyRequest } from 'fastify';
import Type from 'typebox';
import { isSignedIn } from '../../core/auth/actor.js';
import { anyone } from '../../core/auth/policy.js';
import { sendPage } from '../../core/http/html.js';
import { HttpError } from '../../core/http/http-error.js';
import { problemResponses } from '../../core/http/problem.js';
import { NoBody } from '../../core/http/validation.js';
import type { ModuleContext } from '../../core/module.js';
import { declaredKinds } from './notifications.delivery.js';
import { UnsubscribeParams, UnsubscribeView } from './notifications.schema.js';
import { kindLabel } from './notifications.settings.routes.js';
import { DIGEST_SCOPES, kindsToStop, readUnsubscribeToken, stopKinds } from './notifications.unsubscribe.js';
import { UnsubscribePage } from './views/UnsubscribePage.js';

type TokenRoute = { Params: { lang?: string; token: string } };

/**
 * One-click unsubscribe: `/{lang}/notifications/unsubscribe/{token}` (the link of every
 * notification mail and its `List-Unsubscribe` header) and its JSON twin under `/api/v1`. No
 * sign-in: the token (signed by the site, naming the person and what it stops) is the authority,
 * and it can change nothing else. GET says what it will do, with a button; POST does it and
 * answers 200, also to a mail client's `List-Unsubscribe=One-Click` (RFC 8058). The page's POST
 * needs no CSRF token either (`authorisedByAddress`): another site cannot know the address, and a
 * mail client has none. (The API's POST follows the API's rules: a call in a session sends
 * `X-CSRF-Token`.) A token that is not one of ours, or whose person is gone, is a 404 that says
 * the link does not work.
 */
export function registerUnsubscribeRoutes(app: FastifyInstance, ctx: ModuleContext): void {
  /** The link's person and what it stops now; a 404 for a token that is not ours or an account that is gone. */
  async function resolve(request: FastifyRequest<TokenRoute>) {
    const found = readUnsubscribeToken(ctx.config, request.params.token);
    if (!found) throw new HttpError(404, 'notifications.unsubscribe.invalid');
    const person = await ctx.modules.find((m) => m.loadActor)?.loadActor?.(ctx, found.userId);
    if (!person || !isSignedIn(person)) throw new HttpError(404, 'notifications.unsubscribe.invalid');
    const kinds = await kindsToStop(ctx.db, declaredKinds(ctx.modules), found.userId, found.scope);
    const digest = (DIGEST_SCOPES as readonly string[]).includes(found.scope)
      ? (found.scope as 'daily' | 'weekly')
      : null;
    return { ...found, kinds, digest, labels: kinds.map((k) => kindLabel(request.i18n.t, k)) };
  }

  const page = async (request: FastifyRequest<TokenRoute>, done: boolean) => {
    const link = await resolve(request);
    if (done) await stopKinds(ctx.db, ctx.modules, link.userId, link.kinds);
    const view = request.page();
    return UnsubscribePage({
      page: view,
      digest: link.digest,
      labels: link.labels,
      action: view.href(`/notifications/unsubscribe/${request.params.token}`),
      done,
    });
  };

  const html = { schema: { hide: true, params: UnsubscribeParams } };
  app.get<TokenRoute>(
    '/:lang/notifications/unsubscribe/:token',
    { ...html, config: { policy: anyone } },
    async (request, reply) => sendPage(reply, await page(request, false)),
  );
  // A mail client posts `List-Unsubscribe=One-Click` (urlencoded or multipart): done at once, 200.
  app.post<TokenRoute>(
    '/:lang/notifications/unsubscribe/:token',
    { ...html, config: { policy: anyone, authorisedByAddress: true, changesPages: false } },
    async (request, reply) => sendPage(reply, await page(request, true)),
  );

  const api = (done: boolean) => async (request: FastifyRequest<TokenRoute>) => {
    const link = await resolve(request);
    if (done) await stopKinds(ctx.db, ctx.modules, link.userId, link.kinds);
    return { scope: link.scope, kinds: link.kinds, labels: link.labels, done };
  };
  const apiParams = Type.Omit(UnsubscribeParams, ['lang']);
  app.get<TokenRoute>(
    '/api/v1/notifications/unsubscribe/:token',
    {
      config: { policy: anyone },
      schema: {
        summary: 'What an unsubscribe link of a notification mail would stop',
        tags: ['notifications'],
        params: apiParams,
        response: { 200: UnsubscribeView, ...problemResponses(400, 401, 404, 429) },
      },
    },
    api(false),
  );
  app.post<TokenRoute>(
    '/api/v1/notifications/unsubscribe/:token',
    {
      // As any API write: without a session no form token is asked for; in a session, `X-CSRF-Token`.
      config: { policy: anyone, changesPages: false },
      schema: {
        summary: 'Stop what an unsubscribe link of a notification mail names (its kind, or the kinds of a digest)',
        tags: ['notifications'],
        params: apiParams,
        body: NoBody,
        response: { 200: UnsubscribeView, ...problemResponses(400, 401, 403, 404, 413, 415, 429) },
      },
    },
    api(true),
  );
}
