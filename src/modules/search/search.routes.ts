import type { FastifyInstance } from 'fastify';
import { anyone } from '../../core/auth/policy.js';
import { pageRoute } from '../../core/http/routes.js';
import type { ModuleContext } from '../../core/module.js';
import { SearchAnswer, SearchQuery } from './search.schema.js';
import { PAGE_SIZE, MAX_PAGE, search, snippetHtml } from './search.service.js';
import { SearchPage } from './views/SearchPage.js';

/** `/{lang}/search` and `/api/v1/search`: one search over every content type the reader may see. */
export function registerSearchRoutes(app: FastifyInstance, ctx: ModuleContext): void {
  pageRoute(app, {
    path: '/search',
    policy: anyone,
    summary: 'Searches every content type the reader may see: ranked results, snippets, facets with counts',
    tag: 'search',
    querystring: SearchQuery,
    response: SearchAnswer,
    load: async ({ query, request, actor }) => {
      const { year, page, q, ...rest } = query;
      const outcome = await search(
        ctx,
        actor,
        {
          ...rest,
          q: q ?? '',
          year: (year ?? []).filter((y) => y !== '').map(Number),
          ...(page ? { page: Number(page) } : {}),
        },
        request.locale,
      );
      const next = outcome.page * PAGE_SIZE < outcome.total && outcome.page < MAX_PAGE ? outcome.page + 1 : null;
      return {
        ...outcome,
        next,
        results: outcome.results.map((r) => ({ ...r, snippet: snippetHtml(r.snippet) })),
        outcome,
      };
    },
    render: (data, page) => SearchPage({ page, outcome: data.outcome, next: data.next }),
  });
}
