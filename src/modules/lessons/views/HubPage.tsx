import { Pagination } from '../../../core/views/components.js';
import { Layout } from '../../../core/views/Layout.js';
import type { PageContext } from '../../../core/views/page-context.js';
import { PartnershipFrame, type HubTab, type PartnershipDetail } from '../../partnerships/index.js';
import type { LessonItem } from '../lessons.present.js';
import { LessonCards } from './parts.js';

export interface HubView {
  partnership: PartnershipDetail;
  tabs: readonly HubTab[];
  items: LessonItem[];
  nextHref: string | null;
  mayWrite: boolean;
}

/** A partnership's lessons, in its hub: what the reader may see of them, and "write a lesson" for members. */
export function HubPage({ page, view }: { page: PageContext; view: HubView }) {
  const { t } = page;
  const base = `/partnerships/${view.partnership.slug}`;
  return (
    <Layout
      page={page}
      title={t('lessons.hub.title', { partnership: view.partnership.title })}
      breadcrumbs={[
        { label: t('lessons.hub.partnerships'), path: '/partnerships' },
        { label: view.partnership.title, path: base },
        { label: t('lessons.hub.tab') },
      ]}
    >
      <PartnershipFrame page={page} partnership={view.partnership} tabs={view.tabs} current="/lessons">
        <h1>{t('lessons.hub.heading')}</h1>
        {view.mayWrite ? (
          <p>
            <a href={page.href(`${base}/lessons/new`)}>{t('lessons.write.heading')}</a>
          </p>
        ) : null}
        <LessonCards page={page} lessons={view.items} />
        <Pagination page={page} next={view.nextHref} />
      </PartnershipFrame>
    </Layout>
  );
}
