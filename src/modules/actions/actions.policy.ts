import type { ContentAudience } from '../../core/module.js';
import { mayManage, maySeeMembersOnly, type Standing } from '../partnerships/index.js';

/** What a policy needs to know about an action. */
export interface ActionFacts {
  partnershipId: number;
  membersOnly: boolean;
}

const among = (ids: readonly number[] | 'all', id: number) => ids === 'all' || ids.includes(id);

/**
 * The one rule of who sees an action (every surface applies it: the plan, the action's page and
 * history, the API, tag pages, the activity stream, a meeting's decisions): a public action
 * everyone, a members-only one the partnership's members (and administrators). `visibleActions`
 * in actions.queries.ts says the same as a filter of a query; a test holds them to agree.
 */
export const maySee = (a: ContentAudience, action: ActionFacts): boolean =>
  !action.membersOnly || among(a.membersOf, action.partnershipId) || among(a.editorOf, action.partnershipId);

/** A reader's standing in a partnership as the audience of its actions. */
export const audienceIn = (s: Standing, partnershipId: number): ContentAudience => ({
  membersOf: maySeeMembersOnly(s) ? [partnershipId] : [],
  editorOf: mayManage(s) ? [partnershipId] : [],
  userId: s.actor.kind === 'user' ? s.actor.id : null,
});

/** Who may read an action, by their standing in its partnership: the rule of `maySee`. */
export const mayRead = (s: Standing, a: ActionFacts): boolean => maySee(audienceIn(s, a.partnershipId), a);

/** The reader sees the partnership's members-only actions (a dimension of the shared reads). */
export const seesMembersOnly = (s: Standing): boolean => maySeeMembersOnly(s) || mayManage(s);

/**
 * Who may update an action (its status, progress, dates, deliverables, with an explanation):
 * the partnership's coordinators and administrators, and its members whose affiliation with one
 * of the action's lead organisations is confirmed (`affiliations`: the ids of those organisations,
 * read fresh). Anyone else may not, and is told nothing (a 404); they must also be able to read it.
 */
export function mayUpdate(
  s: Standing,
  action: ActionFacts & { leads: readonly number[] },
  affiliations: readonly number[],
): boolean {
  if (!mayRead(s, action)) return false;
  if (mayManage(s)) return true;
  return s.role !== null && action.leads.some((id) => affiliations.includes(id));
}

/**
 * Who may comment under an action: the partnership's members and administrators, of an action
 * they may read; everyone who may read it reads the comments.
 */
export const mayComment = (s: Standing, a: ActionFacts): boolean => mayRead(s, a) && maySeeMembersOnly(s);

/**
 * Who may import a file into a partnership's action plan (create actions and update any of them,
 * their organisations, children and visibility at once): its coordinators and administrators.
 */
export const mayImport = (s: Standing): boolean => mayManage(s);

/**
 * Who may add actions to a partnership's plan and merge two of them: its coordinators and the
 * platform's administrators. Anyone else may not, and is told nothing (a 404).
 */
export const mayPlan = (s: Standing): boolean => mayManage(s);
