import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import Type from 'typebox';
import { echoFields, type FieldErrors } from '../../../core/http/forms.js';
import { sendInvalidFields } from '../../../core/http/handlers.js';
import { sendPage } from '../../../core/http/html.js';
import { HttpError } from '../../../core/http/http-error.js';
import { NoBody, toId } from '../../../core/http/validation.js';
import { wallTimeOf } from '../../../core/i18n/time-zone.js';
import type { ModuleContext } from '../../../core/module.js';
import { AGENDA_ECHO, checkAgendaItem, type AgendaFormValues } from '../meetings.form.js';
import type { Found } from '../meetings.lookup.js';
import { agendaOf, presentMeeting } from '../meetings.present.js';
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
import {
  auditMeeting,
  changeRouteOptions,
  meetingAddress,
  pageRouteOptions,
  plannableOf,
  type MeetingRoute,
} from './shared.js';

type ItemRoute = { Params: { lang: string; slug: string; number: number; item: number } };
/** An agenda item as read (with its meeting and parent). */
type AgendaItemRow = NonNullable<Awaited<ReturnType<typeof findAgendaItem>>>;

const EMPTY: AgendaFormValues = { title: '', description: '', starts_at: '', ends_at: '', speakers: '', parent: '' };

/** One audit entry per change of the agenda, in the change's transaction. */
const audit = (db: ModuleContext['db'], meeting: Meeting, actorId: number, change: string, item: string) =>
  auditMeeting(db, meeting, actorId, 'meetings.agenda', { title: meeting.title, change, item });

