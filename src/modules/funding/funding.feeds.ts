import { Feed } from 'feed';
import { feedHtmlText, xmlText } from '../../core/views/feed-text.js';
import type { Opportunity } from './funding.queries.js';
import { foldLine, icsText } from '../../core/ics.js';

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
  return lines.map(foldLine).join(CRLF) + CRLF;
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
