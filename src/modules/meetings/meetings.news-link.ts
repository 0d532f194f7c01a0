import { h, type VNode } from 'preact';
import Type from 'typebox';
import type { Kysely } from 'kysely';
import { preparedQuery } from '../../core/db/prepared.js';
import type { Database } from '../../core/db/types.js';
import type { PageContext } from '../../core/views/page-context.js';
import { MAX_RELATION_NUMBER, relationNumberOf, type PostRelation } from '../news/index.js';
import { audienceIn, mayRead } from './meetings.policy.js';
import { meetingPath } from './meetings.present.js';
import { findMeetingByNumber, toMeeting, visibleMeetings, type Meeting } from './meetings.queries.js';
import { daysOf } from './views/parts.js';

type Db = Kysely<Database>;

/** "the 11th meeting (14 February 2019 – 15 February 2019, Luxembourg)". */
const lineText = (page: PageContext, m: Meeting): string =>
  page.t('meetings.newsLink.line', {
    ordinal: page.t('meetings.ordinal', { number: m.number }),
    when: m.city ? `${daysOf(page, m)}, ${m.city}` : daysOf(page, m),
  });

// Asked on every reading of a post (whether it reports on a meeting, and which, is read fresh:
// who may see the meeting is decided for this reader): one indexed read, compiled once.
const meetingsOfPost = preparedQuery((db: Db, postId: number) =>
  db
    .selectFrom('meeting_posts')
    .innerJoin('meetings', 'meetings.id', 'meeting_posts.meeting_id')
    .selectAll('meetings')
    .where('meeting_posts.post_id', '=', postId)
    .orderBy('meetings.number', 'desc'),
);

/** The post reports on no meeting any more (then, maybe, on `meetingId`), in the post's transaction. */
async function link(db: Db, postId: number, meetingId: number | null): Promise<void> {
  await db.deleteFrom('meeting_posts').where('post_id', '=', postId).execute();
  if (meetingId === null) return;
  // From the meetings table: a meeting deleted since it was checked links nothing (and fails nothing).
  await db
    .insertInto('meeting_posts')
    .columns(['meeting_id', 'post_id'])
    .expression((eb) =>
      eb
        .selectFrom('meetings')
        .select((s) => ['meetings.id', s.val(postId).as('post_id')])
        .where('meetings.id', '=', meetingId),
    )
    .execute();
}

/**
 * "Reports on meeting": a news post names the meeting of its partnership it reports on (news'
 * `postRelations`; stored in `meeting_posts`). The writer chooses among the meetings they may
 * see; the post's page and JSON name it only to readers who may see it (`maySee`, the one rule).
 */
export const meetingNewsLink: PostRelation = {
  name: 'meeting',
  order: 10,
  label: 'meetings.newsLink.field',
  hint: 'meetings.newsLink.hint',
  none: 'meetings.newsLink.none',
  schema: Type.Union([Type.Integer({ minimum: 1, maximum: MAX_RELATION_NUMBER }), Type.Null()], {
    description:
      'The number of the partnership’s meeting the post reports on (its place in the series: 11 for the 11th), ' +
      'or null for none. In a post’s JSON: null also when the reader may not see that meeting. ' +
      'Absent from a write: the post keeps the meeting it has.',
  }),

  async choices(ctx, place, page) {
    const rows = await ctx.db
      .selectFrom('meetings')
      .selectAll()
      .where('partnership_id', '=', place.partnershipId)
      .where(visibleMeetings(audienceIn(place.standing, place.partnershipId)))
      .orderBy('starts_at', 'desc')
      .orderBy('number', 'desc')
      .execute();
    return rows.map(toMeeting).map((m) => ({
      value: String(m.number),
      label: page.t('meetings.newsLink.choice', {
        ordinal: page.t('meetings.ordinal', { number: m.number }),
        title: m.title,
        days: daysOf(page, m),
      }),
    }));
  },

  async current(ctx, postId) {
    const [row] = await meetingsOfPost(ctx.db, postId);
    return row ? String(row.number) : '';
  },

  async check(ctx, place, raw) {
    const number = relationNumberOf(raw);
    if (number === null) return { ok: true, save: (db, postId) => link(db, postId, null) };
    const meeting = number === undefined ? null : await findMeetingByNumber(ctx.db, place.partnershipId, number);
    // Not a number, no such meeting here, or one this writer may not see: the same message.
    if (!meeting || !mayRead(place.standing, meeting)) return { ok: false, message: 'meetings.newsLink.unknown' };
    return { ok: true, save: (db, postId) => link(db, postId, meeting.id) };
  },

  async shown(ctx, place, postId) {
    const meeting = (await meetingsOfPost(ctx.db, postId))
      .map(toMeeting)
      .find((m) => m.partnershipId === place.partnershipId && mayRead(place.standing, m));
    if (!meeting) return { json: null, line: null };
    const path = meetingPath(place.partnershipSlug, meeting.number);
    return {
      json: meeting.number,
      line: (page): VNode =>
        h(
          'p',
          { class: 'meta' } as Record<string, string>,
          `${page.t('meetings.newsLink.reportsOn')} `,
          h('a', { href: page.href(path) }, lineText(page, meeting)),
        ),
    };
  },
};
