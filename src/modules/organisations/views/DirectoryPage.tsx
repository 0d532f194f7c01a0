import { Button, Pagination, Select } from '../../../core/views/components.js';
import { Layout } from '../../../core/views/Layout.js';
import type { PageContext } from '../../../core/views/page-context.js';
import { countryName, displayName, kindLabel } from '../organisations.display.js';
import { ORGANISATION_KINDS, SIZE_BANDS, type Organisation } from '../organisations.schema.js';
import type { DirectoryFilter } from '../organisations.queries.js';

interface DirectoryProps {
  page: PageContext;
  items: Organisation[];
  next: string | null;
  filter: DirectoryFilter;
  countries: string[];
  mayManage: boolean;
  /** A signed-in person may propose an organisation that is not listed. */
  mayPropose: boolean;
  /** The reader decides some organisations' affiliation claims (a link to them). */
  decidesClaims: boolean;
}

/** The directory: a filter form that works without JavaScript, then the organisations. */
export function DirectoryPage({
  page,
  items,
  next,
  filter,
  countries,
  mayManage,
  mayPropose,
  decidesClaims,
}: DirectoryProps) {
  const { t, locale } = page;
  const collator = new Intl.Collator(locale);
  const countryOptions = countries
    .map((code) => ({ value: code, label: countryName(locale, code) }))
    .sort((a, b) => collator.compare(a.label, b.label));
  const query = new URLSearchParams(Object.entries(filter).filter(([, v]) => v) as [string, string][]);
  const filtered = query.size > 0;
  return (
    <Layout page={page} title={t('organisations.list.title')} breadcrumbs={[{ label: t('organisations.list.title') }]}>
      <h1>{t('organisations.list.title')}</h1>
      <p class="lead">{t('organisations.list.lead')}</p>
      {mayManage || mayPropose ? (
        <ul class="actions">
          {mayManage ? (
            <li>
              <a class="button button--secondary" href={page.href('/organisations/new')}>
                {t('organisations.new.title')}
              </a>
            </li>
          ) : null}
          {mayManage ? (
            <li>
              <a href={page.href('/organisations/proposals')}>{t('organisations.proposals.title')}</a>
            </li>
          ) : null}
          {mayPropose && !mayManage ? (
            <li>
              <a href={page.href('/organisations/propose')}>{t('organisations.propose.link')}</a>
            </li>
          ) : null}
          {decidesClaims ? (
            <li>
              <a href={page.href('/organisations/claims')}>{t('organisations.claims.title')}</a>
            </li>
          ) : null}
        </ul>
      ) : null}
      <form
        class="filters"
        method="get"
        action={page.href('/organisations')}
        role="search"
        aria-label={t('organisations.filter.label')}
      >
        <Select
          name="kind"
          label={t('organisations.field.kind')}
          value={filter.kind ?? ''}
          options={[
            { value: '', label: t('organisations.filter.any') },
            ...ORGANISATION_KINDS.map((k) => ({ value: k, label: kindLabel(t, k) })),
          ]}
        />
        <Select
          name="country"
          label={t('organisations.field.country')}
          value={filter.country ?? ''}
          options={[{ value: '', label: t('organisations.filter.any') }, ...countryOptions]}
        />
        <Select
          name="size"
          label={t('organisations.field.sizeBand')}
          value={filter.size ?? ''}
          options={[
            { value: '', label: t('organisations.filter.any') },
            ...SIZE_BANDS.map((s) => ({ value: s, label: t(`organisations.size.${s}`) })),
          ]}
        />
        <Button variant="secondary">{t('organisations.filter.apply')}</Button>
        {filtered ? <a href={page.href('/organisations')}>{t('organisations.filter.clear')}</a> : null}
      </form>
      <p role="status">{t('organisations.list.shown', { count: items.length, more: next ? 'yes' : 'no' })}</p>
      {items.length === 0 ? (
        <p>{t('organisations.list.empty')}</p>
      ) : (
        <ul class="directory">
          {items.map((org) => (
            <li>
              <a href={page.href(`/organisations/${org.slug}`)}>{displayName(org, locale)}</a>{' '}
              <span class="directory__meta">
                {kindLabel(t, org.kind)}
                {org.country ? ` · ${countryName(locale, org.country)}` : ''}
                {org.sizeBand ? ` · ${t(`organisations.size.${org.sizeBand}`)}` : ''}
              </span>
            </li>
          ))}
        </ul>
      )}
      <Pagination
        page={page}
        next={next ? page.href(`/organisations?${new URLSearchParams([...query, ['after', next]])}`) : null}
      />
    </Layout>
  );
}
