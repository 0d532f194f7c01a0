import { type Placeable, Shared } from '../../../core/shared/index.js';
import { Layout } from '../../../core/views/Layout.js';
import type { PageContext } from '../../../core/views/page-context.js';
import { PartnershipFrame, type HubTab, type PartnershipDetail } from '../../partnerships/index.js';
import { MeetingsFeedLink } from './CalendarPage.js';

/** A partnership's meetings: the upcoming ones, then the past ones by year (a fragment), and a link to plan one. */
export function MeetingListPage({
  page,
  view,
}: {
  page: PageContext;
  view: { partnership: PartnershipDetail; list: Placeable; mayPlan: boolean; tabs: readonly HubTab[] };
}) {
  const { t } = page;
  const base = `/partnerships/${view.partnership.slug}`;
  return (
    <Layout
      page={page}
      title={t('meetings.list.title', { partnership: view.partnership.title })}
      breadcrumbs={[
        { label: t('meetings.partnerships'), path: '/partnerships' },
        { label: view.partnership.title, path: base },
        { label: t('meetings.hub.tab') },
      ]}
    >
      <PartnershipFrame page={page} partnership={view.partnership} tabs={view.tabs} current="/meetings">
        <h1>{t('meetings.hub.tab')}</h1>
        {view.mayPlan ? (
          <p>
            <a href={page.href(`${base}/meetings/new`)}>{t('meetings.list.plan')}</a>
          </p>
        ) : null}
        <Shared html={view.list} />
        <MeetingsFeedLink page={page} slug={view.partnership.slug} />
      </PartnershipFrame>
    </Layout>
  );
}
