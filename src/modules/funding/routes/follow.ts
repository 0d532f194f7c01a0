import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import Type from 'typebox';
import { signedIn } from '../../../core/auth/policy.js';
import { actorOf } from '../../../core/http/handlers.js';
import { HttpError } from '../../../core/http/http-error.js';
import { problemResponses } from '../../../core/http/problem.js';
import { pageRoute } from '../../../core/http/routes.js';
import { NoBody } from '../../../core/http/validation.js';
import type { ModuleContext } from '../../../core/module.js';
import {
  findFollowTarget,
  follow,
  followChoices,
  followedSince,
  FOLLOW_TYPES,
  listFollowed,
  unfollow,
  type FollowKey,
  type FollowType,
} from '../funding.follow.js';
import { readerOf } from '../funding.lookup.js';
import { FollowingPage } from '../views/FollowingPage.js';

const TypeParam = Type.Union(
  FOLLOW_TYPES.map((t) => Type.Literal(t)),
  { description: 'What is followed: an item of the register, a programme, or a topic (a tag)' },
);
const KeyParam = Type.String({
  pattern: '^[a-z0-9]+(?:-[a-z0-9]+)*$',
  maxLength: 100,
  description: 'An item’s id, a programme’s slug or a topic’s (tag’s) slug',
});
const FollowParams = Type.Object({ type: TypeParam, key: KeyParam });

const FollowedJson = Type.Object({
  type: TypeParam,
  key: Type.String(),
  title: Type.String({ description: 'Its name (a topic’s in the reader’s language where there is one)' }),
  path: Type.String({ description: 'Its page, after /{lang}' }),
  since: Type.String({ format: 'date-time', description: 'Followed since' }),
});
const FollowedList = Type.Object({ items: Type.Array(FollowedJson) });

/** The form of a follow button: what, and where to go back to. */
const FollowForm = Type.Object({
  type: Type.String({ maxLength: 20 }),
  key: Type.String({ maxLength: 100 }),
  back: Type.Optional(Type.String({ maxLength: 2000 })),
  _csrf: Type.Optional(Type.String()),
});
type FollowForm = Type.Static<typeof FollowForm>;

/** A notice on the page of what one follows: `followed=topic:digital-transition`. */
const NoticeQuery = Type.Object({
  followed: Type.Optional(Type.String({ maxLength: 130 })),
  unfollowed: Type.Optional(Type.String({ maxLength: 130 })),
});

const asKey = (type: string, key: string): FollowKey | null =>
  (FOLLOW_TYPES as readonly string[]).includes(type) ? { type: type as FollowType, key } : null;

/**
 * Following the register: what I follow (`/{lang}/funding/following`, and `GET /api/v1/funding/follows`),
 * the follow buttons' forms (POST, back to the page they were on), and the API's twins per thing:
 * GET (am I following it?), PUT (follow), DELETE (stop). Signed-in people only; an item one may
 * not see, a programme or topic that is not there, is a 404.
 */
