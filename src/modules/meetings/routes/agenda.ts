import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import Type from 'typebox';
import { recordAudit } from '../../../core/audit/audit.js';
import { signedIn } from '../../../core/auth/policy.js';
import { echoFields, type FieldErrors } from '../../../core/http/forms.js';
import { sendInvalidFields } from '../../../core/http/handlers.js';
import { sendPage } from '../../../core/http/html.js';
import { HttpError } from '../../../core/http/http-error.js';
import { problemResponses } from '../../../core/http/problem.js';
import { NoBody, toId } from '../../../core/http/validation.js';
import { wallTimeOf } from '../../../core/i18n/time-zone.js';
import type { ModuleContext } from '../../../core/module.js';
import { AGENDA_ECHO, checkAgendaItem, type AgendaFormValues } from '../meetings.form.js';
import { plannableMeeting, type Found } from '../meetings.lookup.js';
import { agendaOf, meetingPath, presentMeeting } from '../meetings.present.js';
import type { Meeting } from '../meetings.queries.js';
import { AgendaItemForm, AgendaItemParams, AgendaSaved, MeetingParams, MoveForm, LIMITS } from '../meetings.schema.js';
import {
  addAgendaItem,
  deleteAgendaItem,
  findAgendaItem,
  moveAgendaItem,
  updateAgendaItem,
  type AgendaItemInput,
} from '../meetings.service.js';
import { AgendaItemPage, AgendaPage } from '../views/AgendaPage.js';

type MeetingRoute = { Params: { lang: string; slug: string; number: number } };
type ItemRoute = { Params: { lang: string; slug: string; number: number; item: number } };
/** An agenda item as read (with its meeting and parent). */
type AgendaItemRow = NonNullable<Awaited<ReturnType<typeof findAgendaItem>>>;

const EMPTY: AgendaFormValues = { title: '', description: '', starts_at: '', ends_at: '', speakers: '', parent: '' };

/** One audit entry per change of the agenda, in the change's transaction. */
const audit = (db: ModuleContext['db'], meeting: Meeting, actorId: number, change: string, item: string) =>
  recordAudit(db, {
    actorId,
    action: 'meetings.agenda',
    partnershipId: meeting.partnershipId,
    subjectType: 'meeting',
    subjectId: String(meeting.id),
    details: { number: meeting.number, title: meeting.title, change, item },
  });

