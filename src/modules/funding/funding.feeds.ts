import { Feed } from 'feed';
import { feedHtmlText, xmlText } from '../../core/views/feed-text.js';
import type { Opportunity } from './funding.queries.js';

/**
 * The register in other programs: the deadlines of the items a query selects as an iCalendar
 * feed (RFC 5545), and the newest items as an Atom feed. Pure: the items, the words and the
 * moment are given.
 *
 * Each deadline is one event at its instant, written in UTC (`DTSTART:20270205T160000Z`, no
 * DTEND: an event of no length), with a UID that stays the same for one item's nth deadline on one
 * site, and a SEQUENCE that is the item's version, so a calendar takes a changed deadline as the
 * same event moved.
 */

/** One deadline as a calendar event. */
export interface DeadlineEvent {
  uid: string;
  sequence: number;
  at: string;
  summary: string;
  description: string;
  url: string;
  updatedAt: string;
}

const CRLF = '\r\n';

/** Backslash, semicolon, comma and line ends escaped (RFC 5545 3.3.11); other control characters dropped. */
export function icsText(value: string): string {
  return (
    value
      .replace(/\r\n?/g, '\n')
      // eslint-disable-next-line no-control-regex -- control characters are what it drops
      .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '')
      .replace(/\\/g, '\\\\')
      .replace(/;/g, '\\;')
      .replace(/,/g, '\\,')
      .replace(/\n/g, '\\n')
  );
}

/** A content line folded at 75 octets, continued on lines that begin with a space; a character is never cut. */
export function fold(line: string): string {
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  let room = 75;
  for (const char of line) {
    const size = Buffer.byteLength(char, 'utf8');
    if (octets + size > room) {
      parts.push(current);
      current = '';
      octets = 0;
      room = 74; // the leading space is one of the 75
    }
    current += char;
    octets += size;
  }
  parts.push(current);
  return parts.join(`${CRLF} `);
}

/** An instant as iCalendar's UTC date-time: 20270205T160000Z. */
export const icsInstant = (iso: string): string =>
  new Date(iso)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');

/** The calendar: CRLF line ends, folded lines, one VEVENT per deadline. */
export function deadlinesCalendar(options: { name: string; stamp: Date; events: readonly DeadlineEvent[] }): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Urbis//Funding deadlines//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `NAME:${icsText(options.name)}`,
    `X-WR-CALNAME:${icsText(options.name)}`,
    'REFRESH-INTERVAL;VALUE=DURATION:PT6H',
  ];
  const stamp = icsInstant(options.stamp.toISOString());
  for (const e of options.events)
    lines.push(
      'BEGIN:VEVENT',
      `UID:${icsText(e.uid)}`,
      `DTSTAMP:${stamp}`,
      `DTSTART:${icsInstant(e.at)}`,
      `SEQUENCE:${Math.max(0, Math.trunc(e.sequence))}`,
      'STATUS:CONFIRMED',
      'TRANSP:TRANSPARENT',
      `SUMMARY:${icsText(e.summary)}`,
      `DESCRIPTION:${icsText(e.description)}`,
      // A URI has no escapes: nothing that would end the line or the value.
      `URL:${e.url.replace(/[\u0000-\u0020\u007f]/g, '')}`, // eslint-disable-line no-control-regex
      `LAST-MODIFIED:${icsInstant(e.updatedAt)}`,
      'END:VEVENT',
    );
  lines.push('END:VCALENDAR');
  return lines.map(fold).join(CRLF) + CRLF;
}

/** The events of the deadlines of items, in the order given, each deadline its own. */
export function deadlineEvents(
  items: readonly Opportunity[],
  words: {
    host: string;
    link: (item: Opportunity) => string;
    summary: (item: Opportunity, label: string) => string;
  },
): DeadlineEvent[] {
  return items.flatMap((item) =>
    item.deadlines.map((d, i) => ({
      uid: `funding-${item.id}-deadline-${i + 1}@${words.host}`,
      sequence: item.version,
      at: d.at,
      summary: words.summary(item, d.label),
      description: [item.summary, words.link(item)].join('\n\n'),
      url: words.link(item),
      updatedAt: item.updatedAt,
    })),
  );
}

/** The Atom feed of items, newest first as given. */
export function itemsFeed(options: {
  id: string;
  title: string;
  page: string;
  self: string;
  language: string;
  items: readonly Opportunity[];
  link: (item: Opportunity) => string;
}): string {
  const newest = options.items[0];
  const feed = new Feed({
    id: options.id,
    title: xmlText(options.title),
    link: options.page,
    language: options.language,
    updated: new Date(newest ? newest.createdAt : 0),
    generator: 'Urbis',
    copyright: '',
    feedLinks: { atom: options.self },
  });
  for (const item of options.items)
    feed.addItem({
      id: options.link(item),
      title: feedHtmlText(item.title),
      link: options.link(item),
      date: new Date(item.createdAt),
      description: feedHtmlText(item.summary),
    });
  return feed.atom1();
}
