import assert from 'node:assert/strict';
import { test } from 'node:test';
import ICAL from 'ical.js';
import {
  calendarFileName,
  escapeText,
  foldLine,
  meetingUid,
  renderCalendar,
  type CalendarEvent,
} from './meetings.ics.js';

/** Parses iCalendar text with ical.js (an independent parser), its time zones taken from the text itself. */
export function parseCalendar(text: string): { calendar: ICAL.Component; events: ICAL.Event[] } {
  const calendar = new ICAL.Component(ICAL.parse(text));
  for (const zone of calendar.getAllSubcomponents('vtimezone')) {
    ICAL.TimezoneService.register(new ICAL.Timezone(zone));
  }
  return { calendar, events: calendar.getAllSubcomponents('vevent').map((e) => new ICAL.Event(e)) };
}

const event = (over: Partial<CalendarEvent>): CalendarEvent => ({
  uid: 'meeting-1@urbis.test',
  sequence: 0,
  startsAt: '2025-03-27T09:00:00.000Z',
  endsAt: '2025-03-27T11:00:00.000Z',
  timeZone: 'Europe/Brussels',
  summary: 'Meeting',
  ...over,
});

test('times are right on both sides of the summer-time changes, in Brussels and elsewhere', () => {
  const cases = [
    // Brussels, late March: CET (+01) before the 30th, CEST (+02) after.
    { zone: 'Europe/Brussels', utc: '2025-03-27T09:00:00.000Z', local: '2025-03-27T10:00:00' },
    { zone: 'Europe/Brussels', utc: '2025-03-31T08:00:00.000Z', local: '2025-03-31T10:00:00' },
    // Brussels, late October: CEST before the 26th, CET after.
    { zone: 'Europe/Brussels', utc: '2025-10-23T08:00:00.000Z', local: '2025-10-23T10:00:00' },
    { zone: 'Europe/Brussels', utc: '2025-10-28T09:00:00.000Z', local: '2025-10-28T10:00:00' },
    // New York changes on other days (9 March, 2 November 2025).
    { zone: 'America/New_York', utc: '2025-03-20T13:00:00.000Z', local: '2025-03-20T09:00:00' },
    { zone: 'America/New_York', utc: '2025-11-05T14:00:00.000Z', local: '2025-11-05T09:00:00' },
    // Sydney: summer in January, winter in June; Tokyo has no summer time.
    { zone: 'Australia/Sydney', utc: '2026-01-15T23:00:00.000Z', local: '2026-01-16T10:00:00' },
    { zone: 'Australia/Sydney', utc: '2026-06-16T00:00:00.000Z', local: '2026-06-16T10:00:00' },
    { zone: 'Asia/Tokyo', utc: '2026-06-16T01:00:00.000Z', local: '2026-06-16T10:00:00' },
  ];
  const events = cases.map((c, i) =>
    event({
      uid: `meeting-${i}@urbis.test`,
      timeZone: c.zone,
      startsAt: c.utc,
      endsAt: new Date(Date.parse(c.utc) + 3_600_000).toISOString(),
      summary: `case ${i}`,
    }),
  );
  const text = renderCalendar({ name: 'Meetings', stamp: new Date('2026-12-06T10:00:00Z'), events });
  const parsed = parseCalendar(text);
  assert.equal(parsed.events.length, cases.length);
  parsed.events.forEach((parsedEvent, i) => {
    const c = cases[i]!;
    assert.equal(parsedEvent.summary, `case ${i}`);
    assert.equal(parsedEvent.startDate.zone?.tzid, c.zone, 'written in the meeting zone');
    assert.equal(parsedEvent.startDate.toString(), c.local, `${c.zone} local time`);
    assert.equal(parsedEvent.startDate.toJSDate().toISOString(), c.utc, `${c.zone} instant`);
    assert.equal(parsedEvent.endDate.toJSDate().getTime() - parsedEvent.startDate.toJSDate().getTime(), 3_600_000);
  });
  // One VTIMEZONE per zone used.
  const zones = parsed.calendar.getAllSubcomponents('vtimezone').map((z) => z.getFirstPropertyValue('tzid'));
  assert.deepEqual(zones, ['America/New_York', 'Asia/Tokyo', 'Australia/Sydney', 'Europe/Brussels']);
});

