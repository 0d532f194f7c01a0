import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import Type from 'typebox';
import { signedIn } from '../../core/auth/policy.js';
import { actorOf, sendInvalidFields } from '../../core/http/handlers.js';
import { sendPage } from '../../core/http/html.js';
import { HttpError } from '../../core/http/http-error.js';
import { problemResponses } from '../../core/http/problem.js';
import { isTimeZoneChoice } from '../../core/i18n/time-zone.js';
import type { ModuleContext } from '../../core/module.js';
import { setUserTimeZone } from './accounts.queries.js';
import { TimeZonePage } from './views/TimeZonePage.js';

/** One's time zone as the API shows it. */
const TimeZoneSetting = Type.Object({
  timeZone: Type.Union([Type.String(), Type.Null()], {
    description: 'The IANA time zone "your time" is shown in beside a meeting’s own; null: the platform’s.',
  }),
  platformTimeZone: Type.String({ description: 'The platform’s time zone, used when `timeZone` is null.' }),
});

/** What one sends to choose a zone. */
const TimeZoneBody = Type.Object(
  {
    // Optional to the schema, so that the CSRF check answers before it; missing is refused below.
    timeZone: Type.Optional(
      Type.Union([Type.String({ maxLength: 64 }), Type.Null()], {
        description: 'An IANA time zone (`Europe/Tallinn`, `UTC`), or null (or empty) for the platform’s. Required.',
      }),
    ),
    _csrf: Type.Optional(Type.String({ description: 'The form token, for a session without `X-CSRF-Token`.' })),
  },
  { additionalProperties: false },
);
type TimeZoneBody = Type.Static<typeof TimeZoneBody>;

/**
 * Settings → time zone: `/{lang}/settings/time-zone` (a form) and `/api/v1/settings/time-zone`
 * (GET, PUT). The zone is kept in `users.time_zone` and read with the person's row on every
 * request (`loadActor`), so a page shows the new zone at once.
 */
export function registerTimeZoneRoutes(app: FastifyInstance, ctx: ModuleContext): void {
  const platform = ctx.config.timeZone;

  const page = (
    request: FastifyRequest,
    reply: FastifyReply,
    value: string,
    extra: { error?: string; saved?: boolean },
  ) =>
    sendPage(
      reply,
      TimeZonePage({
        page: request.page(),
        value,
        platform,
        errors: extra.error ? { time_zone: extra.error } : {},
        saved: extra.saved ?? false,
      }),
      extra.error ? 400 : 200,
    );

  app.get<{ Querystring: { saved?: string } }>(
    '/:lang/settings/time-zone',
    { config: { policy: signedIn }, schema: { querystring: Type.Object({ saved: Type.Optional(Type.String()) }) } },
    async (request, reply) =>
      page(request, reply, actorOf(request, signedIn).timeZone ?? '', { saved: request.query.saved === '1' }),
  );

  app.post('/:lang/settings/time-zone', { config: { policy: signedIn } }, async (request, reply) => {
    const actor = actorOf(request, signedIn);
    const raw = (request.body as Record<string, unknown> | undefined)?.time_zone;
    const zone = typeof raw === 'string' ? raw.trim() : null;
    if (zone === null || (zone !== '' && !isTimeZoneChoice(zone))) {
      // What was sent is shown again only when it is a zone of the list: the list cannot select anything else.
      return page(request, reply, actor.timeZone ?? '', { error: request.i18n.t('accounts.timeZone.unknown') });
    }
    if (!(await setUserTimeZone(ctx.db, actor.id, zone || null))) throw new HttpError(404);
    return reply.redirect(request.page().href('/settings/time-zone?saved=1'), 303);
  });

  app.get(
    '/api/v1/settings/time-zone',
    {
      config: { policy: signedIn },
      schema: {
        summary: 'My time zone: the one my times are shown in beside a meeting’s own',
        tags: ['accounts'],
        security: [{ bearerAuth: [] }],
        response: { 200: TimeZoneSetting, ...problemResponses(401, 429) },
      },
    },
    async (request) => ({ timeZone: actorOf(request, signedIn).timeZone ?? null, platformTimeZone: platform }),
  );

  app.put<{ Body: TimeZoneBody }>(
    '/api/v1/settings/time-zone',
    {
      config: { policy: signedIn },
      schema: {
        summary: 'Choose my time zone (null: the platform’s)',
        tags: ['accounts'],
        security: [{ bearerAuth: [] }],
        body: TimeZoneBody,
        response: { 200: TimeZoneSetting, ...problemResponses(400, 401, 403, 404, 413, 415, 429) },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request, signedIn);
      const { t } = request.i18n;
      if (request.body.timeZone === undefined)
        return sendInvalidFields(request, reply, { timeZone: t('core.field.required') });
      // The schema's check turns a null into '' (Fastify coerces types): both are the platform's.
      const zone = request.body.timeZone || null;
      if (zone !== null && !isTimeZoneChoice(zone)) {
        return sendInvalidFields(request, reply, { timeZone: t('accounts.timeZone.unknown') });
      }
      if (!(await setUserTimeZone(ctx.db, actor.id, zone))) throw new HttpError(404);
      return { timeZone: zone, platformTimeZone: platform };
    },
  );
}
