import type { FastifyInstance } from 'fastify';
import { anyone } from '../../core/auth/policy.js';
import { decodeTimeCursor } from '../../core/http/cursors.js';
import { pageRoute } from '../../core/http/routes.js';
import type { ModuleContext } from '../../core/module.js';
import { findUserByHandle } from '../accounts/index.js';
import { activityAcrossList } from './activity.across.js';
import { membersKey } from './activity.service.js';
import { audienceOf } from './membership.service.js';
import { partnershipReads } from './partnerships.reads.js';
import { ActivityAcrossDoc, ActivityAcrossQuery } from './partnerships.schema.js';
import { ActivityAcrossPage } from './views/ActivityAcross.js';

/**
 * `/{lang}/activity` and `/api/v1/activity`: what happened across every partnership, as the reader
 * may see it (the same rule as a partnership's stream: members-only lines for its members), newest
 * first, a page at a time (`before`); with `person`, only what that person did.
 */
export function registerActivityRoutes(app: FastifyInstance, ctx: ModuleContext): void {
  pageRoute(app, {
    path: '/activity',
    policy: anyone,
    summary: 'What happened across the partnerships the reader may see (or what one person did), newest first',
    tag: 'partnerships',
    querystring: ActivityAcrossQuery,
    response: ActivityAcrossDoc,
    load: async ({ query, request, actor }) => {
      // A cursor this site did not give is a 400 before anything is looked for.
      const before = query.before === '' ? undefined : query.before;
      decodeTimeCursor(before, 'before');
      const person = query.person ? await findUserByHandle(ctx.db, query.person) : null;
      if (query.person && !person) return null;
      // Fresh, every request: whose members-only lines the reader sees.
      const members = membersKey(await audienceOf(ctx, actor));
      const key = { members, person: person?.id, size: 'page' as const, before };
      const { items, next } = await partnershipReads.across.get(ctx, { ...key, lang: request.locale });
      return {
        items: items.map(({ message: _, ...line }) => line),
        next,
        key,
        person: person ? { handle: person.handle, displayName: person.displayName } : null,
      };
    },
    // The HTML page shows the shared list, and pages on from what it shows.
    prepare: async ({ key }, page) => {
      const list = await activityAcrossList.get(ctx, page, key);
      return { list: list?.html ?? null, next: list?.props.next ?? null };
    },
    render: ({ person }, page, _request, { list, next }) => {
      const more = (cursor: string) => {
        const query = new URLSearchParams({ ...(person ? { person: person.handle } : {}), before: cursor });
        return page.href(`/activity?${query.toString()}`);
      };
      return ActivityAcrossPage({ page, person, list, next: next ? more(next) : null });
    },
  });
}
