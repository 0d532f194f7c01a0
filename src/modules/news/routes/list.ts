import type { FastifyInstance } from 'fastify';
import { anyone } from '../../../core/auth/policy.js';
import { decodeTimeCursor } from '../../../core/http/cursors.js';
import { HttpError } from '../../../core/http/http-error.js';
import { pageRoute } from '../../../core/http/routes.js';
import type { ModuleContext } from '../../../core/module.js';
import { hubTabs, maySeeMembersOnly } from '../../partnerships/index.js';
import { partnershipFor } from '../news.lookup.js';
import { mayPublish, mayWrite } from '../news.policy.js';
import { postList, unpublishedList } from '../news.fragments.js';
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
      // A cursor this site did not give is a 400 before anything is looked for.
      decodeTimeCursor(query.after);
      const found = await partnershipFor(ctx, request, params.slug);
      if (!found) return null;
      const { standing } = found;
      const membersOnly = maySeeMembersOnly(standing);
      const key = { lang: request.locale, partnership: found.id, membersOnly, after: query.after };
      const { items, next } = await newsReads.list.get(ctx, key);
      // Drafts and scheduled posts: all of them for those who publish, one's own for other writers.
      const writes = mayWrite(standing) && actor.kind === 'user';
      const writer = mayPublish(standing) || actor.kind !== 'user' ? undefined : actor.id;
      // After a post was deleted (`?done=deleted`), the list says so.
      const deleted = (request.query as Record<string, unknown> | undefined)?.done === 'deleted';
      return { items, next, found, membersOnly, writes, writer, deleted };
    },
    // The page only: the list and the drafts as every such reader sees them.
    prepare: async ({ found, membersOnly, writes, writer }, page, { query }) => {
      const slug = found.partnership.slug;
      const [list, drafts] = await Promise.all([
        postList.get(ctx, page, { partnership: found.id, slug, membersOnly, after: query.after }),
        writes ? unpublishedList.get(ctx, page, { partnership: found.id, writer }) : null,
      ]);
      if (!list) throw new HttpError(404);
      return { list: list.html, drafts: drafts?.html ?? null };
    },
    render: ({ found, writes, deleted }, page, _request, { list, drafts }) =>
      NewsListPage({
        page,
        view: { partnership: found.partnership, list, drafts, mayWrite: writes, deleted, tabs: hubTabs(ctx) },
      }),
  });
}
