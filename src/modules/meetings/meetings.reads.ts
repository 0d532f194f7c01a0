import { decodeTimeCursor, encodeTimeCursor } from '../../core/http/cursors.js';
import { defineReads, dim, read } from '../../core/shared/index.js';
import { presentMeeting, presentMeetings } from './meetings.present.js';
import * as q from './meetings.queries.js';

/** Upcoming meetings a list shows, at most. */
export const UPCOMING_SHOWN = 50;
/** Past meetings a page of the list shows. */
export const PAST_PAGE = 30;

/**
 * What many readers of meetings share, kept until the next write (see ARCHITECTURE.md, "Making a
 * page fast"). What the reader may see is a dimension of each key (`membersOnly`); whether a
 * meeting exists and they may see it is read fresh on every request (`meetings.lookup.ts`).
 * "Upcoming" and "past" turn with the clock: kept per minute, and a meeting is upcoming only
 * when it starts at or after the end of the minute (`until`), so no page shows it as upcoming
 * once it started; the rest is past (or under way).
 */
export const meetingReads = defineReads('meetings', {
  upcoming: read({
    key: { lang: dim.language, partnership: dim.id, membersOnly: dim.flag },
    clock: 60,
    load: async (ctx, k, time) => {
      const meetings = await q.startingFrom(ctx.db, k.partnership, k.membersOnly, time.until, UPCOMING_SHOWN);
      return presentMeetings(ctx, meetings, k.lang);
    },
  }),
  /** A page of the meetings that started, latest first (`after`: the cursor of the page before). */
  past: read({
    key: { lang: dim.language, partnership: dim.id, membersOnly: dim.flag, after: dim.optional(dim.text) },
    clock: 60,
    load: async (ctx, k, time) => {
      const { items, next } = await q.startedBefore(
        ctx.db,
        k.partnership,
        k.membersOnly,
        time.until,
        PAST_PAGE,
        decodeTimeCursor(k.after),
      );
      return { items: await presentMeetings(ctx, items, k.lang), next: next ? encodeTimeCursor(next) : null };
    },
  }),
  /** A meeting as readers of a language see it (agenda, participants, tags, attachments). */
  shown: read({
    key: { meeting: dim.id, lang: dim.language },
    load: async (ctx, k) => {
      const meeting = await q.findMeetingById(ctx.db, k.meeting);
      return meeting ? presentMeeting(ctx, meeting, k.lang) : null;
    },
  }),
});
