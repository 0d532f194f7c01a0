import type { FastifyInstance } from 'fastify';
import { anyone } from '../../../core/auth/policy.js';
import { pageRoute } from '../../../core/http/routes.js';
import type { ModuleContext } from '../../../core/module.js';
import { maySeeMembersOnly } from '../../partnerships/index.js';
import { partnershipFor } from '../news.lookup.js';
import { mayPublish, mayWrite } from '../news.policy.js';
import { newsReads } from '../news.reads.js';
import { ListQuery, PartnershipParams, PostPage } from '../news.schema.js';
import { NewsListPage } from '../views/NewsListPage.js';

/** A partnership's news, newest first, one page at a time; writers also see drafts and scheduled posts. */
export function listRoutes(app: FastifyInstance, ctx: ModuleContext): void {
  pageRoute(app, {
    path: '/partnerships/:slug/news',
    apiPath: '/partnerships/:slug/posts',
    policy: anyone,
    summary: 'A partnership’s news, newest first, one page at a time',
    tag: 'news',
    params: PartnershipParams,
    querystring: ListQuery,
    response: PostPage,
    load: async ({ params, query, request, actor }) => {
      const found = await partnershipFor(ctx, request, params.slug);
      if (!found) return null;
      const { standing } = found;
      const lang = request.locale;
      const membersOnly = maySeeMembersOnly(standing);
      const { items, next } = await newsReads.list.get(ctx, {
        lang,
        partnership: found.id,
        membersOnly,
        after: query.after,
      });
      // Drafts and scheduled posts: all of them for those who publish, one's own for other writers.
      const writes = mayWrite(standing) && actor.kind === 'user';
      const writer = mayPublish(standing) || actor.kind !== 'user' ? undefined : actor.id;
      const drafts = writes ? await newsReads.unpublished.get(ctx, { lang, partnership: found.id, writer }) : [];
      // After a post was deleted (`?done=deleted`), the list says so.
      const deleted = (request.query as Record<string, unknown> | undefined)?.done === 'deleted';
      return { items, next, partnership: found.partnership, drafts, mayWrite: writes, deleted };
    },
    render: ({ items, next, ...view }, page) => NewsListPage({ page, items, next, view }),
  });
}
