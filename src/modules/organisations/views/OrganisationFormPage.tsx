import type { FieldErrors } from '../../../core/http/forms.js';
import { Button, ErrorSummary, Field, Form, Select } from '../../../core/views/components.js';
import { Layout } from '../../../core/views/Layout.js';
import type { PageContext } from '../../../core/views/page-context.js';
import { countryName, kindLabel } from '../organisations.display.js';
import { ORGANISATION_KINDS, SIZE_BANDS } from '../organisations.schema.js';

export type FormValues = Partial<Record<'name' | 'slug' | 'kind' | 'country' | 'website' | 'sizeBand', string>>;

// The EU member states and the countries most often in Urban Agenda partnerships.
const COUNTRIES = [
  'AT',
  'BE',
  'BG',
  'CY',
  'CZ',
  'DE',
  'DK',
  'EE',
  'ES',
  'FI',
  'FR',
  'GR',
  'HR',
  'HU',
  'IE',
  'IT',
  'LT',
  'LU',
  'LV',
  'MT',
  'NL',
  'PL',
  'PT',
  'RO',
  'SE',
  'SI',
  'SK',
  'CH',
  'IS',
  'LI',
  'NO',
  'UA',
  'GB',
];

/** Create or edit an organisation (administrators). */
export function OrganisationFormPage({
  page,
  values,
  errors,
  existingSlug,
  propose = false,
}: {
  page: PageContext;
  values: FormValues;
  errors: FieldErrors;
  existingSlug?: string;
  /** A person proposes an organisation that is not listed (no address field: it is made from the name). */
  propose?: boolean;
}) {
  const { t, locale } = page;
  const title = propose
    ? t('organisations.propose.title')
    : existingSlug
      ? t('organisations.edit.title')
      : t('organisations.new.title');
  const action = propose
    ? '/organisations/propose'
    : existingSlug
      ? `/organisations/${existingSlug}`
      : '/organisations';
  const labels = {
    name: t('organisations.field.name'),
    slug: t('organisations.field.slug'),
    kind: t('organisations.field.kind'),
    country: t('organisations.field.country'),
    website: t('organisations.field.website'),
    sizeBand: t('organisations.field.sizeBand'),
    _form: title,
  };
  const collator = new Intl.Collator(locale);
  const countries = COUNTRIES.map((code) => ({ value: code, label: countryName(locale, code) })).sort((a, b) =>
    collator.compare(a.label, b.label),
  );
  const hasErrors = Object.keys(errors).length > 0;
  return (
    <Layout
      page={page}
      title={hasErrors ? `${t('organisations.errorPrefix')} ${title}` : title}
      breadcrumbs={[{ label: t('organisations.list.title'), path: '/organisations' }, { label: title }]}
    >
      <div class="narrow">
        <ErrorSummary page={page} errors={errors} labels={labels} />
        <h1>{title}</h1>
        {propose ? <p>{t('organisations.propose.lead')}</p> : null}
        <Form page={page} action={page.href(action)}>
          <Field
            name="name"
            label={labels.name}
            value={values.name ?? ''}
            error={errors.name}
            required
            maxLength={200}
          />
          {propose ? null : (
            <Field
              name="slug"
              label={labels.slug}
              hint={t('organisations.field.slugHint')}
              value={values.slug ?? ''}
              error={errors.slug}
              required
              maxLength={100}
            />
          )}
          <Select
            name="kind"
            label={labels.kind}
            value={values.kind ?? ''}
            error={errors.kind}
            options={ORGANISATION_KINDS.map((k) => ({ value: k, label: kindLabel(t, k) }))}
          />
          <Select
            name="country"
            label={labels.country}
            value={values.country ?? ''}
            error={errors.country}
            options={[{ value: '', label: t('organisations.field.noCountry') }, ...countries]}
          />
          <Field
            name="website"
            type="url"
            label={labels.website}
            value={values.website ?? ''}
            error={errors.website}
            maxLength={300}
          />
          <Select
            name="sizeBand"
            label={labels.sizeBand}
            hint={t('organisations.field.sizeBandHint')}
            value={values.sizeBand ?? ''}
            error={errors.sizeBand}
            options={[
              { value: '', label: t('organisations.field.noSize') },
              ...SIZE_BANDS.map((s) => ({ value: s, label: t(`organisations.size.${s}`) })),
            ]}
          />
          <Button>{propose ? t('organisations.propose.submit') : t('organisations.form.save')}</Button>
        </Form>
      </div>
    </Layout>
  );
}
