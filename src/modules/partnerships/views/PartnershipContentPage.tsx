import { Notice } from '../../../core/views/components.js';
import { Layout } from '../../../core/views/Layout.js';
import type { PageContext } from '../../../core/views/page-context.js';
import type { HubTab } from '../partnerships.hub.js';
import type { PartnershipDetail, PartnershipPageDoc } from '../partnerships.schema.js';
import { PartnershipFrame } from './PartnershipFrame.js';

/** A partnership's own page; the body is plain text, one paragraph per blank-line block. */
export function PartnershipContentPage({
  page,
  partnership,
  doc,
  tabs,
}: {
  page: PageContext;
  partnership: PartnershipDetail;
  doc: PartnershipPageDoc;
  /** The partnership's sub-navigation (`hubTabs(ctx)`). */
  tabs: readonly HubTab[];
}) {
  const { t } = page;
  const lang = doc.lang !== page.locale ? doc.lang : undefined;
  return (
    <Layout
      page={page}
      title={`${doc.title} – ${partnership.title}`}
      breadcrumbs={[
        { label: t('partnerships.list.title'), path: '/partnerships' },
        { label: partnership.title, path: `/partnerships/${partnership.slug}` },
        { label: t('partnerships.pages.title'), path: `/partnerships/${partnership.slug}/pages` },
        { label: doc.title },
      ]}
    >
      <PartnershipFrame page={page} partnership={partnership} tabs={tabs} current="/pages">
        <h1 lang={lang}>{doc.title}</h1>
        {doc.membersOnly ? (
          <Notice title={t('partnerships.pages.membersOnly')}>{t('partnerships.pages.membersOnlyText')}</Notice>
        ) : null}
        <div class="prose" lang={lang}>
          {doc.body.split(/\n\s*\n/).map((paragraph) => (
            <p>{paragraph}</p>
          ))}
        </div>
        <p class="meta">{t('partnerships.pages.updated', { date: page.i18n.date(doc.updatedAt, 'long') })}</p>
      </PartnershipFrame>
    </Layout>
  );
}
