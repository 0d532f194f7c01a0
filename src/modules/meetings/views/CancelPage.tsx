import { Form } from '../../../core/views/components.js';
import { Layout } from '../../../core/views/Layout.js';
import type { PageContext } from '../../../core/views/page-context.js';
import type { PartnershipDetail } from '../../partnerships/index.js';
import type { Meeting } from '../meetings.queries.js';
import { daysOf, ordinal } from './parts.js';

/** Asks before a meeting is cancelled (it stays, marked cancelled; calendars and the registered are told). */
export function CancelPage({
  page,
  partnership,
  meeting,
}: {
  page: PageContext;
  partnership: PartnershipDetail;
  meeting: Meeting;
}) {
  const { t } = page;
  const base = `/partnerships/${partnership.slug}`;
  const self = `${base}/meetings/${meeting.number}`;
  const title = t('meetings.cancel.title', { meeting: ordinal(page, meeting.number) });
  return (
    <Layout
      page={page}
      title={title}
      breadcrumbs={[
        { label: partnership.title, path: base },
        { label: t('meetings.hub.tab'), path: `${base}/meetings` },
        { label: ordinal(page, meeting.number), path: self },
        { label: t('meetings.cancel.link') },
      ]}
    >
      <h1>{title}</h1>
      <p>
        {t('meetings.cancel.question', {
          title: meeting.title,
          days: daysOf(page, meeting),
        })}
      </p>
      <p>{t('meetings.cancel.explain')}</p>
      <Form page={page} action={page.href(`${self}/cancel`)}>
        <button type="submit" class="button button--primary">
          {t('meetings.cancel.confirm')}
        </button>{' '}
        <a href={page.href(self)}>{t('meetings.cancel.keep')}</a>
      </Form>
    </Layout>
  );
}
