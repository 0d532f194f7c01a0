import type { FastifyInstance } from 'fastify';
import { anyone } from '../../core/auth/policy.js';
import { pageRoute } from '../../core/http/routes.js';
import type { ModuleContext } from '../../core/module.js';
import { findPartnership, listPartnerships, type Cursor } from './partnerships.queries.js';
import { ListQuery, PartnershipDetail, PartnershipPage, SlugParams } from './partnerships.schema.js';
import { PartnershipListPage } from './views/PartnershipListPage.js';
import { PartnershipPage as PartnershipView } from './views/PartnershipPage.js';

const PAGE_SIZE = 24;

const encodeCursor = (c: Cursor) => `${c.year}.${c.id}`;
function decodeCursor(raw: string | undefined): Cursor | undefined {
  if (!raw) return undefined;
  const [year, id] = raw.split('.').map(Number);
  return year !== undefined && id !== undefined ? { year, id } : undefined;
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
    summary: 'One partnership',
    tag: 'partnerships',
    params: SlugParams,
    response: PartnershipDetail,
    load: ({ params, request }) => findPartnership(ctx.db, request.locale, params.slug),
    render: (partnership, page) => PartnershipView({ page, partnership }),
  });
}
