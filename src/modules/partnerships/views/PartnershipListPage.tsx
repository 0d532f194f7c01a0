import { Pagination } from '../../../core/views/components.js';
import { Layout } from '../../../core/views/Layout.js';
import type { PageContext } from '../../../core/views/page-context.js';
import type { PartnershipSummary } from '../partnerships.schema.js';
import { PartnershipCard } from './PartnershipCard.js';

export function PartnershipListPage({
  page,
  items,
  next,
}: {
  page: PageContext;
  items: PartnershipSummary[];
  next: string | null;
}) {
  const { t } = page;
  return (
    <Layout page={page} title={t('partnerships.list.title')} breadcrumbs={[{ label: t('partnerships.list.title') }]}>
      <h1>{t('partnerships.list.title')}</h1>
      <p class="lead">{t('partnerships.list.lead')}</p>
      {items.length === 0 ? (
        <p>{t('partnerships.list.empty')}</p>
      ) : (
        <ul class="cards" aria-label={t('partnerships.list.title')}>
          {items.map((p) => (
            <PartnershipCard page={page} partnership={p} headingLevel={2} />
          ))}
        </ul>
      )}
      <Pagination page={page} next={next ? page.href(`/partnerships?after=${next}`) : null} />
    </Layout>
  );
}
