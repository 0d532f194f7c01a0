import { sql, type Expression, type ExpressionBuilder, type Kysely, type Selectable, type SqlBool } from 'kysely';
import { fromFlag, toFlag } from '../../core/db/dialect.js';
import type { Database } from '../../core/db/types.js';
import type { ContentAudience } from '../../core/module.js';
import { preparedQuery } from '../../core/db/prepared.js';
import type { MeetingStatus, MeetingTable } from './meetings.tables.js';

type Db = Kysely<Database>;

export type MeetingRow = Selectable<MeetingTable>;

/** A meeting as the module works with it (instants as ISO-8601 UTC). */
export interface Meeting {
  id: number;
  partnershipId: number;
  number: number;
  originalLang: string;
  title: string;
  description: string;
  startsAt: string;
  endsAt: string;
  timeZone: string;
  venue: string;
  address: string;
  city: string;
  country: string;
  onlineUrl: string | null;
  hostOrganisationId: number | null;
  membersOnly: boolean;
  status: MeetingStatus;
  sequence: number;
  registrationOpen: boolean;
  capacity: number | null;
  registrationDeadline: string | null;
  minutes: string;
  outcomes: string;
  attendanceReported: number | null;
  createdBy: number | null;
  createdAt: string;
  updatedAt: string;
}

/** A stored time as ISO-8601 UTC (SQLite keeps it so; pg's parser gives it so; anything else is converted). */
const ISO_UTC = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
export const isoOf = (value: string): string => (ISO_UTC.test(value) ? value : new Date(value).toISOString());
const isoOrNull = (value: string | null): string | null => (value === null ? null : isoOf(value));

export const toMeeting = (row: MeetingRow): Meeting => ({
  id: row.id,
  partnershipId: row.partnership_id,
  number: row.number,
  originalLang: row.original_lang,
  title: row.title,
  description: row.description,
  startsAt: isoOf(row.starts_at),
  endsAt: isoOf(row.ends_at),
  timeZone: row.time_zone,
  venue: row.venue,
  address: row.address,
  city: row.city,
  country: row.country,
  onlineUrl: row.online_url,
  hostOrganisationId: row.host_organisation_id,
  membersOnly: fromFlag(row.members_only),
  status: row.status,
  sequence: Number(row.sequence),
  registrationOpen: fromFlag(row.registration_open),
  capacity: row.capacity,
  registrationDeadline: isoOrNull(row.registration_deadline),
  minutes: row.minutes,
  outcomes: row.outcomes,
  attendanceReported: row.attendance_reported,
  createdBy: row.created_by,
  createdAt: isoOf(row.created_at),
  updatedAt: isoOf(row.updated_at),
});

// Asked on every request for a meeting (whether it exists and who may see it is never taken from a
// cache: several nodes serve one site): compiled once, one indexed read.
const meetingByNumber = preparedQuery((db: Db, partnershipId: number, number: number) =>
  db.selectFrom('meetings').selectAll().where('partnership_id', '=', partnershipId).where('number', '=', number),
);
const meetingById = preparedQuery((db: Db, id: number) => db.selectFrom('meetings').selectAll().where('id', '=', id));

/** A meeting as stored, read fresh: its page and every action on it decide from this. */
export async function findMeetingByNumber(db: Db, partnershipId: number, number: number): Promise<Meeting | null> {
  const [row] = await meetingByNumber(db, partnershipId, number);
  return row ? toMeeting(row) : null;
}

/** A meeting as stored, read fresh, by its id (a comment's target, a job). */
export async function findMeetingById(db: Db, id: number): Promise<Meeting | null> {
  const [row] = await meetingById(db, id);
  return row ? toMeeting(row) : null;
}

export async function findMeetingsByIds(db: Db, ids: readonly number[]): Promise<Meeting[]> {
  if (ids.length === 0) return [];
  return (
    await db
      .selectFrom('meetings')
      .selectAll()
      .where('id', 'in', [...ids])
      .execute()
  ).map(toMeeting);
}

/**
 * `maySee` (meetings.policy.ts) as a filter of a query of `meetings`: the meetings this audience
 * sees. Every list of meetings applies it, here and in other modules (`visibleMeetingIds`).
 */
export function visibleMeetings(audience: ContentAudience) {
  return (eb: ExpressionBuilder<Database, 'meetings'>): Expression<SqlBool> => {
    const among = (ids: readonly number[] | 'all'): Expression<SqlBool> =>
      ids === 'all'
        ? sql<SqlBool>`1 = 1`
        : ids.length > 0
          ? eb('meetings.partnership_id', 'in', [...ids])
          : sql<SqlBool>`1 = 0`;
    return eb.or([
      eb('meetings.members_only', '=', toFlag(false) as never),
      among(audience.membersOf),
      among(audience.editorOf),
    ]);
  };
}

