import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import Type from 'typebox';
import { Value } from 'typebox/value';
import { signedIn } from '../../core/auth/policy.js';
import { describeSchemaError, validateForm, type FieldErrors } from '../../core/http/forms.js';
import { actorOf, sendInvalidFields } from '../../core/http/handlers.js';
import { HttpError } from '../../core/http/http-error.js';
import { NoBody, pathId } from '../../core/http/validation.js';
import { PROBLEM_CONTENT_TYPE, PROBLEM_TYPES, problemResponses } from '../../core/http/problem.js';
import type { ModuleContext } from '../../core/module.js';
import { findUsersByIds } from '../accounts/index.js';
import { managedPartnership, partnershipFor } from './manage.routes.js';
import * as q from './membership.queries.js';
import {
  DecisionForm,
  DecisionJson,
  InvitationForm,
  JoinBody,
  JoinJson,
  LeftJson,
  ManageJson,
  ManageParams,
  ManageQuery,
  PendingInvitation,
  RequestParams,
  RoleChanges,
  SavedJson,
} from './membership.schema.js';
import {
  askToJoin,
  decideJoinRequest,
  invite,
  manageView,
  removeMember,
  revokeInvitation,
  saveRoles,
} from './membership.service.js';
import { mayAskToJoin } from './partnerships.policy.js';

type Slug = { Params: { slug: string } };
type SlugId = { Params: { slug: string; id: string } };

const TAGS = ['partnerships'];
const SECURITY = [{ bearerAuth: [] }];

