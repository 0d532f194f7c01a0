import { wallTimeOf } from '../../core/i18n/time-zone.js';
import { defineFragment, dim } from '../../core/shared/index.js';
import { Pagination } from '../../core/views/components.js';
import { meetingReads } from './meetings.reads.js';
import type { MeetingSummary } from './meetings.schema.js';
import { MeetingBody } from './views/MeetingPage.js';
import { MeetingItem } from './views/parts.js';

/** Past meetings by the year they began in (in their own time zone), latest year first. */
function byYear(meetings: readonly MeetingSummary[]): [string, MeetingSummary[]][] {
  const years = new Map<string, MeetingSummary[]>();
  for (const m of meetings) {
    const year = wallTimeOf(m.startsAt, m.timeZone).slice(0, 4);
    years.set(year, [...(years.get(year) ?? []), m]);
  }
  return [...years];
}

/**
 * A partnership's meetings as every reader of a language and class (members or not) sees them:
 * the upcoming ones, then a page of the past ones by year (`after`: the cursor of the page before).
 * Kept per minute: a meeting moves from upcoming to past when it starts. `zone` is the reader's own
 * time zone (`ownTimeZone`: a known zone other than the platform's); absent, the platform's, which
 * visitors and everyone who chose none share.
 */
export const meetingList = defineFragment('meetings', 'list', {
  key: {
    partnership: dim.id,
    slug: dim.text,
    membersOnly: dim.flag,
    after: dim.optional(dim.text),
    zone: dim.optional(dim.text),
  },
  clock: 60,
  load: async (ctx, k, lang) => {
    const [upcoming, past] = await Promise.all([
      // The first page only: later pages go on with the past.
      k.after ? [] : meetingReads.upcoming.get(ctx, { lang, partnership: k.partnership, membersOnly: k.membersOnly }),
      meetingReads.past.get(ctx, { lang, partnership: k.partnership, membersOnly: k.membersOnly, after: k.after }),
    ]);
    return { upcoming, past, slug: k.slug, first: !k.after, readerZone: k.zone ?? ctx.config.timeZone };
  },
  render: ({ upcoming, past, slug, first, readerZone }, page) => {
    const more = past.next ? page.href(`/partnerships/${slug}/meetings?after=${encodeURIComponent(past.next)}`) : null;
    return (
      <>
        {first ? (
          <section aria-labelledby="meetings-upcoming">
            <h2 id="meetings-upcoming">{page.t('meetings.list.upcoming')}</h2>
            {upcoming.length === 0 ? (
              <p>{page.t('meetings.list.noneUpcoming')}</p>
            ) : (
              <ul class="list">
                {upcoming.map((m) => (
                  <MeetingItem page={page} meeting={m} readerZone={readerZone} />
                ))}
              </ul>
            )}
          </section>
        ) : null}
        <section aria-labelledby="meetings-past">
          <h2 id="meetings-past">{page.t('meetings.list.past')}</h2>
          {past.items.length === 0 ? (
            <p>{page.t('meetings.list.nonePast')}</p>
          ) : (
            byYear(past.items).map(([year, meetings]) => (
              <>
                <h3>{year}</h3>
                <ul class="list">
                  {meetings.map((m) => (
                    <MeetingItem page={page} meeting={m} readerZone={readerZone} heading="h4" />
                  ))}
                </ul>
              </>
            ))
          )}
          <Pagination page={page} next={more} />
        </section>
      </>
    );
  },
});

/**
 * What every reader of a meeting's page in a language and time zone reads: its details (when: in
 * its zone, and in `zone`, the reader's own, as for `meetingList`), description, participants,
 * agenda, attachments and tags. Kept per minute: it says whether the meeting is still to come.
 */
export const meetingBody = defineFragment('meetings', 'body', {
  key: { meeting: dim.id, zone: dim.optional(dim.text) },
  clock: 60,
  load: async (ctx, k, lang, time) => {
    const meeting = await meetingReads.shown.get(ctx, { meeting: k.meeting, lang });
    if (!meeting) return null;
    const readerZone = k.zone ?? ctx.config.timeZone;
    return { meeting, readerZone, started: Date.parse(meeting.startsAt) < time.until.getTime() };
  },
  render: (data, page) => <MeetingBody page={page} {...data} />,
});
