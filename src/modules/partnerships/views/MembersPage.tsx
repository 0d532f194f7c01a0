import { Table } from '../../../core/views/components.js';
import { Layout } from '../../../core/views/Layout.js';
import type { PageContext } from '../../../core/views/page-context.js';
import type { HubTab } from '../partnerships.hub.js';
import type { Members, PartnershipDetail } from '../partnerships.schema.js';
import { PartnershipFrame } from './PartnershipFrame.js';

export function MembersPage({
  page,
  partnership,
  members,
  tabs,
}: {
  page: PageContext;
  partnership: PartnershipDetail;
  members: Members;
  /** The partnership's sub-navigation (`hubTabs(ctx)`). */
  tabs: readonly HubTab[];
}) {
  const { t } = page;
  const title = t('partnerships.members.title');
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
      <PartnershipFrame page={page} partnership={partnership} tabs={tabs} current="/members">
        <h1>{title}</h1>
        <Table
          caption={t('partnerships.members.organisations', { count: members.organisations.length })}
          columns={[t('partnerships.members.organisation'), t('partnerships.members.role')]}
          rows={members.organisations.map((o) => [
            <a href={page.href(`/organisations/${o.slug}`)}>{o.name}</a>,
            t(`partnerships.orgRole.${o.role}`),
          ])}
        />
        <Table
          caption={t('partnerships.members.people', { count: members.people.length })}
          columns={[
            t('partnerships.members.person'),
            t('partnerships.members.organisation'),
            t('partnerships.members.role'),
            t('partnerships.members.since'),
          ]}
          rows={members.people.map((p) => [
            <a href={page.href(`/people/${p.handle}`)}>{p.displayName}</a>,
            // Confirmed affiliations only: an unconfirmed claim is not shown to others.
            p.organisations.length === 0
              ? '–'
              : p.organisations.map((o, i) => (
                  <>
                    {i > 0 ? ', ' : null}
                    <a href={page.href(`/organisations/${o.slug}`)}>{o.name}</a>
                  </>
                )),
            t(`partnerships.role.${p.role}`),
            page.i18n.date(p.joinedAt),
          ])}
        />
      </PartnershipFrame>
    </Layout>
  );
}