export function followRoutes(app: FastifyInstance, ctx: ModuleContext): void {
  /** Where a form goes back to: a page of the register in the same language, else what one follows. */
  function backTo(request: FastifyRequest, back: string | undefined): string {
    const lang = request.locale;
    const home = `/${lang}/funding/following`;
    if (!back || back.length > 2000) return home;
    const ok = back.startsWith(`/${lang}/funding`) && /^\/[a-z]{2,3}\/funding(?:[/?][^\s\\"<>]*)?$/.test(back);
    return ok && !back.includes('//') ? back : home;
  }

  async function targetOf(request: FastifyRequest, key: FollowKey | null) {
    const actor = actorOf(request, signedIn);
    const reader = await readerOf(ctx, actor);
    const target = key && (await findFollowTarget(ctx.db, reader, key, request.locale));
    if (!target) throw new HttpError(404);
    return { actor, target };
  }

  async function byForm(request: FastifyRequest<{ Body: FollowForm }>, reply: FastifyReply, adding: boolean) {
    const { actor, target } = await targetOf(request, asKey(request.body.type, request.body.key));
    if (adding) await follow(ctx.db, actor.id, target);
    else await unfollow(ctx.db, actor.id, target);
    const back = backTo(request, request.body.back);
    const done =
      back === `/${request.locale}/funding/following`
        ? `?${adding ? 'followed' : 'unfollowed'}=${target.type}:${target.key}`
        : '';
    return reply.redirect(`${back}${done}`, 303);
  }

  pageRoute(app, {
    path: '/funding/following',
    apiPath: '/funding/follows',
    policy: signedIn,
    summary: 'What I follow in the funding register: topics, programmes and items',
    tag: 'funding',
    querystring: NoticeQuery,
    response: FollowedList,
    load: async ({ actor, request, query }) => {
      const reader = await readerOf(ctx, actor);
      const items = await listFollowed(ctx.db, reader, request.locale);
      const said = query.followed ?? query.unfollowed;
      const [type = '', key = ''] = (said ?? '').split(':');
      const named = said
        ? await findFollowTarget(ctx.db, reader, asKey(type, key) ?? { type: 'item', key: '' }, request.locale)
        : null;
      const notice = named
        ? { kind: query.followed ? ('followed' as const) : ('unfollowed' as const), title: named.title }
        : null;
      return { items, notice, choices: await followChoices(ctx.db, request.locale) };
    },
    render: (data, page) =>
      FollowingPage({
        page,
        items: data.items,
        notice: data.notice,
        choices: data.choices,
        closingSoonDays: ctx.config.fundingClosingSoonDays,
      }),
  });

  app.post<{ Body: FollowForm }>(
    '/:lang/funding/follows',
    { config: { policy: signedIn }, schema: { hide: true, body: FollowForm } },
    (request, reply) => byForm(request, reply, true),
  );
  app.post<{ Body: FollowForm }>(
    '/:lang/funding/follows/remove',
    { config: { policy: signedIn }, schema: { hide: true, body: FollowForm } },
    (request, reply) => byForm(request, reply, false),
  );

  type One = { Params: Type.Static<typeof FollowParams> };
  const shown = async (request: FastifyRequest<One>) => {
    const { actor, target } = await targetOf(request, request.params);
    return { actor, target, since: await followedSince(ctx.db, actor.id, target) };
  };
  const json = (target: { type: FollowType; key: string; title: string; path: string }, since: string) => ({
    type: target.type,
    key: target.key,
    title: target.title,
    path: target.path,
    since,
  });

  app.get<One>(
    '/api/v1/funding/follows/:type/:key',
    {
      config: { policy: signedIn },
      schema: {
        summary: 'Whether I follow an item, a programme or a topic (404: not followed, or not there)',
        tags: ['funding'],
        params: FollowParams,
        response: { 200: FollowedJson, ...problemResponses(400, 401, 404, 429) },
      },
    },
    async (request) => {
      const { target, since } = await shown(request);
      if (since === null) throw new HttpError(404);
      return json(target, since);
    },
  );
  app.put<One>(
    '/api/v1/funding/follows/:type/:key',
    {
      config: { policy: signedIn },
      // Nothing is read from the body (an empty object, or none).
      attachValidation: true,
      schema: {
        summary:
          'Follow an item, a programme or a topic: mails when a followed item opens, changes or is about to ' +
          'close, and when a new item of a followed programme or topic is published (201; 200 if already followed)',
        tags: ['funding'],
        params: FollowParams,
        body: NoBody,
        response: { 200: FollowedJson, 201: FollowedJson, ...problemResponses(400, 401, 403, 404, 413, 415, 429) },
      },
    },
    async (request, reply) => {
      const { actor, target } = await shown(request);
      const added = await follow(ctx.db, actor.id, target);
      const since = (await followedSince(ctx.db, actor.id, target)) ?? new Date().toISOString();
      return reply.code(added ? 201 : 200).send(json(target, since));
    },
  );
  app.delete<One>(
    '/api/v1/funding/follows/:type/:key',
    {
      config: { policy: signedIn },
      // The CSRF check and the policy come first (403 without the token); a type or key that cannot
      // be one is then what findFollowTarget finds nothing for (404), as for PUT.
      attachValidation: true,
      schema: {
        summary: 'Stop following an item, a programme or a topic (404 if not followed)',
        tags: ['funding'],
        params: FollowParams,
        response: {
          204: Type.Null({ description: 'No longer followed' }),
          ...problemResponses(400, 401, 403, 404, 429),
        },
      },
    },
    async (request, reply) => {
      const { actor, target } = await shown(request);
      if (!(await unfollow(ctx.db, actor.id, target))) throw new HttpError(404);
      return reply.code(204).send();
    },
  );
}
