import type { FastifyInstance, FastifyRequest } from 'fastify';
import { anyone, signedIn } from '../../core/auth/policy.js';
import { listAudit } from '../../core/audit/audit.js';
import { validateForm, type FieldErrors } from '../../core/http/forms.js';
import { HttpError } from '../../core/http/http-error.js';
import { pageRoute } from '../../core/http/routes.js';
import { pathId, queryId } from '../../core/http/validation.js';
import type { ModuleContext } from '../../core/module.js';
import { actorOf } from '../../core/http/handlers.js';
import { sendPage } from '../../core/http/html.js';
import { findUserByHandle, findUsersByIds } from '../accounts/index.js';
import * as q from './membership.queries.js';
import {
  acceptInvitation,
  isInvitee,
  askToJoin,
  changeRole,
  decideJoinRequest,
  invite,
  listMembers,
  removeMember,
  standingIn,
} from './membership.service.js';
import { findPartnership, findPartnershipWithId } from './partnerships.queries.js';
import { hubTabs } from './partnerships.hub.js';
import { mayAskToJoin, mayManage, maySeeMembersOnly, type Standing } from './partnerships.policy.js';
import {
  EditForm,
  InviteForm,
  JoinForm,
  Members,
  PageParams,
  PartnershipPageDoc,
  RoleForm,
  SlugParams,
} from './partnerships.schema.js';
import { AuditPage } from './views/AuditPage.js';
import { EditPartnershipPage } from './views/EditPartnershipPage.js';
import { InvitationPage } from './views/InvitationPage.js';
import { ManagePage, type ManageData } from './views/ManagePage.js';
import { MembersPage } from './views/MembersPage.js';
import { PartnershipContentPage } from './views/PartnershipContentPage.js';

/** The partnership and the actor's standing in it; 404 when it does not exist. */
async function partnershipFor(ctx: ModuleContext, request: FastifyRequest, slug: string) {
  const found = await findPartnershipWithId(ctx.db, request.locale, slug);
  if (!found) throw new HttpError(404);
  return { ...found, standing: await standingIn(ctx, found.id, request.actor) };
}

/** Coordinators' pages: anyone else gets 404, so they do not learn the page exists. */
async function managedPartnership(ctx: ModuleContext, request: FastifyRequest, slug: string) {
  const found = await partnershipFor(ctx, request, slug);
  if (!mayManage(found.standing)) throw new HttpError(404);
  return { ...found, actor: actorOf(request, signedIn) };
}

async function manageData(
  ctx: ModuleContext,
  request: FastifyRequest,
  found: Awaited<ReturnType<typeof managedPartnership>>,
): Promise<ManageData> {
  const [requests, members] = await Promise.all([
    q.pendingRequests(ctx.db, found.id),
    listMembers(ctx, found.id, request.locale),
  ]);
  const requesters = await findUsersByIds(
    ctx.db,
    requests.map((r) => r.user_id),
  );
  return {
    partnership: found.partnership,
    members,
    requests: requests.flatMap((r) => {
      const user = requesters.get(r.user_id);
      return user
        ? [
            {
              id: r.id,
              handle: user.handle,
              displayName: user.displayName,
              message: r.message,
              createdAt: r.created_at,
            },
          ]
        : [];
    }),
    selfHandle: found.actor.handle,
  };
}

const back = (request: FastifyRequest, slug: string, suffix: string, done: string) =>
  `/${request.locale}/partnerships/${slug}${suffix}?done=${done}`;

