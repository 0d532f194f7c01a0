import { recordAudit } from '../../core/audit/audit.js';
import type { ModuleContext } from '../../core/module.js';
import { notify } from '../notifications/index.js';
import { partnershipReads } from '../partnerships/index.js';
import { fromFlag } from '../../core/db/dialect.js';
import { isoOf, type Meeting } from './meetings.queries.js';
import * as q from './meetings.registration.queries.js';
import {
  mayCancelNow,
  mayMarkAttendanceNow,
  registrationClosed,
  type RegistrationClosed,
} from './meetings.registration.policy.js';
import { markForIndex } from '../../core/search/search-index.js';

/** What registering gave: a seat, a place on the waiting list (its position), or why not. */
export type RegisterOutcome =
  | { ok: true; status: 'registered' | 'waiting'; already: boolean; position: number | null }
  | { ok: false; reason: RegistrationClosed | 'gone' };

export type CancelOutcome =
  | { ok: true; was: 'registered' | 'waiting'; promoted: number[] }
  | { ok: false; reason: 'started' | 'not-registered' | 'gone' };

/** The meeting's path after `/{lang}` (for notifications). */
export type MeetingPath = (meeting: Meeting) => string;

/** Where a person is on the waiting list (1 is next), inside the caller's transaction. */
async function positionOf(db: ModuleContext['db'], meetingId: number, registrationId: number): Promise<number> {
  const waiting = await q.firstWaiting(db, meetingId, 100_000);
  return waiting.findIndex((r) => r.id === registrationId) + 1;
}

/**
 * Registers a person: a seat while there is one, else the waiting list. In one transaction that
 * holds the meeting's row, so two people never take the last seat and one person never gets two
 * rows (the unique index `meeting_registrations_once` says so too): registering again says what
 * one has. A cancelled registration is renewed at the end of the queue.
 */
export async function register(
  ctx: ModuleContext,
  meetingId: number,
  userId: number,
  clock?: Date,
): Promise<RegisterOutcome> {
  return ctx.db.transaction().execute(async (trx): Promise<RegisterOutcome> => {
    const meeting = await q.lockMeeting(trx, ctx.dialect.name, meetingId);
    if (!meeting) return { ok: false, reason: 'gone' };
    // The time is read once the meeting's row is held: the waiting list's order is the order of the writes.
    const now = clock ?? new Date();
    const at = now.toISOString();
    const existing = await q.findRegistration(trx, meetingId, userId);
    if (existing && existing.status !== 'cancelled') {
      const position = existing.status === 'waiting' ? await positionOf(trx, meetingId, existing.id) : null;
      return { ok: true, status: existing.status, already: true, position };
    }
    const closed = registrationClosed(meeting, now);
    if (closed) return { ok: false, reason: closed };
    const { registered } = await q.countRegistrations(trx, meetingId);
    const status = meeting.capacity === null || registered < meeting.capacity ? 'registered' : 'waiting';
    let id: number | null;
    if (existing) id = (await q.setStatusIf(trx, existing.id, 'cancelled', status, at)) ? existing.id : null;
    else id = await q.insertRegistration(trx, meetingId, userId, status, at);
    if (id === null) {
      // Written by another request of the same person a moment ago: what it holds now.
      const held = await q.findRegistration(trx, meetingId, userId);
      if (!held || held.status === 'cancelled') return { ok: false, reason: 'gone' };
      const position = held.status === 'waiting' ? await positionOf(trx, meetingId, held.id) : null;
      return { ok: true, status: held.status, already: true, position };
    }
    const position = status === 'waiting' ? await positionOf(trx, meetingId, id) : null;
    return { ok: true, status, already: false, position };
  });
}

/**
 * Gives free seats to the waiting list, first come first served, inside the caller's
 * transaction (which holds the meeting's row); returns who moved up.
 */
async function moveUp(trx: ModuleContext['db'], meeting: Meeting, at: string): Promise<number[]> {
  const { registered } = await q.countRegistrations(trx, meeting.id);
  const free = meeting.capacity === null ? 100_000 : meeting.capacity - registered;
  if (free <= 0) return [];
  const promoted: number[] = [];
  for (const next of await q.firstWaiting(trx, meeting.id, free))
    if (await q.setStatusIf(trx, next.id, 'waiting', 'registered', at)) promoted.push(next.userId);
  return promoted;
}

/** Tells the people who moved up from the waiting list (in the transaction that moved them). */
async function tellPromoted(
  ctx: ModuleContext,
  trx: ModuleContext['db'],
  meeting: Meeting,
  promoted: number[],
  path: string,
): Promise<void> {
  for (const userId of promoted)
    await notify({ ...ctx, db: trx }, userId, {
      kind: 'meetings.notify.promoted',
      subject: meeting.title,
      path,
      about: { type: 'meeting', id: meeting.id },
      partnershipId: meeting.partnershipId,
      mail: true,
    });
}

