import type { Actor } from '../../core/auth/actor.js';
import type { CommentTarget } from '../../core/module.js';

/** What a comment is, for the rules below. */
export interface CommentState {
  authorId: number | null;
  deleted: boolean;
  hidden: boolean;
  /** Hidden by a moderator (rather than automatically, after reports). */
  hiddenByModerator: boolean;
  /** Reports since a moderator last cleared them. */
  reports: number;
}

const own = (c: CommentState, actor: Actor) => actor.kind === 'user' && c.authorId !== null && c.authorId === actor.id;
const live = (c: CommentState) => !c.deleted && !c.hidden;

/** Answer it: whoever may comment on the target, under a comment that is still there. */
export const mayReply = (c: CommentState, target: Pick<CommentTarget, 'mayComment'>): boolean =>
  target.mayComment && live(c);
/** Change its text: its author, while it is there and not hidden. */
export const mayEdit = (c: CommentState, actor: Actor): boolean => own(c, actor) && live(c);
/** Delete it: its author (the place in the thread stays). */
export const mayDelete = (c: CommentState, actor: Actor): boolean => own(c, actor) && !c.deleted;
/** Report it: any signed-in person but its author. */
export const mayReport = (c: CommentState, actor: Actor): boolean => actor.kind === 'user' && !own(c, actor) && live(c);
/**
 * Hide it with a reason: the target's moderators, while no moderator has (a comment hidden
 * automatically may be kept hidden with a reason the author then reads).
 */
export const mayHide = (c: CommentState, target: Pick<CommentTarget, 'mayModerate'>): boolean =>
  target.mayModerate && !c.deleted && !c.hiddenByModerator;
/**
 * Show it again, or dismiss the reports on a visible one: the target's moderators, when it is
 * hidden or reported (and not deleted).
 */
export const mayUnhide = (c: CommentState, target: Pick<CommentTarget, 'mayModerate'>): boolean =>
  target.mayModerate && !c.deleted && (c.hidden || c.reports > 0);

/**
 * Whether a report counts towards hiding a comment automatically: the reporter is of standing,
 * their address confirmed and their account at least `days` old (`URBIS_COMMENT_REPORTER_DAYS`,
 * 7 by default) at `now`. Accounts opened the same minute cannot hide anyone's comment; their
 * reports still reach the moderators. Null (unknown or deleted account): no.
 */
export const reportCounts = (
  account: { createdAt: string; confirmedAt: string | null } | null,
  now: number,
  days: number,
): boolean =>
  account !== null && account.confirmedAt !== null && Date.parse(account.createdAt) <= now - days * 86_400_000;