/** The direction of a move as sent, if it is one. */
const directionOf = (body: unknown): 'up' | 'down' | null => {
  const direction = (body as Record<string, unknown> | undefined)?.direction;
  return direction === 'up' || direction === 'down' ? direction : null;
};

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

  /** The form that edits one item. */
  function sendItemPage(
    request: FastifyRequest,
    reply: FastifyReply,
    found: Found,
    meeting: Meeting,
    itemId: number,
    values: AgendaFormValues,
    errors: FieldErrors,
    status = 200,
  ) {
    const page = AgendaItemPage({
      page: request.page(),
      partnership: found.partnership,
      meeting,
      itemId,
      values,
      errors,
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
    const planned = await plannableOf(ctx, request);
    return { ...planned, item: await itemOf(planned.meeting, request.params.item) };
  }

  /** The item of an address, if it belongs to the meeting; else a 404. */
  async function itemOf(meeting: Meeting, itemId: number) {
    const checked = toId(itemId);
    const item = checked === null ? null : await findAgendaItem(ctx.db, meeting.id, checked);
    if (!item) throw new HttpError(404);
    return item;
  }

  /** The agenda editor's address, saying that a change was saved. */
  const agendaAddress = (request: FastifyRequest, found: Found, meeting: Meeting) =>
    meetingAddress(request, found.partnership.slug, meeting.number, '/agenda', 'saved');

  /** The message of an agenda that has as many items as it may. */
  const tooMany = (request: FastifyRequest) => ({
    title: request.i18n.t('meetings.form.tooMany', { limit: LIMITS.agendaItems }),
  });

  app.get<MeetingRoute>(
    '/:lang/partnerships/:slug/meetings/:number/agenda',
    pageRouteOptions(MeetingParams),
    async (request, reply) => {
      const { found, meeting } = await plannableOf(ctx, request);
      const done = (request.query as Record<string, unknown> | undefined)?.done === 'saved';
      return sendAgenda(request, reply, found, meeting, { done });
    },
  );

  app.post<MeetingRoute>(
    '/:lang/partnerships/:slug/meetings/:number/agenda',
    pageRouteOptions(MeetingParams),
    async (request, reply) => {
      const { found, meeting, actor } = await plannableOf(ctx, request);
      const form = await checkAgendaItem(ctx.db, request.body, request.i18n.t, meeting, await parentIds(meeting.id));
      const full = (await countItems(meeting.id)) >= LIMITS.agendaItems;
      if (!form.ok || full) {
        const errors = form.ok ? tooMany(request) : form.errors;
        const values = echoFields(request.body, AGENDA_ECHO);
        return sendAgenda(request, reply, found, meeting, { values, errors }, 400);
      }
      await add(meeting, actor.id, form.value);
      return reply.redirect(agendaAddress(request, found, meeting), 303);
    },
  );

  app.get<ItemRoute>(
    '/:lang/partnerships/:slug/meetings/:number/agenda/:item/edit',
    pageRouteOptions(AgendaItemParams),
    async (request, reply) => {
      const { found, meeting, item } = await plannableItem(request);
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
      return sendItemPage(request, reply, found, meeting, item.id, values, {});
    },
  );

  app.post<ItemRoute>(
    '/:lang/partnerships/:slug/meetings/:number/agenda/:item/edit',
    pageRouteOptions(AgendaItemParams),
    async (request, reply) => {
      const { found, meeting, actor, item } = await plannableItem(request);
      const form = await checkAgendaItem(ctx.db, request.body, request.i18n.t, meeting, []);
      if (!form.ok) {
        const values = { ...echoFields(request.body, AGENDA_ECHO), parent: '' };
        return sendItemPage(request, reply, found, meeting, item.id, values, form.errors, 400);
      }
      await ctx.db.transaction().execute(async (trx) => {
        await updateAgendaItem(trx, item.id, form.value);
        await audit(trx, meeting, actor.id, 'changed', form.value.title);
      });
      return reply.redirect(agendaAddress(request, found, meeting), 303);
    },
  );

  app.post<ItemRoute>(
    '/:lang/partnerships/:slug/meetings/:number/agenda/:item/move',
    pageRouteOptions(AgendaItemParams),
    async (request, reply) => {
      const { found, meeting, actor, item } = await plannableItem(request);
      const direction = directionOf(request.body);
      if (!direction) throw new HttpError(400);
      await move(meeting, actor.id, item, direction);
      return reply.redirect(agendaAddress(request, found, meeting), 303);
    },
  );

  app.post<ItemRoute>(
    '/:lang/partnerships/:slug/meetings/:number/agenda/:item/delete',
    pageRouteOptions(AgendaItemParams),
    async (request, reply) => {
      const { found, meeting, actor, item } = await plannableItem(request);
      await remove(meeting, actor.id, item);
      return reply.redirect(agendaAddress(request, found, meeting), 303);
    },
  );

  const apiMeeting = Type.Omit(MeetingParams, ['lang']);
  const apiItem = Type.Omit(AgendaItemParams, ['lang']);

  app.post<MeetingRoute>(
    '/api/v1/partnerships/:slug/meetings/:number/agenda',
    changeRouteOptions({
      summary: 'Adds an item (or a sub-item, with `parent`) at the end of a meeting’s agenda (coordinators)',
      params: apiMeeting,
      body: AgendaItemForm,
      ok: { 201: AgendaSaved },
    }),
    async (request, reply) => {
      const { meeting, actor } = await plannableOf(ctx, request);
      const form = await checkAgendaItem(ctx.db, request.body, request.i18n.t, meeting, await parentIds(meeting.id));
      if (!form.ok) return sendInvalidFields(request, reply, form.errors);
      if ((await countItems(meeting.id)) >= LIMITS.agendaItems)
        return sendInvalidFields(request, reply, tooMany(request));
      return reply.code(201).send({ id: await add(meeting, actor.id, form.value) });
    },
  );

  app.post<ItemRoute>(
    '/api/v1/partnerships/:slug/meetings/:number/agenda/:item/move',
    changeRouteOptions({
      summary: 'Moves an agenda item up or down among its siblings (coordinators)',
      params: apiItem,
      body: MoveForm,
      ok: { 200: AgendaSaved },
    }),
    async (request, reply) => {
      const { meeting, actor, item } = await plannableItem(request);
      const direction = directionOf(request.body);
      if (!direction) {
        return sendInvalidFields(request, reply, { direction: request.i18n.t('core.field.choose') });
      }
      await move(meeting, actor.id, item, direction);
      return reply.send({ id: item.id });
    },
  );

  app.post<ItemRoute>(
    '/api/v1/partnerships/:slug/meetings/:number/agenda/:item/delete',
    changeRouteOptions({
      summary: 'Removes an agenda item and its sub-items (coordinators)',
      params: apiItem,
      body: NoBody,
      ok: { 200: AgendaSaved },
    }),
    async (request, reply) => {
      const { meeting, actor, item } = await plannableItem(request);
      await remove(meeting, actor.id, item);
      return reply.send({ id: item.id });
    },
  );
}