/**
 * Cancels a person's registration or place on the waiting list, until the meeting starts. A
 * seat given up goes to the first on the waiting list, in the same transaction: the list moves
 * up exactly once however many cancel at the same moment.
 */
export async function cancel(
  ctx: ModuleContext,
  meetingId: number,
  userId: number,
  path: string,
  clock?: Date,
): Promise<CancelOutcome> {
  return ctx.db.transaction().execute(async (trx): Promise<CancelOutcome> => {
    const meeting = await q.lockMeeting(trx, ctx.dialect.name, meetingId);
    if (!meeting) return { ok: false, reason: 'gone' };
    const now = clock ?? new Date();
    const at = now.toISOString();
    const existing = await q.findRegistration(trx, meetingId, userId);
    if (!existing || existing.status === 'cancelled') return { ok: false, reason: 'not-registered' };
    if (!mayCancelNow(meeting, now)) return { ok: false, reason: 'started' };
    if (!(await q.setStatusIf(trx, existing.id, existing.status, 'cancelled', at)))
      return { ok: false, reason: 'not-registered' };
    const promoted = existing.status === 'registered' ? await moveUp(trx, meeting, at) : [];
    await tellPromoted(ctx, trx, meeting, promoted, path);
    return { ok: true, was: existing.status, promoted };
  });
}

/** The registration settings a coordinator sets. */
export interface RegistrationSettings {
  open: boolean;
  capacity: number | null;
  deadline: string | null;
}

export type SettingsOutcome =
  | { ok: true; changed: boolean; promoted: number[] }
  | { ok: false; field: 'capacity'; registered: number }
  | { ok: false; field: 'deadline' }
  | { ok: false; field: null };

/**
 * Changes whether registration is open, the seats and the deadline. The seats may not go below
 * the number registered (nobody loses a seat they were given); more seats move the waiting list
 * up; the deadline is at the latest the meeting's start. Audited once (a double submit changes
 * nothing the second time).
 */
export async function saveRegistrationSettings(
  ctx: ModuleContext,
  meetingId: number,
  settings: RegistrationSettings,
  actorId: number,
  path: string,
  clock?: Date,
): Promise<SettingsOutcome> {
  return ctx.db.transaction().execute(async (trx): Promise<SettingsOutcome> => {
    const meeting = await q.lockMeeting(trx, ctx.dialect.name, meetingId);
    if (!meeting) return { ok: false, field: null };
    const at = (clock ?? new Date()).toISOString();
    const { registered } = await q.countRegistrations(trx, meetingId);
    if (settings.capacity !== null && settings.capacity < registered)
      return { ok: false, field: 'capacity', registered };
    if (settings.deadline !== null && Date.parse(settings.deadline) > Date.parse(meeting.startsAt))
      return { ok: false, field: 'deadline' };
    const same =
      meeting.registrationOpen === settings.open &&
      meeting.capacity === settings.capacity &&
      meeting.registrationDeadline === settings.deadline;
    if (same) return { ok: true, changed: false, promoted: [] };
    await q.updateRegistrationSettings(trx, meetingId, settings, at);
    const promoted = await moveUp(trx, { ...meeting, capacity: settings.capacity }, at);
    await tellPromoted(ctx, trx, meeting, promoted, path);
    await recordAudit(trx, {
      actorId,
      action: 'meetings.registrationSettings',
      partnershipId: meeting.partnershipId,
      subjectType: 'meeting',
      subjectId: String(meeting.id),
      details: {
        open: settings.open ? 'yes' : 'no',
        capacity: settings.capacity ?? 'none',
        deadline: settings.deadline ?? 'none',
        movedUp: promoted.length,
      },
    });
    return { ok: true, changed: true, promoted };
  });
}

export type AttendanceOutcome = { ok: true; changed: number } | { ok: false; reason: 'early' | 'gone' };

/**
 * Marks who attended (true), who did not (false) or unmarks (null), by user id, for people who
 * hold a seat; once the meeting has begun. Audited once per save that changed something.
 */
