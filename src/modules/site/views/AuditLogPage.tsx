import type { AuditRecord } from '../../../core/audit/audit.js';
import { Pagination, Table } from '../../../core/views/components.js';
import { Layout } from '../../../core/views/Layout.js';
import type { PageContext } from '../../../core/views/page-context.js';

/** The whole platform's audit log, newest first, for platform administrators. */
export function AuditLogPage({
  page,
  entries,
  actorNames,
  next,
}: {
  page: PageContext;
  entries: AuditRecord[];
  actorNames: Map<number, string>;
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
        <Table
          caption={t('site.audit.caption')}
          columns={[t('site.audit.when'), t('site.audit.who'), t('site.audit.what'), t('site.audit.details')]}
          rows={entries.map((e) => [
            page.i18n.dateTime(e.at),
            e.actorId === null ? t('site.audit.system') : (actorNames.get(e.actorId) ?? `#${e.actorId}`),
            <code>{e.action}</code>,
            <code>{`${e.subjectType} ${e.subjectId} ${JSON.stringify(e.details)}`}</code>,
          ])}
        />
      )}
      <Pagination page={page} next={next ? page.href(`/admin/audit?before=${next}`) : null} />
    </Layout>
  );
}
