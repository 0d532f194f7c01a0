import { Button, Form, Notice } from '../../../core/views/components.js';
import { Layout } from '../../../core/views/Layout.js';
import type { PageContext } from '../../../core/views/page-context.js';

export interface CalendarPageProps {
  page: PageContext;
  /** When the current private address was made; null: there is none. */
  madeAt: string | null;
  /** The address just made: shown this once (only its hash is kept). */
  created?: string | null;
  revoked?: boolean;
}

/** Settings → my meetings in a calendar: make a private feed address (shown once), replace it, revoke it. */
export function CalendarPage({ page, madeAt, created = null, revoked = false }: CalendarPageProps) {
  const { t } = page;
  return (
    <Layout page={page} title={t('meetings.calendar.title')}>
      <h1>{t('meetings.calendar.title')}</h1>
      {created ? (
        <Notice kind="success" title={t('meetings.calendar.createdTitle')}>
          <p>{t('meetings.calendar.createdText')}</p>
          <p>
            <code id="calendar-address">{created}</code>
          </p>
        </Notice>
      ) : null}
      {revoked ? (
        <Notice kind="success">
          <p>{t('meetings.calendar.revoked')}</p>
        </Notice>
      ) : null}
      <p>{t('meetings.calendar.intro')}</p>
      {madeAt ? (
        <>
          <p>{t('meetings.calendar.madeAt', { date: page.i18n.dateTime(madeAt) })}</p>
          <Form page={page} action={page.href('/settings/calendar')}>
            <Button>{t('meetings.calendar.replace')}</Button>
          </Form>
          <Form page={page} action={page.href('/settings/calendar/revoke')}>
            <Button variant="secondary">{t('meetings.calendar.revoke')}</Button>
          </Form>
        </>
      ) : (
        <>
          <p>{t('meetings.calendar.none')}</p>
          <Form page={page} action={page.href('/settings/calendar')}>
            <Button>{t('meetings.calendar.create')}</Button>
          </Form>
        </>
      )}
    </Layout>
  );
}

/** A link to the calendar settings, for a person's own meetings page. */
export function CalendarSettingsLink({ page }: { page: PageContext }) {
  return (
    <p>
      <a href={page.href('/settings/calendar')}>{page.t('meetings.calendar.link')}</a>
    </p>
  );
}

/** "Add to calendar" on a meeting's page: the meeting as a one-event .ics file. */
export function AddToCalendar({ page, slug, number }: { page: PageContext; slug: string; number: number }) {
  return (
    <p class="meeting-calendar">
      <a href={page.href(`/partnerships/${slug}/meetings/${number}/calendar.ics`)} type="text/calendar" download>
        {page.t('meetings.calendar.add')}
      </a>
    </p>
  );
}

/** On a partnership's list of meetings: its feed, to subscribe to in a calendar app. */
export function MeetingsFeedLink({ page, slug }: { page: PageContext; slug: string }) {
  return (
    <p class="meeting-calendar">
      <a href={page.href(`/partnerships/${slug}/meetings.ics`)} type="text/calendar">
        {page.t('meetings.calendar.subscribe')}
      </a>
    </p>
  );
}
