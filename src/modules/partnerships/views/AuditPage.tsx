import type { AuditLine } from '../../../core/audit/sentences.js';
import { AuditList } from '../../../core/audit/AuditList.js';
import { Pagination } from '../../../core/views/components.js';
import { Layout } from '../../../core/views/Layout.js';
import type { PageContext } from '../../../core/views/page-context.js';
import type { HubTab } from '../partnerships.hub.js';
import type { PartnershipDetail } from '../partnerships.schema.js';
import { PartnershipFrame } from './PartnershipFrame.js';

/** The partnership's audit log, newest first, as sentences: for its coordinators and administrators. */
export function AuditPage({
  page,
  partnership,
  entries,
  next,
  tabs,
}: {
  page: PageContext;
  partnership: PartnershipDetail;
  /** The partnership's sub-navigation (`hubTabs(ctx)`). */
  tabs: readonly HubTab[];
  entries: AuditLine[];
  next: number | null;
}) {
  const { t } = page;
  const title = t('partnerships.audit.title');
  return (
    <Layout
      page={page}
      title={`${title} – ${partnership.title}`}
      breadcrumbs={[
        { label: t('partnerships.list.title'), path: '/partnerships' },
        { label: partnership.title, path: `/partnerships/${partnership.slug}` },
        { label: title },
      ]}
    >
      <PartnershipFrame page={page} partnership={partnership} tabs={tabs}>
        <h1>{title}</h1>
        {entries.length === 0 ? (
          <p>{t('partnerships.audit.empty')}</p>
        ) : (
          <AuditList page={page} label={t('partnerships.audit.caption')} entries={entries} />
        )}
        <Pagination
          page={page}
          next={next ? page.href(`/partnerships/${partnership.slug}/audit?before=${next}`) : null}
        />
      </PartnershipFrame>
    </Layout>
  );
}
