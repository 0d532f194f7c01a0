import type { Kysely } from 'kysely';
import { isSignedIn } from '../../core/auth/actor.js';
import type { Config } from '../../core/config.js';
import { nowIso } from '../../core/db/dialect.js';
import type { Database } from '../../core/db/types.js';
import { DEFAULT_LOCALE } from '../../core/i18n/locales.js';
import { enqueueJobOnce } from '../../core/jobs/queue.js';
import type { ModuleContext } from '../../core/module.js';
import { accountAddress } from '../accounts/index.js';
import { audienceOf, partnershipSlugsByIds } from '../partnerships/index.js';
import { placeOf } from './meetings.calendar.js';
import { maySee } from './meetings.policy.js';
import { findMeetingById, type Meeting } from './meetings.queries.js';

type Db = Kysely<Database>;

/**
 * Mails to the people registered for a meeting, through the job queue:
 *
 * - a reminder some hours before it starts (`URBIS_MEETING_REMINDER_HOURS`, 24; 0: none);
 * - a notice when it moves (time or place: its SEQUENCE went up) or is cancelled.
 *
 * Each is queued in the transaction that made the change, as a job for the whole meeting
 * (`meetings.reminder` at its time, `meetings.change` at once) that, when it runs, queues one
 * `meetings.mail` job per person. Every job has a key (kind, meeting, SEQUENCE, person), so
 * asking twice queues once; and the mail job writes the same key to `meeting_mail_log` before
 * it sends (taking it back when sending fails, for the retry): a mail whose job is run again
 * after a restart, a lost lease or a retry finds its key and sends nothing. A mail is about
 * the meeting as it is when it goes out: one whose meeting moved again since (a newer SEQUENCE)
 * is left out, since the newer change has its own; so is one to a person no longer registered,
 * or who may no longer see the meeting.
 */
export const REMINDER_JOB = 'meetings.reminder';
export const CHANGE_JOB = 'meetings.change';
export const MAIL_JOB = 'meetings.mail';

export type MailKind = 'reminder' | 'changed' | 'cancelled';
const KINDS: readonly MailKind[] = ['reminder', 'changed', 'cancelled'];

/** What a meeting's mails need to know of it when they are queued. */
export interface MeetingForMail {
  id: number;
  sequence: number;
  startsAt: string;
  status: 'scheduled' | 'cancelled';
}

/**
 * Queues the reminder of a meeting (once per meeting and SEQUENCE): at its start less the
 * configured hours, or at once when that is past and the meeting is still to come. Call it in
 * the transaction that plans or moves a meeting, and when someone registers (it is idempotent).
 */
export async function scheduleReminder(
  db: Db,
  config: Pick<Config, 'meetingReminderHours'>,
  meeting: MeetingForMail,
  now = new Date(),
): Promise<boolean> {
  if (meeting.status !== 'scheduled' || config.meetingReminderHours === 0) return false;
  const start = Date.parse(meeting.startsAt);
  if (!(start > now.getTime())) return false;
  const at = new Date(Math.max(now.getTime(), start - config.meetingReminderHours * 3_600_000));
  return enqueueJobOnce(
    db,
    REMINDER_JOB,
    `${REMINDER_JOB}:${meeting.id}:${meeting.sequence}`,
    { meeting: meeting.id, sequence: meeting.sequence },
    at,
  );
}

/**
 * After a meeting moved (its SEQUENCE went up) or was cancelled, in the same transaction: the
 * registered are told (once per meeting and SEQUENCE), and a moved meeting's reminder is queued
 * for its new time (the old one finds the SEQUENCE changed and sends nothing).
 */
export async function queueMeetingChanged(
  db: Db,
  config: Pick<Config, 'meetingReminderHours'>,
  meeting: MeetingForMail,
): Promise<void> {
  const kind: MailKind = meeting.status === 'cancelled' ? 'cancelled' : 'changed';
  await enqueueJobOnce(db, CHANGE_JOB, `${CHANGE_JOB}:${meeting.id}:${meeting.sequence}`, {
    meeting: meeting.id,
    sequence: meeting.sequence,
    kind,
  });
  await scheduleReminder(db, config, meeting);
}

/**
 * After a meeting was saved or cancelled, in the same transaction (`db` is it): when its SEQUENCE
 * went up (it moved, or was cancelled) the registered are told; either way its reminder is queued
 * for the time it has now (nothing new when it is queued already).
 */
export async function queueMailsAfterSave(
  db: Db,
  config: Pick<Config, 'meetingReminderHours'>,
  before: { id: number; sequence: number },
): Promise<void> {
  const now = await findMeetingById(db, before.id);
  if (!now) return;
  if (now.sequence !== before.sequence) await queueMeetingChanged(db, config, now);
  else await scheduleReminder(db, config, now);
}

const whole = (value: unknown): number | null =>
  typeof value === 'number' && Number.isSafeInteger(value) && value > 0 ? value : null;

function readPayload(
  payload: unknown,
): { meeting: number; sequence: number; user: number | null; kind: MailKind } | null {
  if (!payload || typeof payload !== 'object') return null;
  const p = payload as Record<string, unknown>;
  const meeting = whole(p.meeting);
  const sequence = typeof p.sequence === 'number' && Number.isSafeInteger(p.sequence) ? p.sequence : null;
  const kind = (p.kind ?? 'reminder') as MailKind;
  if (meeting === null || sequence === null || !KINDS.includes(kind)) return null;
  return { meeting, sequence, user: whole(p.user), kind };
}

