import type { VNode } from 'preact';
import { InLanguage, Notice } from '../../../core/views/components.js';
import { Layout } from '../../../core/views/Layout.js';
import type { PageContext } from '../../../core/views/page-context.js';
import { countryName, displayName, kindLabel } from '../organisations.display.js';
import type { OrganisationProfile } from '../organisations.schema.js';

/** One organisation: what it is, its partnerships with its standing in each, its people. */
export function OrganisationPage({
  page,
  organisation,
  mayManage,
  done,
  sections = [],
}: {
  page: PageContext;
  organisation: OrganisationProfile;
  mayManage: boolean;
  done?: string | undefined;
  /** Other modules' sections under it (funding: what fits it). */
  sections?: readonly VNode[];
}) {
  const { t, locale } = page;
  const name = displayName(organisation, locale);
  return (
    <Layout
      page={page}
      title={name}
      breadcrumbs={[{ label: t('organisations.list.title'), path: '/organisations' }, { label: name }]}
    >
      {done === 'proposed' ? (
        <Notice kind="success">
          <p>{t('organisations.propose.done')}</p>
        </Notice>
      ) : null}
      {organisation.status !== 'approved' ? (
        <Notice kind="info" title={t(`organisations.status.${organisation.status}`)}>
          <p>{t(`organisations.status.${organisation.status}Hint`)}</p>
        </Notice>
      ) : null}
      <h1>{name}</h1>
      <div class="organisation-profile">
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

        <section aria-labelledby="partnerships">
          <h2 id="partnerships">{t('organisations.profile.partnerships')}</h2>
          {organisation.partnerships.length === 0 ? (
            <p>{t('organisations.profile.noPartnerships')}</p>
          ) : (
            <ul>
              {organisation.partnerships.map((p) => (
                <li>
                  <a href={page.href(`/partnerships/${p.slug}`)}>
                    <InLanguage lang={p.lang} page={page} labelled>
                      {p.title}
                    </InLanguage>
                  </a>{' '}
                  – {t(`organisations.standing.${p.standing}`)}
                </li>
              ))}
            </ul>
          )}
        </section>

        <section aria-labelledby="people">
          <h2 id="people">{t('organisations.profile.people', { count: organisation.people.length })}</h2>
          {organisation.people.length === 0 ? (
            <p>{t('organisations.profile.noPeople')}</p>
          ) : (
            <ul>
              {organisation.people.map((p) => (
                <li>
                  <a href={page.href(`/people/${p.handle}`)}>{p.displayName}</a>
                </li>
              ))}
            </ul>
          )}
          <p class="field__hint">{t('organisations.profile.peopleHint')}</p>
        </section>
      </div>
      {sections}
      {organisation.pendingClaims !== null || mayManage ? (
        <ul class="actions">
          {organisation.pendingClaims !== null ? (
            <li>
              <a href={page.href(`/organisations/${organisation.slug}/claims`)}>
                {t('organisations.profile.claims', { count: organisation.pendingClaims })}
              </a>
            </li>
          ) : null}
          {mayManage ? (
            <li>
              <a href={page.href(`/organisations/${organisation.slug}/edit`)}>{t('organisations.edit.title')}</a>
            </li>
          ) : null}
        </ul>
      ) : null}
    </Layout>
  );
}
