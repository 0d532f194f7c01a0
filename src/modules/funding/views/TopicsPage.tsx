import { Table } from '../../../core/views/components.js';
import { Layout } from '../../../core/views/Layout.js';
import type { PageContext } from '../../../core/views/page-context.js';
import type { TopicShown } from '../funding.reads.js';

/** Every topic of the register with how many items carry it, each a link to the register filtered by it. */
export function TopicsPage({ page, topics }: { page: PageContext; topics: TopicShown[] }) {
  const { t } = page;
  return (
    <Layout
      page={page}
      title={t('funding.topics.title')}
      breadcrumbs={[{ label: t('funding.register.title'), path: '/funding' }, { label: t('funding.topics.title') }]}
    >
      <h1>{t('funding.topics.title')}</h1>
      {topics.length === 0 ? (
        <p>{t('funding.topics.none')}</p>
      ) : (
        <>
          <p class="lead">{t('funding.topics.intro')}</p>
          <Table
            caption={t('funding.topics.caption')}
            columns={[t('funding.topics.topic'), t('funding.topics.items')]}
            numeric={[1]}
            rows={topics.map((tag) => [
              <a
                href={page.href(`/funding?topic=${encodeURIComponent(tag.slug)}`)}
                lang={tag.lang !== page.locale ? tag.lang : undefined}
              >
                {tag.label}
              </a>,
              page.i18n.number(tag.items),
            ])}
          />
        </>
      )}
    </Layout>
  );
}
