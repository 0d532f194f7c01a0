import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import Type from 'typebox';
import { signedIn } from '../../../core/auth/policy.js';
import { nowIso } from '../../../core/db/dialect.js';
import type { FieldErrors } from '../../../core/http/forms.js';
import { actorOf, sendInvalidFields } from '../../../core/http/handlers.js';
import { sendPage } from '../../../core/http/html.js';
import { HttpError } from '../../../core/http/http-error.js';
import { storableText } from '../../../core/http/validation.js';
import type { ModuleContext } from '../../../core/module.js';
import { hubTabs } from '../../partnerships/index.js';
import { EDIT_LIMITS } from '../actions.edit.js';
import { readableAction } from '../actions.lookup.js';
import { mayPlan, seesMembersOnly } from '../actions.policy.js';
import { actionPath, presentAction } from '../actions.present.js';
import * as q from '../actions.queries.js';
import { ActionParams } from '../actions.schema.js';
import { ActionChangeError, changeAction } from '../actions.service.js';
import { MergePage } from '../views/MergePage.js';
import { apiWriteOptions, formRouteOptions } from './options.js';

type ActionRoute = { Params: { lang: string; slug: string; number: number } };

/** Merging an action (`POST …/actions/{number}/merge`): the number of the action it goes into, and why. */
export const ActionMerge = Type.Object({
  into: Type.Integer({
    minimum: 1,
    description: 'The number of the plan’s action it goes into (not itself, not merged).',
  }),
  explanation: Type.Optional(Type.String({ maxLength: EDIT_LIMITS.explanation, description: 'Kept on the version.' })),
});

/** The action of an address, if the request's actor may merge it (coordinators, administrators); else a 404. */
async function mergeable(ctx: ModuleContext, request: FastifyRequest<ActionRoute>) {
  const got = await readableAction(ctx, request, request.params.slug, request.params.number);
  if (!got || !mayPlan(got.found.standing)) throw new HttpError(404);
  return { ...got, actor: actorOf(request, signedIn) };
}
type Got = Awaited<ReturnType<typeof mergeable>>;

const sentText = (body: unknown, field: string): string => {
  const value = body && typeof body === 'object' ? (body as Record<string, unknown>)[field] : undefined;
  return typeof value === 'string'
    ? value.slice(0, EDIT_LIMITS.explanation + 1)
    : typeof value === 'number'
      ? String(value)
      : '';
};

/**
 * Merges the action into another of its plan: one version (status merged, `merged_into`), its audit
 * entry and its line in the stream (`changeAction`), or the field's problem with nothing stored.
 */
async function merge(ctx: ModuleContext, request: FastifyRequest, got: Got): Promise<FieldErrors | null> {
  const t = request.i18n.t;
  const into = sentText(request.body, 'into').trim();
  const explanation = sentText(request.body, 'explanation');
  const errors: FieldErrors = {};
  if (!storableText(explanation)) errors.explanation = t('core.field.badCharacters');
  else if (explanation.length > EDIT_LIMITS.explanation)
    errors.explanation = t('core.field.tooLong', { limit: EDIT_LIMITS.explanation });
  let target: q.Action | null = null;
  if (got.action.status === 'merged') errors.into = t('actions.merge.error.merged');
  else if (into === '') errors.into = t('actions.merge.error.choose');
  else if (!/^[0-9]{1,9}$/.test(into)) errors.into = t('actions.update.error.unknown');
  else if (Number(into) === got.action.number) errors.into = t('actions.merge.error.itself');
  else {
    target = await q.findActionByNumber(ctx.db, got.found.id, Number(into));
    if (!target) errors.into = t('actions.update.error.unknown');
    else if (target.status === 'merged') errors.into = t('actions.merge.error.intoMerged');
  }
  if (Object.keys(errors).length > 0 || !target) return errors;
  try {
    await changeAction(
      ctx.db,
      got.action.id,
      { status: 'merged', mergedInto: target.id },
      { userId: got.actor.id, at: nowIso(), explanation: explanation.trim() },
    );
  } catch (error) {
    if (error instanceof ActionChangeError) return { into: t('actions.update.error.unknown') };
    throw error;
  }
  return null;
}

/** Merging two actions of a plan (coordinators, administrators): the form at `…/{number}/merge`, its API twin. */
export function mergeRoutes(app: FastifyInstance, ctx: ModuleContext): void {
  async function sendForm(request: FastifyRequest, reply: FastifyReply, got: Got, errors: FieldErrors, status = 200) {
    const { action, found } = got;
    const [plan, into] = await Promise.all([
      q.actionsOfPlan(ctx.db, found.id, true),
      action.mergedInto === null ? null : q.findActionById(ctx.db, action.mergedInto),
    ]);
    const view = {
      partnership: found.partnership,
      tabs: hubTabs(ctx),
      action: { number: action.number, title: action.title, lang: action.originalLang },
      mergedInto: action.status === 'merged' ? (into?.number ?? null) : null,
      candidates: plan
        .filter((a) => a.id !== action.id && a.status !== 'merged')
        .map((a) => ({ number: a.number, title: a.title })),
      values: { into: sentText(request.body, 'into'), explanation: sentText(request.body, 'explanation') },
      errors,
    };
    return sendPage(reply, MergePage({ page: request.page(), view }), status);
  }

  const path = '/:lang/partnerships/:slug/actions/:number/merge';
  const formOptions = formRouteOptions(ActionParams);

  app.get<ActionRoute>(path, formOptions, async (request, reply) =>
    sendForm(request, reply, await mergeable(ctx, request), {}),
  );

  app.post<ActionRoute>(path, formOptions, async (request, reply) => {
    const got = await mergeable(ctx, request);
    const errors = await merge(ctx, request, got);
    if (errors) return sendForm(request, reply, got, errors, 400);
    return reply.redirect(`/${request.locale}${actionPath(got.found.partnership.slug, got.action.number)}`, 303);
  });

  app.post<ActionRoute>(
    '/api/v1/partnerships/:slug/actions/:number/merge',
    apiWriteOptions(
      'Merges an action into another of its plan: it keeps its number, with status `merged` and the one it ' +
        'went into (coordinators, administrators; with a token)',
      Type.Omit(ActionParams, ['lang']),
      ActionMerge,
    ),
    async (request, reply) => {
      const got = await mergeable(ctx, request);
      const errors = await merge(ctx, request, got);
      if (errors) return sendInvalidFields(request, reply, errors);
      const action = (await q.findActionById(ctx.db, got.action.id))!;
      return reply.send(
        await presentAction(ctx, action, request.locale, seesMembersOnly(got.found.standing), new Date()),
      );
    },
  );
}
