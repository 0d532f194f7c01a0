import { isSignedIn } from '../../core/auth/actor.js';
import type { ContentAudience } from '../../core/module.js';
import { mayManage, maySeeMembersOnly, type Standing } from '../partnerships/index.js';

/** What a policy needs to know about a post. */
export interface PostFacts {
  partnershipId: number;
  authorId: number | null;
  status: 'draft' | 'published';
  membersOnly: boolean;
  publishedAt: string | null;
}

/** Out for everyone: published, and its time has come. */
export const isOut = (post: PostFacts, now = Date.now()): boolean =>
  post.status === 'published' && post.publishedAt !== null && Date.parse(post.publishedAt) <= now;

const isAuthor = (s: Standing, post: PostFacts) => isSignedIn(s.actor) && post.authorId === s.actor.id;

/** Members of the partnership (and administrators) write posts. */
export const mayWrite = (s: Standing): boolean => isSignedIn(s.actor) && maySeeMembersOnly(s);

/** Coordinators (and administrators) publish and schedule. */
export const mayPublish = (s: Standing): boolean => mayManage(s);

const among = (ids: readonly number[] | 'all', id: number) => ids === 'all' || ids.includes(id);

/**
 * The one rule of who sees a post (every surface applies it: the post, the lists, the feeds,
 * tags, the activity stream, notifications, search). Once out (published, its time come; a
 * deleted post is gone): anyone, or, members-only, the partnership's members. Before that (a
 * draft, a scheduled post): its author and those who publish in the partnership.
 * `visiblePosts` in news.queries.ts says the same as a filter of a query; a test holds them
 * to agree.
 */
export const maySee = (a: ContentAudience, post: PostFacts, now = Date.now()): boolean => {
  if (isOut(post, now)) return !post.membersOnly || among(a.membersOf, post.partnershipId);
  return (a.userId !== null && post.authorId === a.userId) || among(a.editorOf, post.partnershipId);
};

/** A reader's standing in a partnership as the audience of its posts. */
const audienceIn = (s: Standing, partnershipId: number): ContentAudience => ({
  membersOf: maySeeMembersOnly(s) ? [partnershipId] : [],
  editorOf: mayPublish(s) ? [partnershipId] : [],
  userId: isSignedIn(s.actor) ? s.actor.id : null,
});

/** Who may read a post, by their standing in its partnership: the rule of `maySee`. */
export const mayRead = (s: Standing, post: PostFacts): boolean => maySee(audienceIn(s, post.partnershipId), post);

/** Its author while still a member, and coordinators. */
export const mayEdit = (s: Standing, post: PostFacts): boolean => (isAuthor(s, post) && mayWrite(s)) || mayPublish(s);

/** Members translate what they can read. */
export const mayTranslate = (s: Standing, post: PostFacts): boolean => mayWrite(s) && mayRead(s, post);

/**
 * Coordinators (and administrators) delete any post; its author one that is not out yet (a draft, a
 * scheduled post).
 */
export const mayDelete = (s: Standing, post: PostFacts): boolean =>
  mayPublish(s) || (isAuthor(s, post) && mayWrite(s) && !isOut(post));
