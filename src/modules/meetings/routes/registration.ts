import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import Type from 'typebox';
import { Value } from 'typebox/value';
import { signedIn } from '../../../core/auth/policy.js';
import { describeSchemaError, type FieldErrors } from '../../../core/http/forms.js';
import { actorOf, sendInvalidFields } from '../../../core/http/handlers.js';
import { sendPage } from '../../../core/http/html.js';
import { HttpError } from '../../../core/http/http-error.js';
import { PROBLEM_CONTENT_TYPE, PROBLEM_TYPES, problemResponses } from '../../../core/http/problem.js';
import { pageRoute } from '../../../core/http/routes.js';
import { NoBody, pathId } from '../../../core/http/validation.js';
import { wallTimeIn, wallTimeOf } from '../../../core/i18n/time-zone.js';
import type { ModuleContext } from '../../../core/module.js';
import { findUserByHandle, findUsersByIds } from '../../accounts/index.js';
import { audienceOf, hubTabs, partnershipReads } from '../../partnerships/index.js';
import { meetingFor, type FoundMeeting } from '../meetings.registration.page.js';
import { mayManageRegistrations, mayMarkAttendanceNow, mayRegister } from '../meetings.registration.policy.js';
import * as q from '../meetings.registration.queries.js';
import {
  AttendanceBody,
  AttendanceJson,
  CancelledJson,
  HandleParams,
  MeetingParams,
  MyMeetingsJson,
  RegisteredJson,
  RegistrationsJson,
  SettingsBody,
  SettingsJson,
} from '../meetings.registration.schema.js';
import {
  cancel,
  markAttendance,
  register,
  saveRegistrationSettings,
  toCsv,
  type RegisterOutcome,
} from '../meetings.registration.js';
import { MyMeetingsPage } from '../views/MyMeetingsPage.js';
import { RegistrationsPage, type SettingsValues } from '../views/RegistrationsPage.js';

type MeetingRoute = { Params: { lang: string; slug: string; number: string } };
const TAGS = ['meetings'];
const SECURITY = [{ bearerAuth: [] }];
const ApiMeetingParams = Type.Omit(MeetingParams, ['lang']);
const DoneQuery = Type.Object({ done: Type.Optional(Type.String({ maxLength: 40 })) });

/** What `?done=` says after registering. */
function doneOf(outcome: RegisterOutcome): string {
  if (!outcome.ok) return outcome.reason;
  return outcome.already ? `already-${outcome.status}` : outcome.status;
}

/** A 409 problem document with a sentence that says why (registration closed, the meeting started). */
function sendConflict(request: FastifyRequest, reply: FastifyReply, detail: string): FastifyReply {
  const problem = {
    type: PROBLEM_TYPES[409],
    title: request.i18n.t('core.error.title', { status: '409' }),
    status: 409,
    detail,
    instance: request.url.split('?')[0] ?? request.url,
  };
  return reply.code(409).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
}

/** A meeting's number from the path: anything that cannot be one is "not found". */
const numberOf = (raw: string): number => pathId(raw, 'number');

/**
 * Registration for meetings: registering and cancelling (a form on the meeting page, and the
 * API with a session or a token), the coordinators' list with its settings, attendance and CSV
 * export, and a person's own registrations.
 */
