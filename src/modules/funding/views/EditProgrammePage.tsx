import type { FieldErrors } from '../../../core/http/forms.js';
import { Button, CheckedForm, Field, fieldsOf } from '../../../core/views/components.js';
import { Layout } from '../../../core/views/Layout.js';
import type { PageContext } from '../../../core/views/page-context.js';

/** The fields of a programme's form, as typed. */
export const PROGRAMME_FIELDS = [
  'slug',
  'name',
  'period_from',
  'period_to',
  'budget_eur',
  'budget_note',
  'managing_service',
  'url',
  'description',
] as const;
export type ProgrammeValues = Record<(typeof PROGRAMME_FIELDS)[number], string>;

/** A new programme's form, or a programme's edit (its slug stays: addresses and imports name it). */
export function EditProgrammePage({
  page,
  slug,
  values,
  errors,
}: {
  page: PageContext;
  /** The programme edited; null for a new one. */
  slug: string | null;
  values: ProgrammeValues;
  errors: FieldErrors;
}) {
  const { t } = page;
  const heading = slug ? t('funding.programme.title.edit', { name: values.name }) : t('funding.programme.title.new');
  const labels: Record<string, string> = { _form: heading };
  for (const f of PROGRAMME_FIELDS) labels[f] = t(`funding.programme.field.${f}`);
  const field = fieldsOf(values, errors, labels);
  const base = slug ? `/funding/programmes/${slug}` : '/funding';
  return (
    <Layout
      page={page}
      title={heading}
      breadcrumbs={[{ label: t('funding.edit.crumb.register'), path: '/funding' }, { label: heading }]}
    >
      <h1>{heading}</h1>
      <CheckedForm
        page={page}
        errors={errors}
        labels={labels}
        action={page.href(slug ? `${base}/edit` : '/funding/programmes/new')}
      >
        {slug ? null : <Field {...field('slug')} required hint={t('funding.programme.hint.slug')} />}
        <Field {...field('name')} required maxLength={200} />
        <Field {...field('period_from')} hint={t('funding.programme.hint.year')} />
        <Field {...field('period_to')} hint={t('funding.programme.hint.year')} />
        <Field {...field('budget_eur')} hint={t('funding.edit.hint.amount')} />
        <Field {...field('budget_note')} hint={t('funding.programme.hint.budgetNote')} />
        <Field {...field('managing_service')} hint={t('funding.programme.hint.managingService')} />
        <Field {...field('url')} type="url" />
        <Field {...field('description')} multiline />
        <div class="page-actions">
          <Button>{t(slug ? 'funding.edit.save' : 'funding.edit.create')}</Button>
          <a href={page.href(base)}>{t('funding.edit.cancel')}</a>
        </div>
      </CheckedForm>
    </Layout>
  );
}
