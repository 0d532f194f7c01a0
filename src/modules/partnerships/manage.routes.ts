import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { signedIn } from '../../core/auth/policy.js';
import { echoFields, validateForm, type FieldErrors } from '../../core/http/forms.js';
import { actorOf } from '../../core/http/handlers.js';
import { sendPage } from '../../core/http/html.js';
import { HttpError } from '../../core/http/http-error.js';
import { pathId } from '../../core/http/validation.js';
import type { ModuleContext } from '../../core/module.js';
import { findUserByHandle, findUsersByIds } from '../accounts/index.js';
import * as q from './membership.queries.js';
import {
  CHANGES_LIMIT,
  DecisionForm,
  HANDLE,
  InvitationForm,
  JoinBody,
  ManageQuery,
  MESSAGE_LIMIT,
} from './membership.schema.js';
import {
  acceptInvitation,
  askToJoin,
  decideJoinRequest,
  invite,
  isInvitee,
  manageView,
  removeMember,
  revokeInvitation,
  saveRoles,
  standingIn,
  type RoleEdit,
  type SaveOutcome,
} from './membership.service.js';
import { hubTabs } from './partnerships.hub.js';
import { mayAskToJoin, mayManage } from './partnerships.policy.js';
import { findPartnership, findPartnershipWithId } from './partnerships.queries.js';
import { PERSON_ROLES, type PersonRole } from './partnerships.schema.js';
import { InvitationPage } from './views/InvitationPage.js';
import { LeavePage } from './views/LeavePage.js';
import { ManagePage, removeField, roleField, wasField, type TableState } from './views/ManagePage.js';

type Slug = { Params: { slug: string } };

/** The partnership and the actor's standing in it; 404 when it does not exist. */
export async function partnershipFor(ctx: ModuleContext, request: FastifyRequest, slug: string) {
  const found = await findPartnershipWithId(ctx.db, request.locale, slug);
  if (!found) throw new HttpError(404);
  return { ...found, standing: await standingIn(ctx, found.id, request.actor) };
}

/** Coordinators' pages and calls: anyone else gets 404, so they do not learn the page exists. */
export async function managedPartnership(ctx: ModuleContext, request: FastifyRequest, slug: string) {
  const found = await partnershipFor(ctx, request, slug);
  if (!mayManage(found.standing)) throw new HttpError(404);
  return { ...found, actor: actorOf(request, signedIn) };
}
type Managed = Awaited<ReturnType<typeof managedPartnership>>;

const isRole = (value: unknown): value is PersonRole => PERSON_ROLES.includes(value as PersonRole);

/** The table's filters from the address (or the save form's hidden copies), checked: messages at their fields. */
function readFilter(raw: { role?: unknown; q?: unknown }, t: FastifyRequest['i18n']['t']) {
  const form = validateForm<ManageQuery>(ManageQuery, raw, t);
  const echo = echoFields(raw, { role: 20, q: 100 });
  if (!form.ok) {
    const errors: FieldErrors = {};
    for (const [field, message] of Object.entries(form.errors)) errors[`filter-${field}`] = message;
    return { role: isRole(echo.role) ? echo.role : '', q: echo.q, errors, ok: false as const };
  }
  return { role: form.value.role ?? '', q: form.value.q ?? '', errors: {}, ok: true as const };
}

/** The filters as the address of the manage page keeps them (`?role=…&q=…`). */
const filterQuery = (filter: { role: string; q: string }) => {
  const params = new URLSearchParams();
  if (filter.role) params.set('role', filter.role);
  if (filter.q) params.set('q', filter.q);
  return params;
};

const back = (request: FastifyRequest, slug: string, suffix: string, done: string, more?: URLSearchParams) => {
  const params = new URLSearchParams(more);
  params.set('done', done);
  return `/${request.locale}/partnerships/${slug}${suffix}?${params.toString()}`;
};

/**
 * The rows of one save of the table, from the form: for each person shown, `was-<handle>` (the
 * role the page showed), `role-<handle>` (the role chosen) and `remove-<handle>` (ticked). A form
 * no page of this site sends (a handle that cannot be one, a role that is none, too many rows)
 * is a 400; a role that is not one of the options is a message at its row.
 */
