/**
 * iCalendar (RFC 5545) text for meetings: a partnership's feed, a person's feed, one meeting
 * for "Add to calendar". Pure: no database, no clock but the `stamp` it is given.
 *
 * Times are written in the meeting's own zone (`DTSTART;TZID=Europe/Brussels:20250330T100000`)
 * with a VTIMEZONE worked out here from the zone's offsets as `Intl` knows them: one observance
 * per change of offset in the years the events span, so a calendar shows the right time on
 * either side of a change to or from summer time, whatever its own zone database says.
 */

import { zoneClock } from '../../core/i18n/time-zone.js';
import { foldLine, icsText as escapeText } from '../../core/ics.js';

export { escapeText, foldLine };

/** One meeting as a calendar event. */
export interface CalendarEvent {
  /** Stable per meeting and site (`meetingUid`). */
  uid: string;
  /** Goes up whenever the time, the place or the status changes (RFC 5545 SEQUENCE). */
  sequence: number;
  /** UTC instants (ISO 8601). */
  startsAt: string;
  endsAt: string;
  /** The meeting's IANA time zone. */
  timeZone: string;
  summary: string;
  description?: string | null;
  location?: string | null;
  url?: string | null;
  cancelled?: boolean;
  /** When the meeting was last changed (ISO 8601), if known. */
  updatedAt?: string | null;
  /** The language its text is written in (LANGUAGE on SUMMARY, DESCRIPTION and LOCATION). */
  lang?: string | null;
}

export interface CalendarOptions {
  /** The calendar's name as apps show it (X-WR-CALNAME, NAME). */
  name: string;
  /** DTSTAMP: when this text was made. */
  stamp: Date;
  events: readonly CalendarEvent[];
}

const CRLF = '\r\n';

/** The whole calendar, CRLF line ends, lines folded at 75 octets. */
export function renderCalendar(options: CalendarOptions): string {
  const lines: string[] = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Urbis//Meetings//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `NAME:${escapeText(options.name)}`,
    `X-WR-CALNAME:${escapeText(options.name)}`,
    'REFRESH-INTERVAL;VALUE=DURATION:PT6H',
  ];
  // One VTIMEZONE per zone the events use, covering the years they span.
  const years = new Map<string, { from: number; to: number }>();
  for (const event of options.events) {
    const from = new Date(event.startsAt).getUTCFullYear();
    const to = new Date(event.endsAt).getUTCFullYear();
    const known = years.get(event.timeZone);
    years.set(event.timeZone, {
      from: Math.min(known?.from ?? from, from),
      to: Math.max(known?.to ?? to, to),
    });
  }
  for (const [zone, span] of [...years].sort(([a], [b]) => a.localeCompare(b))) {
    lines.push(...timeZoneLines(zone, span.from, span.to));
  }
  const stamp = utcStamp(options.stamp);
  for (const event of options.events) {
    const language =
      event.lang && /^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/.test(event.lang) ? `;LANGUAGE=${event.lang}` : '';
    const zone = paramValue(event.timeZone);
    lines.push(
      'BEGIN:VEVENT',
      `UID:${escapeText(event.uid)}`,
      `DTSTAMP:${stamp}`,
      `DTSTART;TZID=${zone}:${wallClock(event.startsAt, event.timeZone)}`,
      `DTEND;TZID=${zone}:${wallClock(event.endsAt, event.timeZone)}`,
      `SEQUENCE:${Math.max(0, Math.trunc(event.sequence))}`,
      `STATUS:${event.cancelled ? 'CANCELLED' : 'CONFIRMED'}`,
      `SUMMARY${language}:${escapeText(event.summary)}`,
    );
    if (event.location) lines.push(`LOCATION${language}:${escapeText(event.location)}`);
    if (event.description) lines.push(`DESCRIPTION${language}:${escapeText(event.description)}`);
    if (event.url) lines.push(`URL:${uriText(event.url)}`);
    if (event.updatedAt) lines.push(`LAST-MODIFIED:${utcStamp(new Date(event.updatedAt))}`);
    lines.push('END:VEVENT');
  }
  lines.push('END:VCALENDAR');
  return lines.map(foldLine).join(CRLF) + CRLF;
}

/** A meeting's UID: the same in every feed and download of one site, different on another site. */
export function meetingUid(meetingId: number, baseUrl: string): string {
  return `meeting-${meetingId}@${new URL(baseUrl).host}`;
}

/** A URI value has no escapes; it must not carry a line break or a control character. */
function uriText(value: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are what it drops
  return value.replace(/[\u0000-\u001f\u007f\s]/g, '');
}

