import type { Kysely } from 'kysely';
import { toFlag } from '../../core/db/dialect.js';
import type { Database } from '../../core/db/types.js';
import { ensureTags, setTaggings } from '../tags/index.js';
import * as q from './meetings.queries.js';
import { markForIndex } from '../../core/search/search-index.js';
import { markMeetingOfItem } from './meetings.search.js';
import { followAsAuthor } from '../follows/index.js';

type Db = Kysely<Database>;

/** What a meeting is made of, checked (instants as ISO-8601 UTC). */
export type MeetingInput = Pick<
  q.Meeting,
  | 'title'
  | 'description'
  | 'startsAt'
  | 'endsAt'
  | 'timeZone'
  | 'venue'
  | 'address'
  | 'city'
  | 'country'
  | 'onlineUrl'
  | 'hostOrganisationId'
  | 'membersOnly'
  | 'registrationOpen'
  | 'capacity'
  | 'registrationDeadline'
> & {
  /** The language the title and description are written in. */
  lang: string;
  organisationIds: number[];
  userIds: number[];
  tags: string[];
};

/** The participating organisations and people of a meeting, in the order given (replacing those before). */
export async function setParticipants(
  db: Db,
  meetingId: number,
  organisationIds: readonly number[],
  userIds: readonly number[],
): Promise<void> {
  await db.deleteFrom('meeting_organisations').where('meeting_id', '=', meetingId).execute();
  await db.deleteFrom('meeting_people').where('meeting_id', '=', meetingId).execute();
  const orgs = [...new Set(organisationIds)];
  const people = [...new Set(userIds)];
  if (orgs.length > 0) {
    await db
      .insertInto('meeting_organisations')
      .values(orgs.map((organisation_id, i) => ({ meeting_id: meetingId, organisation_id, position: i + 1 })))
      .execute();
  }
  if (people.length > 0) {
    await db
      .insertInto('meeting_people')
      .values(people.map((user_id, i) => ({ meeting_id: meetingId, user_id, position: i + 1 })))
      .execute();
  }
}

/** A meeting's tags: public ones are listed on tag pages for everyone, members-only ones for members. */
export async function setMeetingTags(
  db: Db,
  meeting: { id: number; partnershipId: number; membersOnly: boolean; createdAt: string },
  labels: readonly string[] | undefined,
  lang: string,
): Promise<void> {
  await setTaggings(db, {
    type: 'meeting',
    id: meeting.id,
    tagIds: labels === undefined ? undefined : await ensureTags(db, [...labels], lang),
    publishedAt: meeting.createdAt,
    isPublic: !meeting.membersOnly,
    partnershipId: meeting.partnershipId,
  });
}

/**
 * Plans a meeting: the next number of the partnership's series (taken again when another
 * request took it meanwhile), its participants and tags. Run inside a transaction.
 */
export async function createMeeting(
  db: Db,
  partnershipId: number,
  input: MeetingInput,
  createdBy: number | null,
  at = new Date().toISOString(),
): Promise<{ id: number; number: number }> {
  for (let attempt = 0; ; attempt++) {
    const number = await q.nextNumber(db, partnershipId);
    const id = await q.insertMeeting(
      db,
      {
        partnershipId,
        number,
        originalLang: input.lang,
        title: input.title,
        description: input.description,
        startsAt: input.startsAt,
        endsAt: input.endsAt,
        timeZone: input.timeZone,
        venue: input.venue,
        address: input.address,
        city: input.city,
        country: input.country,
        onlineUrl: input.onlineUrl,
        hostOrganisationId: input.hostOrganisationId,
        membersOnly: input.membersOnly,
        registrationOpen: input.registrationOpen,
        capacity: input.capacity,
        registrationDeadline: input.registrationDeadline,
        createdBy,
      },
      at,
    );
    if (id !== null) {
      await setParticipants(db, id, input.organisationIds, input.userIds);
      await setMeetingTags(
        db,
        { id, partnershipId, membersOnly: input.membersOnly, createdAt: at },
        input.tags,
        input.lang,
      );
      await markForIndex(db, 'meeting', [id]);
      // Whoever plans it follows it (follows module).
      await followAsAuthor(db, createdBy, { type: 'meeting', id });
      return { id, number };
    }
    if (attempt >= 5) throw new Error('no free meeting number');
  }
}

/** What moves a meeting in calendars: a change of any of these bumps its SEQUENCE. */
export const MOVES = ['startsAt', 'endsAt', 'timeZone', 'venue', 'address', 'city', 'country', 'onlineUrl'] as const;

/**
 * Saves a meeting's changes, conditional on the row being as it was read (`updated_at`): false
 * when it changed meanwhile (nothing is saved). Its SEQUENCE goes up when its time or place moved.
 * Registration (open, capacity, deadline) has its own form (meetings.registration.ts), not this one.
 */
export async function updateMeeting(db: Db, before: q.Meeting, input: MeetingInput): Promise<boolean> {
  const moved = MOVES.some((k) => before[k] !== input[k]);
  const at = new Date().toISOString();
  const result = await db
    .updateTable('meetings')
    .set((eb) => ({
      title: input.title,
      description: input.description,
      original_lang: input.lang,
      starts_at: input.startsAt,
      ends_at: input.endsAt,
      time_zone: input.timeZone,
      venue: input.venue,
      address: input.address,
      city: input.city,
      country: input.country,
      online_url: input.onlineUrl,
      host_organisation_id: input.hostOrganisationId,
      members_only: toFlag(input.membersOnly),
      sequence: moved ? eb('sequence', '+', 1) : eb.ref('sequence'),
      updated_at: at,
    }))
    .where('id', '=', before.id)
    .where('updated_at', '=', before.updatedAt)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) return false;
  await setParticipants(db, before.id, input.organisationIds, input.userIds);
  await setMeetingTags(
    db,
    { id: before.id, partnershipId: before.partnershipId, membersOnly: input.membersOnly, createdAt: before.createdAt },
    input.tags,
    input.lang,
  );
  await markForIndex(db, 'meeting', [before.id]);
  return true;
}

