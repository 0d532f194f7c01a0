import type { FastifyInstance } from 'fastify';
import { anyone } from '../../../core/auth/policy.js';
import { pageRoute } from '../../../core/http/routes.js';
import type { ModuleContext } from '../../../core/module.js';
import { visibleActionByNumber } from '../../actions/index.js';
import { organisationIdBySlug } from '../../organisations/index.js';
import { audienceOf, hubTabs, mayManage, maySeeMembersOnly, partnershipOfAddress } from '../../partnerships/index.js';
import { matchOrganisations } from '../funding.match.queries.js';
import { audienceKey, matchReads } from '../funding.match.reads.js';
import {
  ActionFundingParams,
  FitList,
  ItemFits,
  ItemFitsParams,
  OrganisationFundingParams,
  PartnershipFundingParams,
} from '../funding.match.schema.js';
import {
  ActionFundingPage,
  ItemFitsPage,
  OrganisationFundingPage,
  PartnershipFundingPage,
} from '../views/MatchPages.js';

/**
 * Matching (README, "Matching"): what fits an action, a partnership's plan (its hub's Funding
 * tab) and an organisation, and what an item fits; each page with its JSON twin. Who sees the
 * action, the partnership's members-only actions and the reader's audience is read fresh.
 */
export function matchRoutes(app: FastifyInstance, ctx: ModuleContext): void {
  pageRoute(app, {
    path: '/partnerships/:slug/actions/:number/funding',
    policy: anyone,
    summary: 'The open and forthcoming items of the funding register that fit an action, best first, with the reasons',
    tag: 'funding',
    params: ActionFundingParams,
    response: FitList,
    load: async ({ params, request }) => {
      const found = await partnershipOfAddress(ctx, request, params.slug);
      if (!found) return null;
      const audience = await audienceOf(ctx, request.actor);
      const action = await visibleActionByNumber(ctx.db, found.id, params.number, audience);
      if (!action) return null;
      const list = await matchReads.matchAction.get(ctx, { action: action.id, lang: request.locale });
      if (!list) return null;
      return { ...list, found, subject: { ...action, number: params.number } };
    },
    render: ({ found, subject, ...list }, page) =>
      ActionFundingPage({
        page,
        view: {
          partnership: found.partnership,
          tabs: hubTabs(ctx),
          number: subject.number,
          title: subject.title,
          lang: subject.lang,
          list,
        },
      }),
  });

  pageRoute(app, {
    path: '/partnerships/:slug/funding',
    policy: anyone,
    summary: 'The open and forthcoming items of the funding register that fit a partnership’s action plan, best first',
    tag: 'funding',
    params: PartnershipFundingParams,
    response: FitList,
    load: async ({ params, request }) => {
      const found = await partnershipOfAddress(ctx, request, params.slug);
      if (!found) return null;
      // Fresh, every request: whether the reader sees the members-only actions is a dimension of the read.
      const membersOnly = maySeeMembersOnly(found.standing) || mayManage(found.standing);
      const list = await matchReads.matchPartnership.get(ctx, {
        partnership: found.id,
        membersOnly,
        lang: request.locale,
      });
      return { ...list, found };
    },
    render: ({ found, ...list }, page) =>
      PartnershipFundingPage({ page, view: { partnership: found.partnership, tabs: hubTabs(ctx), list } }),
  });

  pageRoute(app, {
    path: '/organisations/:slug/funding',
    policy: anyone,
    summary: 'The open and forthcoming items of the funding register that fit an organisation, best first',
    tag: 'funding',
    params: OrganisationFundingParams,
    response: FitList,
    load: async ({ params, request }) => {
      // Approved organisations only: a proposed one has no such page.
      const id = await organisationIdBySlug(ctx.db, params.slug);
      if (id === null) return null;
      const list = await matchReads.matchOrganisation.get(ctx, { organisation: id, lang: request.locale });
      if (!list) return null;
      const org = (await matchOrganisations(ctx.db, [id], request.locale)).get(id);
      return org ? { ...list, org } : null;
    },
    render: ({ org, ...list }, page) =>
      OrganisationFundingPage({ page, view: { slug: org.slug, name: org.name, list } }),
  });

  pageRoute(app, {
    path: '/funding/:id/fits',
    policy: anyone,
    summary: 'The actions (that the reader may see) and organisations an item of the funding register fits, best first',
    tag: 'funding',
    params: ItemFitsParams,
    response: ItemFits,
    load: async ({ params, request }) => {
      // The actions the reader sees decide the key: members-only ones only for their partnership's members.
      const audience = audienceKey(await audienceOf(ctx, request.actor));
      return matchReads.matchItem.get(ctx, { item: params.id, audience, lang: request.locale });
    },
    render: (fits, page) => ItemFitsPage({ page, view: fits }),
  });
}