/** A parameter value (TZID): quoted when it holds `:`, `;` or `,`; never a quote or control character. */
function paramValue(value: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are what it drops
  const clean = value.replace(/[\u0000-\u001f\u007f"]/g, '');
  return /[:;,]/.test(clean) ? `"${clean}"` : clean;
}

/** `20250330T080000Z` */
function utcStamp(date: Date): string {
  return date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

/** The zone's wall clock at an instant, as numbers. */
function wallParts(ms: number, zone: string): { y: number; mo: number; d: number; h: number; mi: number; s: number } {
  const p: Record<string, number> = {};
  for (const part of zoneClock(zone).formatToParts(new Date(ms))) {
    if (part.type !== 'literal') p[part.type] = Number(part.value);
  }
  return { y: p.year!, mo: p.month!, d: p.day!, h: p.hour! % 24, mi: p.minute!, s: p.second! };
}

/** The zone's offset from UTC at an instant, in seconds. */
export function offsetAt(ms: number, zone: string): number {
  const w = wallParts(ms, zone);
  const shown = Date.UTC(w.y, w.mo - 1, w.d, w.h, w.mi, w.s);
  return Math.round((shown - Math.floor(ms / 1000) * 1000) / 1000);
}

const two = (n: number) => String(n).padStart(2, '0');

/** An instant as the zone's local DATE-TIME: `20250330T100000`. */
function wallClock(iso: string, zone: string): string {
  const w = wallParts(new Date(iso).getTime(), zone);
  return `${String(w.y).padStart(4, '0')}${two(w.mo)}${two(w.d)}T${two(w.h)}${two(w.mi)}${two(w.s)}`;
}

/** A local time given as UTC fields plus an offset, written as DATE-TIME. */
function localStamp(ms: number, offsetSeconds: number): string {
  const d = new Date(ms + offsetSeconds * 1000);
  return (
    `${String(d.getUTCFullYear()).padStart(4, '0')}${two(d.getUTCMonth() + 1)}${two(d.getUTCDate())}` +
    `T${two(d.getUTCHours())}${two(d.getUTCMinutes())}${two(d.getUTCSeconds())}`
  );
}

/** `+0100`, `-0330`, `+0530`; seconds only when there are any. */
function utcOffset(seconds: number): string {
  const sign = seconds < 0 ? '-' : '+';
  const abs = Math.abs(seconds);
  const s = abs % 60;
  return `${sign}${two(Math.floor(abs / 3600))}${two(Math.floor(abs / 60) % 60)}${s ? two(s) : ''}`;
}

/** A change of a zone's offset: the instant, and the offsets before and after. */
export interface Transition {
  at: number;
  from: number;
  to: number;
}

const transitionsKept = new Map<string, Transition[]>();

/**
 * The changes of a zone's offset from 1 January of `fromYear` to the end of `toYear` (UTC),
 * found by stepping a day at a time and narrowing each change down to the second.
 */
export function transitionsOf(zone: string, fromYear: number, toYear: number): Transition[] {
  const key = `${zone}|${fromYear}|${toYear}`;
  const kept = transitionsKept.get(key);
  if (kept) return kept;
  const found: Transition[] = [];
  const end = Date.UTC(toYear + 1, 0, 1);
  const day = 86_400_000;
  let at = Date.UTC(fromYear, 0, 1);
  let offset = offsetAt(at, zone);
  while (at < end) {
    const next = Math.min(at + day, end);
    const nextOffset = offsetAt(next, zone);
    if (nextOffset !== offset) {
      // The change lies in (at, next]: narrow it to the first second of the new offset.
      let low = at;
      let high = next;
      while (high - low > 1000) {
        const middle = low + Math.floor((high - low) / 2000) * 1000;
        if (offsetAt(middle, zone) === offset) low = middle;
        else high = middle;
      }
      found.push({ at: high, from: offset, to: nextOffset });
      offset = nextOffset;
    }
    at = next;
  }
  if (transitionsKept.size > 200) transitionsKept.clear();
  transitionsKept.set(key, found);
  return found;
}

/**
 * A VTIMEZONE for `zone` over the years given: the offset in force at the start of `fromYear`,
 * then one observance per change (DAYLIGHT when the clock goes forward, STANDARD when it goes
 * back). Each observance's DTSTART is the local time of the change in the offset before it.
 */
export function timeZoneLines(zone: string, fromYear: number, toYear: number): string[] {
  const start = Date.UTC(fromYear, 0, 1);
  const first = offsetAt(start, zone);
  const lines = ['BEGIN:VTIMEZONE', `TZID:${paramValue(zone)}`];
  const transitions = transitionsOf(zone, fromYear, toYear);
  // Before the first change in range: the offset in force, as a STANDARD or DAYLIGHT observance.
  const firstKind = transitions[0] && transitions[0].to < first ? 'DAYLIGHT' : 'STANDARD';
  lines.push(
    `BEGIN:${firstKind}`,
    `DTSTART:${localStamp(start, first)}`,
    `TZOFFSETFROM:${utcOffset(first)}`,
    `TZOFFSETTO:${utcOffset(first)}`,
    `END:${firstKind}`,
  );
  for (const change of transitions) {
    const kind = change.to > change.from ? 'DAYLIGHT' : 'STANDARD';
    lines.push(
      `BEGIN:${kind}`,
      `DTSTART:${localStamp(change.at, change.from)}`,
      `TZOFFSETFROM:${utcOffset(change.from)}`,
      `TZOFFSETTO:${utcOffset(change.to)}`,
      `END:${kind}`,
    );
  }
  lines.push('END:VTIMEZONE');
  return lines;
}

/** A file name for a download: letters, digits and dashes only. */
export function calendarFileName(name: string): string {
  const plain = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return `${plain || 'meeting'}.ics`;
}
