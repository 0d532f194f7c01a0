// Test support for meetings: a meeting put straight into the database (where the test is not about
// planning one), numbered next in its partnership's series.
import type { Kysely } from 'kysely';
import type { Database } from '../../src/core/db/types.js';
import { insertMeeting, nextNumber, type NewMeeting } from '../../src/modules/meetings/meetings.queries.js';

/** An instant `hours` from now, as stored (ISO-8601 UTC). */
export const hoursFromNow = (hours: number): string => new Date(Date.now() + hours * 3_600_000).toISOString();

/** What a test may choose of a meeting it adds (everything but where it belongs and its number). */
export type MeetingChanges = Partial<Omit<NewMeeting, 'partnershipId' | 'number'>>;

/**
 * Adds a meeting to a partnership (public, in Brussels, two hours long, a day from now, registration
 * closed unless told), titled by `titleOf` from its number.
 */
export async function addMeeting(
  db: Kysely<Database>,
  partnershipId: number,
  changes: MeetingChanges = {},
  titleOf: (number: number) => string = (number) => `Meeting ${number}`,
): Promise<{ id: number; number: number }> {
  const startsAt = changes.startsAt ?? hoursFromNow(24);
  const number = await nextNumber(db, partnershipId);
  const id = await insertMeeting(db, {
    partnershipId,
    number,
    originalLang: 'en',
    title: titleOf(number),
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
    registrationOpen: false,
    capacity: null,
    registrationDeadline: null,
    createdBy: null,
    ...changes,
  });
  if (id === null) throw new Error(`meeting number ${number} taken`);
  return { id, number };
}