/** The ids of the meetings this audience sees, as a subquery for other modules' lists (activity, tags). */
export const visibleMeetingIds = (db: Db, audience: ContentAudience): Expression<number> =>
  db.selectFrom('meetings').select('meetings.id').where(visibleMeetings(audience)).$asScalar();

const membersFilter = (membersOnly: boolean) => (eb: ExpressionBuilder<Database, 'meetings'>) =>
  membersOnly ? sql<SqlBool>`1 = 1` : eb('meetings.members_only', '=', toFlag(false) as never);

/** A partnership's meetings that start at or after `from`, soonest first (members-only ones when `membersOnly`). */
export async function startingFrom(
  db: Db,
  partnershipId: number,
  membersOnly: boolean,
  from: Date,
  limit: number,
): Promise<Meeting[]> {
  const rows = await db
    .selectFrom('meetings')
    .selectAll()
    .where('partnership_id', '=', partnershipId)
    .where('starts_at', '>=', from.toISOString())
    .where(membersFilter(membersOnly))
    .orderBy('starts_at', 'asc')
    .orderBy('id', 'asc')
    .limit(limit)
    .execute();
  return rows.map(toMeeting);
}

/** A partnership's meetings that started before `before`, latest first, keyset on (starts_at, id). */
export async function startedBefore(
  db: Db,
  partnershipId: number,
  membersOnly: boolean,
  before: Date,
  limit: number,
  after?: { at: number; id: number },
): Promise<{ items: Meeting[]; next: { at: number; id: number } | null }> {
  let query = db
    .selectFrom('meetings')
    .selectAll()
    .where('partnership_id', '=', partnershipId)
    .where('starts_at', '<', before.toISOString())
    .where(membersFilter(membersOnly))
    .orderBy('starts_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit + 1);
  if (after) {
    const at = new Date(after.at).toISOString();
    query = query.where((eb) =>
      eb.or([eb('starts_at', '<', at), eb.and([eb('starts_at', '=', at), eb('id', '<', after.id)])]),
    );
  }
  const rows = (await query.execute()).map(toMeeting);
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, next: rows.length > limit && last ? { at: Date.parse(last.startsAt), id: last.id } : null };
}

/** The number the partnership's next meeting gets (one more than the highest so far). */
export async function nextNumber(db: Db, partnershipId: number): Promise<number> {
  const row = await db
    .selectFrom('meetings')
    .select((eb) => eb.fn.max('number').as('n'))
    .where('partnership_id', '=', partnershipId)
    .executeTakeFirst();
  return Number(row?.n ?? 0) + 1;
}

/** What a new meeting is made of (its number is given by the caller, in series). */
export interface NewMeeting {
  partnershipId: number;
  number: number;
  originalLang: string;
  title: string;
  description: string;
  startsAt: string;
  endsAt: string;
  timeZone: string;
  venue: string;
  address: string;
  city: string;
  country: string;
  onlineUrl: string | null;
  hostOrganisationId: number | null;
  membersOnly: boolean;
  status?: MeetingStatus;
  registrationOpen: boolean;
  capacity: number | null;
  registrationDeadline: string | null;
  minutes?: string;
  outcomes?: string;
  attendanceReported?: number | null;
  createdBy: number | null;
}

/** Inserts a meeting; null when its number is taken meanwhile (`meetings_number`: the caller tries the next). */
export async function insertMeeting(db: Db, m: NewMeeting, at = new Date().toISOString()): Promise<number | null> {
  const row = await db
    .insertInto('meetings')
    .values({
      partnership_id: m.partnershipId,
      number: m.number,
      original_lang: m.originalLang,
      title: m.title,
      description: m.description,
      starts_at: m.startsAt,
      ends_at: m.endsAt,
      time_zone: m.timeZone,
      venue: m.venue,
      address: m.address,
      city: m.city,
      country: m.country,
      online_url: m.onlineUrl,
      host_organisation_id: m.hostOrganisationId,
      members_only: toFlag(m.membersOnly),
      status: m.status ?? 'scheduled',
      registration_open: toFlag(m.registrationOpen),
      capacity: m.capacity,
      registration_deadline: m.registrationDeadline,
      minutes: m.minutes ?? '',
      outcomes: m.outcomes ?? '',
      attendance_reported: m.attendanceReported ?? null,
      created_by: m.createdBy,
      created_at: at,
      updated_at: at,
    })
    .onConflict((oc) => oc.columns(['partnership_id', 'number']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id ?? null;
}
