import type { FastifyInstance } from 'fastify';
import { anyone } from '../../../core/auth/policy.js';
import { pageRoute } from '../../../core/http/routes.js';
import { ownTimeZone } from '../../../core/i18n/time-zone.js';
import type { ModuleContext } from '../../../core/module.js';
import { renderMarkdown } from '../../news/index.js';
import { filterQuery, organisationsForMe, parseFundingQuery } from '../funding.filters.js';
import { renderSections, sectionQuery } from '../../../core/sections.js';
import { findFollowTarget, followStateOf } from '../funding.follow.js';
import { partnershipCountOf, readerOf } from '../funding.lookup.js';
import { mayEdit, mayGrantEditors, maySee, maySuggest } from '../funding.policy.js';
import { audienceKey, fundingReads, organisationsKey, pagingKey } from '../funding.reads.js';
import {
  OpportunityDetail,
  OpportunityList,
  OpportunityParams,
  ProgrammeDetail,
  ProgrammeList,
  ProgrammeParams,
  RegisterQuery,
  TopicList,
} from '../funding.schema.js';
import { OpportunityPage } from '../views/OpportunityPage.js';
import { ProgrammePage, ProgrammesPage } from '../views/ProgrammePage.js';
import { registerItems } from '../funding.fragments.js';
import { RegisterPage } from '../views/RegisterPage.js';
import { TopicsPage } from '../views/TopicsPage.js';

/**
 * The register (/{lang}/funding and /api/v1/funding), an item's page, the programmes. Who reads
 * is worked out fresh on every request (`readerOf`, their confirmed organisations for `for=me`)
 * and is a dimension of the shared reads; the reads turn with the clock (a status changes when a
 * deadline passes), so a visitor's cached page is kept a minute at most.
 */
