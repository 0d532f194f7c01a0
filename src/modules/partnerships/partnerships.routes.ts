import type { FastifyInstance } from 'fastify';
import { anyone } from '../../core/auth/policy.js';
import { pageRoute } from '../../core/http/routes.js';
import { badParameter, toId } from '../../core/http/validation.js';
import type { ModuleContext } from '../../core/module.js';
import { followButton } from '../follows/index.js';
import { countCoordinators, listPages, pendingRequestOf } from './membership.queries.js';
import { listMembers, standingIn } from './membership.service.js';
import { mayAskToJoin, mayLeave, mayManage, maySeeMembersOnly } from './partnerships.policy.js';
import { findPartnershipWithId, listPartnerships, type Cursor } from './partnerships.queries.js';
import { partnershipReads } from './partnerships.reads.js';
import { hubTabs, renderHubBlocks } from './partnerships.hub.js';
import { ListQuery, PageList, PartnershipHubDoc, PartnershipPage, SlugParams } from './partnerships.schema.js';
import { PartnershipListPage } from './views/PartnershipListPage.js';
import { PartnershipPage as PartnershipView } from './views/PartnershipPage.js';
import { PartnershipPagesPage } from './views/PartnershipPagesPage.js';

const PAGE_SIZE = 24;

const encodeCursor = (c: Cursor) => `${c.year}.${c.id}`;
/** The cursor of `?after=`: `<year>.<id>` as this site gives it, else a 400. */
function decodeCursor(raw: string | undefined): Cursor | undefined {
  if (!raw) return undefined;
  const match = /^([0-9]{4})\.([0-9]{1,12})$/.exec(raw);
  const id = match ? toId(match[2]) : null;
  if (!match || id === null) throw badParameter('after');
  return { year: Number(match[1]), id };
}

export function registerPartnershipRoutes(app: FastifyInstance, ctx: ModuleContext): void {
  pageRoute(app, {
    path: '/partnerships',
    policy: anyone,
    summary: 'Partnerships, oldest first, one page at a time',
    tag: 'partnerships',
    querystring: ListQuery,
    response: PartnershipPage,
    load: async ({ query, request }) => {
      const page = await listPartnerships(ctx.db, request.locale, query.limit ?? PAGE_SIZE, decodeCursor(query.after));
      return { items: page.items, next: page.next ? encodeCursor(page.next) : null };
    },
    render: (data, page) => PartnershipListPage({ page, ...data }),
  });

  pageRoute(app, {
    path: '/partnerships/:slug',
    policy: anyone,
    summary: 'One partnership: its hub, with the sections of its sub-navigation and its latest activity',
    tag: 'partnerships',
    params: SlugParams,
    response: PartnershipHubDoc,
    load: async ({ params, request }) => {
      const found = await findPartnershipWithId(ctx.db, request.locale, params.slug);
      if (!found) return null;
      const { id, partnership } = found;
      const standing = await standingIn(ctx, id, request.actor);
      const membersOnly = maySeeMembersOnly(standing);
      const [members, pages, activity, coordinators, pending] = await Promise.all([
        listMembers(ctx, id, request.locale),
        listPages(ctx.db, id, membersOnly),
        partnershipReads.activity.get(ctx, { partnership: id, lang: request.locale, members: membersOnly }),
        countCoordinators(ctx.db, id),
        standing.actor.kind === 'user' && !standing.role ? pendingRequestOf(ctx.db, id, standing.actor.id) : undefined,
      ]);
      // Which notice to show after a form (`?done=asked`); only known values are shown.
      const raw = (request.query as Record<string, unknown> | undefined)?.done;
      const done = typeof raw === 'string' ? raw.slice(0, 40) : '';
      const sections = hubTabs(ctx).map((tab) => ({
        label: request.i18n.t(tab.label),
        path: `/partnerships/${partnership.slug}${tab.path}`,
      }));
      return {
        ...partnership,
        id,
        sections,
        activity,
        membersOnly,
        view: {
          members,
          pages,
          role: standing.role,
          pending: pending !== undefined,
          done,
          may: {
            manage: mayManage(standing),
            askToJoin: mayAskToJoin(standing),
            leave: mayLeave(standing, coordinators),
          },
        },
      };
    },
    // The page only: other modules' blocks on the overview, for what this reader may see.
    prepare: async (data, page) => {
      const hub = {
        id: data.id,
        slug: data.slug,
        title: data.title,
        lang: data.lang,
        membersOnly: data.membersOnly,
      };
      const [recent, coming, follow] = await Promise.all([
        renderHubBlocks(ctx, page, 'recent', hub),
        renderHubBlocks(ctx, page, 'coming', hub),
        // The reader's own follow button: its state read fresh, never kept with what readers share.
        followButton(ctx, page, { type: 'partnership', id: data.id }),
      ]);
      return { tabs: hubTabs(ctx), recent, coming, follow };
    },
    render: ({ view, activity, membersOnly: _, ...partnership }, page, _request, extras) =>
      PartnershipView({ page, partnership, view: { ...view, activity }, extras }),
  });

  pageRoute(app, {
    path: '/partnerships/:slug/pages',
    policy: anyone,
    summary: 'The pages of a partnership that the reader may see (members-only ones for its members)',
    tag: 'partnerships',
    params: SlugParams,
    response: PageList,
    load: async ({ params, request }) => {
      const found = await partnershipReads.bySlug.get(ctx, { lang: request.locale, slug: params.slug });
      if (!found) return null;
      // Fresh, every request: whether the reader sees the members-only pages.
      const membersOnly = maySeeMembersOnly(await standingIn(ctx, found.id, request.actor));
      return { items: await listPages(ctx.db, found.id, membersOnly), partnership: found.partnership };
    },
    render: ({ items, partnership }, page) =>
      PartnershipPagesPage({ page, partnership, pages: items, tabs: hubTabs(ctx) }),
  });
}
