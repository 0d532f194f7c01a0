import { AuditList } from '../../../core/audit/AuditList.js';
import type { AuditLine } from '../../../core/audit/sentences.js';
import { Pagination } from '../../../core/views/components.js';
import { Layout } from '../../../core/views/Layout.js';
import type { PageContext } from '../../../core/views/page-context.js';

/** The whole platform's audit log, newest first, as sentences: for platform administrators. */
export function AuditLogPage({
  page,
  entries,
  next,
}: {
  page: PageContext;
  entries: AuditLine[];
  next: number | null;
}) {
  const { t } = page;
  const title = t('site.audit.title');
  return (
    <Layout page={page} title={title} breadcrumbs={[{ label: title }]}>
      <h1>{title}</h1>
      {entries.length === 0 ? (
        <p>{t('site.audit.empty')}</p>
      ) : (
        <AuditList page={page} label={t('site.audit.caption')} entries={entries} withPartnership />
      )}
      <Pagination page={page} next={next ? page.href(`/admin/audit?before=${next}`) : null} />
    </Layout>
  );
}
