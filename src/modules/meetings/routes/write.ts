import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import Type from 'typebox';
import { echoFields, type FieldErrors } from '../../../core/http/forms.js';
import { sendInvalidFields } from '../../../core/http/handlers.js';
import { sendPage } from '../../../core/http/html.js';
import { HttpError } from '../../../core/http/http-error.js';
import { NoBody } from '../../../core/http/validation.js';
import type { ModuleContext } from '../../../core/module.js';
import { findUsersByIds } from '../../accounts/index.js';
import { findOrganisationsByIds, organisationDisplayName, type Organisation } from '../../organisations/index.js';
import { organisationsOfPartnerships, recordActivity } from '../../partnerships/index.js';
import { tagsOf } from '../../tags/index.js';
import { checkMeeting, ECHO, emptyMeetingForm, meetingFormOf, type MeetingFormValues } from '../meetings.form.js';
import { tellMoved, tellPlanned } from '../meetings.follow.js';
import { plannablePartnership, type Found } from '../meetings.lookup.js';
import { meetingPath, presentMeeting } from '../meetings.present.js';
import * as q from '../meetings.queries.js';
import { MeetingDetail, MeetingForm, MeetingParams, PartnershipParams } from '../meetings.schema.js';
import { queueMailsAfterSave, scheduleReminder } from '../meetings.reminders.js';
import { cancelMeeting, createMeeting, updateMeeting, type MeetingInput } from '../meetings.service.js';
import { CancelPage } from '../views/CancelPage.js';
import { MeetingFormPage } from '../views/MeetingFormPage.js';
import {
  auditMeeting,
  changeRouteOptions,
  meetingAddress,
  pageRouteOptions,
  plannableOf,
  type MeetingRoute,
  type PartnershipRoute,
} from './shared.js';

/** The partnership's organisations, as hosts to choose from (by name in the reader's language). */
async function hostsOf(ctx: ModuleContext, partnershipId: number, lang: string) {
  const ids = await organisationsOfPartnerships(ctx.db, [partnershipId]);
  const orgs = [...(await findOrganisationsByIds(ctx.db, ids)).values()];
  return orgs
    .map((o: Organisation) => ({ slug: o.slug, name: organisationDisplayName(o, lang) }))
    .sort((a, b) => a.name.localeCompare(b.name, lang));
}

/** Plans a meeting: the meeting, its audit entry and its line in the stream, in one transaction. */
async function plan(ctx: ModuleContext, found: Found, actorId: number, input: MeetingInput) {
  return ctx.db.transaction().execute(async (trx) => {
    const made = await createMeeting(trx, found.id, input, actorId);
    await scheduleReminder(trx, ctx.config, {
      id: made.id,
      sequence: 0,
      startsAt: input.startsAt,
      status: 'scheduled',
    });
    await auditMeeting(trx, { ...made, partnershipId: found.id }, actorId, 'meetings.create', { title: input.title });
    await recordActivity(
      { ...ctx, db: trx },
      {
        partnershipId: found.id,
        actorId,
        kind: 'meetings.planned',
        about: { type: 'meeting', id: made.id },
      },
    );
    // Its followers (of the partnership, its tags, the planner) are told (follows module).
    await tellPlanned(trx, { id: found.id, slug: found.partnership.slug }, { ...made, title: input.title }, actorId);
    return made;
  });
}

/**
 * Changes a meeting by `apply` in one transaction, queues the mails that tell calendars and the
 * registered, and audits it once; false when `apply` changed nothing (changed meanwhile, cancelled already).
 */
async function change(
  ctx: ModuleContext,
  meeting: q.Meeting,
  actorId: number,
  action: 'meetings.edit' | 'meetings.cancel',
  title: string,
  apply: (trx: ModuleContext['db']) => Promise<boolean>,
) {
  return ctx.db.transaction().execute(async (trx) => {
    if (!(await apply(trx))) return false;
    await queueMailsAfterSave(trx, ctx.config, meeting);
    await auditMeeting(trx, meeting, actorId, action, { title });
    return true;
  });
}

