import { Layout } from '../../../core/views/Layout.js';
import { CalendarSettingsLink } from './CalendarPage.js';
import type { PageContext } from '../../../core/views/page-context.js';
import type { MyMeetingsJson } from '../meetings.registration.schema.js';

/** A person's own registrations: the meetings ahead first, then those past. */
export function MyMeetingsPage({
  page,
  meetings,
  now,
}: {
  page: PageContext;
  meetings: MyMeetingsJson['items'];
  now: Date;
}) {
  const { t } = page;
  const title = t('meetings.mine.title');
  const ahead = meetings.filter((m) => Date.parse(m.endsAt) >= now.getTime()).reverse();
  const past = meetings.filter((m) => Date.parse(m.endsAt) < now.getTime());
  const item = (m: MyMeetingsJson['items'][number]) => (
    <li>
      <a href={page.href(`/partnerships/${m.partnership}/meetings/${m.number}`)}>{m.title}</a>,{' '}
      {page.i18n.dateTime(m.startsAt)}
      {' – '}
      {m.cancelled
        ? t('meetings.mine.cancelled')
        : m.status === 'waiting'
          ? t('meetings.mine.waiting')
          : m.attended === true
            ? t('meetings.mine.attended')
            : t('meetings.mine.registered')}
    </li>
  );
  return (
    <Layout page={page} title={title} breadcrumbs={[{ label: title }]}>
      <h1>{title}</h1>
      <CalendarSettingsLink page={page} />
      <h2>{t('meetings.mine.ahead')}</h2>
      {ahead.length === 0 ? <p>{t('meetings.mine.noneAhead')}</p> : <ul class="list">{ahead.map(item)}</ul>}
      <h2>{t('meetings.mine.past')}</h2>
      {past.length === 0 ? <p>{t('meetings.mine.nonePast')}</p> : <ul class="list">{past.map(item)}</ul>}
    </Layout>
  );
}
