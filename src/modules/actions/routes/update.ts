import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import Type from 'typebox';
import { signedIn } from '../../../core/auth/policy.js';
import { nowIso } from '../../../core/db/dialect.js';
import type { FieldErrors } from '../../../core/http/forms.js';
import { sendInvalidFields } from '../../../core/http/handlers.js';
import { sendPage } from '../../../core/http/html.js';
import { HttpError } from '../../../core/http/http-error.js';
import { problemResponses } from '../../../core/http/problem.js';
import type { ModuleContext } from '../../../core/module.js';
import { hubTabs } from '../../partnerships/index.js';
import { basedOn } from '../actions.edit.js';
import { updatableAction } from '../actions.lookup.js';
import { seesMembersOnly } from '../actions.policy.js';
import { actionPath, presentAction } from '../actions.present.js';
import * as q from '../actions.queries.js';
import { ActionDetail, ActionParams, ActionUpdate } from '../actions.schema.js';
import { ActionChangeError, changeAction, latestVersion } from '../actions.service.js';
import {
  checkUpdate,
  refusedAt,
  sentUpdate,
  storedUpdate,
  type FieldNaming,
  type UpdateValues,
} from '../actions.update.js';
import { UpdatePage } from '../views/UpdatePage.js';

type ActionRoute = { Params: { lang: string; slug: string; number: number } };
type Got = Awaited<ReturnType<typeof updatableAction>>;

/** The action's deliverables as stored, in order. */
const deliverablesOf = (ctx: ModuleContext, actionId: number) =>
  ctx.db.selectFrom('action_deliverables').selectAll().where('action_id', '=', actionId).orderBy('position').execute();

/**
 * Checks and applies an update: one version with the explanation and one audit entry
 * (`changeAction`), or the fields' problems with nothing stored. Made from a version (the form's
 * hidden field, the API's `version`) when the action has a later one, it is refused:
 * `changedMeanwhile` names the latest.
 */
async function apply(
  ctx: ModuleContext,
  request: FastifyRequest,
  got: Got,
  naming: FieldNaming,
): Promise<{ ok: true } | { ok: false; errors: FieldErrors; changedMeanwhile?: number }> {
  const based = basedOn(request.body, naming);
  if (based === 'invalid') return { ok: false, errors: { version: request.i18n.t('actions.edit.error.version') } };
  const deliverables = await deliverablesOf(ctx, got.action.id);
  const checked = checkUpdate(request.body, got.action, deliverables, naming, request.i18n.t);
  if (!checked.ok) return checked;
  try {
    await changeAction(ctx.db, got.action.id, checked.change, {
      userId: got.actor.id,
      at: nowIso(),
      explanation: checked.explanation,
      basedOn: based,
    });
  } catch (error) {
    if (error instanceof ActionChangeError && error.field === 'version') {
      // Someone saved a version since the form was made: theirs is not undone.
      const latest = await latestVersion(ctx.db, got.action.id);
      const _form = request.i18n.t('actions.update.error.changedMeanwhile', { version: latest });
      return { ok: false, errors: { _form }, changedMeanwhile: latest };
    }
    if (error instanceof ActionChangeError) return { ok: false, errors: refusedAt(error, naming, request.i18n.t) };
    throw error;
  }
  return { ok: true };
}

/**
 * Updating an action (its leads' members, the partnership's coordinators, administrators):
 * the form at `…/actions/{number}/update` and its API twin. Anyone else gets a 404.
 */
export function updateRoutes(app: FastifyInstance, ctx: ModuleContext): void {
  async function sendForm(
    request: FastifyRequest,
    reply: FastifyReply,
    got: Got,
    values: UpdateValues,
    errors: FieldErrors,
    status = 200,
    version?: number,
  ) {
    const deliverables = await deliverablesOf(ctx, got.action.id);
    const { action, found } = got;
    return sendPage(
      reply,
      UpdatePage({
        page: request.page(),
        view: {
          partnership: found.partnership,
          tabs: hubTabs(ctx),
          number: action.number,
          title: action.title,
          lang: action.originalLang,
          progressMode: action.progressMode,
          progress: action.progress,
          merged: action.status === 'merged',
          deliverables: deliverables.map((d) => ({ title: d.title })),
          values,
          errors,
          // The version the form is made from, sent back with it.
          version: version ?? (await latestVersion(ctx.db, action.id)),
        },
      }),
      status,
    );
  }

  const pageOptions = { config: { policy: signedIn }, schema: { hide: true, params: ActionParams } };
  const path = '/:lang/partnerships/:slug/actions/:number/update';

  app.get<ActionRoute>(path, pageOptions, async (request, reply) => {
    const got = await updatableAction(ctx, request, request.params.slug, request.params.number);
    const deliverables = await deliverablesOf(ctx, got.action.id);
    return sendForm(request, reply, got, storedUpdate(got.action, deliverables), {});
  });

  app.post<ActionRoute>(path, pageOptions, async (request, reply) => {
    const got = await updatableAction(ctx, request, request.params.slug, request.params.number);
    const done = await apply(ctx, request, got, 'form');
    if (!done.ok) {
      // What was typed comes back as it was, cut to what each field may hold.
      const deliverables = await deliverablesOf(ctx, got.action.id);
      const sent = sentUpdate(request.body, 'form', deliverables.length);
      const stored = storedUpdate(got.action, deliverables);
      const values: UpdateValues = {
        status: sent.status ?? '',
        progress: sent.progress ?? stored.progress,
        starts_on: sent.starts_on ?? '',
        ends_on: sent.ends_on ?? '',
        explanation: sent.explanation ?? '',
        deliverables: stored.deliverables.map((d, i) => ({
          status: sent.deliverables[i]?.status ?? d.status,
          due_on: sent.deliverables[i]?.due_on ?? d.due_on,
        })),
      };
      // After a change meanwhile, the form is made from the latest version, so that saving it
      // again (having looked) is taken; else from the version it was sent with.
      const sentVersion = basedOn(request.body, 'form');
      const version = done.changedMeanwhile ?? (sentVersion === 'invalid' ? undefined : sentVersion);
      const status = done.changedMeanwhile === undefined ? 400 : 409;
      return sendForm(request, reply, got, values, done.errors, status, version);
    }
    return reply.redirect(`/${request.locale}${actionPath(got.found.partnership.slug, got.action.number)}`, 303);
  });

  app.post<ActionRoute>(
    '/api/v1/partnerships/:slug/actions/:number',
    {
      config: { policy: signedIn },
      attachValidation: true,
      schema: {
        summary:
          'Updates an action: status, progress, dates, its deliverables’ status and due date, with an ' +
          'explanation kept on the new version (leads’ members, coordinators; with a token)',
        tags: ['actions'],
        security: [{ bearerAuth: [] }],
        params: Type.Omit(ActionParams, ['lang']),
        body: ActionUpdate,
        response: { 200: ActionDetail, ...problemResponses(400, 401, 403, 404, 409, 413, 415, 429) },
      },
    },
    async (request, reply) => {
      const got = await updatableAction(ctx, request, request.params.slug, request.params.number);
      const done = await apply(ctx, request, got, 'api');
      if (!done.ok && done.changedMeanwhile !== undefined)
        throw new HttpError(409, 'actions.edit.error.changedMeanwhileApi', { version: done.changedMeanwhile });
      if (!done.ok) return sendInvalidFields(request, reply, done.errors);
      const action = (await q.findActionById(ctx.db, got.action.id))!;
      const membersOnly = seesMembersOnly(got.found.standing);
      return reply.send(await presentAction(ctx, action, request.locale, membersOnly, new Date()));
    },
  );
}