/** The agenda of a meeting, edited by its coordinators: items in order, with times, speakers and sub-items. */
export function agendaRoutes(app: FastifyInstance, ctx: ModuleContext): void {
  async function sendAgenda(
    request: FastifyRequest,
    reply: FastifyReply,
    found: Found,
    meeting: Meeting,
    state: { values?: AgendaFormValues; errors?: FieldErrors; done?: boolean } = {},
    status = 200,
  ) {
    const shown = await presentMeeting(ctx, meeting, request.locale);
    const page = AgendaPage({
      page: request.page(),
      partnership: found.partnership,
      meeting: shown,
      values: state.values ?? EMPTY,
      errors: state.errors ?? {},
      done: state.done ?? false,
    });
    return sendPage(reply, page, status);
  }

  /** The top-level items of the meeting, which a new item may go under. */
  async function parentIds(meetingId: number): Promise<number[]> {
    const rows = await ctx.db
      .selectFrom('meeting_agenda_items')
      .select('id')
      .where('meeting_id', '=', meetingId)
      .where('parent_id', 'is', null)
      .execute();
    return rows.map((r) => r.id);
  }

  async function countItems(meetingId: number): Promise<number> {
    const row = await ctx.db
      .selectFrom('meeting_agenda_items')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('meeting_id', '=', meetingId)
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  async function add(meeting: Meeting, actorId: number, input: AgendaItemInput): Promise<number> {
    return ctx.db.transaction().execute(async (trx) => {
      const id = await addAgendaItem(trx, meeting.id, input);
      await audit(trx, meeting, actorId, 'added', input.title);
      return id;
    });
  }

  /** Moves an item up or down among its siblings, audited when it moved. */
  async function move(meeting: Meeting, actorId: number, item: AgendaItemRow, direction: 'up' | 'down') {
    await ctx.db.transaction().execute(async (trx) => {
      if (await moveAgendaItem(trx, item, direction)) await audit(trx, meeting, actorId, direction, item.title);
    });
  }

  /** Removes an item and its sub-items, audited. */
  async function remove(meeting: Meeting, actorId: number, item: AgendaItemRow) {
    await ctx.db.transaction().execute(async (trx) => {
      await deleteAgendaItem(trx, item);
      await audit(trx, meeting, actorId, 'removed', item.title);
    });
  }

  /** A coordinator's meeting and the agenda item its address names (else a 404). */
  async function plannableItem(request: FastifyRequest<ItemRoute>) {
    const { params } = request;
    const planned = await plannableMeeting(ctx, request, params.slug, params.number);
    return { ...planned, item: await itemOf(planned.meeting, params.item) };
  }

  /** The item of an address, if it belongs to the meeting; else a 404. */
  async function itemOf(meeting: Meeting, itemId: number) {
    const checked = toId(itemId);
    const item = checked === null ? null : await findAgendaItem(ctx.db, meeting.id, checked);
    if (!item) throw new HttpError(404);
    return item;
  }

  const agendaAddress = (request: FastifyRequest, found: Found, meeting: Meeting, done = false) =>
    `/${request.locale}${meetingPath(found.partnership.slug, meeting.number)}/agenda${done ? '?done=saved' : ''}`;

  app.get<MeetingRoute>(
    '/:lang/partnerships/:slug/meetings/:number/agenda',
    { config: { policy: signedIn }, schema: { hide: true, params: MeetingParams } },
    async (request, reply) => {
      const { found, meeting } = await plannableMeeting(ctx, request, request.params.slug, request.params.number);
      const done = (request.query as Record<string, unknown> | undefined)?.done === 'saved';
      return sendAgenda(request, reply, found, meeting, { done });
    },
  );

  app.post<MeetingRoute>(
    '/:lang/partnerships/:slug/meetings/:number/agenda',
    { config: { policy: signedIn }, schema: { hide: true, params: MeetingParams } },
    async (request, reply) => {
      const { found, meeting, actor } = await plannableMeeting(
        ctx,
        request,
        request.params.slug,
        request.params.number,
      );
      const form = await checkAgendaItem(ctx.db, request.body, request.i18n.t, meeting, await parentIds(meeting.id));
      const full = (await countItems(meeting.id)) >= LIMITS.agendaItems;
      if (!form.ok || full) {
        const errors = form.ok
          ? { title: request.i18n.t('meetings.form.tooMany', { limit: LIMITS.agendaItems }) }
          : form.errors;
        const values = echoFields(request.body, AGENDA_ECHO);
        return sendAgenda(request, reply, found, meeting, { values, errors }, 400);
      }
      await add(meeting, actor.id, form.value);
      return reply.redirect(agendaAddress(request, found, meeting, true), 303);
    },
  );

  app.get<ItemRoute>(
    '/:lang/partnerships/:slug/meetings/:number/agenda/:item/edit',
    { config: { policy: signedIn }, schema: { hide: true, params: AgendaItemParams } },
    async (request, reply) => {
      const { found, meeting } = await plannableMeeting(ctx, request, request.params.slug, request.params.number);
      const item = await itemOf(meeting, request.params.item);
      const agenda = await agendaOf(ctx.db, meeting.id, request.locale);
      const shown = agenda.flatMap((i) => [i, ...i.items]).find((i) => i.id === item.id);
      const speakers = (shown?.speakers ?? []).map((s) => (s.kind === 'person' ? `@${s.handle ?? ''}` : s.slug));
      const time = (iso: string | null) => (iso ? wallTimeOf(iso, meeting.timeZone) : '');
      const values: AgendaFormValues = {
        title: item.title,
        description: item.description,
        starts_at: time(shown?.startsAt ?? null),
        ends_at: time(shown?.endsAt ?? null),
        speakers: speakers.join(', '),
        parent: '',
      };
      const page = request.page();
      return sendPage(
        reply,
        AgendaItemPage({ page, partnership: found.partnership, meeting, itemId: item.id, values, errors: {} }),
      );
    },
  );

  app.post<ItemRoute>(
    '/:lang/partnerships/:slug/meetings/:number/agenda/:item/edit',
    { config: { policy: signedIn }, schema: { hide: true, params: AgendaItemParams } },
    async (request, reply) => {
      const { found, meeting, actor, item } = await plannableItem(request);
      const form = await checkAgendaItem(ctx.db, request.body, request.i18n.t, meeting, []);
      if (!form.ok) {
        const values = { ...echoFields(request.body, AGENDA_ECHO), parent: '' };
        const page = request.page();
        const errors = form.errors;
        return sendPage(
          reply,
          AgendaItemPage({ page, partnership: found.partnership, meeting, itemId: item.id, values, errors }),
          400,
        );
      }
      await ctx.db.transaction().execute(async (trx) => {
        await updateAgendaItem(trx, item.id, form.value);
        await audit(trx, meeting, actor.id, 'changed', form.value.title);
      });
      return reply.redirect(agendaAddress(request, found, meeting, true), 303);
    },
  );

  app.post<ItemRoute>(
    '/:lang/partnerships/:slug/meetings/:number/agenda/:item/move',
    { config: { policy: signedIn }, schema: { hide: true, params: AgendaItemParams } },
    async (request, reply) => {
      const { found, meeting, actor, item } = await plannableItem(request);
      const direction = (request.body as Record<string, unknown> | undefined)?.direction;
      if (direction !== 'up' && direction !== 'down') throw new HttpError(400);
      await move(meeting, actor.id, item, direction);
      return reply.redirect(agendaAddress(request, found, meeting, true), 303);
    },
  );

  app.post<ItemRoute>(
    '/:lang/partnerships/:slug/meetings/:number/agenda/:item/delete',
    { config: { policy: signedIn }, schema: { hide: true, params: AgendaItemParams } },
    async (request, reply) => {
      const { found, meeting, actor, item } = await plannableItem(request);
      await remove(meeting, actor.id, item);
      return reply.redirect(agendaAddress(request, found, meeting, true), 303);
    },
  );

  const apiMeeting = Type.Omit(MeetingParams, ['lang']);
  const apiItem = Type.Omit(AgendaItemParams, ['lang']);

  app.post<MeetingRoute>(
    '/api/v1/partnerships/:slug/meetings/:number/agenda',
    {
      config: { policy: signedIn },
      attachValidation: true,
      schema: {
        summary: 'Adds an item (or a sub-item, with `parent`) at the end of a meeting’s agenda (coordinators)',
        tags: ['meetings'],
        security: [{ bearerAuth: [] }],
        params: apiMeeting,
        body: AgendaItemForm,
        response: { 201: AgendaSaved, ...problemResponses(400, 401, 403, 404, 413, 415, 429) },
      },
    },
    async (request, reply) => {
      const { meeting, actor } = await plannableMeeting(ctx, request, request.params.slug, request.params.number);
      const form = await checkAgendaItem(ctx.db, request.body, request.i18n.t, meeting, await parentIds(meeting.id));
      if (!form.ok) return sendInvalidFields(request, reply, form.errors);
      if ((await countItems(meeting.id)) >= LIMITS.agendaItems) {
        return sendInvalidFields(request, reply, {
          title: request.i18n.t('meetings.form.tooMany', { limit: LIMITS.agendaItems }),
        });
      }
      return reply.code(201).send({ id: await add(meeting, actor.id, form.value) });
    },
  );

  app.post<ItemRoute>(
    '/api/v1/partnerships/:slug/meetings/:number/agenda/:item/move',
    {
      config: { policy: signedIn },
      // The schema documents the body; the handler checks it after the policy (and the CSRF check).
      attachValidation: true,
      schema: {
        summary: 'Moves an agenda item up or down among its siblings (coordinators)',
        tags: ['meetings'],
        security: [{ bearerAuth: [] }],
        params: apiItem,
        body: MoveForm,
        response: { 200: AgendaSaved, ...problemResponses(400, 401, 403, 404, 413, 415, 429) },
      },
    },
    async (request, reply) => {
      const { meeting, actor, item } = await plannableItem(request);
      const direction = (request.body as Record<string, unknown> | undefined)?.direction;
      if (direction !== 'up' && direction !== 'down') {
        return sendInvalidFields(request, reply, { direction: request.i18n.t('core.field.choose') });
      }
      await move(meeting, actor.id, item, direction);
      return reply.send({ id: item.id });
    },
  );

  app.post<ItemRoute>(
    '/api/v1/partnerships/:slug/meetings/:number/agenda/:item/delete',
    {
      config: { policy: signedIn },
      schema: {
        summary: 'Removes an agenda item and its sub-items (coordinators)',
        tags: ['meetings'],
        security: [{ bearerAuth: [] }],
        params: apiItem,
        body: NoBody,
        response: { 200: AgendaSaved, ...problemResponses(400, 401, 403, 404, 413, 415, 429) },
      },
    },
    async (request, reply) => {
      const { meeting, actor, item } = await plannableItem(request);
      await remove(meeting, actor.id, item);
      return reply.send({ id: item.id });
    },
  );
}