test('a meeting across the night of the change lasts as long as it really does', () => {
  // 29 March 2025 18:00 CET to 30 March 12:00 CEST: 17 hours, not 18.
  const text = renderCalendar({
    name: 'Meetings',
    stamp: new Date(),
    events: [event({ startsAt: '2025-03-29T17:00:00.000Z', endsAt: '2025-03-30T10:00:00.000Z' })],
  });
  const [parsed] = parseCalendar(text).events;
  assert.equal(parsed!.startDate.toString(), '2025-03-29T18:00:00');
  assert.equal(parsed!.endDate.toString(), '2025-03-30T12:00:00');
  assert.equal(parsed!.endDate.toJSDate().getTime() - parsed!.startDate.toJSDate().getTime(), 17 * 3_600_000);
});

test('text is escaped, lines are folded at 75 octets without splitting a character, and ends are CRLF', () => {
  const summary = 'Setkání; partnerství, „digitální“ \\ přechod\nDruhý řádek ' + 'ř'.repeat(80);
  const description = 'Agenda:\n1. Stav akcí, výzva; škálování\r\n2. Ostatní';
  const text = renderCalendar({
    name: 'Digitální přechod, setkání',
    stamp: new Date(),
    events: [
      event({
        summary,
        description,
        location: 'Centre de Conférences, 4 Place de l’Europe, Luxembourg, Luxembourg',
        url: 'https://urbis.test/en/partnerships/digital-transition/meetings/11',
        sequence: 3,
        lang: 'cs',
      }),
    ],
  });
  assert.ok(text.endsWith('\r\n'));
  assert.ok(!/[^\r]\n/.test(text), 'every line ends with CRLF');
  for (const line of text.split('\r\n')) assert.ok(Buffer.byteLength(line) <= 75, `too long: ${line}`);
  assert.ok(!text.includes('\uFFFD'));
  const { calendar, events } = parseCalendar(text);
  const [parsed] = events;
  assert.equal(parsed!.summary, summary);
  assert.equal(parsed!.description, description.replace('\r\n', '\n'));
  assert.equal(parsed!.location, 'Centre de Conférences, 4 Place de l’Europe, Luxembourg, Luxembourg');
  assert.equal(parsed!.sequence, 3);
  assert.equal(parsed!.component.getFirstProperty('summary')!.getParameter('language'), 'cs');
  assert.equal(
    parsed!.component.getFirstPropertyValue('url'),
    'https://urbis.test/en/partnerships/digital-transition/meetings/11',
  );
  assert.equal(parsed!.component.getFirstPropertyValue('status'), 'CONFIRMED');
  // ical.js reads an X- property as it stands (not unescaped).
  assert.equal(calendar.getFirstPropertyValue('x-wr-calname'), 'Digitální přechod\\, setkání');
  assert.equal(calendar.getFirstPropertyValue('version'), '2.0');
});

test('a cancelled meeting says CANCELLED; SEQUENCE and DTSTAMP are written as given', () => {
  const text = renderCalendar({
    name: 'x',
    stamp: new Date('2026-12-06T10:11:12.345Z'),
    events: [event({ cancelled: true, sequence: 4, updatedAt: '2026-12-01T08:00:00.000Z' })],
  });
  const [parsed] = parseCalendar(text).events;
  assert.equal(parsed!.component.getFirstPropertyValue('status'), 'CANCELLED');
  assert.equal(parsed!.sequence, 4);
  assert.match(text, /\r\nDTSTAMP:20261206T101112Z\r\n/);
  assert.match(text, /\r\nLAST-MODIFIED:20261201T080000Z\r\n/);
});

test('pieces: escaping, folding, the UID, a file name', () => {
  assert.equal(escapeText('a,b;c\\d\ne\u0007'), 'a\\,b\\;c\\\\d\\ne');
  assert.equal(foldLine('x'.repeat(75)), 'x'.repeat(75));
  assert.equal(foldLine('x'.repeat(76)), `${'x'.repeat(75)}\r\n x`);
  // A two-octet character that would straddle the 75th octet goes to the next line whole.
  assert.equal(foldLine(`${'x'.repeat(74)}é`), `${'x'.repeat(74)}\r\n é`);
  assert.equal(meetingUid(12, 'https://urbis.example.eu/'), 'meeting-12@urbis.example.eu');
  assert.notEqual(meetingUid(12, 'https://urbis.example.eu'), meetingUid(12, 'https://other.example.eu'));
  assert.equal(calendarFileName('11th meeting: Luxembourg — Digitální'), '11th-meeting-Luxembourg-Digitalni.ics');
  assert.equal(calendarFileName('„“'), 'meeting.ics');
});
