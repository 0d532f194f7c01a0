import { Button, CheckedForm, Field, fieldsOf, Notice, Select } from '../../../core/views/components.js';
import type { FieldErrors } from '../../../core/http/forms.js';
import { EU_LANGUAGES, languageNameIn } from '../../../core/i18n/locales.js';
import { Layout } from '../../../core/views/Layout.js';
import type { PageContext } from '../../../core/views/page-context.js';
import type { LessonFormValues } from '../lessons.check.js';
import type { SourceChoices } from '../lessons.sources.js';
import { BUDGET_BANDS, EFFORTS, SOURCE_TYPES } from '../lessons.tables.js';

export interface FormView {
  /** Where the form posts, after `/{lang}`. */
  action: string;
  partnership: { slug: string; title: string };
  /** The lesson being edited (its title and address), or null for a new one. */
  editing: { title: string; path: string; backToReview: boolean } | null;
  values: LessonFormValues;
  errors: FieldErrors;
  organisations: { label: string; options: { value: string; label: string }[] }[];
  sources: SourceChoices;
}

const FIELDS = [
  'title',
  'organisation',
  'lang',
  'tried',
  'worked',
  'not_worked',
  'replicate',
  'budget_band',
  'staff',
  'duration_months',
  'effort',
  'tags',
  'sources',
] as const;

/** Writing or editing a lesson: a plain form, with the problems at their fields. */
export function FormPage({ page, view }: { page: PageContext; view: FormView }) {
  const { t } = page;
  const labels = Object.fromEntries(FIELDS.map((f) => [f, t(`lessons.field.${f}`)]));
  const field = fieldsOf(view.values, view.errors, labels);
  const heading = view.editing ? t('lessons.edit.heading') : t('lessons.write.heading');
  const title = view.editing ? t('lessons.edit.title', { title: view.editing.title }) : heading;
  const choose = { value: '', label: t('lessons.field.choose') };
  return (
    <Layout
      page={page}
      title={title}
      breadcrumbs={[
        { label: t('lessons.list.title'), path: '/lessons' },
        ...(view.editing ? [{ label: view.editing.title, path: view.editing.path }] : []),
        { label: heading },
      ]}
    >
      <h1>{heading}</h1>
      <p>{t('lessons.write.for', { partnership: view.partnership.title })}</p>
      {view.editing?.backToReview ? <Notice kind="info">{t('lessons.edit.backToReview')}</Notice> : null}
      <CheckedForm page={page} errors={view.errors} labels={labels} action={page.href(view.action)}>
        <Field {...field('title')} required maxLength={200} />
        <Select
          {...field('organisation')}
          hint={t('lessons.field.organisationHint')}
          options={[choose]}
          groups={view.organisations}
        />
        <Select
          {...field('lang', view.values.lang || page.locale)}
          options={EU_LANGUAGES.map((code) => ({ value: code, label: languageNameIn(page.locale, code) }))}
        />
        <Field {...field('tried')} hint={t('lessons.field.triedHint')} multiline required />
        <Field {...field('worked')} multiline required />
        <Field {...field('not_worked')} multiline required />
        <Field {...field('replicate')} hint={t('lessons.field.replicateHint')} multiline required />
        <Select
          {...field('budget_band')}
          options={[choose, ...BUDGET_BANDS.map((b) => ({ value: b, label: t(`lessons.budget.${b}`) }))]}
        />
        <Field {...field('staff')} hint={t('lessons.field.staffHint')} type="text" />
        <Field {...field('duration_months')} hint={t('lessons.field.durationHint')} type="text" />
        <Select
          {...field('effort')}
          hint={t('lessons.field.effortHint')}
          options={[choose, ...EFFORTS.map((e) => ({ value: e, label: t(`lessons.effort.${e}`) }))]}
        />
        <Field {...field('tags')} hint={t('lessons.field.tagsHint')} />
        <div class={`field${view.errors.sources ? ' field--error' : ''}`} id="field-sources" tabIndex={-1}>
          <p class="field__label">{t('lessons.field.sources')}</p>
          <p class="field__hint">{t('lessons.field.sourcesHint')}</p>
          {view.errors.sources ? <p class="field__error">{view.errors.sources}</p> : null}
          {SOURCE_TYPES.map((type) =>
            view.sources[type].length === 0 ? null : (
              <fieldset class="fieldset">
                <legend class="field__label">{t(`lessons.sourceGroup.${type}`)}</legend>
                <ul class="inline-list">
                  {view.sources[type].map((o) => {
                    const id = `field-${type}-${o.value}`;
                    return (
                      <li>
                        <input
                          type="checkbox"
                          id={id}
                          name={type}
                          value={o.value}
                          checked={view.values.sources.includes(`${type}:${o.value}`)}
                        />{' '}
                        <label for={id}>{o.label}</label>
                      </li>
                    );
                  })}
                </ul>
              </fieldset>
            ),
          )}
        </div>
        {view.editing ? (
          <Button>{t('lessons.edit.save')}</Button>
        ) : (
          <p class="inline-list">
            <button type="submit" class="button button--primary" name="intent" value="submit">
              {t('lessons.write.submit')}
            </button>{' '}
            <button type="submit" class="button button--secondary" name="intent" value="save">
              {t('lessons.write.save')}
            </button>
          </p>
        )}
      </CheckedForm>
    </Layout>
  );
}
