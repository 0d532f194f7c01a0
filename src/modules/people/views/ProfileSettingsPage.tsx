import type { FieldErrors } from '../../../core/http/forms.js';
import { EU_LANGUAGES, nativeLanguageName } from '../../../core/i18n/locales.js';
import { Button, ErrorSummary, Field, Form, Notice, Select } from '../../../core/views/components.js';
import { Layout } from '../../../core/views/Layout.js';
import type { PageContext } from '../../../core/views/page-context.js';
import { languageLabel, ownLanguageName } from '../people.languages.js';
import { BIO_MAX, DISPLAY_NAME_MAX, ROLE_TITLE_MAX } from '../people.schema.js';
import type { ProfileFormValues } from '../people.service.js';
import { Checkbox, Choices } from './Choices.js';

export interface OrganisationOption {
  slug: string;
  /** In the reader's language. */
  name: string;
}

interface ProfileSettingsProps {
  page: PageContext;
  handle: string;
  values: ProfileFormValues;
  errors: FieldErrors;
  /** Every organisation, by name in the reader's language. */
  organisations: OrganisationOption[];
  saved?: boolean;
}

/** Settings → profile: name, interface language, languages spoken, bio, organisations. */
export function ProfileSettingsPage({ page, handle, values, errors, organisations, saved }: ProfileSettingsProps) {
  const { t, locale } = page;
  const title = t('people.settings.title');
  const nameOf = (slug: string) => organisations.find((o) => o.slug === slug)?.name ?? slug;
  const labels: Record<string, string> = {
    displayName: t('people.settings.displayName'),
    locale: t('people.settings.locale'),
    languages: t('people.settings.languages'),
    otherLanguages: t('people.settings.otherLanguages'),
    bio: t('people.settings.bio'),
    newOrganisation: t('people.settings.newOrganisation'),
    newRoleTitle: t('people.settings.newRoleTitle'),
  };
  values.affiliations.forEach(
    (row, i) => (labels[`roleTitle-${i}`] = t('people.settings.roleAt', { organisation: nameOf(row.organisation) })),
  );
  const listed = new Set(values.affiliations.map((row) => row.organisation));
  const hasErrors = Object.keys(errors).length > 0;
  return (
    <Layout
      page={page}
      title={hasErrors ? `${t('people.errorPrefix')} ${title}` : title}
      breadcrumbs={[{ label: t('people.settings.settings'), path: '/settings/account' }, { label: title }]}
    >
      <div class="narrow">
        <ErrorSummary page={page} errors={errors} labels={labels} />
        <h1>{title}</h1>
        {saved ? <Notice kind="success" title={t('people.settings.saved')} /> : null}
        <p>
          <a href={page.href(`/people/${handle}`)}>{t('people.settings.viewProfile')}</a>
          {' · '}
          <a href={page.href('/follows')}>{t('follows.settings.link')}</a>
        </p>
        <Form page={page} action={page.href('/settings/profile')}>
          <Field
            name="displayName"
            label={labels.displayName!}
            hint={t('people.settings.displayNameHint')}
            value={values.displayName}
            error={errors.displayName}
            required
            autocomplete="name"
            maxLength={DISPLAY_NAME_MAX}
          />
          <Choices
            type="radio"
            name="locale"
            legend={labels.locale!}
            hint={t('people.settings.localeHint')}
            error={errors.locale}
            checked={[values.locale]}
            choices={[
              { value: '', label: t('people.settings.localeBrowser') },
              ...page.languages.map((code) => ({
                value: code,
                label: <span lang={code}>{nativeLanguageName(code)}</span>,
              })),
            ]}
          />
          <Choices
            type="checkbox"
            name="languages"
            legend={labels.languages!}
            hint={t('people.settings.languagesHint')}
            error={errors.languages}
            checked={values.languages}
            choices={EU_LANGUAGES.map((code) => ({
              value: code,
              label:
                code === locale ? (
                  languageLabel(locale, code)
                ) : (
                  <>
                    {languageLabel(locale, code)} (<span lang={code}>{ownLanguageName(code)}</span>)
                  </>
                ),
            }))}
          />
          <Field
            name="otherLanguages"
            label={labels.otherLanguages!}
            hint={t('people.settings.otherLanguagesHint')}
            value={values.otherLanguages}
            error={errors.otherLanguages}
            maxLength={200}
          />
          <Field
            name="bio"
            label={labels.bio!}
            hint={t('people.settings.bioHint', { limit: BIO_MAX })}
            value={values.bio}
            error={errors.bio}
            multiline
            maxLength={BIO_MAX}
          />
          <fieldset class="field" id="organisations">
            <legend class="field__label">{t('people.settings.organisations')}</legend>
            <p class="field__hint">{t('people.settings.organisationsHint')}</p>
            {values.affiliations.map((row, i) => (
              <div class="affiliation">
                <input type="hidden" name={`organisation-${i}`} value={row.organisation} />
                <Field
                  name={`roleTitle-${i}`}
                  label={labels[`roleTitle-${i}`]!}
                  value={row.roleTitle}
                  hint={row.claim && row.claim !== 'confirmed' ? t(`people.settings.claim.${row.claim}`) : undefined}
                  error={errors[`roleTitle-${i}`]}
                  maxLength={ROLE_TITLE_MAX}
                />
                <Checkbox
                  name={`remove-${i}`}
                  label={t('people.settings.remove', { organisation: nameOf(row.organisation) })}
                  checked={row.remove}
                />
              </div>
            ))}
            <Select
              name="newOrganisation"
              label={labels.newOrganisation!}
              value={values.newOrganisation}
              error={errors.newOrganisation}
              options={[
                { value: '', label: t('people.settings.noOrganisation') },
                ...organisations
                  .filter((o) => !listed.has(o.slug) || o.slug === values.newOrganisation)
                  .map((o) => ({ value: o.slug, label: o.name })),
              ]}
            />
            <Field
              name="newRoleTitle"
              label={labels.newRoleTitle!}
              hint={t('people.settings.roleTitleHint')}
              value={values.newRoleTitle}
              error={errors.newRoleTitle}
              maxLength={ROLE_TITLE_MAX}
            />
            <p>
              <a href={page.href('/organisations/propose')}>{t('people.settings.proposeOrganisation')}</a>
            </p>
          </fieldset>
          <Button>{t('people.settings.save')}</Button>
        </Form>
      </div>
    </Layout>
  );
}
