import { Layout } from '../../../core/views/Layout.js';
import type { PageContext } from '../../../core/views/page-context.js';
import type { HubTab } from '../partnerships.hub.js';
import type { PageList, PartnershipDetail } from '../partnerships.schema.js';
import { PartnershipFrame } from './PartnershipFrame.js';

/** The pages of a partnership that the reader may see, in the partnership's order. */
export function PartnershipPagesPage({
  page,
  partnership,
  pages,
  tabs,
}: {
  page: PageContext;
  partnership: PartnershipDetail;
  pages: PageList['items'];
  tabs: readonly HubTab[];
}) {
  const { t } = page;
  const base = `/partnerships/${partnership.slug}`;
  const title = t('partnerships.pages.title');
  return (
    <Layout
      page={page}
      title={`${title} – ${partnership.title}`}
      breadcrumbs={[
        { label: t('partnerships.list.title'), path: '/partnerships' },
        { label: partnership.title, path: base },
        { label: title },
      ]}
    >
      <PartnershipFrame page={page} partnership={partnership} tabs={tabs} current="/pages">
        <h1>{title}</h1>
        <PageLinks page={page} base={base} pages={pages} />
      </PartnershipFrame>
    </Layout>
  );
}

/** A partnership's pages as links (on the overview too); says so when there are none. */
export function PageLinks({ page, base, pages }: { page: PageContext; base: string; pages: PageList['items'] }) {
  if (pages.length === 0) return <p>{page.t('partnerships.pages.empty')}</p>;
  return (
    <ul class="directory">
      {pages.map((p) => (
        <li>
          <a href={page.href(`${base}/pages/${p.slug}`)} lang={p.lang !== page.locale ? p.lang : undefined}>
            {p.title}
          </a>
          {p.membersOnly ? <span class="directory__meta">{page.t('partnerships.pages.membersOnly')}</span> : null}
        </li>
      ))}
    </ul>
  );
}
