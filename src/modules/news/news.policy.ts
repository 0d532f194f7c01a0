import { isSignedIn } from '../../core/auth/actor.js';
import { mayManage, maySeeMembersOnly, type Standing } from '../partnerships/index.js';

/** What a policy needs to know about a post. */
export interface PostFacts {
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

/**
 * Who may read a post: once out, anyone (members-only: members); before that (draft,
 * scheduled), its author and those who may publish it.
 */
export const mayRead = (s: Standing, post: PostFacts): boolean => {
  if (isOut(post)) return !post.membersOnly || maySeeMembersOnly(s);
  return isAuthor(s, post) || mayPublish(s);
};

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