/** Cancels a scheduled meeting (once: false when it was cancelled already); its SEQUENCE goes up. */
export async function cancelMeeting(db: Db, meetingId: number): Promise<boolean> {
  const result = await db
    .updateTable('meetings')
    .set((eb) => ({
      status: 'cancelled' as const,
      sequence: eb('sequence', '+', 1),
      updated_at: new Date().toISOString(),
    }))
    .where('id', '=', meetingId)
    .where('status', '=', 'scheduled')
    .executeTakeFirst();
  await markForIndex(db, 'meeting', [meetingId]);
  return Number(result.numUpdatedRows) === 1;
}

/** An agenda item as checked (instants as ISO-8601 UTC); speakers are people or organisations by id. */
export interface AgendaItemInput {
  title: string;
  description: string;
  startsAt: string | null;
  endsAt: string | null;
  parentId: number | null;
  speakers: ({ userId: number } | { organisationId: number })[];
}

async function setSpeakers(db: Db, itemId: number, speakers: AgendaItemInput['speakers']): Promise<void> {
  await db.deleteFrom('meeting_agenda_speakers').where('item_id', '=', itemId).execute();
  if (speakers.length === 0) return;
  await db
    .insertInto('meeting_agenda_speakers')
    .values(
      speakers.map((s, i) => ({
        item_id: itemId,
        position: i + 1,
        user_id: 'userId' in s ? s.userId : null,
        organisation_id: 'organisationId' in s ? s.organisationId : null,
      })),
    )
    .execute();
}

/** Adds an item at the end of the agenda (or of its item's sub-items). */
export async function addAgendaItem(db: Db, meetingId: number, input: AgendaItemInput): Promise<number> {
  const last = await db
    .selectFrom('meeting_agenda_items')
    .select((eb) => eb.fn.max('position').as('p'))
    .where('meeting_id', '=', meetingId)
    .where((eb) => (input.parentId === null ? eb('parent_id', 'is', null) : eb('parent_id', '=', input.parentId)))
    .executeTakeFirst();
  const row = await db
    .insertInto('meeting_agenda_items')
    .values({
      meeting_id: meetingId,
      parent_id: input.parentId,
      position: Number(last?.p ?? 0) + 1,
      title: input.title,
      description: input.description,
      starts_at: input.startsAt,
      ends_at: input.endsAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await setSpeakers(db, row.id, input.speakers);
  await markForIndex(db, 'meeting', [meetingId]);
  return row.id;
}

export async function findAgendaItem(db: Db, meetingId: number, itemId: number) {
  return (
    (await db
      .selectFrom('meeting_agenda_items')
      .selectAll()
      .where('meeting_id', '=', meetingId)
      .where('id', '=', itemId)
      .executeTakeFirst()) ?? null
  );
}

/** Changes an item's text, times and speakers (its place stays). */
export async function updateAgendaItem(
  db: Db,
  itemId: number,
  input: Omit<AgendaItemInput, 'parentId'>,
): Promise<void> {
  await db
    .updateTable('meeting_agenda_items')
    .set({ title: input.title, description: input.description, starts_at: input.startsAt, ends_at: input.endsAt })
    .where('id', '=', itemId)
    .execute();
  await setSpeakers(db, itemId, input.speakers);
  await markMeetingOfItem(db, itemId);
}

/** Removes an item (and its sub-items); the items after it close up. */
export async function deleteAgendaItem(
  db: Db,
  item: { id: number; meeting_id: number; parent_id: number | null; position: number },
): Promise<void> {
  await markForIndex(db, 'meeting', [item.meeting_id]);
  await db.deleteFrom('meeting_agenda_items').where('parent_id', '=', item.id).execute();
  await db.deleteFrom('meeting_agenda_items').where('id', '=', item.id).execute();
  await db
    .updateTable('meeting_agenda_items')
    .set((eb) => ({ position: eb('position', '-', 1) }))
    .where('meeting_id', '=', item.meeting_id)
    .where((eb) => (item.parent_id === null ? eb('parent_id', 'is', null) : eb('parent_id', '=', item.parent_id)))
    .where('position', '>', item.position)
    .execute();
}

/** Swaps an item with its neighbour above or below among its siblings; false at the edge. */
export async function moveAgendaItem(
  db: Db,
  item: { id: number; meeting_id: number; parent_id: number | null; position: number },
  direction: 'up' | 'down',
): Promise<boolean> {
  const neighbour = await db
    .selectFrom('meeting_agenda_items')
    .select(['id', 'position'])
    .where('meeting_id', '=', item.meeting_id)
    .where((eb) => (item.parent_id === null ? eb('parent_id', 'is', null) : eb('parent_id', '=', item.parent_id)))
    .where('position', direction === 'up' ? '<' : '>', item.position)
    .orderBy('position', direction === 'up' ? 'desc' : 'asc')
    .limit(1)
    .executeTakeFirst();
  if (!neighbour) return false;
  await db
    .updateTable('meeting_agenda_items')
    .set({ position: neighbour.position })
    .where('id', '=', item.id)
    .execute();
  await db
    .updateTable('meeting_agenda_items')
    .set({ position: item.position })
    .where('id', '=', neighbour.id)
    .execute();
  return true;
}