export function registerRegisterRoutes(app: FastifyInstance, ctx: ModuleContext): void {
  pageRoute(app, {
    path: '/funding',
    policy: anyone,
    summary:
      'The funding and policy pipeline: calls, tenders, prizes, technical assistance, initiatives and policies, ' +
      'filtered (status, programme, kind, topic, who may apply, deadlines, budget, for the caller’s organisations) ' +
      'and sorted (next deadline first by default)',
    tag: 'funding',
    querystring: RegisterQuery,
    response: OpportunityList,
    load: async ({ query, actor, request }) => {
      // A value the register does not take is a 400 naming it, before anything is read.
      const { filter, paging } = parseFundingQuery(query as Record<string, unknown>);
      const reader = await readerOf(ctx, actor);
      const organisations = await organisationsForMe(ctx.db, reader.userId);
      const used = filter.forMe ? organisations : [];
      const qs = filterQuery(filter);
      const key = {
        audience: audienceKey(reader),
        query: qs,
        paging: pagingKey(paging, typeof query.cursor === 'string' && query.cursor ? query.cursor : undefined),
        organisations: organisationsKey(used),
      };
      const data = await fundingReads.register.get(ctx, { ...key, lang: request.locale });
      // The reader's own links and follow button, read fresh: never part of a shared read.
      const may = {
        edit: mayEdit(reader),
        suggest: maySuggest(actor, reader, await partnershipCountOf(ctx, actor)),
        grantEditors: mayGrantEditors(actor),
        signedIn: actor.kind === 'user',
      };
      const only = filter.topics.length === 1 ? filter.topics[0]! : null;
      const target = only ? await findFollowTarget(ctx.db, reader, { type: 'topic', key: only }, request.locale) : null;
      const topic = target
        ? { key: target.key, title: target.title, following: await followStateOf(ctx.db, reader.userId, target) }
        : null;
      return {
        ...data,
        query: qs,
        for_me: { asked: filter.forMe, organisations: organisations.length },
        filter,
        paging,
        organisationNames: actor.kind === 'user' ? organisations.map((o) => o.name ?? '') : null,
        may,
        topic,
        key,
      };
    },
    prepare: async (data, page) => ({
      programmes: await fundingReads.programmes.get(ctx, {}),
      topics: await fundingReads.topics.get(ctx, { lang: page.locale }),
      // The items as the reader's class sees them, made once a minute and shared.
      items: data.items.length ? ((await registerItems.get(ctx, page, data.key))?.html ?? null) : null,
    }),
    render: (data, page, _request, view) =>
      RegisterPage({
        page,
        view: {
          items: data.items,
          itemsHtml: view.items,
          total: data.total,
          filter: data.filter,
          page: data.paging.page,
          limit: data.paging.limit,
          programmes: view.programmes,
          topics: view.topics,
          organisations: data.organisationNames,
          may: data.may,
          topic: data.topic,
        },
      }),
  });

  pageRoute(app, {
    path: '/funding/programmes',
    apiPath: '/programmes',
    policy: anyone,
    summary: 'The programmes of the register (Horizon Europe, URBACT IV …): period, budget, managing service',
    tag: 'funding',
    response: ProgrammeList,
    load: async () => ({ items: await fundingReads.programmes.get(ctx, {}) }),
    render: (data, page) => ProgrammesPage({ page, programmes: data.items }),
  });

  pageRoute(app, {
    path: '/funding/topics',
    policy: anyone,
    summary: 'Every topic that published items of the register carry, the most carried first, with how many',
    tag: 'funding',
    response: TopicList,
    load: async ({ request }) => ({ items: await fundingReads.topics.get(ctx, { lang: request.locale }) }),
    render: (data, page) => TopicsPage({ page, topics: data.items }),
  });

  pageRoute(app, {
    path: '/funding/programmes/:slug',
    apiPath: '/programmes/:slug',
    policy: anyone,
    summary: 'A programme and its items the caller may see, next deadline first',
    tag: 'funding',
    params: ProgrammeParams,
    response: ProgrammeDetail,
    load: async ({ params, actor, request }) => {
      const reader = await readerOf(ctx, actor);
      const programme = await fundingReads.programme.get(ctx, {
        slug: params.slug,
        lang: request.locale,
        audience: audienceKey(reader),
      });
      if (!programme) return null;
      // The reader's own (may they edit it, do they follow it), read fresh, beside the shared read.
      const target = await findFollowTarget(ctx.db, reader, { type: 'programme', key: programme.slug }, request.locale);
      const following = target ? await followStateOf(ctx.db, reader.userId, target) : null;
      return { ...programme, mayEdit: mayEdit(reader), following };
    },
    render: (data, page) => ProgrammePage({ page, programme: data, mayEdit: data.mayEdit, following: data.following }),
  });

  pageRoute(app, {
    path: '/funding/:id',
    policy: anyone,
    summary: 'An item of the register, whole: deadlines, who may apply, money, topics, its status now',
    tag: 'funding',
    params: OpportunityParams,
    response: OpportunityDetail,
    load: async ({ params, actor, request }) => {
      const found = await fundingReads.item.get(ctx, { id: params.id, lang: request.locale });
      if (!found) return null;
      // The one rule, with the reader read fresh: anyone else gets the 404 of a missing page.
      const reader = await readerOf(ctx, actor);
      const item = found as typeof found & { suggested_by: number | null };
      if (!maySee(reader, { state: item.state, suggestedBy: item.suggested_by })) return null;
      // The reader's own (may they edit it, do they follow it), read fresh, beside the shared read.
      const following = await followStateOf(ctx.db, reader.userId, { type: 'item', id: item.id });
      return { ...item, mayEdit: mayEdit(reader), following };
    },
    // Other parts' sections under the item (what it fits), for this reader: outside the shared read.
    prepare: async (o, page, { request }) => ({
      sections: await renderSections(ctx, page, 'content', {
        type: 'opportunity',
        id: o.id,
        query: sectionQuery(request.query),
      }),
    }),
    render: (o, page, request, { sections }) =>
      OpportunityPage({
        page,
        view: {
          o,
          html: o.body.trim() ? renderMarkdown(o.body) : '',
          readerZone: ownTimeZone(request.actor, ctx.config.timeZone) ?? ctx.config.timeZone,
          sections,
          mayEdit: o.mayEdit,
          following: o.following,
        },
      }),
  });
}
