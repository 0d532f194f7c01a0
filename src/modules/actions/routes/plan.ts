import type { FastifyInstance } from 'fastify';
import { anyone } from '../../../core/auth/policy.js';
import { HttpError } from '../../../core/http/http-error.js';
import { pageRoute } from '../../../core/http/routes.js';
import type { ModuleContext } from '../../../core/module.js';
import { hubTabs } from '../../partnerships/index.js';
import { planList } from '../actions.fragments.js';
import { partnershipFor } from '../actions.lookup.js';
import { applyFilter, checkFilter } from '../actions.plan.js';
import { mayImport, mayPlan, seesMembersOnly } from '../actions.policy.js';
import { actionReads } from '../actions.reads.js';
import { ActionPlan, PartnershipParams, PlanQuery } from '../actions.schema.js';
import { PlanPage } from '../views/pages.js';

/** A partnership's action plan, grouped by theme; filters by theme, status, lead and tag; sorting. */
export function planRoutes(app: FastifyInstance, ctx: ModuleContext): void {
  pageRoute(app, {
    path: '/partnerships/:slug/actions',
    policy: anyone,
    summary: 'A partnership’s action plan: its themes and actions, filtered and sorted',
    tag: 'actions',
    params: PartnershipParams,
    querystring: PlanQuery,
    response: ActionPlan,
    load: async ({ params, query, request }) => {
      const found = await partnershipFor(ctx, request, params.slug);
      if (!found) return null;
      // Fresh, every request: whether the reader sees members-only actions is a dimension of the reads.
      const membersOnly = seesMembersOnly(found.standing);
      const plan = await actionReads.plan.get(ctx, { lang: request.locale, partnership: found.id, membersOnly });
      const { filter, ignored } = checkFilter(plan, query);
      const items = applyFilter(plan.items, filter);
      // Whether the reader may import is theirs alone, read fresh: a link outside the shared list.
      return {
        themes: plan.themes,
        items,
        ignored,
        found,
        membersOnly,
        importable: mayImport(found.standing),
        plannable: mayPlan(found.standing),
      };
    },
    prepare: async ({ found, membersOnly }, page, { query }) => {
      // The form's "Any" sends empty values: the same fragment as no filter.
      const { theme, status, lead, tag, sort } = query;
      const key = {
        partnership: found.id,
        slug: found.partnership.slug,
        membersOnly,
        theme: theme || undefined,
        status: status || undefined,
        lead: lead || undefined,
        tag: tag || undefined,
        sort: sort === 'number' ? undefined : sort,
      };
      const list = await planList.get(ctx, page, key);
      if (!list) throw new HttpError(404);
      return { list: list.html };
    },
    render: ({ found, importable, plannable }, page, _request, { list }) =>
      PlanPage({ page, view: { partnership: found.partnership, list, tabs: hubTabs(ctx), importable, plannable } }),
  });
}
