import type { FastifyInstance, FastifyRequest } from 'fastify';
import { anyone, signedIn } from '../../core/auth/policy.js';
import { validateForm, type FieldErrors } from '../../core/http/forms.js';
import { pageRoute } from '../../core/http/routes.js';
import type { ModuleContext } from '../../core/module.js';
import { sendPage } from '../../core/http/html.js';
import { managedPartnership, registerManageRoutes } from './manage.routes.js';
import { registerMembershipApi } from './membership.api.js';
import * as q from './membership.queries.js';
import { listMembers, standingIn } from './membership.service.js';
import { findPartnership, findPartnershipWithId } from './partnerships.queries.js';
import { hubTabs } from './partnerships.hub.js';
import { maySeeMembersOnly, type Standing } from './partnerships.policy.js';
import { EditForm, Members, PageParams, PartnershipPageDoc, SlugParams } from './partnerships.schema.js';
import { EditPartnershipPage } from './views/EditPartnershipPage.js';
import { MembersPage } from './views/MembersPage.js';
import { PartnershipContentPage } from './views/PartnershipContentPage.js';

const back = (request: FastifyRequest, slug: string, suffix: string, done: string) =>
  `/${request.locale}/partnerships/${slug}${suffix}?done=${done}`;

export function registerMembershipRoutes(app: FastifyInstance, ctx: ModuleContext): void {
  registerManageRoutes(app, ctx);
  registerMembershipApi(app, ctx);

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
        EditPartnershipPage({
          page: request.page(),
          partnership: found.partnership,
          values,
          errors: {},
          tabs: hubTabs(ctx),
        }),
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
          EditPartnershipPage({
            page,
            partnership: found.partnership,
            values,
            errors: form.errors as FieldErrors,
            tabs: hubTabs(ctx),
          }),
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
}

export type { Standing };
