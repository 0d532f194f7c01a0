import type { FastifyInstance } from 'fastify';
import { anyone } from '../../../core/auth/policy.js';
import { decodeTimeCursor, encodeTimeCursor } from '../../../core/http/cursors.js';
import { pageRoute } from '../../../core/http/routes.js';
import type { ModuleContext } from '../../../core/module.js';
import { audienceOf, partnershipTitlesByIds } from '../../partnerships/index.js';
import { visiblePlaybook } from '../playbooks.lookup.js';
import { mayEdit, mayPublish, mayUnpublish } from '../playbooks.policy.js';
import { presentPlaybook, presentPlaybooks } from '../playbooks.present.js';
import { listPlaybooks } from '../playbooks.queries.js';
import { ListQuery, PlaybookDetail, PlaybookList, PlaybookParams, PlaybookQuery } from '../playbooks.schema.js';
import { ListPage } from '../views/ListPage.js';
import { PlaybookPage } from '../views/PlaybookPage.js';

/** The address of the list's next page. */
function nextHref(base: string, limit: number | undefined, next: string | null): string | null {
  if (!next) return null;
  const params = new URLSearchParams();
  if (limit) params.set('limit', String(limit));
  params.set('after', next);
  return `${base}?${params.toString()}`;
}

/**
 * The pages that read playbooks, each with its JSON twin: the list, and a playbook whole with its
 * chapters. Both apply the one visibility rule with the reader read fresh (`audienceOf`,
 * `standingIn`): a draft is its partnership's coordinators' alone, and a 404 for anyone else.
 */
export function pageRoutes(app: FastifyInstance, ctx: ModuleContext): void {
  pageRoute(app, {
    path: '/playbooks',
    policy: anyone,
    summary: 'Playbooks the reader may see, newest first',
    tag: 'playbooks',
    querystring: ListQuery,
    response: PlaybookList,
    load: async ({ query, request, actor }) => {
      const after = decodeTimeCursor(query.after);
      const audience = await audienceOf(ctx, actor);
      const page = await listPlaybooks(ctx.db, {
        audience,
        locale: request.locale,
        ...(after ? { after } : {}),
        limit: query.limit ?? 20,
      });
      const next = page.next ? encodeTimeCursor(page.next) : null;
      return { items: await presentPlaybooks(ctx, page.items, request.locale), next, limit: query.limit, audience };
    },
    prepare: async (data, page) => {
      const { editorOf } = data.audience;
      const mine = editorOf === 'all' ? new Map() : await partnershipTitlesByIds(ctx.db, page.locale, editorOf);
      return { writeFor: [...mine.values()] as { slug: string; title: string }[] };
    },
    render: (data, page, _request, view) =>
      ListPage({
        page,
        view: { items: data.items, nextHref: nextHref(page.href('/playbooks'), data.limit, data.next), ...view },
      }),
  });

  pageRoute(app, {
    path: '/playbooks/:slug',
    policy: anyone,
    summary:
      'A playbook whole, in the reader’s language where it was translated (or the one asked for with `in`), ' +
      'with its chapters (the lessons the reader may see)',
    tag: 'playbooks',
    params: PlaybookParams,
    querystring: PlaybookQuery,
    response: PlaybookDetail,
    load: async ({ params, query, request, actor }) => {
      const found = await visiblePlaybook(ctx, actor, params.slug, query.in ?? request.locale);
      if (!found) return null;
      const { playbook, standing } = found;
      // A language asked for that it is neither written nor translated in: no such page.
      if (query.in && playbook.shown.lang !== query.in) return null;
      const whole = await presentPlaybook(ctx, playbook, await audienceOf(ctx, actor), request.locale);
      const may = {
        edit: mayEdit(standing),
        publish: mayPublish(standing, playbook),
        unpublish: mayUnpublish(standing, playbook),
      };
      return { ...whole, may };
    },
    render: (data, page) => PlaybookPage({ page, view: { playbook: data, may: data.may } }),
  });
}
