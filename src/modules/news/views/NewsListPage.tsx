import { type Placeable, Shared } from '../../../core/shared/index.js';
import { Notice } from '../../../core/views/components.js';
import { Layout } from '../../../core/views/Layout.js';
import type { PageContext } from '../../../core/views/page-context.js';
import { PartnershipFrame, type HubTab, type PartnershipDetail } from '../../partnerships/index.js';

/**
 * A partnership's news: its drafts and scheduled posts for writers, then a page of the posts
 * that are out (fragments).
 */
export function NewsListPage({
  page,
  view,
}: {
  page: PageContext;
  view: {
    partnership: PartnershipDetail;
    list: Placeable;
    drafts: Placeable | null;
    mayWrite: boolean;
    deleted: boolean;
    /** The partnership's sub-navigation (partnerships' `hubTabs(ctx)`). */
    tabs: readonly HubTab[];
  };
}) {
  const { t } = page;
  const base = `/partnerships/${view.partnership.slug}`;
  return (
    <Layout
      page={page}
      title={t('news.list.title', { partnership: view.partnership.title })}
      breadcrumbs={[
        { label: t('news.partnerships'), path: '/partnerships' },
        { label: view.partnership.title, path: base },
        { label: t('news.list.short') },
      ]}
    >
      <PartnershipFrame page={page} partnership={view.partnership} tabs={view.tabs} current="/news">
        <h1>{t('news.list.short')}</h1>
        {view.deleted ? (
          <Notice kind="success">
            <p>{t('news.delete.done')}</p>
          </Notice>
        ) : null}
        <p>
          <a href={page.href(`${base}/news.atom`)} type="application/atom+xml">
            {t('news.list.feed')}
          </a>
          {view.mayWrite ? (
            <>
              {' · '}
              <a href={page.href(`${base}/news/new`)}>{t('news.list.write')}</a>
            </>
          ) : null}
        </p>
        {view.drafts ? <Shared html={view.drafts} /> : null}
        <Shared html={view.list} />
      </PartnershipFrame>
    </Layout>
  );
}
