import type { FastifyInstance } from 'fastify';
import { anyone } from '../../../core/auth/policy.js';
import { decodeTimeCursor } from '../../../core/http/cursors.js';
import { HttpError } from '../../../core/http/http-error.js';
import { ownTimeZone } from '../../../core/i18n/time-zone.js';
import { pageRoute } from '../../../core/http/routes.js';
import type { ModuleContext } from '../../../core/module.js';
import { hubTabs } from '../../partnerships/index.js';
import { meetingList } from '../meetings.fragments.js';
import { partnershipFor } from '../meetings.lookup.js';
import { mayPlan, seesMembersOnly } from '../meetings.policy.js';
import { meetingReads } from '../meetings.reads.js';
import { ListQuery, MeetingList, PartnershipParams } from '../meetings.schema.js';
import { MeetingListPage } from '../views/MeetingListPage.js';

/** A partnership's meetings: upcoming ones (soonest first), then past ones by year, a page at a time. */
export function listRoutes(app: FastifyInstance, ctx: ModuleContext): void {
  pageRoute(app, {
    path: '/partnerships/:slug/meetings',
    policy: anyone,
    summary: 'A partnership’s meetings: upcoming, then past ones a page at a time',
    tag: 'meetings',
    params: PartnershipParams,
    querystring: ListQuery,
    response: MeetingList,
    load: async ({ params, query, request }) => {
      // A cursor this site did not give is a 400 before anything is looked for.
      decodeTimeCursor(query.after);
      const found = await partnershipFor(ctx, request, params.slug);
      if (!found) return null;
      // Fresh, every request: whether the reader sees members-only meetings is a dimension of the reads.
      const membersOnly = seesMembersOnly(found.standing);
      const key = { lang: request.locale, partnership: found.id, membersOnly };
      const [upcoming, past] = await Promise.all([
        query.after ? [] : meetingReads.upcoming.get(ctx, key),
        meetingReads.past.get(ctx, { ...key, after: query.after }),
      ]);
      return { upcoming, past: past.items, next: past.next, found, membersOnly };
    },
    prepare: async ({ found, membersOnly }, page, { query, request }) => {
      const zone = ownTimeZone(request.actor, ctx.config.timeZone);
      const key = { partnership: found.id, slug: found.partnership.slug, membersOnly, after: query.after, zone };
      const list = await meetingList.get(ctx, page, key);
      if (!list) throw new HttpError(404);
      return { list: list.html };
    },
    render: ({ found }, page, _request, { list }) =>
      MeetingListPage({
        page,
        view: { partnership: found.partnership, list, mayPlan: mayPlan(found.standing), tabs: hubTabs(ctx) },
      }),
  });
}
