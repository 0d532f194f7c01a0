import type { FastifyInstance, FastifyRequest } from 'fastify';
import Type from 'typebox';
import { Value } from 'typebox/value';
import { anyone, signedIn } from '../../../core/auth/policy.js';
import { describeSchemaError, type FieldErrors } from '../../../core/http/forms.js';
import { actorOf, sendInvalidFields } from '../../../core/http/handlers.js';
import { sendPage } from '../../../core/http/html.js';
import { HttpError } from '../../../core/http/http-error.js';
import { problemResponses } from '../../../core/http/problem.js';
import { pathId, storableText } from '../../../core/http/validation.js';
import { contentTypesOf, type ModuleContext } from '../../../core/module.js';
import { audienceOf, hubTabs } from '../../partnerships/index.js';
import { ACTION_TYPE, afterMeetingData, meetingFor, type FoundMeeting } from '../meetings.registration.page.js';
import { mayRecordMinutes } from '../meetings.registration.policy.js';
import {
  ACTION_LIMIT,
  DECISION_LIMIT,
  MAX_DECISIONS,
  MINUTES_LIMIT,
  MeetingParams,
  MinutesBody,
  MinutesJson,
} from '../meetings.registration.schema.js';
import { saveMinutes, type MinutesRecord } from '../meetings.registration.js';
import { MinutesPage, type ActionChoice, type MinutesValues } from '../views/MinutesPage.js';
import { changeRouteOptions, pageRouteOptions } from './shared.js';

type MeetingRoute = { Params: { lang: string; slug: string; number: string } };
const ApiMeetingParams = Type.Omit(MeetingParams, ['lang']);