export function registrationRoutes(app: FastifyInstance, ctx: ModuleContext): void {
  /** The meeting, if this reader may see it; else the same 404 as a missing one. */
  async function visible(request: FastifyRequest, slug: string, number: string): Promise<FoundMeeting> {
    const found = await meetingFor(ctx, request, slug, numberOf(number));
    if (!found) throw new HttpError(404);
    return found;
  }

  /** The meeting, if this reader manages its registrations (a coordinator); else 404. */
  async function managed(request: FastifyRequest, slug: string, number: string) {
    const found = await visible(request, slug, number);
    if (!mayManageRegistrations(found.standing)) throw new HttpError(404);
    return { ...found, actor: actorOf(request, signedIn) };
  }

  /** The meeting, if this reader may register for it; else 404 (they may not know it exists, or it is not theirs). */
  async function registrable(request: FastifyRequest, slug: string, number: string) {
    const found = await visible(request, slug, number);
    if (!mayRegister(found.standing, found.meeting)) throw new HttpError(404);
    return { ...found, actor: actorOf(request, signedIn) };
  }

  const meetingPage = (request: FastifyRequest, found: FoundMeeting, done: string) =>
    `/${request.locale}${found.base}?done=${done}#meeting-registration-title`;

  // ---- Registering and cancelling: the forms on the meeting page

  app.post<MeetingRoute>(
    '/:lang/partnerships/:slug/meetings/:number/register',
    { config: { policy: signedIn }, schema: { hide: true, params: MeetingParams } },
    async (request, reply) => {
      const found = await registrable(request, request.params.slug, request.params.number);
      const outcome = await register(ctx, found.meeting.id, found.actor.id);
      if (!outcome.ok && outcome.reason === 'gone') throw new HttpError(404);
      return reply.redirect(meetingPage(request, found, doneOf(outcome)), 303);
    },
  );

  app.post<MeetingRoute>(
    '/:lang/partnerships/:slug/meetings/:number/unregister',
    { config: { policy: signedIn }, schema: { hide: true, params: MeetingParams } },
    async (request, reply) => {
      const found = await visible(request, request.params.slug, request.params.number);
      const actor = actorOf(request, signedIn);
      const outcome = await cancel(ctx, found.meeting.id, actor.id, found.base);
      if (!outcome.ok && outcome.reason === 'gone') throw new HttpError(404);
      const done = outcome.ok ? (outcome.was === 'registered' ? 'unregistered' : 'left-waiting') : outcome.reason;
      return reply.redirect(meetingPage(request, found, done), 303);
    },
  );

  // ---- The same through the API

  app.post<MeetingRoute>(
    '/api/v1/partnerships/:slug/meetings/:number/registration',
    {
      config: { policy: signedIn },
      // Nothing is read from the body (an empty object, or none).
      attachValidation: true,
      schema: {
        summary:
          'Registers the caller for a meeting: a seat while there is one, else the waiting list (said in ' +
          '`status` and `message`); registering again changes nothing (200). Members for a members-only meeting, ' +
          'anyone signed in for a public one; 409 when registration is closed, past its deadline or the meeting began',
        tags: TAGS,
        security: SECURITY,
        params: ApiMeetingParams,
        body: NoBody,
        response: {
          200: RegisteredJson,
          201: RegisteredJson,
          ...problemResponses(400, 401, 403, 404, 409, 413, 415, 429),
        },
      },
    },
    async (request, reply) => {
      const found = await registrable(request, request.params.slug, request.params.number);
      const outcome = await register(ctx, found.meeting.id, found.actor.id);
      const { t } = request.i18n;
      if (!outcome.ok) {
        if (outcome.reason === 'gone') throw new HttpError(404);
        return sendConflict(request, reply, t(`meetings.reg.refused.${outcome.reason}`));
      }
      const message = t(`meetings.reg.done.${doneOf(outcome)}`, { position: outcome.position ?? 0 });
      return reply
        .code(outcome.already ? 200 : 201)
        .send({ status: outcome.status, already: outcome.already, position: outcome.position, message });
    },
  );

  app.delete<MeetingRoute>(
    '/api/v1/partnerships/:slug/meetings/:number/registration',
    {
      config: { policy: signedIn },
      // Nothing is read from the body (an empty object, or none).
      attachValidation: true,
      schema: {
        summary:
          'Cancels the caller’s registration or place on the waiting list (until the meeting begins: else 409); ' +
          'a seat given up goes to the first who waits. 404 when the caller has none',
        tags: TAGS,
        security: SECURITY,
        params: ApiMeetingParams,
        body: NoBody,
        response: { 200: CancelledJson, ...problemResponses(400, 401, 403, 404, 409, 413, 415, 429) },
      },
    },
    async (request, reply) => {
      const found = await visible(request, request.params.slug, request.params.number);
      const actor = actorOf(request, signedIn);
      const outcome = await cancel(ctx, found.meeting.id, actor.id, found.base);
      const { t } = request.i18n;
      if (!outcome.ok) {
        if (outcome.reason === 'started') return sendConflict(request, reply, t('meetings.reg.refused.started'));
        throw new HttpError(404);
      }
      const done = outcome.was === 'registered' ? 'unregistered' : 'left-waiting';
      return { status: 'cancelled' as const, was: outcome.was, message: t(`meetings.reg.done.${done}`) };
    },
  );

  // ---- The coordinators' list

  /** The list as the coordinators see it (and the API gives it). */
  async function listOf(found: FoundMeeting): Promise<RegistrationsJson> {
    const [registrations, counts] = await Promise.all([
      q.listRegistrations(ctx.db, found.meeting.id),
      q.countRegistrations(ctx.db, found.meeting.id),
    ]);
    const users = await findUsersByIds(
      ctx.db,
      registrations.map((r) => r.userId),
    );
    let place = 0;
    return {
      number: found.meeting.number,
      title: found.meeting.title,
      open: found.meeting.registrationOpen,
      capacity: found.meeting.capacity,
      deadline: found.meeting.registrationDeadline,
      counts,
      registrations: registrations.flatMap((r) => {
        const user = users.get(r.userId);
        if (!user) return [];
        return [
          {
            handle: user.handle,
            name: user.displayName,
            status: r.status as 'registered' | 'waiting',
            position: r.status === 'waiting' ? ++place : null,
            since: r.statusAt,
            attended: r.attended,
          },
        ];
      }),
    };
  }

  const settingsValues = (found: FoundMeeting): SettingsValues => ({
    open: found.meeting.registrationOpen,
    capacity: found.meeting.capacity === null ? '' : String(found.meeting.capacity),
    deadline:
      found.meeting.registrationDeadline === null
        ? ''
        : wallTimeOf(found.meeting.registrationDeadline, found.meeting.timeZone),
  });

  async function listPage(
    request: FastifyRequest,
    reply: FastifyReply,
    found: FoundMeeting,
    values: SettingsValues,
    errors: FieldErrors,
    done: string | null,
    status = 200,
  ) {
    const view = RegistrationsPage({
      page: request.page(),
      partnership: found.partnership,
      tabs: hubTabs(ctx),
      base: found.base,
      list: await listOf(found),
      timeZone: found.meeting.timeZone,
      values,
      errors,
      attendanceOpen: mayMarkAttendanceNow(found.meeting, new Date()),
      done,
    });
    return sendPage(reply, view, status);
  }

  app.get<MeetingRoute & { Querystring: { done?: string } }>(
    '/:lang/partnerships/:slug/meetings/:number/registrations',
    { config: { policy: signedIn }, schema: { hide: true, params: MeetingParams, querystring: DoneQuery } },
    async (request, reply) => {
      const found = await managed(request, request.params.slug, request.params.number);
      return listPage(request, reply, found, settingsValues(found), {}, request.query.done ?? null);
    },
  );

  app.get<MeetingRoute>(
    '/api/v1/partnerships/:slug/meetings/:number/registrations',
    {
      config: { policy: signedIn },
      schema: {
        summary:
          'Who registered for a meeting and who waits (in order), with attendance and the settings (coordinators)',
        tags: TAGS,
        security: SECURITY,
        params: ApiMeetingParams,
        response: { 200: RegistrationsJson, ...problemResponses(400, 401, 404, 429) },
      },
    },
    async (request) => listOf(await managed(request, request.params.slug, request.params.number)),
  );

  app.get<MeetingRoute>(
    '/:lang/partnerships/:slug/meetings/:number/registrations.csv',
    { config: { policy: signedIn }, schema: { hide: true, params: MeetingParams } },
    async (request, reply) => {
      const found = await managed(request, request.params.slug, request.params.number);
      const list = await listOf(found);
      const { t } = request.i18n;
      const rows = [
        [
          t('meetings.reg.csv.name'),
          t('meetings.reg.csv.handle'),
          t('meetings.reg.csv.status'),
          t('meetings.reg.csv.position'),
          t('meetings.reg.csv.since'),
          t('meetings.reg.csv.attended'),
        ],
        ...list.registrations.map((r) => [
          r.name,
          r.handle,
          t(`meetings.reg.csv.${r.status}`),
          r.position === null ? '' : String(r.position),
          r.since,
          r.attended === null ? '' : t(r.attended ? 'meetings.reg.attendance.yes' : 'meetings.reg.attendance.no'),
        ]),
      ];
      const name = `${request.params.slug}-meeting-${found.meeting.number}-registrations.csv`;
      return reply
        .header('Content-Type', 'text/csv; charset=utf-8; header=present')
        .header('Content-Disposition', `attachment; filename="${name}"`)
        .header('Cache-Control', 'private, no-store')
        .send(toCsv(rows));
    },
  );

  // ---- Settings

  /** The settings form, checked: a whole number of seats (or none), a deadline in the meeting's time zone (or none). */
  function settingsFromForm(
    body: unknown,
    timeZone: string,
    t: FastifyRequest['i18n']['t'],
  ):
    | { ok: true; value: { open: boolean; capacity: number | null; deadline: string | null } }
    | { ok: false; errors: FieldErrors } {
    const source = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
    const text = (k: string) => (typeof source[k] === 'string' ? (source[k] as string).trim() : '');
    const errors: FieldErrors = {};
    let capacity: number | null = null;
    if (text('capacity') !== '') {
      if (!/^[0-9]{1,6}$/.test(text('capacity')) || Number(text('capacity')) < 1 || Number(text('capacity')) > 100000)
        errors.capacity = t('meetings.reg.settings.badCapacity');
      else capacity = Number(text('capacity'));
    }
    let deadline: string | null = null;
    if (text('deadline') !== '') {
      const at = wallTimeIn(text('deadline'), timeZone);
      if (Number.isNaN(at.getTime())) errors.deadline = t('meetings.reg.settings.badDeadline');
      else deadline = at.toISOString();
    }
    if (Object.keys(errors).length > 0) return { ok: false, errors };
    return { ok: true, value: { open: source.open === 'on' || source.open === 'true', capacity, deadline } };
  }

  app.post<MeetingRoute>(
    '/:lang/partnerships/:slug/meetings/:number/registrations/settings',
    { config: { policy: signedIn }, schema: { hide: true, params: MeetingParams } },
    async (request, reply) => {
      const found = await managed(request, request.params.slug, request.params.number);
      const { t } = request.i18n;
      const source = (request.body && typeof request.body === 'object' ? request.body : {}) as Record<string, unknown>;
      const echo: SettingsValues = {
        open: source.open === 'on',
        capacity: typeof source.capacity === 'string' ? source.capacity.slice(0, 20) : '',
        deadline: typeof source.deadline === 'string' ? source.deadline.slice(0, 40) : '',
      };
      const form = settingsFromForm(request.body, found.meeting.timeZone, t);
      if (!form.ok) return listPage(request, reply, found, echo, form.errors, null, 400);
      const outcome = await saveRegistrationSettings(ctx, found.meeting.id, form.value, found.actor.id, found.base);
      if (!outcome.ok) {
        if (outcome.field === null) throw new HttpError(404);
        const errors: FieldErrors =
          outcome.field === 'capacity'
            ? { capacity: t('meetings.reg.settings.belowRegistered', { registered: outcome.registered }) }
            : { deadline: t('meetings.reg.settings.afterStart') };
        return listPage(request, reply, found, echo, errors, null, 400);
      }
      return reply.redirect(`/${request.locale}${found.base}/registrations?done=settings`, 303);
    },
  );

  app.post<MeetingRoute>(
    '/api/v1/partnerships/:slug/meetings/:number/registrations/settings',
    {
      config: { policy: signedIn },
      attachValidation: true,
      schema: {
        summary:
          'Opens or closes registration, sets the seats (never below the number registered; more seats move the ' +
          'waiting list up) and the deadline (at the latest the meeting’s start) (coordinators)',
        tags: TAGS,
        security: SECURITY,
        params: ApiMeetingParams,
        body: SettingsBody,
        response: { 200: SettingsJson, ...problemResponses(400, 401, 403, 404, 413, 415, 429) },
      },
    },
    async (request, reply) => {
      const found = await managed(request, request.params.slug, request.params.number);
      const { t } = request.i18n;
      const body = request.body;
      if (!Value.Check(SettingsBody, body)) {
        const errors: FieldErrors = {};
        for (const error of Value.Errors(SettingsBody, body)) {
          const field = error.instancePath.replace(/^\//, '').split('/')[0] || 'open';
          errors[field] ??= describeSchemaError(error as never, t);
        }
        return sendInvalidFields(request, reply, errors);
      }
      const deadline = body.deadline === null ? null : new Date(body.deadline);
      if (deadline && Number.isNaN(deadline.getTime()))
        return sendInvalidFields(request, reply, { deadline: t('meetings.reg.settings.badDeadline') });
      const settings = { open: body.open, capacity: body.capacity, deadline: deadline?.toISOString() ?? null };
      const outcome = await saveRegistrationSettings(ctx, found.meeting.id, settings, found.actor.id, found.base);
      if (!outcome.ok) {
        if (outcome.field === null) throw new HttpError(404);
        return sendInvalidFields(
          request,
          reply,
          outcome.field === 'capacity'
            ? { capacity: t('meetings.reg.settings.belowRegistered', { registered: outcome.registered }) }
            : { deadline: t('meetings.reg.settings.afterStart') },
        );
      }
      return { ...settings, movedUp: outcome.promoted.length };
    },
  );

  // ---- Attendance

  /** Marks by user id from handles; unknown handles are named. */
  async function marksOf(entries: { handle: string; attended: boolean | null }[]) {
    const marks = new Map<number, boolean | null>();
    const unknown: number[] = [];
    for (const [i, entry] of entries.entries()) {
      const user = await findUserByHandle(ctx.db, entry.handle);
      if (user) marks.set(user.id, entry.attended);
      else unknown.push(i);
    }
    return { marks, unknown };
  }

  app.post<MeetingRoute>(
    '/:lang/partnerships/:slug/meetings/:number/registrations/attendance',
    { config: { policy: signedIn }, schema: { hide: true, params: MeetingParams } },
    async (request, reply) => {
      const found = await managed(request, request.params.slug, request.params.number);
      const source = (request.body && typeof request.body === 'object' ? request.body : {}) as Record<string, unknown>;
      // One select per registered person, named by handle: "yes", "no" or "" (not marked).
      const registered = (await q.listRegistrations(ctx.db, found.meeting.id)).filter((r) => r.status === 'registered');
      const users = await findUsersByIds(
        ctx.db,
        registered.map((r) => r.userId),
      );
      const marks = new Map<number, boolean | null>();
      for (const r of registered) {
        const value = source[`attended-${users.get(r.userId)?.handle ?? ''}`];
        if (value === 'yes') marks.set(r.userId, true);
        else if (value === 'no') marks.set(r.userId, false);
        else if (value === '') marks.set(r.userId, null);
      }
      const outcome = await markAttendance(ctx, found.meeting.id, marks, found.actor.id);
      if (!outcome.ok) {
        if (outcome.reason === 'gone') throw new HttpError(404);
        throw new HttpError(409, 'meetings.reg.attendance.early');
      }
      return reply.redirect(`/${request.locale}${found.base}/registrations?done=attendance`, 303);
    },
  );

  app.post<MeetingRoute>(
    '/api/v1/partnerships/:slug/meetings/:number/registrations/attendance',
    {
      config: { policy: signedIn },
      attachValidation: true,
      schema: {
        summary:
          'Marks who of the registered attended (true), did not (false) or unmarks (null), by handle; once the ' +
          'meeting has begun (else 409) (coordinators)',
        tags: TAGS,
        security: SECURITY,
        params: ApiMeetingParams,
        body: AttendanceBody,
        response: { 200: AttendanceJson, ...problemResponses(400, 401, 403, 404, 409, 413, 415, 429) },
      },
    },
    async (request, reply) => {
      const found = await managed(request, request.params.slug, request.params.number);
      const { t } = request.i18n;
      const body = request.body;
      if (!Value.Check(AttendanceBody, body)) {
        const errors: FieldErrors = {};
        for (const error of Value.Errors(AttendanceBody, body)) {
          const field = error.instancePath.replace(/^\//, '') || 'attendance';
          errors[field] ??= describeSchemaError(error as never, t);
        }
        return sendInvalidFields(request, reply, errors);
      }
      const { marks, unknown } = await marksOf(body.attendance);
      if (unknown.length > 0)
        return sendInvalidFields(
          request,
          reply,
          Object.fromEntries(unknown.map((i) => [`attendance/${i}/handle`, t('meetings.reg.attendance.unknown')])),
        );
      const outcome = await markAttendance(ctx, found.meeting.id, marks, found.actor.id);
      if (!outcome.ok) {
        if (outcome.reason === 'gone') throw new HttpError(404);
        return sendConflict(request, reply, t('meetings.reg.attendance.early'));
      }
      return { changed: outcome.changed, counts: await q.countRegistrations(ctx.db, found.meeting.id) };
    },
  );

  // ---- One's own registrations

  pageRoute(app, {
    path: '/people/:handle/meetings',
    policy: signedIn,
    summary: 'The caller’s own registrations for meetings, soonest first (only one’s own: others are 404)',
    tag: 'meetings',
    params: HandleParams,
    response: MyMeetingsJson,
    load: async ({ params, actor }) => {
      if (actor.handle !== params.handle) return null;
      // Only meetings the person may still see (one who left a partnership no longer sees its members-only ones).
      const rows = await q.registrationsOf(ctx.db, actor.id, await audienceOf(ctx, actor));
      const slugs = new Map<number, string>();
      for (const { meeting } of rows)
        if (!slugs.has(meeting.partnershipId))
          slugs.set(meeting.partnershipId, await partnershipSlug(meeting.partnershipId));
      return {
        items: rows.flatMap(({ meeting, registration }) => {
          const partnership = slugs.get(meeting.partnershipId);
          if (!partnership || registration.status === 'cancelled') return [];
          return [
            {
              partnership,
              number: meeting.number,
              title: meeting.title,
              startsAt: meeting.startsAt,
              endsAt: meeting.endsAt,
              timeZone: meeting.timeZone,
              cancelled: meeting.status === 'cancelled',
              status: registration.status,
              attended: registration.attended,
            },
          ];
        }),
      };
    },
    render: (data, page) => MyMeetingsPage({ page, meetings: data.items, now: new Date() }),
  });

  const partnershipSlug = (id: number): Promise<string> => partnershipReads.slugOf.get(ctx, { id });
}
