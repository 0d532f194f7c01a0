import { Pagination } from '../../../core/views/components.js';
import { Layout } from '../../../core/views/Layout.js';
import type { PageContext } from '../../../core/views/page-context.js';
import type { TagView } from '../tags.queries.js';

export function TagListPage({ page, items, next }: { page: PageContext; items: TagView[]; next: string | null }) {
  const { t } = page;
  return (
    <Layout page={page} title={t('tags.list.title')} breadcrumbs={[{ label: t('tags.list.title') }]}>
      <h1>{t('tags.list.title')}</h1>
      {items.length === 0 ? (
        <p>{t('tags.list.empty')}</p>
      ) : (
        <ul class="tags">
          {items.map((tag) => (
            <li>
              <a
                class="tag"
                href={page.href(`/tags/${tag.slug}`)}
                lang={tag.lang !== page.locale ? tag.lang : undefined}
              >
                {tag.label}
              </a>
            </li>
          ))}
        </ul>
      )}
      <Pagination page={page} next={next ? page.href(`/tags?after=${encodeURIComponent(next)}`) : null} />
    </Layout>
  );
}