export async function markAttendance(
  ctx: ModuleContext,
  meetingId: number,
  marks: Map<number, boolean | null>,
  actorId: number,
  now = new Date(),
): Promise<AttendanceOutcome> {
  return ctx.db.transaction().execute(async (trx): Promise<AttendanceOutcome> => {
    const meeting = await q.lockMeeting(trx, ctx.dialect.name, meetingId);
    if (!meeting) return { ok: false, reason: 'gone' };
    if (!mayMarkAttendanceNow(meeting, now)) return { ok: false, reason: 'early' };
    const current = new Map((await q.listRegistrations(trx, meetingId)).map((r) => [r.userId, r]));
    let changed = 0;
    for (const [userId, attended] of marks) {
      const registration = current.get(userId);
      if (!registration || registration.status !== 'registered' || registration.attended === attended) continue;
      if (await q.setAttended(trx, meetingId, userId, attended)) changed += 1;
    }
    if (changed > 0) {
      const counts = await q.countRegistrations(trx, meetingId);
      await recordAudit(trx, {
        actorId,
        action: 'meetings.attendance',
        partnershipId: meeting.partnershipId,
        subjectType: 'meeting',
        subjectId: String(meeting.id),
        details: { attended: counts.attended, registered: counts.registered },
      });
    }
    return { ok: true, changed };
  });
}

/** The minutes, outcomes and decisions a coordinator records. */
export interface MinutesRecord {
  minutes: string;
  outcomes: string;
  decisions: { text: string; actionRef: string | null }[];
}

/**
 * Records the minutes, outcomes and decisions (in their order) in one transaction; audited once
 * when something changed (the same record sent twice changes nothing the second time).
 */
export async function saveMinutes(
  ctx: ModuleContext,
  meetingId: number,
  record: MinutesRecord,
  actorId: number,
  now = new Date(),
): Promise<{ ok: true; changed: boolean } | { ok: false }> {
  return ctx.db.transaction().execute(async (trx) => {
    const meeting = await q.lockMeeting(trx, ctx.dialect.name, meetingId);
    if (!meeting) return { ok: false as const };
    const decisions = await q.decisionsOf(trx, meetingId);
    const same =
      meeting.minutes === record.minutes &&
      meeting.outcomes === record.outcomes &&
      decisions.length === record.decisions.length &&
      decisions.every((d, i) => d.text === record.decisions[i]!.text && d.actionRef === record.decisions[i]!.actionRef);
    if (same) return { ok: true as const, changed: false };
    await q.putMinutes(trx, meetingId, record, now.toISOString());
    await markForIndex(trx, 'meeting', [meetingId]);
    await recordAudit(trx, {
      actorId,
      action: 'meetings.minutes',
      partnershipId: meeting.partnershipId,
      subjectType: 'meeting',
      subjectId: String(meeting.id),
      details: { decisions: record.decisions.length },
    });
    return { ok: true as const, changed: true };
  });
}

/** Registered, waiting and attended, and the attendance figure the meeting page shows. */
export async function attendanceFigures(ctx: ModuleContext, meeting: Meeting) {
  const counts = await q.countRegistrations(ctx.db, meeting.id);
  return { ...counts, reported: meeting.attendanceReported };
}

// CSV files are the core's (core/csv.ts): the registrations list downloads through it.
export { csvCell, toCsv } from '../../core/csv.js';

/** A person's registrations, for "download my data". */
export async function exportRegistrations(ctx: ModuleContext, userId: number): Promise<Record<string, unknown>> {
  const rows = await ctx.db
    .selectFrom('meeting_registrations as r')
    .innerJoin('meetings', 'meetings.id', 'r.meeting_id')
    .select(['meetings.title', 'meetings.starts_at', 'r.status', 'r.attended', 'r.created_at', 'r.status_at'])
    .where('r.user_id', '=', userId)
    .orderBy('r.id')
    .execute();
  return {
    meetingRegistrations: rows.map((r) => ({
      meeting: r.title,
      startsAt: isoOf(r.starts_at),
      status: r.status,
      attended: r.attended === null ? null : fromFlag(r.attended),
      registeredAt: isoOf(r.created_at),
      since: isoOf(r.status_at),
    })),
  };
}

/**
 * Forgets a person's registrations when their account is deleted: a seat they held for a meeting
 * still to come goes to the first who waits (as when they cancel), then every row of theirs goes.
 */
export async function eraseRegistrations(ctx: ModuleContext, userId: number): Promise<void> {
  const now = new Date();
  const held = await ctx.db
    .selectFrom('meeting_registrations as r')
    .innerJoin('meetings', 'meetings.id', 'r.meeting_id')
    .select(['meetings.id', 'meetings.partnership_id', 'meetings.number'])
    .where('r.user_id', '=', userId)
    .where('r.status', '=', 'registered')
    .where('meetings.starts_at', '>', now.toISOString())
    .execute();
  for (const meeting of held) {
    const slug = await partnershipReads.slugOf.get(ctx, { id: meeting.partnership_id });
    await cancel(ctx, meeting.id, userId, `/partnerships/${slug}/meetings/${meeting.number}`, now);
  }
  await ctx.db.deleteFrom('meeting_registrations').where('user_id', '=', userId).execute();
}
