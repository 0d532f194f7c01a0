import type { AuditRecord } from '../../../core/audit/audit.js';
import { Pagination, Table } from '../../../core/views/components.js';
import { Layout } from '../../../core/views/Layout.js';
import type { PageContext } from '../../../core/views/page-context.js';
import { displayNameOf, type UserSummary } from '../../accounts/index.js';
import type { PartnershipDetail } from '../partnerships.schema.js';

/** The partnership's audit log, newest first: for its coordinators and administrators. */
export function AuditPage({
  page,
  partnership,
  entries,
  actors,
  next,
}: {
  page: PageContext;
  partnership: PartnershipDetail;
  entries: AuditRecord[];
  actors: Map<number, UserSummary>;
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
      <h1>{title}</h1>
      {entries.length === 0 ? (
        <p>{t('partnerships.audit.empty')}</p>
      ) : (
        <Table
          caption={t('partnerships.audit.caption')}
          columns={[
            t('partnerships.audit.when'),
            t('partnerships.audit.who'),
            t('partnerships.audit.what'),
            t('partnerships.audit.details'),
          ]}
          rows={entries.map((e) => [
            page.i18n.dateTime(e.at),
            e.actorId === null
              ? t('partnerships.audit.system')
              : actors.has(e.actorId)
                ? displayNameOf(actors.get(e.actorId)!, t)
                : t('partnerships.audit.unknown'),
            <code>{e.action}</code>,
            <code>{`${e.subjectType} ${e.subjectId} ${JSON.stringify(e.details)}`}</code>,
          ])}
        />
      )}
      <Pagination
        page={page}
        next={next ? page.href(`/partnerships/${partnership.slug}/audit?before=${next}`) : null}
      />
    </Layout>
  );
}
