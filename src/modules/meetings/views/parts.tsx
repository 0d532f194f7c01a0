import { wallTimeOf } from '../../../core/i18n/time-zone.js';
import { LanguageLabel } from '../../../core/views/components.js';
import type { PageContext } from '../../../core/views/page-context.js';
import { meetingPath } from '../meetings.present.js';
import type { MeetingSummary } from '../meetings.schema.js';

const regionNames = new Map<string, Intl.DisplayNames>();
/** A country's name in the reader's language ("LU" → "Lucembursko"). */
export function countryName(locale: string, code: string): string {
  if (!/^[A-Z]{2}$/.test(code)) return code;
  let names = regionNames.get(locale);
  if (!names) regionNames.set(locale, (names = new Intl.DisplayNames([locale], { type: 'region' })));
  return names.of(code) ?? code;
}

/** "11th meeting" / "11. setkání": its place in the series, in the reader's language. */
export const ordinal = (page: PageContext, number: number): string => page.t('meetings.ordinal', { number });

/** The city and country, or "Online". */
export function placeLine(page: PageContext, m: Pick<MeetingSummary, 'place'>): string {
  const { city, country, onlineUrl } = m.place;
  const where = [city, country ? countryName(page.locale, country) : ''].filter(Boolean).join(', ');
  if (where && onlineUrl) return page.t('meetings.place.hybrid', { where });
  return where || (onlineUrl ? page.t('meetings.place.online') : '');
}

/** The day(s) a meeting takes, in its own time zone: "14 February 2019" or "14 February 2019 – 15 February 2019". */
export function daysOf(page: PageContext, m: Pick<MeetingSummary, 'startsAt' | 'endsAt' | 'timeZone'>): string {
  const zone = page.i18n.inZone(m.timeZone);
  const first = zone.date(m.startsAt, 'medium');
  const last = zone.date(m.endsAt, 'medium');
  return first === last ? first : `${first} – ${last}`;
}

/**
 * When a meeting takes place, as its participants live it (in its time zone, named), and in the
 * reader's time when that differs: `readerZone` is the zone they chose in their settings, else the
 * platform's (visitors). One time only where both zones show the same clock.
 */
export function MeetingTimes({
  page,
  meeting,
  readerZone,
}: {
  page: PageContext;
  meeting: Pick<MeetingSummary, 'startsAt' | 'endsAt' | 'timeZone'>;
  readerZone: string;
}) {
  const zone = page.i18n.inZone(meeting.timeZone);
  const sameDay = zone.date(meeting.startsAt) === zone.date(meeting.endsAt);
  const differs =
    wallTimeOf(meeting.startsAt, meeting.timeZone) !== wallTimeOf(meeting.startsAt, readerZone) ||
    wallTimeOf(meeting.endsAt, meeting.timeZone) !== wallTimeOf(meeting.endsAt, readerZone);
  const own = page.i18n.inZone(readerZone);
  return (
    <>
      <time dateTime={meeting.startsAt}>{zone.dateTime(meeting.startsAt, 'long')}</time>
      {' – '}
      <time dateTime={meeting.endsAt}>
        {sameDay ? zone.time(meeting.endsAt) : zone.dateTime(meeting.endsAt, 'long')}
      </time>
      {differs ? (
        <span class="meeting__own-time">
          {' '}
          {page.t('meetings.time.yours', {
            start: own.dateTime(meeting.startsAt, 'medium'),
            end: sameDay ? own.time(meeting.endsAt) : own.dateTime(meeting.endsAt, 'medium'),
          })}
        </span>
      ) : null}
    </>
  );
}

/**
 * When a meeting begins, in a list: the time in its zone ("09:30 CET"), and the reader's beside it
 * when that differs ("(your time: 10:30 EET)", with the date when the reader's day is another).
 */
export function StartTime({
  page,
  meeting,
  readerZone,
}: {
  page: PageContext;
  meeting: Pick<MeetingSummary, 'startsAt' | 'timeZone'>;
  readerZone: string;
}) {
  const own = wallTimeOf(meeting.startsAt, readerZone);
  const theirs = wallTimeOf(meeting.startsAt, meeting.timeZone);
  const yours = page.i18n.inZone(readerZone);
  return (
    <>
      <time dateTime={meeting.startsAt}>{page.i18n.inZone(meeting.timeZone).time(meeting.startsAt)}</time>
      {own === theirs ? null : (
        <span class="meeting__own-time">
          {' '}
          {page.t('meetings.time.yoursAt', {
            time:
              own.slice(0, 10) === theirs.slice(0, 10)
                ? yours.time(meeting.startsAt)
                : yours.dateTime(meeting.startsAt, 'medium'),
          })}
        </span>
      )}
    </>
  );
}

/**
 * A meeting in a list: its title, number, days and start (in its zone, and the reader's when it
 * differs), place, host, and what sets it apart (members only, cancelled).
 */
export function MeetingItem({
  page,
  meeting,
  readerZone,
  heading = 'h3',
}: {
  page: PageContext;
  meeting: MeetingSummary;
  /** The zone of "your time": the reader's own, else the platform's. */
  readerZone: string;
  heading?: 'h2' | 'h3' | 'h4';
}) {
  const { t } = page;
  const lang = meeting.lang !== page.locale ? meeting.lang : undefined;
  const Heading = heading;
  const where = placeLine(page, meeting);
  return (
    <li>
      <article class="meeting-item">
        <Heading class="list__title">
          <a href={page.href(meetingPath(meeting.partnership, meeting.number))} lang={lang}>
            {meeting.title}
          </a>
        </Heading>
        <p class="meta">
          {ordinal(page, meeting.number)}
          {' · '}
          <time dateTime={meeting.startsAt}>{daysOf(page, meeting)}</time>
          {' · '}
          <StartTime page={page} meeting={meeting} readerZone={readerZone} />
          {where ? ` · ${where}` : null}
          {meeting.host ? ` · ${t('meetings.hostedBy', { host: meeting.host.name })}` : null}
          {meeting.membersOnly ? ` · ${t('meetings.membersOnly')}` : null}
          {meeting.status === 'cancelled' ? (
            <>
              {' · '}
              <strong>{t('meetings.status.cancelled')}</strong>
            </>
          ) : null}
          {lang ? (
            <>
              {' · '}
              <LanguageLabel page={page} lang={lang} />
            </>
          ) : null}
        </p>
      </article>
    </li>
  );
}