/** A problem document with field entries and any status (409: rows changed meanwhile). */
function sendFieldProblem(request: FastifyRequest, reply: FastifyReply, status: 400 | 409, errors: FieldErrors) {
  const { t } = request.i18n;
  const problem = {
    type: PROBLEM_TYPES[status],
    title: t('core.error.title', { status: String(status) }),
    status,
    detail: t(status === 409 ? 'partnerships.manage.staleDetail' : 'core.error.invalidFields'),
    instance: request.url.split('?')[0] ?? request.url,
    errors: Object.entries(errors).map(([field, detail]) => ({ pointer: `/body/${field}`, detail })),
  };
  return reply.code(status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
}

/**
 * The JSON twins of the membership forms, for coordinators and members with a session (and its
 * CSRF token) or a personal access token. The schemas document the bodies; each handler checks
 * the body after the policy and the partnership's rules, so only a coordinator learns what a
 * coordinator's call is missing.
 */
export function registerMembershipApi(app: FastifyInstance, ctx: ModuleContext): void {
  app.get<Slug>(
    '/api/v1/partnerships/:slug/manage',
    {
      config: { policy: signedIn },
      schema: {
        summary:
          'What the coordinators manage: the people (filtered by role and name), requests to join, pending invitations',
        tags: TAGS,
        security: SECURITY,
        params: ManageParams,
        querystring: ManageQuery,
        response: { 200: ManageJson, ...problemResponses(400, 401, 404, 429) },
      },
    },
    async (request) => {
      const found = await managedPartnership(ctx, request, request.params.slug);
      const { role, q: name } = request.query as ManageQuery;
      return manageView(ctx, found.id, request.locale, { role: role || undefined, q: name });
    },
  );

  app.post<Slug>(
    '/api/v1/partnerships/:slug/people',
    {
      config: { policy: signedIn },
      attachValidation: true,
      schema: {
        summary:
          'Changes roles and takes people out, all in one (or nothing); each change names the role it changes, ' +
          'and a person changed meanwhile is a 409 naming them (coordinators)',
        tags: TAGS,
        security: SECURITY,
        params: ManageParams,
        body: RoleChanges,
        response: { 200: SavedJson, ...problemResponses(400, 401, 403, 404, 409, 413, 415, 429) },
      },
    },
    async (request, reply) => {
      const found = await managedPartnership(ctx, request, request.params.slug);
      const { t } = request.i18n;
      const body = request.body;
      if (!Value.Check(RoleChanges, body)) {
        const errors: FieldErrors = {};
        for (const error of Value.Errors(RoleChanges, body)) {
          const field = error.instancePath.replace(/^\//, '') || 'changes';
          errors[field] ??= describeSchemaError(error as never, t);
        }
        return sendInvalidFields(request, reply, errors);
      }
      const { changes } = body;
      const members = await q.memberPeople(ctx.db, found.id);
      const users = await findUsersByIds(
        ctx.db,
        members.map((m) => m.user_id),
      );
      const idOf = new Map([...users.values()].map((u) => [u.handle, u.id]));
      const duplicate = changes.findIndex((c, i) => changes.findIndex((d) => d.handle === c.handle) !== i);
      if (duplicate >= 0)
        return sendInvalidFields(request, reply, { [`changes/${duplicate}/handle`]: t('partnerships.manage.twice') });
      const stale: FieldErrors = {};
      changes.forEach((c, i) => {
        // Taking out someone who is out already (the same call sent twice) is no conflict.
        if (!idOf.has(c.handle) && c.to !== 'removed' && c.to !== c.from)
          stale[`changes/${i}/handle`] = t('partnerships.manage.notMember');
      });
      if (Object.keys(stale).length > 0) return sendFieldProblem(request, reply, 409, stale);
      const edits = changes.flatMap((c) => {
        const userId = idOf.get(c.handle);
        return userId === undefined ? [] : [{ userId, from: c.from, to: c.to }];
      });
      const outcome = await saveRoles(ctx, found.id, edits, found.actor.id);
      if (outcome.ok) return { changed: outcome.changed, removed: outcome.removed };
      const index = new Map(changes.map((c, i) => [idOf.get(c.handle)!, i]));
      if ('stale' in outcome) {
        for (const [userId, now] of outcome.stale)
          stale[`changes/${index.get(userId)}/from`] =
            now === null
              ? t('partnerships.manage.notMember')
              : t('partnerships.manage.stale', { role: t(`partnerships.role.${now}`) });
        return sendFieldProblem(request, reply, 409, stale);
      }
      const errors: FieldErrors = {};
      changes.forEach((c, i) => {
        if (c.from === 'coordinator' && c.to !== 'coordinator')
          errors[`changes/${i}/to`] = t('partnerships.manage.keepCoordinator');
      });
      return sendInvalidFields(request, reply, errors);
    },
  );

  app.post<SlugId>(
    '/api/v1/partnerships/:slug/requests/:id',
    {
      config: { policy: signedIn },
      attachValidation: true,
      schema: {
        summary: 'Accepts or refuses a request to join; the person is told (coordinators)',
        tags: TAGS,
        security: SECURITY,
        params: RequestParams,
        body: DecisionForm,
        response: { 200: DecisionJson, ...problemResponses(400, 401, 403, 404, 409, 413, 415, 429) },
      },
    },
    async (request, reply) => {
      const found = await managedPartnership(ctx, request, request.params.slug);
      const id = pathId(request.params.id);
      const form = validateForm<{ decision: 'approve' | 'refuse' }>(DecisionForm, request.body, request.i18n.t);
      if (!form.ok) return sendInvalidFields(request, reply, form.errors);
      const status = form.value.decision === 'approve' ? 'approved' : 'refused';
      const result = await decideJoinRequest(ctx, { id: found.id, slug: request.params.slug }, id, status, found.actor);
      if (result === 'gone') throw new HttpError(404);
      if (result === 'decided') throw new HttpError(409, 'partnerships.manage.done.decided');
      return { status };
    },
  );

  app.post<Slug>(
    '/api/v1/partnerships/:slug/invitations',
    {
      config: { policy: signedIn, rateLimit: { max: 30, timeWindow: 3_600_000 } },
      attachValidation: true,
      schema: {
        summary: 'Invites someone by e-mail, with an optional personal message (coordinators)',
        tags: TAGS,
        security: SECURITY,
        params: ManageParams,
        body: InvitationForm,
        response: { 201: PendingInvitation, ...problemResponses(400, 401, 403, 404, 413, 415, 429) },
      },
    },
    async (request, reply) => {
      const found = await managedPartnership(ctx, request, request.params.slug);
      const form = validateForm<InvitationForm>(InvitationForm, request.body, request.i18n.t);
      if (!form.ok) return sendInvalidFields(request, reply, form.errors);
      const id = await invite(ctx, {
        partnershipId: found.id,
        partnershipTitle: found.partnership.title,
        email: form.value.email,
        role: form.value.role,
        message: form.value.message ?? '',
        inviter: found.actor,
        locale: request.locale,
      });
      const view = await manageView(ctx, found.id, request.locale, {});
      const created = view.invitations.find((i) => i.id === id);
      if (!created) throw new HttpError(404);
      return reply.code(201).send(created);
    },
  );

  app.post<SlugId>(
    '/api/v1/partnerships/:slug/invitations/:id/revoke',
    {
      config: { policy: signedIn },
      // Nothing is read from the body; the id is checked by the handler (not a number: 404).
      attachValidation: true,
      schema: {
        summary: 'Revokes a pending invitation: its link then says it is no longer valid (coordinators)',
        tags: TAGS,
        security: SECURITY,
        params: RequestParams,
        body: NoBody,
        response: {
          200: Type.Object({ revoked: Type.Literal(true) }),
          ...problemResponses(400, 401, 403, 404, 409, 413, 415, 429),
        },
      },
    },
    async (request) => {
      const found = await managedPartnership(ctx, request, request.params.slug);
      const revoked = await revokeInvitation(ctx, found.id, pathId(request.params.id), found.actor.id);
      if (!revoked) throw new HttpError(409, 'partnerships.manage.done.not-revoked');
      return { revoked: true as const };
    },
  );

  app.post<Slug>(
    '/api/v1/partnerships/:slug/join',
    {
      config: { policy: signedIn },
      attachValidation: true,
      schema: {
        summary: 'Asks to join a partnership, with an optional message; its coordinators are told',
        tags: TAGS,
        security: SECURITY,
        params: ManageParams,
        body: JoinBody,
        response: { 200: JoinJson, ...problemResponses(400, 401, 403, 404, 413, 415, 429) },
      },
    },
    async (request, reply) => {
      const found = await partnershipFor(ctx, request, request.params.slug);
      if (!mayAskToJoin(found.standing)) return { status: 'already' as const };
      const form = validateForm<{ message?: string }>(JoinBody, request.body ?? {}, request.i18n.t);
      if (!form.ok) return sendInvalidFields(request, reply, form.errors);
      const actor = actorOf(request, signedIn);
      const status = await askToJoin(
        ctx,
        { id: found.id, slug: request.params.slug },
        actor.id,
        form.value.message ?? '',
      );
      return { status };
    },
  );

  app.post<Slug>(
    '/api/v1/partnerships/:slug/leave',
    {
      config: { policy: signedIn },
      // Nothing is read from the body.
      attachValidation: true,
      schema: {
        summary: 'Leaves a partnership (members; not its last coordinator: 409)',
        tags: TAGS,
        security: SECURITY,
        params: ManageParams,
        body: NoBody,
        response: { 200: LeftJson, ...problemResponses(400, 401, 403, 404, 409, 413, 415, 429) },
      },
    },
    async (request) => {
      const found = await partnershipFor(ctx, request, request.params.slug);
      const actor = actorOf(request, signedIn);
      const result = await removeMember(ctx, found.id, actor.id, actor.id);
      if (result === 'not-member') throw new HttpError(404);
      if (result === 'last-coordinator') throw new HttpError(409, 'partnerships.notice.last-coordinator');
      return { left: true as const };
    },
  );
}
