// Test support for meetings' registration, waiting list, attendance and minutes: a meeting with
// registration open put straight into the database, and people registered for it directly (where
// the test is not about registering them).
import type { Kysely } from 'kysely';
import type { Database } from '../../src/core/db/types.js';
import { createUser } from '../../src/modules/accounts/index.js';
import { addMeeting, type MeetingChanges } from './meetings.js';

/** An instant `hours` from now, as stored (ISO-8601 UTC). */
export { hoursFromNow as inHours } from './meetings.js';

/** Adds a public meeting with registration open (in Brussels, a day from now, two hours long) unless told. */
export const openMeeting = (
  db: Kysely<Database>,
  partnershipId: number,
  changes: MeetingChanges = {},
): Promise<{ id: number; number: number }> =>
  addMeeting(db, partnershipId, { registrationOpen: true, ...changes }, (n) => `Registration test meeting ${n}`);

/** Makes `count` people (`seat-<n>@example.eu`) and registers them with `status`, one after the other. */
export async function registerPeople(
  db: Kysely<Database>,
  meetingId: number,
  count: number,
  status: 'registered' | 'waiting' = 'registered',
  prefix = 'seat',
): Promise<number[]> {
  const ids: number[] = [];
  for (let i = 1; i <= count; i++) {
    const id = await createUser(db, {
      email: `${prefix}-${i}@example.eu`,
      handle: `${prefix}-${i}`,
      displayName: `Seat Holder ${i}`,
      password: 'a long enough password',
    });
    const at = new Date(Date.now() - (count - i + 1) * 60_000).toISOString();
    await db
      .insertInto('meeting_registrations')
      .values({ meeting_id: meetingId, user_id: id, status, attended: null, created_at: at, status_at: at })
      .execute();
    ids.push(id);
  }
  return ids;
}

/** How many rows of a meeting's registrations have each status. */
export async function statusCounts(db: Kysely<Database>, meetingId: number): Promise<Record<string, number>> {
  const rows = await db
    .selectFrom('meeting_registrations')
    .select(['status', db.fn.countAll<number>().as('n')])
    .where('meeting_id', '=', meetingId)
    .groupBy('status')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}
