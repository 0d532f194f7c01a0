import { Notice, Pagination } from '../../../core/views/components.js';
import { Layout } from '../../../core/views/Layout.js';
import type { PageContext } from '../../../core/views/page-context.js';
import type { PartnershipDetail } from '../../partnerships/index.js';
import type { PostSummary } from '../news.schema.js';
import { PostItem } from './parts.js';

export function NewsListPage({
  page,
  items,
  next,
  view,
}: {
  page: PageContext;
  items: PostSummary[];
  next: string | null;
  view: { partnership: PartnershipDetail; drafts: PostSummary[]; mayWrite: boolean; deleted: boolean };
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
      <h1>{t('news.list.title', { partnership: view.partnership.title })}</h1>
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
      {view.drafts.length > 0 ? (
        <section aria-labelledby="news-unpublished">
          <h2 id="news-unpublished">{t('news.list.unpublished')}</h2>
          <ul class="list">
            {view.drafts.map((post) => (
              <PostItem page={page} post={post} heading="h3" />
            ))}
          </ul>
        </section>
      ) : null}
      {items.length === 0 ? (
        <p>{t('news.list.empty')}</p>
      ) : (
        <ul class="list">
          {items.map((post) => (
            <PostItem page={page} post={post} />
          ))}
        </ul>
      )}
      <Pagination page={page} next={next ? page.href(`${base}/news?after=${encodeURIComponent(next)}`) : null} />
    </Layout>
  );
}
