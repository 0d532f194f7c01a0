import { sql, type Kysely } from 'kysely';
import { fromFlag, toFlag, type DialectName } from '../../core/db/dialect.js';
import type { Database } from '../../core/db/types.js';
import type { ContentAudience } from '../../core/module.js';
import { isoOf, toMeeting, visibleMeetings, type Meeting } from './meetings.queries.js';
import type { RegistrationStatus } from './meetings.tables.js';

type Db = Kysely<Database>;

/** One person's registration as the module works with it. */
export interface Registration {
  id: number;
  meetingId: number;
  userId: number;
  status: RegistrationStatus;
  attended: boolean | null;
  createdAt: string;
  statusAt: string;
}

const toRegistration = (row: {
  id: number;
  meeting_id: number;
  user_id: number;
  status: RegistrationStatus;
  attended: number | boolean | null;
  created_at: string;
  status_at: string;
}): Registration => ({
  id: row.id,
  meetingId: row.meeting_id,
  userId: row.user_id,
  status: row.status,
  attended: row.attended === null ? null : fromFlag(row.attended),
  createdAt: isoOf(row.created_at),
  statusAt: isoOf(row.status_at),
});

/**
 * The meeting's row, read inside a transaction that changes its registrations or decisions, and
 * held until it ends on PostgreSQL (`FOR UPDATE`): registrations for one meeting are counted and
 * written one after the other, so the seats are never over-filled. SQLite runs one write
 * transaction at a time.
 */
export async function lockMeeting(db: Db, dialect: DialectName, meetingId: number): Promise<Meeting | null> {
  let query = db.selectFrom('meetings').selectAll().where('id', '=', meetingId);
  if (dialect === 'postgres') query = query.forUpdate();
  const row = await query.executeTakeFirst();
  return row ? toMeeting(row) : null;
}

