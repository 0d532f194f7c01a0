import type { VNode } from 'preact';
import { InLanguage } from '../../../core/views/components.js';
import { Layout } from '../../../core/views/Layout.js';
import type { PageContext } from '../../../core/views/page-context.js';
import { PartnershipFrame, type HubTab, type PartnershipDetail } from '../../partnerships/index.js';
import type { FitAction, FitList, FitOrganisation } from '../funding.match.reads.js';
import { FitItems, Reasons, Topics } from './MatchParts.js';

/** What a list of fits says when it is empty, and the list otherwise. */
function FitListBody({ page, list, slug }: { page: PageContext; list: FitList; slug?: string }): VNode {
  const { t } = page;
  if (list.finished) return <p>{t('funding.match.finished')}</p>;
  if (list.topics.length === 0) return <p>{t('funding.match.noTopics')}</p>;
  return (
    <>
      <Topics page={page} topics={list.topics} />
      {list.items.length === 0 ? (
        <p>{t('funding.match.none')}</p>
      ) : (
        <FitItems page={page} items={list.items} headingLevel={2} {...(slug ? { slug } : {})} />
      )}
      <p>
        <a href={page.href('/funding')}>{t('funding.match.register')}</a>
      </p>
    </>
  );
}

/** The section under an action's or an organisation's page: the best few, and a link to all. */
export function FitsSection({ page, list, path }: { page: PageContext; list: FitList; path: string }) {
  const { t } = page;
  return (
    <section class="match-section" aria-labelledby="funding-fits">
      <h2 id="funding-fits">{t('funding.match.title')}</h2>
      {list.finished ? (
        <p>{t('funding.match.finished')}</p>
      ) : list.topics.length === 0 ? (
        <p>{t('funding.match.noTopics')}</p>
      ) : list.items.length === 0 ? (
        <p>{t('funding.match.none')}</p>
      ) : (
        <>
          <FitItems page={page} items={list.items.slice(0, 5)} />
          <p>
            <a href={page.href(path)}>{t('funding.match.all')}</a>
          </p>
        </>
      )}
    </section>
  );
}

interface Framed {
  partnership: PartnershipDetail;
  tabs: readonly HubTab[];
}

const crumbs = (page: PageContext, p: PartnershipDetail) => [
  { label: page.t('actions.partnerships'), path: '/partnerships' },
  { label: p.title, path: `/partnerships/${p.slug}` },
];

/** An action's fits, whole. */
export function ActionFundingPage({
  page,
  view,
}: {
  page: PageContext;
  view: Framed & { number: number; title: string; lang: string; list: FitList };
}) {
  const { t } = page;
  const label = t('funding.match.actionLabel', { number: view.number });
  const base = `/partnerships/${view.partnership.slug}/actions`;
  return (
    <Layout
      page={page}
      title={t('funding.match.action.title', { action: label })}
      breadcrumbs={[
        ...crumbs(page, view.partnership),
        { label: t('actions.hub.tab'), path: base },
        { label, path: `${base}/${view.number}` },
        { label: t('funding.match.title') },
      ]}
    >
      <PartnershipFrame page={page} partnership={view.partnership} tabs={view.tabs} current="/actions">
        <h1>{t('funding.match.action.title', { action: label })}</h1>
        <p>
          <a href={page.href(`${base}/${view.number}`)}>
            {label}:{' '}
            <InLanguage page={page} lang={view.lang}>
              {view.title}
            </InLanguage>
          </a>
        </p>
        <p>{t('funding.match.intro')}</p>
        <FitListBody page={page} list={view.list} />
      </PartnershipFrame>
    </Layout>
  );
}

/** The Funding tab of a partnership's hub. */
export function PartnershipFundingPage({ page, view }: { page: PageContext; view: Framed & { list: FitList } }) {
  const { t } = page;
  return (
    <Layout
      page={page}
      title={t('funding.match.partnership.title', { partnership: view.partnership.title })}
      breadcrumbs={[...crumbs(page, view.partnership), { label: t('funding.match.hub.tab') }]}
    >
      <PartnershipFrame page={page} partnership={view.partnership} tabs={view.tabs} current="/funding">
        <h1>{t('funding.match.partnership.heading')}</h1>
        <p>{t('funding.match.partnership.intro')}</p>
        <FitListBody page={page} list={view.list} slug={view.partnership.slug} />
      </PartnershipFrame>
    </Layout>
  );
}

/** An organisation's fits. */
export function OrganisationFundingPage({
  page,
  view,
}: {
  page: PageContext;
  view: { slug: string; name: string; list: FitList };
}) {
  const { t } = page;
  return (
    <Layout
      page={page}
      title={t('funding.match.organisation.title', { organisation: view.name })}
      breadcrumbs={[
        { label: t('organisations.list.title'), path: '/organisations' },
        { label: view.name, path: `/organisations/${view.slug}` },
        { label: t('funding.match.title') },
      ]}
    >
      <h1>{t('funding.match.organisation.title', { organisation: view.name })}</h1>
      <p>{t('funding.match.organisation.intro')}</p>
      <FitListBody page={page} list={view.list} />
    </Layout>
  );
}

/** The actions and organisations an item fits. */
export function ItemFitsPage({
  page,
  view,
}: {
  page: PageContext;
  view: {
    item: { id: number; title: string; lang: string };
    actions: readonly FitAction[];
    organisations: readonly FitOrganisation[];
  };
}) {
  const { t } = page;
  const title = t('funding.match.item.title', { item: view.item.title });
  return (
    <Layout
      page={page}
      title={title}
      breadcrumbs={[{ label: view.item.title, path: `/funding/${view.item.id}` }, { label: t('funding.match.title') }]}
    >
      <h1>{title}</h1>
      <ItemFitsBody page={page} view={view} />
      <p>
        <a href={page.href(`/funding/${view.item.id}`)}>{t('funding.match.item.back')}</a>
      </p>
    </Layout>
  );
}

/** The two lists of an item's fits (its page, and the section under the item). */
export function ItemFitsBody({
  page,
  view,
  level = 2,
}: {
  page: PageContext;
  view: { actions: readonly FitAction[]; organisations: readonly FitOrganisation[] };
  level?: 2 | 3;
}) {
  const { t } = page;
  const H = level === 2 ? 'h2' : 'h3';
  return (
    <>
      <H>{t('funding.match.item.actions')}</H>
      {view.actions.length === 0 ? (
        <p>{t('funding.match.item.noActions')}</p>
      ) : (
        <ol class="match">
          {view.actions.map((a) => (
            <li class="match__item">
              <a href={page.href(`/partnerships/${a.partnership}/actions/${a.number}`)}>
                {t('funding.match.actionLabel', { number: a.number })}:{' '}
                <InLanguage page={page} lang={a.lang}>
                  {a.title}
                </InLanguage>
              </a>
              <Reasons page={page} reasons={a.reasons} />
            </li>
          ))}
        </ol>
      )}
      <H>{t('funding.match.item.organisations')}</H>
      {view.organisations.length === 0 ? (
        <p>{t('funding.match.item.noOrganisations')}</p>
      ) : (
        <ol class="match">
          {view.organisations.map((o) => (
            <li class="match__item">
              <a href={page.href(`/organisations/${o.slug}`)}>{o.name}</a>
              <Reasons page={page} reasons={o.reasons.filter((r) => r.kind !== 'eligible')} />
            </li>
          ))}
        </ol>
      )}
    </>
  );
}
