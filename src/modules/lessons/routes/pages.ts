import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { anyone } from '../../../core/auth/policy.js';
import { decodeTimeCursor, encodeTimeCursor } from '../../../core/http/cursors.js';
import { pageRoute } from '../../../core/http/routes.js';
import type { ModuleContext } from '../../../core/module.js';
import { renderSections, sectionQuery } from '../../../core/sections.js';
import { audienceOf, hubTabs, partnershipOfAddress, partnershipTitlesByIds } from '../../partnerships/index.js';
import { visibleLesson } from '../lessons.lookup.js';
import { audienceIn, mayEdit, mayReview, maySubmit, mayTranslate, mayWrite } from '../lessons.policy.js';
import { presentLesson, presentLessons } from '../lessons.present.js';
import { filterChoices, listLessons, type LessonFilter } from '../lessons.queries.js';
import {
  LessonDetail,
  LessonList,
  LessonParams,
  LessonQuery,
  ListQuery,
  PartnershipParams,
} from '../lessons.schema.js';
import { HubPage } from '../views/HubPage.js';
import { LessonPage, type LessonView } from '../views/LessonPage.js';
import { ListPage } from '../views/ListPage.js';

type ListQueryValue = {
  size?: string;
  country?: string;
  topic?: string;
  effort?: string;
  after?: string;
  limit?: number;
};

/** The filter of a list's query (the schema checked its values). */
const filterOf = (q: ListQueryValue): LessonFilter => ({
  size: (q.size || undefined) as LessonFilter['size'],
  country: q.country || undefined,
  topic: q.topic || undefined,
  effort: (q.effort || undefined) as LessonFilter['effort'],
});

/** The address of a list's next page: the same filter, and the cursor. */
function nextHref(base: string, query: ListQueryValue, next: string | null): string | null {
  if (!next) return null;
  const params = new URLSearchParams();
  for (const key of ['size', 'country', 'topic', 'effort'] as const) if (query[key]) params.set(key, query[key]);
  if (query.limit) params.set('limit', String(query.limit));
  params.set('after', next);
  return `${base}?${params.toString()}`;
}

/**
 * The pages that read lessons, each with its JSON twin: the list with its filters, a lesson whole,
 * and a partnership's lessons (its hub's tab). Every one applies the one visibility rule with the
 * reader read fresh (`audienceOf`, `standingIn`): a lesson not yet published is the author's and the
 * coordinators' alone, and a 404 for anyone else.
 */
export function pageRoutes(app: FastifyInstance, ctx: ModuleContext): void {
  pageRoute(app, {
    path: '/lessons',
    policy: anyone,
    summary: 'Lessons the reader may see, newest first, filtered by city size, country, topic and effort',
    tag: 'lessons',
    querystring: ListQuery,
    response: LessonList,
    load: async ({ query, request, actor }) => {
      const after = decodeTimeCursor(query.after);
      const audience = await audienceOf(ctx, actor);
      const page = await listLessons(ctx.db, {
        filter: filterOf(query),
        audience,
        locale: request.locale,
        ...(after ? { after } : {}),
        limit: query.limit ?? 20,
      });
      const next = page.next ? encodeTimeCursor(page.next) : null;
      return { items: await presentLessons(ctx, page.items, request.locale), next, query, audience };
    },
    prepare: async (data, page) => {
      const { membersOf } = data.audience;
      const [choices, mine] = await Promise.all([
        filterChoices(ctx.db, page.locale),
        membersOf === 'all' ? new Map() : partnershipTitlesByIds(ctx.db, page.locale, membersOf),
      ]);
      return { ...choices, writeFor: [...mine.values()] as { slug: string; title: string }[] };
    },
    render: (data, page, _request, view) =>
      ListPage({
        page,
        view: {
          items: data.items,
          nextHref: nextHref(page.href('/lessons'), data.query, data.next),
          filter: filterOf(data.query),
          ...view,
        },
      }),
  });

  pageRoute(app, {
    path: '/lessons/:slug',
    policy: anyone,
    summary: 'A lesson whole, in the reader’s language where it was translated (or the one asked for with `in`)',
    tag: 'lessons',
    params: LessonParams,
    querystring: LessonQuery,
    response: LessonDetail,
    load: async ({ params, query, request, actor }) => {
      const found = await visibleLesson(ctx, actor, params.slug, query.in ?? request.locale);
      if (!found) return null;
      const { lesson, standing } = found;
      // A language asked for that it is neither written nor translated in: no such page.
      if (query.in && lesson.shown.lang !== query.in) return null;
      const audience = audienceIn(standing, lesson.partnershipId);
      const whole = await presentLesson(ctx, lesson, await audienceOf(ctx, actor), request.locale, request.i18n.t);
      return {
        ...whole,
        view: {
          lesson: whole,
          partnership: { slug: whole.partnership, title: '' },
          may: {
            edit: mayEdit(standing, lesson),
            submit: maySubmit(standing, lesson),
            review: mayReview(standing, lesson),
            translate: mayTranslate(standing, lesson),
          },
          sections: [] as VNode[],
        } satisfies LessonView,
        id: lesson.id,
        partnershipId: lesson.partnershipId,
        audience,
      };
    },
    prepare: async (data, page, { request }) => lessonExtras(ctx, page, request, data.id, data.partnershipId),
    render: (data, page, _request, extras) =>
      LessonPage({ page, view: { ...data.view, partnership: extras.partnership, sections: extras.sections } }),
  });

  pageRoute(app, {
    path: '/partnerships/:slug/lessons',
    policy: anyone,
    summary: 'A partnership’s lessons that the reader may see, newest first',
    tag: 'lessons',
    params: PartnershipParams,
    querystring: ListQuery,
    response: LessonList,
    load: async ({ params, query, request, actor }) => {
      const found = await partnershipOfAddress(ctx, request, params.slug);
      if (!found) return null;
      const after = decodeTimeCursor(query.after);
      const page = await listLessons(ctx.db, {
        filter: { ...filterOf(query), partnershipId: found.id },
        audience: await audienceOf(ctx, actor),
        locale: request.locale,
        ...(after ? { after } : {}),
        limit: query.limit ?? 20,
      });
      const next = page.next ? encodeTimeCursor(page.next) : null;
      return { items: await presentLessons(ctx, page.items, request.locale), next, query, found };
    },
    render: (data, page) =>
      HubPage({
        page,
        view: {
          partnership: data.found.partnership,
          tabs: hubTabs(ctx),
          items: data.items,
          nextHref: nextHref(page.href(`/partnerships/${data.found.partnership.slug}/lessons`), data.query, data.next),
          mayWrite: mayWrite(data.found.standing),
        },
      }),
  });
}

/** What only the lesson's page shows: its partnership's title in the reader's language, and the comments under it. */
export async function lessonExtras(
  ctx: ModuleContext,
  page: Parameters<typeof renderSections>[1],
  request: FastifyRequest,
  id: number,
  partnershipId: number,
) {
  const [titles, sections] = await Promise.all([
    partnershipTitlesByIds(ctx.db, page.locale, [partnershipId]),
    renderSections(ctx, page, 'content', { type: 'lesson', id, query: sectionQuery(request.query) }),
  ]);
  const partnership = titles.get(partnershipId) ?? { slug: '', title: '' };
  return { partnership, sections };
}
