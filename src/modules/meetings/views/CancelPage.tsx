import { Button, Form } from '../../../core/views/components.js';
import type { PageContext } from '../../../core/views/page-context.js';
import type { PartnershipDetail } from '../../partnerships/index.js';
import type { Meeting } from '../meetings.queries.js';
import { meetingPath } from '../meetings.present.js';
import { OneMeetingLayout } from './form-kit.js';
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
  const self = meetingPath(partnership.slug, meeting.number);
  const title = t('meetings.cancel.title', { meeting: ordinal(page, meeting.number) });
  return (
    <OneMeetingLayout
      page={page}
      partnership={partnership}
      number={meeting.number}
      title={title}
      crumb={t('meetings.cancel.link')}
    >
      <p>
        {t('meetings.cancel.question', {
          title: meeting.title,
          days: daysOf(page, meeting),
        })}
      </p>
      <p>{t('meetings.cancel.explain')}</p>
      <Form page={page} action={page.href(`${self}/cancel`)}>
        <Button>{t('meetings.cancel.confirm')}</Button> <a href={page.href(self)}>{t('meetings.cancel.keep')}</a>
      </Form>
    </OneMeetingLayout>
  );
}