function readTable(body: unknown, t: FastifyRequest['i18n']['t']) {
  const source = body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  const handles = Object.keys(source)
    .filter((k) => k.startsWith('was-'))
    .map((k) => k.slice(4));
  if (handles.length > CHANGES_LIMIT) throw new HttpError(400);
  const rows: { handle: string; from: PersonRole; to: PersonRole | 'removed' }[] = [];
  const errors: FieldErrors = {};
  const values: Record<string, string> = {};
  const pattern = new RegExp(HANDLE);
  for (const handle of handles) {
    const from = source[wasField(handle)];
    if (!pattern.test(handle) || !isRole(from)) throw new HttpError(400);
    const chosen = source[roleField(handle)] ?? from;
    const removed = source[removeField(handle)] === 'on';
    if (!isRole(chosen)) {
      errors[roleField(handle)] = t('core.field.choose');
      continue;
    }
    const to = removed ? 'removed' : chosen;
    values[handle] = to;
    rows.push({ handle, from, to });
  }
  return { rows, errors, values };
}

export function registerManageRoutes(app: FastifyInstance, ctx: ModuleContext): void {
  /** The manage page, with the filters, what the table and the invitation form were sent back with, and a status. */
  async function sendManage(
    request: FastifyRequest,
    reply: FastifyReply,
    found: Managed,
    state: {
      filter: ReturnType<typeof readFilter>;
      table?: TableState;
      invite?: { values: Record<string, string>; errors: FieldErrors };
      done?: string | undefined;
    },
    status = 200,
  ) {
    const { filter } = state;
    const view = await manageView(ctx, found.id, request.locale, {
      role: filter.ok && isRole(filter.role) ? filter.role : undefined,
      q: filter.ok ? filter.q : undefined,
    });
    return sendPage(
      reply,
      ManagePage({
        page: request.page(),
        partnership: found.partnership,
        tabs: hubTabs(ctx),
        view,
        filter: { role: filter.role, q: filter.q, errors: filter.errors },
        table: state.table,
        invite: state.invite,
        done: state.done,
        selfHandle: found.actor.handle,
      }),
      status,
    );
  }

  app.post<Slug>('/:lang/partnerships/:slug/join', { config: { policy: signedIn } }, async (request, reply) => {
    const found = await partnershipFor(ctx, request, request.params.slug);
    if (!mayAskToJoin(found.standing)) return reply.redirect(back(request, request.params.slug, '', 'already'), 303);
    const form = validateForm<{ message?: string }>(JoinBody, request.body, request.i18n.t);
    const message = form.ok ? (form.value.message ?? '') : '';
    const result = await askToJoin(
      ctx,
      { id: found.id, slug: request.params.slug },
      actorOf(request, signedIn).id,
      message,
    );
    return reply.redirect(back(request, request.params.slug, '', result), 303);
  });

  // Leaving asks first: the page says what leaving means; its form confirms.
  app.get<Slug>('/:lang/partnerships/:slug/leave', { config: { policy: signedIn } }, async (request, reply) => {
    const found = await partnershipFor(ctx, request, request.params.slug);
    const role = found.standing.role;
    if (!role) throw new HttpError(404);
    const lastCoordinator = role === 'coordinator' && (await q.countCoordinators(ctx.db, found.id)) <= 1;
    return sendPage(
      reply,
      LeavePage({ page: request.page(), partnership: found.partnership, tabs: hubTabs(ctx), role, lastCoordinator }),
    );
  });

  app.post<Slug>('/:lang/partnerships/:slug/leave', { config: { policy: signedIn } }, async (request, reply) => {
    const { id } = await partnershipFor(ctx, request, request.params.slug);
    const actor = actorOf(request, signedIn);
    const result = await removeMember(ctx, id, actor.id, actor.id);
    // The last coordinator is sent back to the page that says why they cannot leave.
    if (result === 'last-coordinator')
      return reply.redirect(`/${request.locale}/partnerships/${request.params.slug}/leave`, 303);
    return reply.redirect(back(request, request.params.slug, '', result === 'changed' ? 'left' : result), 303);
  });

  app.get<Slug & { Querystring: Record<string, unknown> }>(
    '/:lang/partnerships/:slug/manage',
    { config: { policy: signedIn } },
    async (request, reply) => {
      const found = await managedPartnership(ctx, request, request.params.slug);
      const filter = readFilter(request.query, request.i18n.t);
      const raw = request.query.done;
      const done = typeof raw === 'string' ? raw.slice(0, 40) : undefined;
      return sendManage(request, reply, found, { filter, done }, filter.ok ? 200 : 400);
    },
  );

  // One save for the whole table: every change in one transaction, or none.
  app.post<Slug>('/:lang/partnerships/:slug/people', { config: { policy: signedIn } }, async (request, reply) => {
    const found = await managedPartnership(ctx, request, request.params.slug);
    const { t } = request.i18n;
    const body = (request.body ?? {}) as Record<string, unknown>;
    const filter = readFilter({ role: body['filter-role'], q: body['filter-q'] }, t);
    const table = readTable(body, t);
    if (Object.keys(table.errors).length > 0)
      return sendManage(request, reply, found, { filter, table: { ...table, gone: [] } }, 400);
    const members = await q.memberPeople(ctx.db, found.id);
    const users = await findUsersByIds(
      ctx.db,
      members.map((m) => m.user_id),
    );
    const idOf = new Map([...users.values()].map((u) => [u.handle, u.id]));
    const nameOf = new Map([...users.values()].map((u) => [u.id, u.displayName]));
    // Someone who is no longer a member (taken out meanwhile) is a change made meanwhile, unless
    // this save takes them out too (the same save sent twice).
    const missing = table.rows.filter((r) => r.to !== r.from && r.to !== 'removed' && !idOf.has(r.handle));
    let outcome: SaveOutcome;
    if (missing.length > 0) {
      // Nothing is saved; the other rows changed meanwhile are named too.
      const now = new Map(members.map((m) => [m.user_id, m.role]));
      const stale = new Map<number, PersonRole | null>();
      for (const r of table.rows) {
        const userId = idOf.get(r.handle);
        if (userId !== undefined && r.to !== r.from && now.get(userId) !== r.from) stale.set(userId, now.get(userId)!);
      }
      outcome = { ok: false, stale };
    } else {
      const edits: RoleEdit[] = table.rows.flatMap((r) => {
        const userId = idOf.get(r.handle);
        return userId === undefined ? [] : [{ userId, from: r.from, to: r.to }];
      });
      outcome = await saveRoles(ctx, found.id, edits, found.actor.id);
    }
    if (outcome.ok) {
      const done = outcome.changed + outcome.removed > 0 ? 'saved' : 'unchanged';
      // A coordinator who stepped down is no longer one: the partnership's page, not this one.
      const still = mayManage(await freshStanding(ctx, found.id, found.actor));
      if (!still) return reply.redirect(back(request, request.params.slug, '', 'saved'), 303);
      return reply.redirect(`${back(request, request.params.slug, '/manage', done, filterQuery(filter))}#people`, 303);
    }
    const errors: FieldErrors = {};
    const gone: string[] = [];
    for (const r of missing) gone.push((await findUserByHandle(ctx.db, r.handle))?.displayName ?? r.handle);
    if ('stale' in outcome) {
      for (const [userId, now] of outcome.stale) {
        const handle = users.get(userId)?.handle;
        if (!handle) continue;
        if (now === null) gone.push(nameOf.get(userId) ?? handle);
        else errors[roleField(handle)] = t('partnerships.manage.stale', { role: t(`partnerships.role.${now}`) });
      }
      // What the coordinator chose stays, except on the rows changed meanwhile (they show what is stored now).
      for (const handle of Object.keys(table.values)) if (errors[roleField(handle)]) delete table.values[handle];
    } else {
      for (const r of table.rows)
        if (r.from === 'coordinator' && r.to !== 'coordinator')
          errors[roleField(r.handle)] = t('partnerships.manage.keepCoordinator');
    }
    const status = 'stale' in outcome ? 409 : 400;
    return sendManage(request, reply, found, { filter, table: { values: table.values, errors, gone } }, status);
  });

  app.post<{ Params: { slug: string; id: string } }>(
    '/:lang/partnerships/:slug/requests/:id',
    { config: { policy: signedIn } },
    async (request, reply) => {
      const found = await managedPartnership(ctx, request, request.params.slug);
      const requestId = pathId(request.params.id);
      const form = validateForm<{ decision: 'approve' | 'refuse' }>(DecisionForm, request.body, request.i18n.t);
      if (!form.ok) throw new HttpError(400);
      const decision = form.value.decision === 'approve' ? 'approved' : 'refused';
      const partnership = { id: found.id, slug: request.params.slug };
      const result = await decideJoinRequest(ctx, partnership, requestId, decision, found.actor);
      if (result === 'gone') throw new HttpError(404);
      const done = result === 'decided' ? 'decided' : decision;
      return reply.redirect(`${back(request, request.params.slug, '/manage', done)}#requests`, 303);
    },
  );

  app.post<Slug>(
    '/:lang/partnerships/:slug/invitations',
    { config: { policy: signedIn, rateLimit: { max: 30, timeWindow: 3_600_000 } } },
    async (request, reply) => {
      const found = await managedPartnership(ctx, request, request.params.slug);
      const { t } = request.i18n;
      const form = validateForm<InvitationForm>(InvitationForm, request.body, t);
      if (!form.ok) {
        const values = echoFields(request.body, { email: 254, role: 20, message: MESSAGE_LIMIT * 2 });
        const filter = readFilter({}, t);
        return sendManage(request, reply, found, { filter, invite: { values, errors: form.errors } }, 400);
      }
      await invite(ctx, {
        partnershipId: found.id,
        partnershipTitle: found.partnership.title,
        email: form.value.email,
        role: form.value.role,
        message: form.value.message ?? '',
        inviter: found.actor,
        locale: request.locale,
      });
      return reply.redirect(`${back(request, request.params.slug, '/manage', 'invited')}#invitations`, 303);
    },
  );

  app.post<{ Params: { slug: string; id: string } }>(
    '/:lang/partnerships/:slug/invitations/:id/revoke',
    { config: { policy: signedIn } },
    async (request, reply) => {
      const found = await managedPartnership(ctx, request, request.params.slug);
      const revoked = await revokeInvitation(ctx, found.id, pathId(request.params.id), found.actor.id);
      const done = revoked ? 'revoked' : 'not-revoked';
      return reply.redirect(`${back(request, request.params.slug, '/manage', done)}#invitations`, 303);
    },
  );

  app.get<{ Params: { token: string } }>(
    '/:lang/invitations/:token',
    { config: { policy: signedIn } },
    async (request, reply) => {
      const page = request.page();
      const token = request.params.token;
      const invitation = await q.findInvitation(ctx.db, token);
      const none = { page, token, partnership: null, role: null };
      if (!invitation) return sendPage(reply, InvitationPage(none), 404);
      if (invitation.revoked_at) return sendPage(reply, InvitationPage({ ...none, problem: 'revoked' }), 404);
      const open = await q.openInvitation(ctx.db, token);
      if (!open) return sendPage(reply, InvitationPage(none), 404);
      // Sent to another address: the page says so, and offers nothing to accept (nor names the address).
      if (!(await isInvitee(ctx, open, actorOf(request, signedIn).id)))
        return sendPage(reply, InvitationPage({ ...none, problem: 'other-address' }));
      const partnership = await findPartnership(ctx.db, request.locale, open.slug);
      const inviter = (await findUsersByIds(ctx.db, [open.invited_by])).get(open.invited_by);
      return sendPage(
        reply,
        InvitationPage({
          page,
          token,
          partnership,
          role: open.role,
          message: open.message,
          inviter: inviter && !inviter.deleted ? inviter.displayName : null,
        }),
      );
    },
  );

  app.post<{ Params: { token: string } }>(
    '/:lang/invitations/:token',
    { config: { policy: signedIn } },
    async (request, reply) => {
      const accepted = await acceptInvitation(ctx, request.params.token, actorOf(request, signedIn));
      if (!accepted.ok) {
        const page = request.page();
        const asked = { page, token: request.params.token, partnership: null, role: null, problem: accepted.why };
        return sendPage(reply, InvitationPage(asked), 404);
      }
      return reply.redirect(back(request, accepted.slug, '', 'joined'), 303);
    },
  );
}

/** The actor's role read again (after a change this request made: the request's own memo holds the old one). */
async function freshStanding(ctx: ModuleContext, partnershipId: number, actor: Managed['actor']) {
  return { actor, role: await q.roleOf(ctx.db, partnershipId, actor.id) };
}
