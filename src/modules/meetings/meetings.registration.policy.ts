import { isSignedIn } from '../../core/auth/actor.js';
import { mayManage, maySeeMembersOnly, type Standing } from '../partnerships/index.js';

/** What registration's rules read of a meeting. */
export interface RegistrationTerms {
  membersOnly: boolean;
  status: 'scheduled' | 'cancelled';
  startsAt: string;
  registrationOpen: boolean;
  registrationDeadline: string | null;
}

/**
 * Who may register for a meeting: for a members-only meeting, its partnership's members (and
 * administrators); for a public one, anyone signed in (a city that is not a member yet may come
 * to an open meeting). Nobody else learns a members-only meeting exists.
 */
export const mayRegister = (s: Standing, meeting: Pick<RegistrationTerms, 'membersOnly'>): boolean =>
  isSignedIn(s.actor) && (!meeting.membersOnly || maySeeMembersOnly(s));

/** See the list of who registered, export it, mark attendance, change the registration's settings. */
export const mayManageRegistrations = (s: Standing): boolean => mayManage(s);

/** Write the minutes, outcomes and decisions of a meeting. */
export const mayRecordMinutes = (s: Standing): boolean => mayManage(s);

/** Why registration is not possible now, or null when it is (`now` is the clock). */
export type RegistrationClosed = 'cancelled' | 'started' | 'closed' | 'deadline';

export function registrationClosed(meeting: RegistrationTerms, now: Date): RegistrationClosed | null {
  if (meeting.status === 'cancelled') return 'cancelled';
  if (Date.parse(meeting.startsAt) <= now.getTime()) return 'started';
  if (!meeting.registrationOpen) return 'closed';
  if (meeting.registrationDeadline !== null && Date.parse(meeting.registrationDeadline) < now.getTime())
    return 'deadline';
  return null;
}

/** A registration can be cancelled until the meeting starts. */
export const mayCancelNow = (meeting: Pick<RegistrationTerms, 'startsAt'>, now: Date): boolean =>
  Date.parse(meeting.startsAt) > now.getTime();

/** Attendance is marked once the meeting has begun. */
export const mayMarkAttendanceNow = (meeting: Pick<RegistrationTerms, 'startsAt'>, now: Date): boolean =>
  Date.parse(meeting.startsAt) <= now.getTime();
