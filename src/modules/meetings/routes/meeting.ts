import type { FastifyInstance } from 'fastify';
import { anyone } from '../../../core/auth/policy.js';
import { HttpError } from '../../../core/http/http-error.js';
import { ownTimeZone } from '../../../core/i18n/time-zone.js';
import { pageRoute } from '../../../core/http/routes.js';
import type { ModuleContext } from '../../../core/module.js';
import { renderSections } from '../../../core/sections.js';
import { followButton } from '../../follows/index.js';
import { hubTabs } from '../../partnerships/index.js';
import { meetingBody } from '../meetings.fragments.js';
import { readableMeeting } from '../meetings.lookup.js';
import { meetingPageParts } from '../meetings.page-parts.js';
import { mayPlan } from '../meetings.policy.js';
import { meetingPath } from '../meetings.present.js';
import { meetingReads } from '../meetings.reads.js';
import { MeetingDetail, MeetingParams } from '../meetings.schema.js';
import { MeetingPage } from '../views/MeetingPage.js';

/** The query string as text, for other modules' sections under the meeting (the comments' paging). */
const textQuery = (query: unknown): Record<string, string | undefined> =>
  Object.fromEntries(
    Object.entries((query ?? {}) as Record<string, unknown>).map(([k, v]) => [
      k,
      typeof v === 'string' ? v : undefined,
    ]),
  );

/** What the page says was just done (`?done=`); anything else says nothing. */
const DONE = ['created', 'saved', 'cancelled'] as const;
const doneOf = (query: unknown): (typeof DONE)[number] | null => {
  const done = (query as Record<string, unknown> | undefined)?.done;
  return DONE.find((d) => d === done) ?? null;
};

/** One meeting: details, agenda, participants; the parts of registration and minutes; comments. */
export function meetingRoutes(app: FastifyInstance, ctx: ModuleContext): void {
  pageRoute(app, {
    path: '/partnerships/:slug/meetings/:number',
    policy: anyone,
    summary: 'One meeting: when and where, host, participants, agenda',
    tag: 'meetings',
    params: MeetingParams,
    response: MeetingDetail,
    load: async ({ params, request }) => {
      // Whether it exists and the reader may see it is read fresh; the rest comes from the shared reads.
      const got = await readableMeeting(ctx, request, params.slug, params.number);
      if (!got) return null;
      const shown = await meetingReads.shown.get(ctx, { meeting: got.meeting.id, lang: request.locale });
      if (!shown) return null;
      return { ...shown, got };
    },
    prepare: async ({ got }, page, { request }) => {
      const { found, meeting } = got;
      const path = meetingPath(found.partnership.slug, meeting.number);
      const view = { meeting, partnership: { id: found.id, slug: found.partnership.slug }, standing: found.standing };
      const parts = [...meetingPageParts].sort((a, b) => a.order - b.order);
      const [body, sections, rendered, follow] = await Promise.all([
        // The reader's own zone (read with their row, fresh) keys the body: readers never share another's.
        meetingBody.get(ctx, page, { meeting: meeting.id, zone: ownTimeZone(request.actor, ctx.config.timeZone) }),
        renderSections(ctx, page, 'content', { type: 'meeting', id: meeting.id, query: textQuery(request.query) }),
        Promise.all(
          parts.map(async (part) => ({
            place: part.place,
            node: await part.render(page, ctx, { ...view, path, request }),
          })),
        ),
        // The reader's own follow button (follows module), its state read fresh.
        followButton(ctx, page, { type: 'meeting', id: meeting.id }),
      ]);
      if (!body) throw new HttpError(404);
      const placed = (place: 'registration' | 'after') =>
        rendered.flatMap((r) => (r.place === place && r.node ? [r.node] : []));
      return { body: body.html, sections, registration: placed('registration'), after: placed('after'), follow };
    },
    render: ({ got, ...meeting }, page, request, prepared) =>
      MeetingPage({
        page,
        meeting,
        view: {
          partnership: got.found.partnership,
          tabs: hubTabs(ctx),
          ...prepared,
          mayPlan: mayPlan(got.found.standing),
          done: doneOf(request.query),
        },
      }),
  });
}
