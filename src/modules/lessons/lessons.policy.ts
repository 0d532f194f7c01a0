import { isSignedIn } from '../../core/auth/actor.js';
import type { ContentAudience } from '../../core/module.js';
import { mayManage, maySeeMembersOnly, type Standing } from '../partnerships/index.js';
import type { LessonState } from './lessons.tables.js';

/** What the rules need to know of a lesson. */
export interface LessonFacts {
  partnershipId: number;
  authorId: number | null;
  state: LessonState;
}

const among = (ids: readonly number[] | 'all', id: number) => ids === 'all' || ids.includes(id);

/**
 * The one rule of who sees a lesson (every surface applies it: the list and its filters, a
 * lesson's page, the hub's tab, tag pages, comments, the API, what other modules ask for): a
 * published lesson everyone; any other its author and its partnership's coordinators (and
 * administrators). Anyone else gets the 404 of a missing page. `visibleLessons`
 * (lessons.visibility.ts) says the same as a query filter; a test holds them to agree.
 */
export const maySee = (a: ContentAudience, l: LessonFacts): boolean =>
  l.state === 'published' || (a.userId !== null && l.authorId === a.userId) || among(a.editorOf, l.partnershipId);

/** A reader's standing in a partnership as the audience of its lessons. */
export const audienceIn = (s: Standing, partnershipId: number): ContentAudience => ({
  membersOf: maySeeMembersOnly(s) ? [partnershipId] : [],
  editorOf: mayManage(s) ? [partnershipId] : [],
  userId: isSignedIn(s.actor) ? s.actor.id : null,
});

const isAuthor = (s: Standing, l: LessonFacts) => isSignedIn(s.actor) && l.authorId === s.actor.id;

/** Who may write a lesson for a partnership: its members (and administrators). */
export const mayWrite = (s: Standing): boolean => isSignedIn(s.actor) && maySeeMembersOnly(s);

/**
 * Who may edit a lesson: its author while still a member of the partnership, and the
 * partnership's coordinators (and administrators). An author's edit of a published lesson sends
 * it back to review (`lessons.service.ts`); a coordinator's leaves its state alone.
 */
export const mayEdit = (s: Standing, l: LessonFacts): boolean =>
  mayManage(s) || (isAuthor(s, l) && maySeeMembersOnly(s));

/** Who may send a draft or a returned lesson for review: whoever may edit it. */
export const maySubmit = (s: Standing, l: LessonFacts): boolean =>
  (l.state === 'draft' || l.state === 'returned') && mayEdit(s, l);

/** Who may publish a submitted lesson, or return it with a note: the partnership's coordinators. */
export const mayReview = (s: Standing, l: LessonFacts): boolean => l.state === 'submitted' && mayManage(s);

/**
 * Who may translate a lesson into another language: those who may edit it, and, once it is
 * published, any member of its partnership.
 */
export const mayTranslate = (s: Standing, l: LessonFacts): boolean =>
  mayEdit(s, l) || (l.state === 'published' && mayWrite(s));

/** Who may comment under a lesson: anyone signed in who sees it (cities ask its authors questions). */
export const mayComment = (s: Standing, l: LessonFacts): boolean =>
  isSignedIn(s.actor) && maySee(audienceIn(s, l.partnershipId), l);
