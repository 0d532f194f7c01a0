// Test support for meetings' registration, waiting list, attendance and minutes: a meeting with
// registration open put straight into the database, and people registered for it directly (where
// the test is not about registering them).
import type { Kysely } from 'kysely';
import type { Database } from '../../src/core/db/types.js';
import { createUser } from '../../src/modules/accounts/index.js';
import { insertMeeting, nextNumber, type NewMeeting } from '../../src/modules/meetings/meetings.queries.js';

/** An instant `hours` from now, as stored (ISO-8601 UTC). */
export const inHours = (hours: number): string => new Date(Date.now() + hours * 3_600_000).toISOString();

/** Adds a public meeting with registration open (in Brussels, a day from now, two hours long) unless told. */
export async function openMeeting(
  db: Kysely<Database>,
  partnershipId: number,
  changes: Partial<Omit<NewMeeting, 'partnershipId' | 'number'>> = {},
): Promise<{ id: number; number: number }> {
  const startsAt = changes.startsAt ?? inHours(24);
  const number = await nextNumber(db, partnershipId);
  const id = await insertMeeting(db, {
    partnershipId,
    number,
    originalLang: 'en',
    title: `Registration test meeting ${number}`,
    description: '',
    startsAt,
    endsAt: changes.endsAt ?? new Date(Date.parse(startsAt) + 2 * 3_600_000).toISOString(),
    timeZone: 'Europe/Brussels',
    venue: 'Résidence Palace',
    address: 'Rue de la Loi 155',
    city: 'Brussels',
    country: 'BE',
    onlineUrl: null,
    hostOrganisationId: null,
    membersOnly: false,
    registrationOpen: true,
    capacity: null,
    registrationDeadline: null,
    createdBy: null,
    ...changes,
  });
  if (id === null) throw new Error(`meeting number ${number} taken`);
  return { id, number };
}

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
