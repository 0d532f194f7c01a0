import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import Type from 'typebox';
import type { SignedIn } from '../../core/auth/actor.js';
import { signedIn } from '../../core/auth/policy.js';
import { actorOf } from '../../core/http/handlers.js';
import { HttpError } from '../../core/http/http-error.js';
import { problemResponses } from '../../core/http/problem.js';
import { pageRoute } from '../../core/http/routes.js';
import { badParameter, NoBody, toId } from '../../core/http/validation.js';
import type { ContentRef, ModuleContext } from '../../core/module.js';
import {
  FollowedJson,
  FollowedList,
  FollowForm,
  FollowParams,
  FollowsQuery,
  isFollowType,
  type FollowRef,
} from './follows.schema.js';
import {
  decodeFollowCursor,
  findFollowable,
  follow,
  followedSince,
  FOLLOWS_PAGE,
  listFollowed,
  unfollow,
} from './follows.service.js';
import { FollowsPage } from './views/FollowsPage.js';

/** A follow button's `back`: a page of this site in the same language, else the page of what one follows. */
function backTo(request: FastifyRequest, back: string | undefined, done: 'followed' | 'unfollowed'): string {
  const home = `/${request.locale}/follows?done=${done}`;
  if (!back || back.length > 2000) return home;
  const ok =
    back.startsWith(`/${request.locale}/`) &&
    /^\/[a-z]{2,3}\/[^\s\\"<>]*$/.test(back) &&
    !back.includes('//') &&
    !back.includes('/..');
  if (!ok) return home;
  return back === `/${request.locale}/follows` ? home : back;
}

/**
 * Following: what I follow (`/{lang}/follows` and `GET /api/v1/follows`), the follow buttons' forms
 * (POST, back to the page they were on), and the API's twins per thing: GET (am I following it?),
 * PUT (follow), DELETE (stop). Signed-in people only; a thing one may not see is a 404.
 */
export function registerFollowRoutes(app: FastifyInstance, ctx: ModuleContext): void {
  /** The thing a request names, if its reader may see it (else a 404). */
  async function targetOf(
    request: FastifyRequest,
    ref: { type: unknown; id: unknown },
  ): Promise<{ actor: SignedIn; target: FollowRef; named: ContentRef }> {
    const actor = actorOf(request, signedIn);
    const id = toId(ref.id);
    if (!isFollowType(ref.type) || id === null) throw new HttpError(404);
    const target = { type: ref.type, id };
    const named = await findFollowable(ctx, actor, target, request.locale);
    if (!named) throw new HttpError(404);
    return { actor, target, named };
  }

  pageRoute(app, {
    path: '/follows',
    policy: signedIn,
    summary: 'What I follow: partnerships, tags, people, actions, meetings and funding opportunities',
    tag: 'follows',
    querystring: FollowsQuery,
    response: FollowedList,
    load: async ({ actor, request, query }) => {
      const after = query.after === undefined ? undefined : decodeFollowCursor(query.after);
      if (after === null) throw badParameter('after');
      return listFollowed(ctx, actor, request.locale, query.limit ?? FOLLOWS_PAGE, after);
    },
    render: (data, page, request) =>
      FollowsPage({ page, items: data.items, next: data.next, done: (request.query as { done?: string }).done }),
  });

  async function byForm(request: FastifyRequest<{ Body: FollowForm }>, reply: FastifyReply, adding: boolean) {
    const { actor, target } = await targetOf(request, request.body);
    if (adding) await follow(ctx.db, actor.id, target);
    else await unfollow(ctx.db, actor.id, target);
    return reply.redirect(backTo(request, request.body.back, adding ? 'followed' : 'unfollowed'), 303);
  }

  app.post<{ Body: FollowForm }>(
    '/:lang/follows',
    { config: { policy: signedIn }, schema: { hide: true, body: FollowForm } },
    (request, reply) => byForm(request, reply, true),
  );
  app.post<{ Body: FollowForm }>(
    '/:lang/follows/remove',
    { config: { policy: signedIn }, schema: { hide: true, body: FollowForm } },
    (request, reply) => byForm(request, reply, false),
  );

  type One = { Params: Type.Static<typeof FollowParams> };
  const json = (target: FollowRef, named: ContentRef, since: string): FollowedJson => ({
    type: target.type,
    id: target.id,
    title: named.title,
    path: named.path,
    lang: named.lang,
    since,
  });

  app.get<One>(
    '/api/v1/follows/:type/:id',
    {
      config: { policy: signedIn },
      schema: {
        summary: 'Whether I follow a thing (404: not followed, or not there for me)',
        tags: ['follows'],
        params: FollowParams,
        response: { 200: FollowedJson, ...problemResponses(400, 401, 404, 429) },
      },
    },
    async (request) => {
      const { actor, target, named } = await targetOf(request, request.params);
      const since = await followedSince(ctx.db, actor.id, target);
      if (since === null) throw new HttpError(404);
      return json(target, named, since);
    },
  );
  app.put<One>(
    '/api/v1/follows/:type/:id',
    {
      config: { policy: signedIn },
      // Nothing is read from the body (an empty object, or none); the CSRF check and the policy come first.
      attachValidation: true,
      schema: {
        summary: 'Follow a thing one may see: notifications of what happens to it (201; 200 if already followed)',
        tags: ['follows'],
        params: FollowParams,
        body: NoBody,
        response: { 200: FollowedJson, 201: FollowedJson, ...problemResponses(400, 401, 403, 404, 413, 415, 429) },
      },
    },
    async (request, reply) => {
      const { actor, target, named } = await targetOf(request, request.params);
      const added = await follow(ctx.db, actor.id, target);
      const since = (await followedSince(ctx.db, actor.id, target)) ?? new Date().toISOString();
      return reply.code(added ? 201 : 200).send(json(target, named, since));
    },
  );
  app.delete<One>(
    '/api/v1/follows/:type/:id',
    {
      config: { policy: signedIn },
      attachValidation: true,
      schema: {
        summary: 'Stop following a thing (404 if not followed)',
        tags: ['follows'],
        params: FollowParams,
        response: {
          204: Type.Null({ description: 'No longer followed' }),
          ...problemResponses(400, 401, 403, 404, 429),
        },
      },
    },
    async (request, reply) => {
      const { actor, target } = await targetOf(request, request.params);
      if (!(await unfollow(ctx.db, actor.id, target))) throw new HttpError(404);
      return reply.code(204).send();
    },
  );
}