export async function findRegistration(db: Db, meetingId: number, userId: number): Promise<Registration | null> {
  const row = await db
    .selectFrom('meeting_registrations')
    .selectAll()
    .where('meeting_id', '=', meetingId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row ? toRegistration(row) : null;
}

/** How many hold a seat (registered) and how many wait, and how many of the registered attended. */
export async function countRegistrations(
  db: Db,
  meetingId: number,
): Promise<{ registered: number; waiting: number; attended: number }> {
  const row = await db
    .selectFrom('meeting_registrations')
    .select([
      sql<number>`count(case when status = 'registered' then 1 end)`.as('registered'),
      sql<number>`count(case when status = 'waiting' then 1 end)`.as('waiting'),
      sql<number>`count(case when status = 'registered' and attended = ${toFlag(true)} then 1 end)`.as('attended'),
    ])
    .where('meeting_id', '=', meetingId)
    .executeTakeFirst();
  return {
    registered: Number(row?.registered ?? 0),
    waiting: Number(row?.waiting ?? 0),
    attended: Number(row?.attended ?? 0),
  };
}

/** A new registration; null when the person has one for this meeting already (one row per person and meeting). */
export async function insertRegistration(
  db: Db,
  meetingId: number,
  userId: number,
  status: 'registered' | 'waiting',
  at: string,
): Promise<number | null> {
  const row = await db
    .insertInto('meeting_registrations')
    .values({ meeting_id: meetingId, user_id: userId, status, attended: null, created_at: at, status_at: at })
    .onConflict((oc) => oc.columns(['meeting_id', 'user_id']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id ?? null;
}

/** Changes a registration's status when it is still `from`: false when it was not (changed meanwhile). */
export async function setStatusIf(
  db: Db,
  id: number,
  from: RegistrationStatus,
  to: RegistrationStatus,
  at: string,
): Promise<boolean> {
  const result = await db
    .updateTable('meeting_registrations')
    .set({ status: to, status_at: at, attended: null })
    .where('id', '=', id)
    .where('status', '=', from)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** The first `limit` on the waiting list, in the order they joined it. */
export async function firstWaiting(db: Db, meetingId: number, limit: number): Promise<Registration[]> {
  const rows = await db
    .selectFrom('meeting_registrations')
    .selectAll()
    .where('meeting_id', '=', meetingId)
    .where('status', '=', 'waiting')
    .orderBy('status_at', 'asc')
    .orderBy('id', 'asc')
    .limit(limit)
    .execute();
  return rows.map(toRegistration);
}

/** Everyone registered or waiting (the coordinators' list), the registered first, each in the order they came. */
export async function listRegistrations(db: Db, meetingId: number): Promise<Registration[]> {
  const rows = await db
    .selectFrom('meeting_registrations')
    .selectAll()
    .where('meeting_id', '=', meetingId)
    .where('status', 'in', ['registered', 'waiting'])
    .orderBy(sql`case when status = 'registered' then 0 else 1 end`)
    .orderBy('status_at', 'asc')
    .orderBy('id', 'asc')
    .execute();
  return rows.map(toRegistration);
}

/** Marks whether a registered person attended (null: not marked); false when they are not registered. */
export async function setAttended(db: Db, meetingId: number, userId: number, attended: boolean | null) {
  const result = await db
    .updateTable('meeting_registrations')
    .set({ attended: attended === null ? null : toFlag(attended) })
    .where('meeting_id', '=', meetingId)
    .where('user_id', '=', userId)
    .where('status', '=', 'registered')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function updateRegistrationSettings(
  db: Db,
  meetingId: number,
  settings: { open: boolean; capacity: number | null; deadline: string | null },
  at: string,
): Promise<void> {
  await db
    .updateTable('meetings')
    .set({
      registration_open: toFlag(settings.open),
      capacity: settings.capacity,
      registration_deadline: settings.deadline,
      updated_at: at,
    })
    .where('id', '=', meetingId)
    .execute();
}

/** A person's registrations (not the cancelled ones), with their meetings, soonest first. */
export async function registrationsOf(
  db: Db,
  userId: number,
  audience: ContentAudience,
): Promise<{ registration: Registration; meeting: Meeting }[]> {
  const rows = await db
    .selectFrom('meeting_registrations as r')
    .innerJoin('meetings', 'meetings.id', 'r.meeting_id')
    .selectAll('meetings')
    .select([
      'r.id as r_id',
      'r.status as r_status',
      'r.attended as r_attended',
      'r.created_at as r_created_at',
      'r.status_at as r_status_at',
    ])
    .where('r.user_id', '=', userId)
    .where('r.status', 'in', ['registered', 'waiting'])
    .where(visibleMeetings(audience))
    .orderBy('meetings.starts_at', 'desc')
    .orderBy('meetings.id', 'desc')
    .limit(500)
    .execute();
  return rows.map((row) => ({
    meeting: toMeeting(row),
    registration: toRegistration({
      id: row.r_id,
      meeting_id: row.id,
      user_id: userId,
      status: row.r_status,
      attended: row.r_attended,
      created_at: row.r_created_at,
      status_at: row.r_status_at,
    }),
  }));
}

/** A meeting's decisions, in order. */
export async function decisionsOf(
  db: Db,
  meetingId: number,
): Promise<{ id: number; position: number; text: string; actionRef: string | null }[]> {
  const rows = await db
    .selectFrom('meeting_decisions')
    .select(['id', 'position', 'text', 'action_ref'])
    .where('meeting_id', '=', meetingId)
    .orderBy('position', 'asc')
    .orderBy('id', 'asc')
    .execute();
  return rows.map((r) => ({ id: r.id, position: r.position, text: r.text, actionRef: r.action_ref }));
}

/**
 * The decisions that name an action (`action_ref`: the action's id), of the meetings `audience`
 * may see (the one rule, `visibleMeetings`), newest meeting first: what the action plan module
 * shows on an action's page.
 */
export async function decisionsNamingAction(
  db: Db,
  actionId: number,
  audience: ContentAudience,
): Promise<
  { meetingId: number; partnershipId: number; number: number; startsAt: string; title: string; text: string }[]
> {
  const rows = await db
    .selectFrom('meeting_decisions')
    .innerJoin('meetings', 'meetings.id', 'meeting_decisions.meeting_id')
    .select([
      'meetings.id as meetingId',
      'meetings.partnership_id as partnershipId',
      'meetings.number as number',
      'meetings.starts_at as startsAt',
      'meetings.title as title',
      'meeting_decisions.text as text',
    ])
    .where('meeting_decisions.action_ref', '=', String(actionId))
    .where(visibleMeetings(audience))
    .orderBy('meetings.starts_at', 'desc')
    .orderBy('meeting_decisions.position')
    .execute();
  return rows.map((r) => ({ ...r, startsAt: isoOf(r.startsAt) }));
}

/** Replaces the minutes, outcomes and decisions of a meeting (inside the caller's transaction). */
export async function putMinutes(
  db: Db,
  meetingId: number,
  record: { minutes: string; outcomes: string; decisions: { text: string; actionRef: string | null }[] },
  at: string,
): Promise<void> {
  await db
    .updateTable('meetings')
    .set({ minutes: record.minutes, outcomes: record.outcomes, updated_at: at })
    .where('id', '=', meetingId)
    .execute();
  await db.deleteFrom('meeting_decisions').where('meeting_id', '=', meetingId).execute();
  if (record.decisions.length > 0)
    await db
      .insertInto('meeting_decisions')
      .values(
        record.decisions.map((d, i) => ({
          meeting_id: meetingId,
          position: i + 1,
          text: d.text,
          action_ref: d.actionRef,
          created_at: at,
        })),
      )
      .execute();
}