export function registerMembershipRoutes(app: FastifyInstance, ctx: ModuleContext): void {
  pageRoute(app, {
    path: '/partnerships/:slug/members',
    policy: anyone,
    summary: 'The organisations and people of a partnership, with their roles',
    tag: 'partnerships',
    params: SlugParams,
    response: Members,
    load: async ({ params, request }) => {
      const found = await findPartnershipWithId(ctx.db, request.locale, params.slug);
      if (!found) return null;
      return { ...(await listMembers(ctx, found.id, request.locale)), partnership: found.partnership };
    },
    render: ({ partnership, ...members }, page) => MembersPage({ page, partnership, members, tabs: hubTabs(ctx) }),
  });

  pageRoute(app, {
    path: '/partnerships/:slug/pages/:page',
    policy: anyone,
    summary: 'A page of a partnership (members-only pages only for its members)',
    tag: 'partnerships',
    params: PageParams,
    response: PartnershipPageDoc,
    load: async ({ params, request }) => {
      const found = await findPartnershipWithId(ctx.db, request.locale, params.slug);
      if (!found) return null;
      const doc = await q.findPage(ctx.db, found.id, params.page);
      // A members-only page does not exist for anyone else: the same 404 as a missing one.
      if (!doc || (doc.membersOnly && !maySeeMembersOnly(await standingIn(ctx, found.id, request.actor)))) return null;
      return { ...doc, partnership: found.partnership };
    },
    render: ({ partnership, ...doc }, page) => PartnershipContentPage({ page, partnership, doc, tabs: hubTabs(ctx) }),
  });

  app.post<{ Params: { slug: string } }>(
    '/:lang/partnerships/:slug/join',
    { config: { policy: signedIn } },
    async (request, reply) => {
      const { id, standing } = await partnershipFor(ctx, request, request.params.slug);
      if (!mayAskToJoin(standing)) return reply.redirect(back(request, request.params.slug, '', 'already'), 303);
      const form = validateForm<{ message?: string }>(JoinForm, request.body, request.i18n.t);
      const message = form.ok ? (form.value.message ?? '') : '';
      const result = await askToJoin(ctx, id, actorOf(request, signedIn).id, message);
      return reply.redirect(back(request, request.params.slug, '', result), 303);
    },
  );

  app.post<{ Params: { slug: string } }>(
    '/:lang/partnerships/:slug/leave',
    { config: { policy: signedIn } },
    async (request, reply) => {
      const { id } = await partnershipFor(ctx, request, request.params.slug);
      const actor = actorOf(request, signedIn);
      const result = await removeMember(ctx, id, actor.id, actor.id);
      return reply.redirect(back(request, request.params.slug, '', result === 'changed' ? 'left' : result), 303);
    },
  );

  app.get<{ Params: { slug: string }; Querystring: { done?: string } }>(
    '/:lang/partnerships/:slug/manage',
    { config: { policy: signedIn } },
    async (request, reply) => {
      const found = await managedPartnership(ctx, request, request.params.slug);
      return sendPage(
        reply,
        ManagePage({
          page: request.page(),
          data: await manageData(ctx, request, found),
          done: request.query.done,
          errors: {},
          values: {},
        }),
      );
    },
  );

  app.post<{ Params: { slug: string; id: string } }>(
    '/:lang/partnerships/:slug/requests/:id',
    { config: { policy: signedIn } },
    async (request, reply) => {
      const found = await managedPartnership(ctx, request, request.params.slug);
      const requestId = pathId(request.params.id);
      const decision = (request.body as Record<string, unknown> | undefined)?.decision;
      if (decision !== 'approve' && decision !== 'refuse') throw new HttpError(400);
      const done = await decideJoinRequest(
        ctx,
        found.id,
        requestId,
        decision === 'approve' ? 'approved' : 'refused',
        found.actor,
      );
      if (!done) throw new HttpError(404);
      return reply.redirect(
        back(request, request.params.slug, '/manage', decision === 'approve' ? 'approved' : 'refused'),
        303,
      );
    },
  );

  app.post<{ Params: { slug: string } }>(
    '/:lang/partnerships/:slug/invitations',
    { config: { policy: signedIn, rateLimit: { max: 30, timeWindow: 3_600_000 } } },
    async (request, reply) => {
      const found = await managedPartnership(ctx, request, request.params.slug);
      const page = request.page();
      const form = validateForm<{ email: string; role: 'member' | 'moderator' | 'coordinator' }>(
        InviteForm,
        request.body,
        page.t,
      );
      if (!form.ok) {
        const body = (request.body ?? {}) as Record<string, unknown>;
        const values = {
          email: typeof body.email === 'string' ? body.email.slice(0, 254) : '',
          role: typeof body.role === 'string' ? body.role : '',
        };
        return sendPage(
          reply,
          ManagePage({ page, data: await manageData(ctx, request, found), errors: form.errors, values }),
          400,
        );
      }
      await invite(ctx, {
        partnershipId: found.id,
        partnershipTitle: found.partnership.title,
        email: form.value.email,
        role: form.value.role,
        inviter: found.actor,
        locale: request.locale,
      });
      return reply.redirect(back(request, request.params.slug, '/manage', 'invited'), 303);
    },
  );

  app.post<{ Params: { slug: string; handle: string } }>(
    '/:lang/partnerships/:slug/people/:handle',
    { config: { policy: signedIn } },
    async (request, reply) => {
      const found = await managedPartnership(ctx, request, request.params.slug);
      const user = await findUserByHandle(ctx.db, request.params.handle);
      if (!user) throw new HttpError(404);
      const body = (request.body ?? {}) as Record<string, unknown>;
      let result;
      if (body.action === 'remove') {
        result = await removeMember(ctx, found.id, user.id, found.actor.id);
      } else {
        const form = validateForm<{ role: 'member' | 'moderator' | 'coordinator' }>(RoleForm, body, request.i18n.t);
        if (!form.ok) throw new HttpError(400);
        result = await changeRole(ctx, found.id, user.id, form.value.role, found.actor.id);
      }
      if (result === 'not-member') throw new HttpError(404);
      return reply.redirect(
        back(request, request.params.slug, '/manage', result === 'changed' ? 'saved' : 'last-coordinator'),
        303,
      );
    },
  );

  app.get<{ Params: { slug: string } }>(
    '/:lang/partnerships/:slug/edit',
    { config: { policy: signedIn } },
    async (request, reply) => {
      const found = await managedPartnership(ctx, request, request.params.slug);
      const original = await findPartnership(ctx.db, 'original', request.params.slug);
      const values = {
        title: original?.title ?? '',
        summary: original?.summary ?? '',
        launchedYear: String(original?.launchedYear ?? ''),
      };
      return sendPage(
        reply,
        EditPartnershipPage({ page: request.page(), partnership: found.partnership, values, errors: {} }),
      );
    },
  );

  app.post<{ Params: { slug: string } }>(
    '/:lang/partnerships/:slug/edit',
    { config: { policy: signedIn } },
    async (request, reply) => {
      const found = await managedPartnership(ctx, request, request.params.slug);
      const page = request.page();
      const form = validateForm<{ title: string; summary: string; launchedYear: number }>(
        EditForm,
        request.body,
        page.t,
      );
      if (!form.ok) {
        const body = (request.body ?? {}) as Record<string, unknown>;
        const text = (k: string) => (typeof body[k] === 'string' ? (body[k] as string).slice(0, 2000) : '');
        const values = { title: text('title'), summary: text('summary'), launchedYear: text('launchedYear') };
        return sendPage(
          reply,
          EditPartnershipPage({ page, partnership: found.partnership, values, errors: form.errors as FieldErrors }),
          400,
        );
      }
      await ctx.db.transaction().execute(async (trx) => {
        await q.updatePartnershipOriginal(trx, found.id, form.value);
        await q.insertActivity(trx, {
          partnershipId: found.id,
          actorId: found.actor.id,
          kind: 'edited',
          subject: form.value.title,
          path: `/partnerships/${request.params.slug}`,
          membersOnly: false,
        });
      });
      await ctx.audit({
        actorId: found.actor.id,
        action: 'partnerships.edit',
        partnershipId: found.id,
        subjectType: 'partnership',
        subjectId: request.params.slug,
        details: form.value,
      });
      return reply.redirect(back(request, request.params.slug, '', 'saved'), 303);
    },
  );

  app.get<{ Params: { slug: string }; Querystring: { before?: string } }>(
    '/:lang/partnerships/:slug/audit',
    { config: { policy: signedIn } },
    async (request, reply) => {
      const found = await managedPartnership(ctx, request, request.params.slug);
      const log = await listAudit(ctx.db, { partnershipId: found.id }, 50, queryId(request.query.before, 'before'));
      const actors = await findUsersByIds(
        ctx.db,
        log.items.flatMap((e) => (e.actorId === null ? [] : [e.actorId])),
      );
      return sendPage(
        reply,
        AuditPage({ page: request.page(), partnership: found.partnership, entries: log.items, actors, next: log.next }),
      );
    },
  );

  app.get<{ Params: { token: string } }>(
    '/:lang/invitations/:token',
    { config: { policy: signedIn } },
    async (request, reply) => {
      const invitation = await q.openInvitation(ctx.db, request.params.token);
      // Sent to another address: the page says so, and offers nothing to accept (nor names the address).
      const otherAddress = invitation !== null && !(await isInvitee(ctx, invitation, actorOf(request, signedIn).id));
      const partnership =
        invitation && !otherAddress ? await findPartnership(ctx.db, request.locale, invitation.slug) : null;
      return sendPage(
        reply,
        InvitationPage({
          page: request.page(),
          token: request.params.token,
          partnership,
          role: otherAddress ? null : (invitation?.role ?? null),
          otherAddress,
        }),
        invitation ? 200 : 404,
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
        const otherAddress = accepted.why === 'other-address';
        const asked = { page, token: request.params.token, partnership: null, role: null, otherAddress };
        return sendPage(reply, InvitationPage(asked), 404);
      }
      return reply.redirect(back(request, accepted.slug, '', 'joined'), 303);
    },
  );
}

export type { Standing };
