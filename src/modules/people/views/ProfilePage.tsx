import type { ComponentChildren, VNode } from 'preact';
import { Layout } from '../../../core/views/Layout.js';
import type { PageContext } from '../../../core/views/page-context.js';
import { organisationDisplayName } from '../../organisations/index.js';
import { languageList } from '../people.languages.js';
import type { ProfileView } from '../people.service.js';
import { Bio } from './Bio.js';

interface ProfilePageProps {
  page: PageContext;
  profile: ProfileView;
  /** The reader is this person: offer to edit. */
  own: boolean;
  /** Other modules' blocks about this person (`profileSections`), after the organisations. */
  sections?: ComponentChildren;
  /** The reader's follow button (follows module); none on one's own profile. */
  follow?: VNode | null;
}

/** A person's public profile: name, organisations, languages spoken, bio. */
export function ProfilePage({ page, profile, own, sections, follow }: ProfilePageProps) {
  const { t, locale } = page;
  return (
    <Layout page={page} title={profile.displayName} breadcrumbs={[{ label: profile.displayName }]}>
      <h1>{profile.displayName}</h1>
      {own ? (
        <p>
          <a class="button button--secondary" href={page.href('/settings/profile')}>
            {t('people.profile.edit')}
          </a>
        </p>
      ) : null}
      {follow ?? null}
      <dl class="facts">
        <dt>{t('people.profile.organisations')}</dt>
        <dd>
          {profile.organisations.length === 0 ? (
            t('people.profile.noOrganisations')
          ) : (
            <ul>
              {profile.organisations.map((org) => (
                <li>
                  <a href={page.href(`/organisations/${org.slug}`)}>{organisationDisplayName(org, locale)}</a>
                  {org.roleTitle ? ` – ${org.roleTitle}` : null}
                  {org.claim !== 'confirmed' ? ` ${t(`people.profile.claim.${org.claim}`)}` : null}
                </li>
              ))}
            </ul>
          )}
        </dd>
        <dt>{t('people.profile.languages')}</dt>
        <dd>
          {profile.languages.length === 0 ? t('people.profile.noLanguages') : languageList(locale, profile.languages)}
        </dd>
      </dl>
      <h2>{t('people.profile.about')}</h2>
      {profile.bio ? <Bio text={profile.bio} /> : <p>{t('people.profile.noBio')}</p>}
      {sections}
    </Layout>
  );
}
