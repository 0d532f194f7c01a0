import type { FastifyInstance } from 'fastify';
import { anyone } from '../../../core/auth/policy.js';
import { HttpError } from '../../../core/http/http-error.js';
import { pageRoute } from '../../../core/http/routes.js';
import { isEuLanguage } from '../../../core/i18n/locales.js';
import type { ModuleContext } from '../../../core/module.js';
import { renderSections } from '../../../core/sections.js';
import { hubTabs } from '../../partnerships/index.js';
import { presentAttachments } from '../news.attachments.js';
import { postBody } from '../news.fragments.js';
import { readablePostHead } from '../news.lookup.js';
import { mayDelete, mayEdit, mayPublish, mayTranslate } from '../news.policy.js';
import { newsReads } from '../news.reads.js';
import { shownRelations, withRelations } from '../news.relations.js';
import { PostDetail, PostParams, PostQuery } from '../news.schema.js';
import { postApiPath } from '../views/parts.js';
import { PostPage } from '../views/PostPage.js';

/** The query string as text, for other modules' sections under the post (the comments' paging). */
const textQuery = (query: unknown): Record<string, string | undefined> =>
  Object.fromEntries(
    Object.entries((query ?? {}) as Record<string, unknown>).map(([k, v]) => [
      k,
      typeof v === 'string' ? v : undefined,
    ]),
  );

/** What the post page says was done, after a publication (`?done=`); anything else says nothing. */
const DONE = ['published', 'scheduled', 'rescheduled', 'unscheduled'] as const;
const doneOf = (query: unknown): (typeof DONE)[number] | null => {
  const done = (query as Record<string, unknown> | undefined)?.done;
  return DONE.find((d) => d === done) ?? null;
};

/** One post, in the reader's language where a translation exists, with other modules' sections (comments). */
export function postRoutes(app: FastifyInstance, ctx: ModuleContext): void {
  pageRoute(app, {
    path: '/partnerships/:slug/news/:post',
    apiPath: '/partnerships/:slug/posts/:post',
    policy: anyone,
    summary: 'One news post, in the reader’s language where a translation exists',
    tag: 'news',
    params: PostParams,
    querystring: PostQuery,
    // With what other modules relate the post to (the meeting it reports on), as this reader may see it.
    response: withRelations(PostDetail, ctx.modules, false),
    load: async ({ params, query, request }) => {
      // Who may see it is read fresh; its text comes from the shared reads below.
      const got = await readablePostHead(ctx, request, params.slug, params.post);
      if (!got) return null;
      const { found, post } = got;
      const view = query.view && isEuLanguage(query.view) ? query.view : undefined;
      const { standing } = found;
      // What the post is related to is read fresh for this reader (a members-only meeting is never
      // named to a visitor): it stays out of the shared body, in a line of the reader's own page.
      const [shown, attachments, related] = await Promise.all([
        newsReads.shown.get(ctx, { post: post.id, lang: request.locale, view }),
        newsReads.attachments.get(ctx, { post: post.id }),
        shownRelations(ctx, { partnershipId: found.id, partnershipSlug: found.partnership.slug, standing }, post.id),
      ]);
      if (!shown) return null;
      const may = {
        edit: mayEdit(standing, post),
        publish: mayPublish(standing) && shown.status !== 'published',
        translate: mayTranslate(standing, post),
        delete: mayDelete(standing, post),
      };
      const apiPath = postApiPath(found.partnership.slug, post.slug);
      // `partnership` is the post's own field (the slug): the page's partnership goes beside it, not in the JSON.
      const files = presentAttachments(attachments, apiPath);
      return {
        ...shown,
        ...related.json,
        attachments: files,
        inPartnership: found.partnership,
        may,
        lines: related.lines,
      };
    },
    // The page only: the body every reader of the language shares, and the sections under it.
    prepare: async (data, page, { query, request }) => {
      const view = query.view && isEuLanguage(query.view) ? query.view : undefined;
      const [body, sections] = await Promise.all([
        postBody.get(ctx, page, { post: data.id, view }),
        renderSections(ctx, page, 'content', { type: 'post', id: data.id, query: textQuery(request.query) }),
      ]);
      if (!body) throw new HttpError(404);
      return { body: body.html, sections };
    },
    render: ({ inPartnership: partnership, may, lines, ...post }, page, request, { body, sections }) =>
      PostPage({
        page,
        post,
        view: {
          partnership,
          tabs: hubTabs(ctx),
          body,
          related: lines.map((line) => line(page)),
          sections,
          may,
          done: doneOf(request.query),
        },
        timeZone: ctx.config.timeZone,
      }),
  });
}
