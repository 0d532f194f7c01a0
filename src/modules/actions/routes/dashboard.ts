import type { FastifyInstance } from 'fastify';
import { anyone } from '../../../core/auth/policy.js';
import { HttpError } from '../../../core/http/http-error.js';
import { pageRoute } from '../../../core/http/routes.js';
import type { ModuleContext } from '../../../core/module.js';
import { audienceOf, hubTabs } from '../../partnerships/index.js';
import { dashboardBody, platformBody } from '../actions.dashboard.fragments.js';
import { audienceKey, dashboardReads } from '../actions.dashboard.reads.js';
import { Dashboard } from '../actions.dashboard.schema.js';
import { partnershipFor } from '../actions.lookup.js';
import { seesMembersOnly } from '../actions.policy.js';
import { PartnershipParams } from '../actions.schema.js';
import { DashboardPage, PlatformDashboardPage } from '../views/DashboardPage.js';

/**
 * The dashboards: a partnership's plan, and every plan across the platform. What the reader may
 * see is decided fresh on every request (their standing, their partnerships) and is a dimension
 * of the shared reads; the reads turn with the clock, so a visitor's cached page does too.
 */
export function dashboardRoutes(app: FastifyInstance, ctx: ModuleContext): void {
  pageRoute(app, {
    path: '/partnerships/:slug/actions/dashboard',
    policy: anyone,
    summary:
      'A partnership’s action dashboard: actions by status and theme, progress over time, late and due ' +
      'deliverables, open challenges, actions not updated for 90 days',
    tag: 'actions',
    params: PartnershipParams,
    response: Dashboard,
    load: async ({ params, request }) => {
      const found = await partnershipFor(ctx, request, params.slug);
      if (!found) return null;
      const membersOnly = seesMembersOnly(found.standing);
      const data = await dashboardReads.dashboard.get(ctx, {
        lang: request.locale,
        partnership: found.id,
        membersOnly,
      });
      return { ...data, found, membersOnly };
    },
    prepare: async ({ found, membersOnly }, page) => {
      const body = await dashboardBody.get(ctx, page, { partnership: found.id, membersOnly });
      if (!body) throw new HttpError(404);
      return { body: body.html };
    },
    render: ({ found }, page, _request, { body }) =>
      DashboardPage({ page, body, partnership: found.partnership, tabs: hubTabs(ctx) }),
  });

  pageRoute(app, {
    path: '/actions',
    apiPath: '/actions/dashboard',
    policy: anyone,
    summary:
      'The action dashboard of the whole platform: every partnership’s actions the caller may see, by status and ' +
      'partnership, progress over time, late and due deliverables, open challenges, actions not updated for 90 days',
    tag: 'actions',
    response: Dashboard,
    load: async ({ actor, request }) => {
      // Read fresh: the partnerships whose members-only actions this reader sees.
      const audience = audienceKey(await audienceOf(ctx, actor));
      return { ...(await dashboardReads.platform.get(ctx, { lang: request.locale, audience })), audience };
    },
    prepare: async ({ audience }, page) => {
      const body = await platformBody.get(ctx, page, { audience });
      if (!body) throw new HttpError(404);
      return { body: body.html };
    },
    render: (_data, page, _request, { body }) => PlatformDashboardPage({ page, body }),
  });
}
