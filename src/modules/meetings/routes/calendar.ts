import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import Type from 'typebox';
import { isSignedIn } from '../../../core/auth/actor.js';
import { anyone, signedIn } from '../../../core/auth/policy.js';
import { actorOf } from '../../../core/http/handlers.js';
import { sendPage } from '../../../core/http/html.js';
import { HttpError } from '../../../core/http/http-error.js';
import { problemResponses } from '../../../core/http/problem.js';
import { NoBody } from '../../../core/http/validation.js';
import { DEFAULT_LOCALE } from '../../../core/i18n/locales.js';
import type { ModuleContext } from '../../../core/module.js';
import { audienceOf } from '../../partnerships/index.js';
import {
  calendarTokenMadeAt,
  eventOf,
  newCalendarToken,
  partnershipFeedMeetings,
  personFeedMeetings,
  renderCalendar,
  revokeCalendarToken,
  slugsOf,
  userOfCalendarToken,
} from '../meetings.calendar.js';
import { calendarFileName } from '../meetings.ics.js';
import { partnershipFor, readableMeeting } from '../meetings.lookup.js';
import { audienceIn } from '../meetings.policy.js';
import { MeetingParams, PartnershipParams } from '../meetings.schema.js';
import { CalendarPage } from '../views/CalendarPage.js';

const ICS = 'text/calendar; charset=utf-8';

/** An iCalendar body in the OpenAPI document. */
const calendarResponse = (description: string) => ({
  description,
  content: { 'text/calendar': { schema: Type.String({ description: 'iCalendar (RFC 5545)' }) } },
});

const TokenFile = Type.Object({ file: Type.String({ pattern: '^[A-Za-z0-9_-]{43}\\.ics$' }) });

const CalendarAddress = Type.Object({
  url: Type.String({ format: 'uri', description: 'The private feed address; shown this once' }),
  createdAt: Type.String({ format: 'date-time' }),
});
const CalendarState = Type.Object({
  exists: Type.Boolean({ description: 'Whether the person has a private feed address' }),
  createdAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});

/**
 * Meetings in calendars: a partnership's feed (what the reader may see), one meeting ("Add to
 * calendar"), and a person's private feed of their registrations behind a revocable token.
 */
