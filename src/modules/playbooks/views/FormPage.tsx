import { Button, CheckedForm, Field, fieldsOf, LanguageLabel, Notice, Select } from '../../../core/views/components.js';
import type { FieldErrors } from '../../../core/http/forms.js';
import { EU_LANGUAGES, languageNameIn } from '../../../core/i18n/locales.js';
import { Layout } from '../../../core/views/Layout.js';
import type { PageContext } from '../../../core/views/page-context.js';
import type { PlaybookFormValues } from '../playbooks.check.js';
import type { LessonChoice } from '../playbooks.lessons.js';
import { LIMITS } from '../playbooks.schema.js';

export interface FormView {
  /** Where the form posts, after `/{lang}`. */
  action: string;
  partnership: { slug: string; title: string };
  /** The playbook being edited (its title and address), or null for a new one. */
  editing: { title: string; path: string } | null;
  values: PlaybookFormValues;
  errors: FieldErrors;
  /** The published lessons to choose chapters from, newest first. */
  lessons: LessonChoice[];
  /** Chapters of the playbook that are no longer published (not offered: saving leaves them out). */
  dropped: number;
}

const FIELDS = ['title', 'target', 'lang', 'introduction', 'steps', 'lessons'] as const;

/**
 * Writing or editing a playbook: its texts, and its chapters chosen without a script, by giving
 * lessons a chapter number (blank: not in it).
 */
export function FormPage({ page, view }: { page: PageContext; view: FormView }) {
  const { t } = page;
  const labels = Object.fromEntries(FIELDS.map((f) => [f, t(`playbooks.field.${f}`)]));
  const field = fieldsOf(view.values, view.errors, labels);
  const heading = view.editing ? t('playbooks.edit.heading') : t('playbooks.write.heading');
  const title = view.editing ? t('playbooks.edit.title', { title: view.editing.title }) : heading;
  return (
    <Layout
      page={page}
      title={title}
      breadcrumbs={[
        { label: t('playbooks.list.title'), path: '/playbooks' },
        ...(view.editing ? [{ label: view.editing.title, path: view.editing.path }] : []),
        { label: heading },
      ]}
    >
      <h1>{heading}</h1>
      <p>{t('playbooks.write.for', { partnership: view.partnership.title })}</p>
      {view.dropped > 0 ? <Notice kind="info">{t('playbooks.edit.dropped', { count: view.dropped })}</Notice> : null}
      <CheckedForm page={page} errors={view.errors} labels={labels} action={page.href(view.action)}>
        <Field {...field('title')} required maxLength={LIMITS.title} />
        <Field {...field('target')} hint={t('playbooks.field.targetHint')} required maxLength={LIMITS.target} />
        <Select
          {...field('lang', view.values.lang || page.locale)}
          options={EU_LANGUAGES.map((code) => ({ value: code, label: languageNameIn(page.locale, code) }))}
        />
        <Field {...field('introduction')} hint={t('playbooks.field.introductionHint')} multiline required />
        <Field {...field('steps')} hint={t('playbooks.field.stepsHint', { limit: LIMITS.steps })} multiline required />
        <Chapters page={page} view={view} label={labels.lessons!} />
        <Button>{view.editing ? t('playbooks.edit.save') : t('playbooks.write.save')}</Button>
      </CheckedForm>
    </Layout>
  );
}

/** The published lessons, each with its chapter number field: a table the keyboard goes through row by row. */
function Chapters({ page, view, label }: { page: PageContext; view: FormView; label: string }) {
  const { t } = page;
  const error = view.errors.lessons;
  const describedBy = ['field-lessons-hint', error ? 'field-lessons-error' : null].filter(Boolean).join(' ');
  return (
    <div class={`field${error ? ' field--error' : ''}`} id="field-lessons" tabIndex={-1}>
      <fieldset class="fieldset">
        <legend class="field__label">{label}</legend>
        <p class="field__hint" id="field-lessons-hint">
          {t('playbooks.field.lessonsHint')}
        </p>
        {error ? (
          <p class="field__error" id="field-lessons-error">
            {error}
          </p>
        ) : null}
        {view.lessons.length === 0 ? (
          <p>{t('playbooks.field.noLessons')}</p>
        ) : (
          <div class="table-wrap">
            <table class="table">
              <caption class="visually-hidden">{t('playbooks.field.lessonsCaption')}</caption>
              <thead>
                <tr>
                  <th scope="col" id="chapter-column">
                    {t('playbooks.field.chapter')}
                  </th>
                  <th scope="col">{t('playbooks.field.lesson')}</th>
                  <th scope="col">{t('playbooks.field.where')}</th>
                </tr>
              </thead>
              <tbody>
                {view.lessons.map((lesson) => {
                  const name = `chapter-${lesson.id}`;
                  const typed = view.values.chapters[lesson.id] ?? '';
                  return (
                    <tr>
                      <td>
                        <input
                          type="text"
                          inputMode="numeric"
                          id={`field-${name}`}
                          name={name}
                          value={typed}
                          maxLength={4}
                          class={`input${error && typed ? ' input--error' : ''}`}
                          aria-labelledby={`chapter-column lesson-${lesson.id}`}
                          aria-describedby={describedBy}
                          aria-invalid={error && typed ? 'true' : undefined}
                        />
                      </td>
                      <th scope="row" id={`lesson-${lesson.id}`}>
                        <span lang={lesson.lang !== page.locale ? lesson.lang : undefined}>{lesson.title}</span>{' '}
                        <LanguageLabel page={page} lang={lesson.lang} />
                      </th>
                      <td>{lesson.where}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </fieldset>
    </div>
  );
}
