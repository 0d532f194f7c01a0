import type { ContentAudience } from '../../core/module.js';
import { mayManage, maySeeMembersOnly, type Standing } from '../partnerships/index.js';

/** What a policy needs to know about a meeting. */
export interface MeetingFacts {
  partnershipId: number;
  membersOnly: boolean;
}

const among = (ids: readonly number[] | 'all', id: number) => ids === 'all' || ids.includes(id);

/**
 * The one rule of who sees a meeting (every surface applies it: its page, the lists, the
 * overview's next meeting, the API, the activity stream, tags, the calendar feeds): a public
 * meeting everyone, a members-only one the partnership's members (and administrators).
 * A cancelled meeting stays visible, marked. `visibleMeetings` in meetings.queries.ts says the
 * same as a filter of a query; a test holds them to agree.
 */
export const maySee = (a: ContentAudience, m: MeetingFacts): boolean =>
  !m.membersOnly || among(a.membersOf, m.partnershipId) || among(a.editorOf, m.partnershipId);

/** A reader's standing in a partnership as the audience of its meetings. */
export const audienceIn = (s: Standing, partnershipId: number): ContentAudience => ({
  membersOf: maySeeMembersOnly(s) ? [partnershipId] : [],
  editorOf: mayManage(s) ? [partnershipId] : [],
  userId: s.actor.kind === 'user' ? s.actor.id : null,
});

/** Who may read a meeting, by their standing in its partnership: the rule of `maySee`. */
export const mayRead = (s: Standing, m: MeetingFacts): boolean => maySee(audienceIn(s, m.partnershipId), m);

/** The reader sees the partnership's members-only meetings (a dimension of the shared reads). */
export const seesMembersOnly = (s: Standing): boolean => maySeeMembersOnly(s) || mayManage(s);

/** Coordinators (and administrators) plan meetings: create, edit, the agenda, cancel. */
export const mayPlan = (s: Standing): boolean => mayManage(s);