export function calendarRoutes(app: FastifyInstance, ctx: ModuleContext): void {
  const base = ctx.config.baseUrl.replace(/\/$/, '');

  function sendCalendar(reply: FastifyReply, text: string, fileName: string, personal: boolean) {
    return reply
      .type(ICS)
      .header('Content-Disposition', `inline; filename="${fileName}"`)
      .header('Cache-Control', personal ? 'private, no-store' : 'no-cache')
      .send(text);
  }

  // ── A partnership's meetings ───────────────────────────────────────────────────────
  async function partnershipFeed(request: FastifyRequest<{ Params: { slug: string } }>, reply: FastifyReply) {
    const found = await partnershipFor(ctx, request, request.params.slug);
    if (!found) throw new HttpError(404);
    const lang = request.locale;
    const meetings = await partnershipFeedMeetings(ctx.db, found.id, audienceIn(found.standing, found.id));
    const text = renderCalendar({
      name: request.i18n.t('meetings.calendar.feedName', { partnership: found.partnership.title }),
      stamp: new Date(),
      events: meetings.map((m) => eventOf(ctx, m, found.partnership.slug, lang)),
    });
    const personal = isSignedIn(request.actor);
    return sendCalendar(reply, text, `${found.partnership.slug}-meetings.ics`, personal);
  }
  app.get<{ Params: { slug: string } }>(
    '/:lang/partnerships/:slug/meetings.ics',
    { config: { policy: anyone }, schema: { hide: true, params: PartnershipParams } },
    partnershipFeed,
  );
  app.get<{ Params: { slug: string } }>(
    '/api/v1/partnerships/:slug/meetings.ics',
    {
      config: { policy: anyone },
      schema: {
        summary: 'A partnership’s meetings as an iCalendar feed (what the caller may see)',
        tags: ['meetings'],
        params: Type.Omit(PartnershipParams, ['lang']),
        response: { 200: calendarResponse('The feed'), ...problemResponses(400, 401, 404, 429) },
      },
    },
    partnershipFeed,
  );

  // ── One meeting: "Add to calendar" ─────────────────────────────────────────────────
  async function oneMeeting(
    request: FastifyRequest<{ Params: { slug: string; number: number } }>,
    reply: FastifyReply,
  ) {
    const got = await readableMeeting(ctx, request, request.params.slug, request.params.number);
    if (!got) throw new HttpError(404);
    const lang = request.locale;
    const text = renderCalendar({
      name: got.meeting.title,
      stamp: new Date(),
      events: [eventOf(ctx, got.meeting, got.found.partnership.slug, lang)],
    });
    return sendCalendar(reply, text, calendarFileName(got.meeting.title), isSignedIn(request.actor));
  }
  app.get<{ Params: { slug: string; number: number } }>(
    '/:lang/partnerships/:slug/meetings/:number/calendar.ics',
    { config: { policy: anyone }, schema: { hide: true, params: MeetingParams } },
    oneMeeting,
  );
  app.get<{ Params: { slug: string; number: number } }>(
    '/api/v1/partnerships/:slug/meetings/:number/calendar.ics',
    {
      config: { policy: anyone },
      schema: {
        summary: 'One meeting as an iCalendar file (“Add to calendar”)',
        tags: ['meetings'],
        params: Type.Omit(MeetingParams, ['lang']),
        response: { 200: calendarResponse('The meeting as one event'), ...problemResponses(400, 401, 404, 429) },
      },
    },
    oneMeeting,
  );

  // ── A person's private feed ───────────────────────────────────────────────────────
  app.get<{ Params: { file: string } }>(
    '/calendar/:file',
    { config: { policy: anyone }, schema: { hide: true, params: TokenFile } },
    async (request, reply) => {
      const userId = await userOfCalendarToken(ctx.db, request.params.file.slice(0, -'.ics'.length));
      if (userId === null) throw new HttpError(404);
      // Whose feed it is, and what they may see, read fresh: a person who left a partnership
      // no longer gets its members-only meetings; a deleted account has no feed.
      const owner = await ctx.modules.find((m) => m.loadActor)?.loadActor?.(ctx, userId);
      if (!owner || !isSignedIn(owner)) throw new HttpError(404);
      const lang = owner.locale && ctx.languages.includes(owner.locale) ? owner.locale : DEFAULT_LOCALE;
      const { t } = ctx.i18n(lang);
      const rows = await personFeedMeetings(ctx.db, userId, await audienceOf(ctx, owner));
      const slugs = await slugsOf(
        ctx.db,
        rows.map((r) => r.meeting),
      );
      const events = rows.flatMap(({ meeting, waiting }) => {
        const slug = slugs.get(meeting.partnershipId);
        return slug ? [eventOf(ctx, meeting, slug, lang, waiting ? t('meetings.calendar.waitingPrefix') : '')] : [];
      });
      const text = renderCalendar({ name: t('meetings.calendar.personName'), stamp: new Date(), events });
      return sendCalendar(reply.header('X-Robots-Tag', 'noindex'), text, 'my-meetings.ics', true);
    },
  );

  // ── Settings: make, replace, revoke the private address ───────────────────────────
  const addressOf = (token: string) => `${base}/calendar/${token}.ics`;

  app.get<{ Querystring: { notice?: string } }>(
    '/:lang/settings/calendar',
    { config: { policy: signedIn }, schema: { querystring: Type.Object({ notice: Type.Optional(Type.String()) }) } },
    async (request, reply) => {
      const actor = actorOf(request, signedIn);
      return sendPage(
        reply,
        CalendarPage({
          page: request.page(),
          madeAt: await calendarTokenMadeAt(ctx.db, actor.id),
          revoked: request.query.notice === 'revoked',
        }),
      );
    },
  );
  app.post('/:lang/settings/calendar', { config: { policy: signedIn } }, async (request, reply) => {
    const actor = actorOf(request, signedIn);
    const token = await newCalendarToken(ctx.db, actor.id);
    return sendPage(
      reply,
      CalendarPage({
        page: request.page(),
        madeAt: await calendarTokenMadeAt(ctx.db, actor.id),
        created: addressOf(token),
      }),
    );
  });
  app.post('/:lang/settings/calendar/revoke', { config: { policy: signedIn } }, async (request, reply) => {
    await revokeCalendarToken(ctx.db, actorOf(request, signedIn).id);
    return reply.redirect(request.page().href('/settings/calendar?notice=revoked'), 303);
  });

  app.get(
    '/api/v1/settings/calendar',
    {
      config: { policy: signedIn },
      schema: {
        summary: 'Whether I have a private calendar address for my meetings, and since when',
        tags: ['meetings'],
        response: { 200: CalendarState, ...problemResponses(401, 429) },
      },
    },
    async (request) => {
      const createdAt = await calendarTokenMadeAt(ctx.db, actorOf(request, signedIn).id);
      return { exists: createdAt !== null, createdAt };
    },
  );
  app.post(
    '/api/v1/settings/calendar',
    {
      config: { policy: signedIn },
      schema: {
        summary: 'Make a private calendar address for my meetings (the one I had stops working)',
        tags: ['meetings'],
        body: NoBody,
        response: { 201: CalendarAddress, ...problemResponses(400, 401, 403, 413, 415, 429) },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request, signedIn);
      const token = await newCalendarToken(ctx.db, actor.id);
      const createdAt = (await calendarTokenMadeAt(ctx.db, actor.id)) ?? new Date().toISOString();
      return reply.code(201).send({ url: addressOf(token), createdAt });
    },
  );
  app.delete(
    '/api/v1/settings/calendar',
    {
      config: { policy: signedIn },
      schema: {
        summary: 'Revoke my private calendar address',
        tags: ['meetings'],
        response: { 204: Type.Null({ description: 'Revoked' }), ...problemResponses(401, 403, 404, 429) },
      },
    },
    async (request, reply) => {
      if (!(await revokeCalendarToken(ctx.db, actorOf(request, signedIn).id))) throw new HttpError(404);
      return reply.code(204).send();
    },
  );
}
