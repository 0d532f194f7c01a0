import type { FastifyInstance } from 'fastify';
import { anyone } from '../../../core/auth/policy.js';
import { HttpError } from '../../../core/http/http-error.js';
import { pageRoute } from '../../../core/http/routes.js';
import type { ModuleContext } from '../../../core/module.js';
import { followButton } from '../../follows/index.js';
import { hubTabs } from '../../partnerships/index.js';
import { actionBody } from '../actions.fragments.js';
import { mayUpdateAction, readableAction } from '../actions.lookup.js';
import { mayPlan, seesMembersOnly } from '../actions.policy.js';
import { actionReads } from '../actions.reads.js';
import { ActionDetail, ActionHistory, ActionParams } from '../actions.schema.js';
import { newsReads, RelatedPost } from '../actions.news.js';
import { renderSections, sectionQuery } from '../../../core/sections.js';
import Type from 'typebox';
import { ActionPage, HistoryPage } from '../views/pages.js';

/** One action (details, organisations, activities, deliverables, challenges, meetings, timeline) and its history. */
export function actionRoutes(app: FastifyInstance, ctx: ModuleContext): void {
  pageRoute(app, {
    path: '/partnerships/:slug/actions/:number',
    policy: anyone,
    summary: 'One action of a partnership’s plan, with its latest versions and the meetings’ decisions that name it',
    tag: 'actions',
    params: ActionParams,
    response: Type.Object({
      ...ActionDetail.properties,
      relatedNews: Type.Array(RelatedPost, {
        description: 'News posts of the partnership that name this action and the reader may see, newest first.',
      }),
    }),
    load: async ({ params, request }) => {
      // Whether it exists and the reader may see it is read fresh; the rest comes from the shared reads.
      const got = await readableAction(ctx, request, params.slug, params.number);
      if (!got) return null;
      const membersOnly = seesMembersOnly(got.found.standing);
      const shown = await actionReads.shown.get(ctx, { action: got.action.id, lang: request.locale, membersOnly });
      if (!shown) return null;
      // Whether the reader may update it is theirs alone, read fresh: a link outside the shared body.
      const updatable = await mayUpdateAction(ctx, got.found.standing, got.action);
      const key = { action: got.action.id, lang: request.locale, membersOnly };
      const relatedNews = await newsReads.relatedNews.get(ctx, key);
      return {
        ...shown,
        relatedNews,
        got,
        seesMembersOnly: membersOnly,
        updatable,
        plannable: mayPlan(got.found.standing),
      };
    },
    prepare: async ({ got, seesMembersOnly: membersOnly }, page, { request }) => {
      // Other modules' sections (the comments) are the reader's: outside the shared body.
      const [body, sections, follow] = await Promise.all([
        actionBody.get(ctx, page, { action: got.action.id, membersOnly }),
        renderSections(ctx, page, 'content', { type: 'action', id: got.action.id, query: sectionQuery(request.query) }),
        // The reader's own follow button (follows module), its state read fresh.
        followButton(ctx, page, { type: 'action', id: got.action.id }),
      ]);
      if (!body) throw new HttpError(404);
      return { body: body.html, sections, follow };
    },
    render: (
      { got, number, title, lang, updatable, plannable, relatedNews },
      page,
      _request,
      { body, sections, follow },
    ) =>
      ActionPage({
        page,
        view: {
          partnership: got.found.partnership,
          tabs: hubTabs(ctx),
          number,
          title,
          lang,
          body,
          updatable,
          plannable,
          relatedNews,
          sections,
          follow,
        },
      }),
  });

  pageRoute(app, {
    path: '/partnerships/:slug/actions/:number/history',
    policy: anyone,
    summary: 'Every version of an action, newest first: who, when, why, and what it was after the change',
    tag: 'actions',
    params: ActionParams,
    response: ActionHistory,
    load: async ({ params, request }) => {
      const got = await readableAction(ctx, request, params.slug, params.number);
      if (!got) return null;
      const versions = await actionReads.history.get(ctx, { action: got.action.id });
      return { number: got.action.number, versions, got };
    },
    render: ({ got, number, versions }, page) =>
      HistoryPage({
        page,
        view: {
          partnership: got.found.partnership,
          tabs: hubTabs(ctx),
          title: got.action.title,
          history: { number, versions },
        },
      }),
  });
}
