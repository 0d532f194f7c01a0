import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../core/db/types.js';
import { nowIso } from '../../core/db/dialect.js';
import type { ContentAudience, ModuleContext } from '../../core/module.js';
import { partnershipSlugsByIds } from '../partnerships/index.js';
import { meetingUid, renderCalendar, type CalendarEvent } from './meetings.ics.js';
import { toMeeting, visibleMeetings, type Meeting } from './meetings.queries.js';

type Db = Kysely<Database>;

/** A person's private calendar address: only the token's SHA-256 is kept. */
export interface MeetingCalendarTokenTable {
  user_id: number;
  token_hash: string;
  created_at: string;
}

/** Meetings' mails that went out, one row per (kind, meeting, sequence, person): none goes twice. */
export interface MeetingMailLogTable {
  key: string;
  user_id: number;
  sent_at: string;
}

declare module '../../core/db/types.js' {
  interface Database {
    meeting_calendar_tokens: MeetingCalendarTokenTable;
    meeting_mail_log: MeetingMailLogTable;
  }
}

/** At most this many meetings in one feed: the latest (those to come, then the most recent past ones). */
const FEED_SIZE = 500;

const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');

/** A token as the address carries it: 43 characters of base64url (32 random bytes). */
export const CALENDAR_TOKEN = /^[A-Za-z0-9_-]{43}$/;

/** Makes a person's private calendar token, replacing the one they had (which stops working). */
export async function newCalendarToken(db: Db, userId: number): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  const values = { user_id: userId, token_hash: hashOf(token), created_at: nowIso() };
  await db
    .insertInto('meeting_calendar_tokens')
    .values(values)
    .onConflict((oc) =>
      oc.column('user_id').doUpdateSet({ token_hash: values.token_hash, created_at: values.created_at }),
    )
    .execute();
  return token;
}

/** Revokes a person's calendar token; false when they had none. */
export async function revokeCalendarToken(db: Db, userId: number): Promise<boolean> {
  const result = await db.deleteFrom('meeting_calendar_tokens').where('user_id', '=', userId).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** When the person's current calendar token was made; null when they have none. */
export async function calendarTokenMadeAt(db: Db, userId: number): Promise<string | null> {
  const row = await db
    .selectFrom('meeting_calendar_tokens')
    .select('created_at')
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row ? new Date(row.created_at).toISOString() : null;
}

/** Whose calendar a token opens, read fresh; null for a token that is not (or no longer) one. */
export async function userOfCalendarToken(db: Db, token: string): Promise<number | null> {
  if (!CALENDAR_TOKEN.test(token)) return null;
  const row = await db
    .selectFrom('meeting_calendar_tokens')
    .select('user_id')
    .where('token_hash', '=', hashOf(token))
    .executeTakeFirst();
  return row?.user_id ?? null;
}

/** Where a meeting takes place, as one line: venue, address, city, country (its name in `locale`). */
export function placeOf(meeting: Meeting, locale: string): string {
  let country = meeting.country;
  if (/^[A-Z]{2}$/.test(country)) {
    try {
      country = new Intl.DisplayNames([locale, 'en'], { type: 'region' }).of(country) ?? country;
    } catch {
      // an unknown code stays as it is
    }
  }
  return [meeting.venue, meeting.address, meeting.city, country].filter((part) => part.trim() !== '').join(', ');
}

/** The public address of a meeting's page. */
export const meetingUrl = (base: string, lang: string, slug: string, number: number): string =>
  `${base}/${lang}/partnerships/${slug}/meetings/${number}`;

/** A meeting as a calendar event, in `lang` (the page's words around the meeting's own text). */
export function eventOf(
  ctx: Pick<ModuleContext, 'config'>,
  meeting: Meeting,
  slug: string,
  lang: string,
  summaryPrefix = '',
): CalendarEvent {
  const base = ctx.config.baseUrl.replace(/\/$/, '');
  const url = meetingUrl(base, lang, slug, meeting.number);
  const place = placeOf(meeting, lang);
  const description = [meeting.description.trim(), meeting.onlineUrl ?? '', url].filter(Boolean).join('\n\n');
  return {
    uid: meetingUid(meeting.id, ctx.config.baseUrl),
    sequence: meeting.sequence,
    startsAt: meeting.startsAt,
    endsAt: meeting.endsAt,
    timeZone: meeting.timeZone,
    summary: summaryPrefix + meeting.title,
    description,
    location: place || meeting.onlineUrl,
    url,
    cancelled: meeting.status === 'cancelled',
    updatedAt: meeting.updatedAt,
    lang: meeting.originalLang,
  };
}

/** A partnership's meetings this audience sees (the one visibility rule), the latest `FEED_SIZE`, in time order. */
export async function partnershipFeedMeetings(
  db: Db,
  partnershipId: number,
  audience: ContentAudience,
): Promise<Meeting[]> {
  const rows = await db
    .selectFrom('meetings')
    .selectAll()
    .where('partnership_id', '=', partnershipId)
    .where(visibleMeetings(audience))
    .orderBy('starts_at', 'desc')
    .orderBy('id', 'desc')
    .limit(FEED_SIZE)
    .execute();
  return rows.reverse().map(toMeeting);
}

/**
 * A person's meetings for their feed: those they are registered for or waiting for, that they
 * may still see (the latest `FEED_SIZE`, in time order); with each one's standing.
 */
export async function personFeedMeetings(
  db: Db,
  userId: number,
  audience: ContentAudience,
): Promise<{ meeting: Meeting; waiting: boolean }[]> {
  const rows = await db
    .selectFrom('meetings')
    .innerJoin('meeting_registrations as r', 'r.meeting_id', 'meetings.id')
    .selectAll('meetings')
    .select('r.status as registration')
    .where('r.user_id', '=', userId)
    .where('r.status', 'in', ['registered', 'waiting'])
    .where(visibleMeetings(audience))
    .orderBy('meetings.starts_at', 'desc')
    .orderBy('meetings.id', 'desc')
    .limit(FEED_SIZE)
    .execute();
  return rows
    .reverse()
    .map(({ registration, ...row }) => ({ meeting: toMeeting(row), waiting: registration === 'waiting' }));
}

/** The slugs of the meetings' partnerships, for their addresses. */
export const slugsOf = (db: Db, meetings: readonly Meeting[]) =>
  partnershipSlugsByIds(
    db,
    meetings.map((m) => m.partnershipId),
  );

export { renderCalendar };