/** Saves a meeting's changes and audits them once; false when it changed meanwhile. */
const save = (ctx: ModuleContext, found: Found, meeting: q.Meeting, actorId: number, input: MeetingInput) =>
  change(ctx, meeting, actorId, 'meetings.edit', input.title, async (trx) => {
    if (!(await updateMeeting(trx, meeting, input))) return false;
    // Its time or place moved: the meeting's followers are told (follows module).
    await tellMoved(trx, found.partnership.slug, meeting, input, actorId);
    return true;
  });

/** Cancels a meeting and audits it once; false when it was cancelled already. */
const cancel = (ctx: ModuleContext, meeting: q.Meeting, actorId: number) =>
  change(ctx, meeting, actorId, 'meetings.cancel', meeting.title, (trx) => cancelMeeting(trx, meeting.id));

const pageAddress = (request: FastifyRequest, found: Found, number: number, done?: string) =>
  meetingAddress(request, found.partnership.slug, number, '', done);

/** Planning meetings: the new meeting's form, the edit form, cancelling; and their API twins. */
export function writeRoutes(app: FastifyInstance, ctx: ModuleContext): void {
  async function sendForm(
    request: FastifyRequest,
    reply: FastifyReply,
    found: Found,
    values: MeetingFormValues,
    errors: FieldErrors,
    number?: number,
    status = 200,
  ) {
    const hosts = await hostsOf(ctx, found.id, request.locale);
    const page = request.page();
    return sendPage(
      reply,
      MeetingFormPage({ page, partnership: found.partnership, number, values, errors, hosts }),
      status,
    );
  }

  /** The edit form's values of a meeting as stored. */
  async function storedValues(meeting: q.Meeting): Promise<MeetingFormValues> {
    const [orgRows, peopleRows, tags] = await Promise.all([
      ctx.db
        .selectFrom('meeting_organisations')
        .select('organisation_id')
        .where('meeting_id', '=', meeting.id)
        .orderBy('position')
        .execute(),
      ctx.db
        .selectFrom('meeting_people')
        .select('user_id')
        .where('meeting_id', '=', meeting.id)
        .orderBy('position')
        .execute(),
      tagsOf(ctx.db, 'meeting', [meeting.id], meeting.originalLang),
    ]);
    const orgs = await findOrganisationsByIds(ctx.db, [
      ...orgRows.map((r) => r.organisation_id),
      ...(meeting.hostOrganisationId ? [meeting.hostOrganisationId] : []),
    ]);
    const people = await findUsersByIds(
      ctx.db,
      peopleRows.map((r) => r.user_id),
    );
    return meetingFormOf(meeting, {
      host: meeting.hostOrganisationId ? (orgs.get(meeting.hostOrganisationId)?.slug ?? '') : '',
      organisations: orgRows.flatMap((r) => orgs.get(r.organisation_id)?.slug ?? []),
      people: peopleRows.flatMap((r) => {
        const person = people.get(r.user_id);
        return person && !person.deleted ? [person.handle] : [];
      }),
      tags: (tags.get(meeting.id) ?? []).map((tag) => tag.label),
    });
  }

  app.get<PartnershipRoute>(
    '/:lang/partnerships/:slug/meetings/new',
    pageRouteOptions(PartnershipParams),
    async (request, reply) => {
      const { found } = await plannablePartnership(ctx, request, request.params.slug);
      return sendForm(request, reply, found, emptyMeetingForm(request.locale, ctx.config.timeZone), {});
    },
  );

  app.post<PartnershipRoute>(
    '/:lang/partnerships/:slug/meetings/new',
    pageRouteOptions(PartnershipParams),
    async (request, reply) => {
      const { found, actor } = await plannablePartnership(ctx, request, request.params.slug);
      const form = await checkMeeting(ctx.db, request.body, request.i18n.t, request.locale, true);
      if (!form.ok) return sendForm(request, reply, found, echoFields(request.body, ECHO), form.errors, undefined, 400);
      const made = await plan(ctx, found, actor.id, form.value);
      return reply.redirect(pageAddress(request, found, made.number, 'created'), 303);
    },
  );

  app.get<MeetingRoute>(
    '/:lang/partnerships/:slug/meetings/:number/edit',
    pageRouteOptions(MeetingParams),
    async (request, reply) => {
      const { found, meeting } = await plannableOf(ctx, request);
      return sendForm(request, reply, found, await storedValues(meeting), {}, meeting.number);
    },
  );

  app.post<MeetingRoute>(
    '/:lang/partnerships/:slug/meetings/:number/edit',
    pageRouteOptions(MeetingParams),
    async (request, reply) => {
      const { found, meeting, actor } = await plannableOf(ctx, request);
      const form = await checkMeeting(ctx.db, request.body, request.i18n.t, meeting.originalLang, false);
      if (!form.ok) {
        return sendForm(request, reply, found, echoFields(request.body, ECHO), form.errors, meeting.number, 400);
      }
      if (!(await save(ctx, found, meeting, actor.id, form.value)))
        throw new HttpError(409, 'meetings.form.changedMeanwhile');
      return reply.redirect(pageAddress(request, found, meeting.number, 'saved'), 303);
    },
  );

  app.get<MeetingRoute>(
    '/:lang/partnerships/:slug/meetings/:number/cancel',
    pageRouteOptions(MeetingParams),
    async (request, reply) => {
      const { found, meeting } = await plannableOf(ctx, request);
      if (meeting.status === 'cancelled') return reply.redirect(pageAddress(request, found, meeting.number), 303);
      return sendPage(reply, CancelPage({ page: request.page(), partnership: found.partnership, meeting }));
    },
  );

  app.post<MeetingRoute>(
    '/:lang/partnerships/:slug/meetings/:number/cancel',
    pageRouteOptions(MeetingParams),
    async (request, reply) => {
      const { found, meeting, actor } = await plannableOf(ctx, request);
      // Cancelled already (a double submit): the page says so, nothing is recorded twice.
      await cancel(ctx, meeting, actor.id);
      return reply.redirect(pageAddress(request, found, meeting.number, 'cancelled'), 303);
    },
  );

  /** A meeting as the API shows it after a change: read again. */
  async function meetingJson(request: FastifyRequest, id: number) {
    const meeting = await q.findMeetingById(ctx.db, id);
    if (!meeting) throw new HttpError(404);
    return presentMeeting(ctx, meeting, request.locale);
  }

  const apiParams = Type.Omit(MeetingParams, ['lang']);

  app.post<PartnershipRoute>(
    '/api/v1/partnerships/:slug/meetings',
    changeRouteOptions({
      summary: 'Plans a meeting of a partnership, numbered next in its series (coordinators; with a token)',
      params: Type.Omit(PartnershipParams, ['lang']),
      body: MeetingForm,
      ok: { 201: MeetingDetail },
    }),
    async (request, reply) => {
      const { found, actor } = await plannablePartnership(ctx, request, request.params.slug);
      const form = await checkMeeting(ctx.db, request.body, request.i18n.t, request.locale, true);
      if (!form.ok) return sendInvalidFields(request, reply, form.errors);
      const made = await plan(ctx, found, actor.id, form.value);
      const location = `/api/v1${meetingPath(found.partnership.slug, made.number)}`;
      return reply
        .code(201)
        .header('Location', location)
        .send(await meetingJson(request, made.id));
    },
  );

  app.post<MeetingRoute>(
    '/api/v1/partnerships/:slug/meetings/:number',
    changeRouteOptions({
      summary: 'Changes a meeting (coordinators; registration has its own call); its sequence goes up when it moves',
      params: apiParams,
      body: MeetingForm,
      ok: { 200: MeetingDetail },
      conflict: true,
    }),
    async (request, reply) => {
      const { found, meeting, actor } = await plannableOf(ctx, request);
      const form = await checkMeeting(ctx.db, request.body, request.i18n.t, meeting.originalLang, false);
      if (!form.ok) return sendInvalidFields(request, reply, form.errors);
      if (!(await save(ctx, found, meeting, actor.id, form.value)))
        throw new HttpError(409, 'meetings.form.changedMeanwhile');
      return reply.send(await meetingJson(request, meeting.id));
    },
  );

  app.post<MeetingRoute>(
    '/api/v1/partnerships/:slug/meetings/:number/cancel',
    changeRouteOptions({
      summary: 'Cancels a meeting (coordinators); cancelling it again changes nothing',
      params: apiParams,
      body: NoBody,
      ok: { 200: MeetingDetail },
    }),
    async (request, reply) => {
      const { meeting, actor } = await plannableOf(ctx, request);
      await cancel(ctx, meeting, actor.id);
      return reply.send(await meetingJson(request, meeting.id));
    },
  );
}
