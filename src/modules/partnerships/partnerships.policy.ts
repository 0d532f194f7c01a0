import type { Actor } from '../../core/auth/actor.js';
import { isSignedIn } from '../../core/auth/actor.js';
import type { PersonRole } from './partnerships.schema.js';

/**
 * Who may do what in a partnership: pure functions of the actor and their role there
 * (`null` when they are not a member). Platform administrators may do everything.
 */
export interface Standing {
  actor: Actor;
  role: PersonRole | null;
}

const isAdmin = ({ actor }: Standing) => isSignedIn(actor) && actor.isAdmin;

/** Members-only pages and activity: members of this partnership and administrators. */
export const maySeeMembersOnly = (s: Standing): boolean => isAdmin(s) || s.role !== null;

/** Edit the partnership, invite, decide on requests, change roles, read its audit log. */
export const mayManage = (s: Standing): boolean => isAdmin(s) || s.role === 'coordinator';

/** Hide comments and deal with reports (used by the news module). */
export const mayModerate = (s: Standing): boolean => mayManage(s) || s.role === 'moderator';

/** Ask to join: a signed-in person who is not a member yet. */
export const mayAskToJoin = (s: Standing): boolean => isSignedIn(s.actor) && s.role === null;

/** Leave: any member, except the last coordinator (a partnership must keep one). */
export const mayLeave = (s: Standing, coordinators: number): boolean =>
  s.role !== null && !(s.role === 'coordinator' && coordinators <= 1);