/** Who gets a kind of mail: the registered; for a change or a cancellation, the waiting list too. */
const statusesFor = (kind: MailKind) => (kind === 'reminder' ? ['registered'] : ['registered', 'waiting']);

/** Is this mail still worth sending about the meeting as it is now? */
function stillDue(meeting: Meeting | null, sequence: number, kind: MailKind, now: Date): meeting is Meeting {
  if (!meeting || meeting.sequence !== sequence) return false;
  if (kind === 'reminder') return meeting.status === 'scheduled' && Date.parse(meeting.startsAt) > now.getTime();
  return kind === 'cancelled' ? meeting.status === 'cancelled' : meeting.status === 'scheduled';
}

/** A meeting's job (reminder or change): one mail job per person, each queued once. */
async function fanOut(ctx: ModuleContext, payload: unknown, reminder: boolean): Promise<void> {
  const job = readPayload(payload);
  if (!job) return;
  const kind: MailKind = reminder ? 'reminder' : job.kind;
  const meeting = await findMeetingById(ctx.db, job.meeting);
  if (!stillDue(meeting, job.sequence, kind, new Date())) return;
  const people = await ctx.db
    .selectFrom('meeting_registrations')
    .select('user_id')
    .where('meeting_id', '=', meeting.id)
    .where('status', 'in', statusesFor(kind) as never)
    .orderBy('id')
    .execute();
  for (const { user_id } of people) {
    await enqueueJobOnce(ctx.db, MAIL_JOB, mailKey(kind, meeting.id, job.sequence, user_id), {
      meeting: meeting.id,
      sequence: job.sequence,
      user: user_id,
      kind,
    });
  }
}

const mailKey = (kind: MailKind, meeting: number, sequence: number, user: number) =>
  `${MAIL_JOB}:${kind}:${meeting}:${sequence}:${user}`;

/** One person's mail about a meeting, in their language, at most once. */
export async function sendMeetingMail(ctx: ModuleContext, payload: unknown, now = new Date()): Promise<void> {
  const job = readPayload(payload);
  if (!job || job.user === null) return;
  const meeting = await findMeetingById(ctx.db, job.meeting);
  if (!stillDue(meeting, job.sequence, job.kind, now)) return;
  const registration = await ctx.db
    .selectFrom('meeting_registrations')
    .select('status')
    .where('meeting_id', '=', meeting.id)
    .where('user_id', '=', job.user)
    .executeTakeFirst();
  if (!registration || !statusesFor(job.kind).includes(registration.status)) return;
  const actor = await ctx.modules.find((m) => m.loadActor)?.loadActor?.(ctx, job.user);
  const email = await accountAddress(ctx.db, job.user);
  if (!actor || !isSignedIn(actor) || !email) return;
  if (!maySee(await audienceOf(ctx, actor), meeting)) return;
  const slug = (await partnershipSlugsByIds(ctx.db, [meeting.partnershipId])).get(meeting.partnershipId);
  if (!slug) return;

  // The key first: whatever runs this job again finds it and sends nothing.
  const key = mailKey(job.kind, meeting.id, job.sequence, job.user);
  const claimed = await ctx.db
    .insertInto('meeting_mail_log')
    .values({ key, user_id: job.user, sent_at: nowIso() })
    .onConflict((oc) => oc.column('key').doNothing())
    .returning('key')
    .executeTakeFirst();
  if (!claimed) return;

  const locale = actor.locale && ctx.languages.includes(actor.locale) ? actor.locale : DEFAULT_LOCALE;
  const i18n = ctx.i18n(locale);
  const base = ctx.config.baseUrl.replace(/\/$/, '');
  const path = `/partnerships/${slug}/meetings/${meeting.number}`;
  const zoned = i18n.inZone(meeting.timeZone);
  const values = {
    name: actor.displayName,
    site: i18n.t('core.site.name'),
    title: meeting.title,
    start: zoned.dateTime(meeting.startsAt, 'long'),
    end: zoned.dateTime(meeting.endsAt, 'long'),
    place: placeOf(meeting, locale) || meeting.onlineUrl || '',
    online: meeting.onlineUrl ?? '',
    link: `${base}/${locale}${path}`,
    calendar: `${base}/${locale}${path}/calendar.ics`,
  };
  try {
    await ctx.mailer.send({
      to: email,
      lang: locale,
      subject: i18n.t(`meetings.mail.${job.kind}.subject`, values),
      text: i18n.t(`meetings.mail.${job.kind}.body`, values),
    });
  } catch (error) {
    // Not sent: the key goes, so the queue's retry (with back-off) can send it.
    await ctx.db.deleteFrom('meeting_mail_log').where('key', '=', key).execute();
    throw error;
  }
}

/** The module's job handlers. */
export function reminderJobs(ctx: ModuleContext): Record<string, (payload: unknown) => Promise<void>> {
  return {
    [REMINDER_JOB]: (payload) => fanOut(ctx, payload, true),
    [CHANGE_JOB]: (payload) => fanOut(ctx, payload, false),
    [MAIL_JOB]: (payload) => sendMeetingMail(ctx, payload),
  };
}
