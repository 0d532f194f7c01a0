import type { FieldErrors } from '../../../core/http/forms.js';
import { ErrorSummary, Form, Notice } from '../../../core/views/components.js';
import { Layout } from '../../../core/views/Layout.js';
import type { PageContext } from '../../../core/views/page-context.js';
import { organisationDisplayName, type Organisation } from '../../organisations/index.js';
import type { Assessment, Dimension } from '../assessments.queries.js';
import { LEVELS } from '../assessments.schema.js';

/** A question's field name in the form: `q<id>`. */
export const fieldOf = (questionId: number) => `q${questionId}`;

/**
 * A draft, as one long form: a fieldset per dimension, in it a radio group per question (a fieldset
 * whose legend is the question), the scale's five levels each with its label. "Save as draft" comes
 * first, so that Enter keeps the answers without submitting. Answers sent back with problems are
 * shown as they were sent (`answers`), each problem at its question and in the summary above.
 */
export function FormPage({
  page,
  assessment,
  organisation,
  dimensions,
  answers,
  errors,
  saved,
}: {
  page: PageContext;
  assessment: Assessment;
  organisation: Organisation;
  dimensions: Dimension[];
  answers: ReadonlyMap<number, number>;
  errors: FieldErrors;
  saved: boolean;
}) {
  const { t } = page;
  const name = organisationDisplayName(organisation, page.locale);
  const heading = t('assessments.form.title', { organisation: name });
  const total = dimensions.reduce((n, d) => n + d.questions.length, 0);
  const answered = dimensions.reduce((n, d) => n + d.questions.filter((q) => answers.has(q.id)).length, 0);
  const labels = Object.fromEntries(
    dimensions.flatMap((d) =>
      d.questions.map((q, i) => [
        fieldOf(q.id),
        t('assessments.form.questionRef', { dimension: d.name, number: i + 1 }),
      ]),
    ),
  );
  return (
    <Layout
      page={page}
      title={heading}
      breadcrumbs={[{ label: t('assessments.list.title'), path: '/assessments' }, { label: name }]}
    >
      <h1>{heading}</h1>
      <p>
        {t('assessments.form.started', { date: page.i18n.date(assessment.startedAt, 'long') })}{' '}
        {t('assessments.form.progress', { answered, total })}
      </p>
      {saved ? <Notice kind="success">{t('assessments.form.saved')}</Notice> : null}
      <p>{t('assessments.form.intro')}</p>
      <ErrorSummary page={page} errors={errors} labels={labels} />
      <Form page={page} action={page.href(`/assessments/${assessment.id}`)}>
        {dimensions.map((d) => (
          <fieldset class="fieldset">
            <legend lang={d.lang === page.locale ? undefined : d.lang}>{d.name}</legend>
            {d.description ? <p lang={d.lang === page.locale ? undefined : d.lang}>{d.description}</p> : null}
            {d.questions.map((q) => {
              const field = fieldOf(q.id);
              const error = errors[field];
              const current = answers.get(q.id);
              return (
                <fieldset
                  class={`fieldset assessment-question${error ? ' field--error' : ''}`}
                  aria-describedby={error ? `field-${field}-error` : undefined}
                >
                  <legend lang={q.lang === page.locale ? undefined : q.lang}>{q.text}</legend>
                  {error ? (
                    <p class="field__error" id={`field-${field}-error`}>
                      {error}
                    </p>
                  ) : null}
                  {LEVELS.map((level) => {
                    // The first radio carries the field's id, so the summary's link lands in the group.
                    const id = level === 0 ? `field-${field}` : `field-${field}-${level}`;
                    const value = String(level);
                    return (
                      <div class="field">
                        <input type="radio" id={id} name={field} value={value} checked={current === level} />{' '}
                        <label for={id}>
                          {t('assessments.level.label', { level, name: t(`assessments.level.${level}`) })}
                        </label>
                      </div>
                    );
                  })}
                </fieldset>
              );
            })}
          </fieldset>
        ))}
        <p>{t('assessments.form.submitHint')}</p>
        {/* Two buttons of one form, told apart by their value (the core's Button has neither name nor value). */}
        <button type="submit" class="button button--secondary" name="intent" value="save">
          {t('assessments.form.save')}
        </button>{' '}
        <button type="submit" class="button button--primary" name="intent" value="submit">
          {t('assessments.form.submit')}
        </button>
      </Form>
    </Layout>
  );
}