/** What came of a meeting: minutes, outcomes and decisions, recorded by its partnership's coordinators. */
export function minutesRoutes(app: FastifyInstance, ctx: ModuleContext): void {
  /**
   * The actions of the meeting's partnership the coordinator may see, by number (what the form
   * offers, and all a decision may name); null when no action plan module is installed.
   */
  async function actionChoices(found: FoundMeeting): Promise<ActionChoice[] | null> {
    const type = contentTypesOf(ctx.modules).get(ACTION_TYPE);
    if (!type?.inPartnership) return null;
    return type.inPartnership(ctx.db, found.meeting.partnershipId, await audienceOf(ctx, found.standing.actor));
  }

  async function visible(request: FastifyRequest, slug: string, number: string): Promise<FoundMeeting> {
    const found = await meetingFor(ctx, request, slug, pathId(number, 'number'));
    if (!found) throw new HttpError(404);
    return found;
  }

  async function recordable(request: FastifyRequest, slug: string, number: string) {
    const found = await visible(request, slug, number);
    if (!mayRecordMinutes(found.standing)) throw new HttpError(404);
    return { ...found, actor: actorOf(request, signedIn) };
  }

  /**
   * The actions decisions name, checked: each the id of an action of the meeting's partnership
   * that the coordinator may see, when an action plan module is installed (else no decision may
   * name one).
   */
  async function checkActions(
    found: FoundMeeting,
    refs: (string | null)[],
    t: FastifyRequest['i18n']['t'],
    field: (i: number) => string,
  ): Promise<FieldErrors> {
    const errors: FieldErrors = {};
    const wanted = refs.flatMap((ref, i) => (ref === null ? [] : [{ ref, i }]));
    if (wanted.length === 0) return errors;
    const choices = await actionChoices(found);
    if (!choices) {
      for (const { i } of wanted) errors[field(i)] = t('meetings.minutes.noActionPlan');
      return errors;
    }
    const known = new Set(choices.map((c) => String(c.id)));
    for (const { ref, i } of wanted) if (!known.has(ref)) errors[field(i)] = t('meetings.minutes.noSuchAction');
    return errors;
  }

  const valuesOf = async (found: FoundMeeting, locale: string): Promise<MinutesValues> => {
    const data = await afterMeetingData(ctx, found, locale);
    return {
      minutes: found.meeting.minutes,
      outcomes: found.meeting.outcomes,
      decisions: data.decisions.map((d) => ({ text: d.text, action: d.actionRef ?? '' })),
    };
  };

  const formPage = async (request: FastifyRequest, found: FoundMeeting, values: MinutesValues, errors: FieldErrors) =>
    MinutesPage({
      page: request.page(),
      partnership: found.partnership,
      tabs: hubTabs(ctx),
      base: found.base,
      title: found.meeting.title,
      values,
      errors,
      actions: await actionChoices(found),
    });

  app.get<MeetingRoute>(
    '/:lang/partnerships/:slug/meetings/:number/minutes',
    pageRouteOptions(MeetingParams),
    async (request, reply) => {
      const found = await recordable(request, request.params.slug, request.params.number);
      return sendPage(reply, await formPage(request, found, await valuesOf(found, request.locale), {}));
    },
  );

  app.post<MeetingRoute>(
    '/:lang/partnerships/:slug/meetings/:number/minutes',
    pageRouteOptions(MeetingParams),
    async (request, reply) => {
      const found = await recordable(request, request.params.slug, request.params.number);
      const { t } = request.i18n;
      const source = (request.body && typeof request.body === 'object' ? request.body : {}) as Record<string, unknown>;
      const text = (k: string, limit: number) =>
        (typeof source[k] === 'string' ? (source[k] as string) : '').slice(0, limit * 2);
      const errors: FieldErrors = {};
      const long = (k: string, value: string, limit: number) => {
        if (!storableText(value)) errors[k] = t('core.field.badCharacters');
        else if (value.length > limit) errors[k] = t('core.field.tooLong', { limit });
      };
      const minutes = text('minutes', MINUTES_LIMIT).trim();
      const outcomes = text('outcomes', MINUTES_LIMIT).trim();
      long('minutes', minutes, MINUTES_LIMIT);
      long('outcomes', outcomes, MINUTES_LIMIT);
      // Rows in the order of the form; an empty row is no decision (an emptied one is taken out).
      const rows: { text: string; action: string; i: number }[] = [];
      for (let i = 1; i <= MAX_DECISIONS + 1; i++) {
        const decision = text(`decision-${i}`, DECISION_LIMIT).trim();
        const action = text(`action-${i}`, ACTION_LIMIT).trim();
        if (decision === '' && action === '') continue;
        if (decision === '') errors[`decision-${i}`] = t('meetings.minutes.decisionMissing');
        long(`decision-${i}`, decision, DECISION_LIMIT);
        long(`action-${i}`, action, ACTION_LIMIT);
        rows.push({ text: decision, action, i });
      }
      if (rows.length > MAX_DECISIONS)
        errors[`decision-${rows.at(-1)!.i}`] = t('meetings.minutes.tooMany', { limit: MAX_DECISIONS });
      Object.assign(
        errors,
        await checkActions(
          found,
          rows.map((r) => (r.action === '' ? null : r.action)),
          t,
          (k) => `action-${rows[k]!.i}`,
        ),
      );
      const echo: MinutesValues = {
        minutes,
        outcomes,
        decisions: rows.map((r) => ({ text: r.text, action: r.action })),
      };
      if (Object.keys(errors).length > 0) {
        // The rows are shown again renumbered: name each message by its row as shown.
        const shown: FieldErrors = {};
        const renumber = new Map(rows.map((r, k) => [r.i, k + 1]));
        for (const [field, message] of Object.entries(errors)) {
          const m = /^(decision|action)-(\d+)$/.exec(field);
          shown[m ? `${m[1]}-${renumber.get(Number(m[2])) ?? m[2]}` : field] = message;
        }
        return sendPage(reply, await formPage(request, found, echo, shown), 400);
      }
      const record: MinutesRecord = {
        minutes,
        outcomes,
        decisions: rows.map((r) => ({ text: r.text, actionRef: r.action === '' ? null : String(Number(r.action)) })),
      };
      const saved = await saveMinutes(ctx, found.meeting.id, record, found.actor.id);
      if (!saved.ok) throw new HttpError(404);
      return reply.redirect(`/${request.locale}${found.base}?done=minutes#meeting-after-title`, 303);
    },
  );

  /** The JSON of what came of a meeting, for whoever may see the meeting. */
  async function minutesJson(found: FoundMeeting, locale: string): Promise<MinutesJson> {
    const data = await afterMeetingData(ctx, found, locale);
    return {
      number: found.meeting.number,
      title: found.meeting.title,
      minutes: found.meeting.minutes,
      outcomes: found.meeting.outcomes,
      decisions: data.decisions.map((d) => ({ position: d.position, text: d.text, action: d.actionRef })),
      attendance: data.attendance,
    };
  }

  app.get<MeetingRoute>(
    '/api/v1/partnerships/:slug/meetings/:number/minutes',
    {
      config: { policy: anyone },
      schema: {
        summary: 'What came of a meeting: minutes and outcomes (Markdown), decisions in order, attendance figures',
        tags: ['meetings'],
        params: ApiMeetingParams,
        response: { 200: MinutesJson, ...problemResponses(400, 401, 404, 429) },
      },
    },
    async (request) => minutesJson(await visible(request, request.params.slug, request.params.number), request.locale),
  );

  app.post<MeetingRoute>(
    '/api/v1/partnerships/:slug/meetings/:number/minutes',
    changeRouteOptions({
      summary:
        'Records the minutes, outcomes and decisions of a meeting, replacing what was there; a decision may name ' +
        'an action of the action plan when that module is installed (coordinators)',
      params: ApiMeetingParams,
      body: MinutesBody,
      ok: { 200: MinutesJson },
    }),
    async (request, reply) => {
      const found = await recordable(request, request.params.slug, request.params.number);
      const { t } = request.i18n;
      const body = request.body;
      if (!Value.Check(MinutesBody, body)) {
        const errors: FieldErrors = {};
        for (const error of Value.Errors(MinutesBody, body)) {
          const field = error.instancePath.replace(/^\//, '') || 'minutes';
          errors[field] ??= describeSchemaError(error as never, t);
        }
        return sendInvalidFields(request, reply, errors);
      }
      const decisions = body.decisions.map((d) => ({ text: d.text.trim(), action: d.action ?? null }));
      const errors: FieldErrors = {};
      decisions.forEach((d, i) => {
        if (d.text === '') errors[`decisions/${i}/text`] = t('meetings.minutes.decisionMissing');
      });
      Object.assign(
        errors,
        await checkActions(
          found,
          decisions.map((d) => (d.action === null ? null : String(d.action))),
          t,
          (i) => `decisions/${i}/action`,
        ),
      );
      if (Object.keys(errors).length > 0) return sendInvalidFields(request, reply, errors);
      const record: MinutesRecord = {
        minutes: body.minutes.trim(),
        outcomes: body.outcomes.trim(),
        decisions: decisions.map((d) => ({
          text: d.text,
          actionRef: d.action === null ? null : String(Number(d.action)),
        })),
      };
      const saved = await saveMinutes(ctx, found.meeting.id, record, found.actor.id);
      if (!saved.ok) throw new HttpError(404);
      const fresh = await meetingFor(ctx, request, request.params.slug, found.meeting.number);
      if (!fresh) throw new HttpError(404);
      return minutesJson(fresh, request.locale);
    },
  );
}
