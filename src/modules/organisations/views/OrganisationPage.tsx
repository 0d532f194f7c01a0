import { Layout } from '../../../core/views/Layout.js';
import type { PageContext } from '../../../core/views/page-context.js';
import { countryName, displayName, kindLabel } from '../organisations.display.js';
import type { Organisation } from '../organisations.schema.js';

export function OrganisationPage({
  page,
  organisation,
  mayManage,
}: {
  page: PageContext;
  organisation: Organisation;
  mayManage: boolean;
}) {
  const { t, locale } = page;
  const name = displayName(organisation, locale);
  return (
    <Layout
      page={page}
      title={name}
      breadcrumbs={[{ label: t('organisations.list.title'), path: '/organisations' }, { label: name }]}
    >
      <h1>{name}</h1>
      <dl class="facts">
        <dt>{t('organisations.field.kind')}</dt>
        <dd>{kindLabel(t, organisation.kind)}</dd>
        {organisation.country ? (
          <>
            <dt>{t('organisations.field.country')}</dt>
            <dd>{countryName(locale, organisation.country)}</dd>
          </>
        ) : null}
        {organisation.sizeBand ? (
          <>
            <dt>{t('organisations.field.sizeBand')}</dt>
            <dd>{t(`organisations.size.${organisation.sizeBand}`)}</dd>
          </>
        ) : null}
        {organisation.website ? (
          <>
            <dt>{t('organisations.field.website')}</dt>
            <dd>
              <a href={organisation.website} rel="noopener noreferrer external">
                {organisation.website}
              </a>
            </dd>
          </>
        ) : null}
      </dl>
      {mayManage ? (
        <p>
          <a class="button button--secondary" href={page.href(`/organisations/${organisation.slug}/edit`)}>
            {t('organisations.edit.title')}
          </a>
        </p>
      ) : null}
    </Layout>
  );
}
