import type { Actor } from '../../core/auth/actor.js';

/**
 * Who may do what with assessments. An organisation's assessments are its own: only the people
 * whose affiliation with it is confirmed (read fresh from the organisations module on every
 * request) start, fill in, submit and read them. Platform administrators are not let in: the
 * averages of a size band promise anonymity, which an administrator reading each city's answers
 * would undo. Anyone else gets the 404 of a missing page.
 */

/** The organisations a person is a confirmed member of, as the policies need them. */
export type Memberships = ReadonlySet<number>;

/** Whether the actor may see, fill in and submit this organisation's assessments. */
export const mayAssess = (actor: Actor, memberships: Memberships, organisationId: number): boolean =>
  actor.kind === 'user' && memberships.has(organisationId);

/** Whether the actor may change a given assessment now: one of its organisation's, still a draft. */
export const mayAnswer = (
  actor: Actor,
  memberships: Memberships,
  assessment: { organisationId: number; status: string },
): boolean => mayAssess(actor, memberships, assessment.organisationId) && assessment.status === 'draft';

/** Who edits the question set: platform administrators. */
export const mayEditQuestions = (actor: Actor): boolean => actor.kind === 'user' && actor.isAdmin;
