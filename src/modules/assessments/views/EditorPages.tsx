import type { FieldErrors } from '../../../core/http/forms.js';
import { Button, CheckedForm, Field, fieldsOf, Form, Notice, Select } from '../../../core/views/components.js';
import { Layout } from '../../../core/views/Layout.js';
import type { PageContext } from '../../../core/views/page-context.js';
import type { Dimension } from '../assessments.queries.js';

const crumbs = (page: PageContext, here: string) => [
  { label: page.t('assessments.list.title'), path: '/assessments' },
  { label: page.t('assessments.editor.title'), path: '/assessments/questions' },
  { label: here },
];

/** A retire or bring-back button for a dimension or a question. */
function RetireButton({
  page,
  action,
  retired,
  name,
}: {
  page: PageContext;
  action: string;
  retired: boolean;
  name: string;
}) {
  return (
    <Form page={page} action={page.href(action)} class="inline-form">
      <input type="hidden" name="retired" value={retired ? '0' : '1'} />
      <Button variant="secondary">
        {page.t(retired ? 'assessments.editor.restore' : 'assessments.editor.retire', { name })}
      </Button>
    </Form>
  );
}

/** The administrators' view of the question set: every dimension and question, with links to edit, retire or add. */
export function QuestionsPage({ page, set, done }: { page: PageContext; set: Dimension[]; done: string | null }) {
  const { t } = page;
  const heading = t('assessments.editor.title');
  return (
    <Layout
      page={page}
      title={heading}
      breadcrumbs={[{ label: t('assessments.list.title'), path: '/assessments' }, { label: heading }]}
    >
      <h1>{heading}</h1>
      <p>{t('assessments.editor.intro')}</p>
      {done ? <Notice kind="success">{t('assessments.editor.done')}</Notice> : null}
      <p>
        <a href={page.href('/assessments/questions/dimensions/new')}>{t('assessments.editor.addDimension')}</a>
      </p>
      {set.map((d) => (
        <section aria-labelledby={`dimension-${d.id}`}>
          <h2 id={`dimension-${d.id}`}>
            {d.name}
            {d.retired ? ` (${t('assessments.result.retired')})` : ''}
          </h2>
          <p>{t('assessments.editor.topics', { topics: d.tags.join(', ') || '–' })}</p>
          <p>
            <a href={page.href(`/assessments/questions/dimensions/${d.id}`)}>
              {t('assessments.editor.editDimension', { name: d.name })}
            </a>
          </p>
          <RetireButton
            page={page}
            action={`/assessments/questions/dimensions/${d.id}/retire`}
            retired={d.retired}
            name={d.name}
          />
          <ol>
            {d.questions.map((q, i) => {
              const name = t('assessments.form.questionRef', { dimension: d.name, number: i + 1 });
              return (
                <li>
                  {q.text}
                  {q.retired ? ` (${t('assessments.result.retired')})` : ''}{' '}
                  <a href={page.href(`/assessments/questions/${q.id}`)}>{t('assessments.editor.edit', { name })}</a>
                  <RetireButton
                    page={page}
                    action={`/assessments/questions/${q.id}/retire`}
                    retired={q.retired}
                    name={name}
                  />
                </li>
              );
            })}
          </ol>
          <p>
            <a href={page.href(`/assessments/questions/new?dimension=${d.id}`)}>
              {t('assessments.editor.addQuestion', { name: d.name })}
            </a>
          </p>
        </section>
      ))}
    </Layout>
  );
}

export type DimensionValues = Record<
  'slug' | 'tags' | 'name_en' | 'name_cs' | 'description_en' | 'description_cs',
  string
>;

/** A dimension's form: new (`id` null) or changed. */
export function DimensionPage({
  page,
  id,
  values,
  errors,
}: {
  page: PageContext;
  id: number | null;
  values: DimensionValues;
  errors: FieldErrors;
}) {
  const { t } = page;
  const heading = t(id === null ? 'assessments.editor.newDimension' : 'assessments.editor.dimensionTitle');
  const labels = Object.fromEntries(
    ['slug', 'tags', 'name_en', 'description_en', 'name_cs', 'description_cs'].map((f) => [
      f,
      t(`assessments.editor.field.${f}`),
    ]),
  );
  const field = fieldsOf(values, errors, labels);
  return (
    <Layout page={page} title={heading} breadcrumbs={crumbs(page, heading)}>
      <h1>{heading}</h1>
      <CheckedForm
        page={page}
        errors={errors}
        labels={labels}
        action={page.href(
          id === null ? '/assessments/questions/dimensions/new' : `/assessments/questions/dimensions/${id}`,
        )}
      >
        <Field {...field('slug')} hint={t('assessments.editor.slugHint')} maxLength={60} />
        <Field {...field('tags')} hint={t('assessments.editor.tagsHint')} maxLength={500} />
        <Field {...field('name_en')} maxLength={120} />
        <Field {...field('description_en')} multiline maxLength={1000} />
        <Field {...field('name_cs')} maxLength={120} />
        <Field {...field('description_cs')} multiline maxLength={1000} />
        <Button>{t('assessments.editor.save')}</Button>
      </CheckedForm>
    </Layout>
  );
}

export type QuestionValues = Record<'dimension' | 'text_en' | 'text_cs', string>;

/** A question's form: new (`id` null) or changed, in its dimension. */
export function QuestionPage({
  page,
  id,
  set,
  values,
  errors,
}: {
  page: PageContext;
  id: number | null;
  set: Dimension[];
  values: QuestionValues;
  errors: FieldErrors;
}) {
  const { t } = page;
  const heading = t(id === null ? 'assessments.editor.newQuestion' : 'assessments.editor.questionTitle');
  const labels = Object.fromEntries(
    ['dimension', 'text_en', 'text_cs'].map((f) => [f, t(`assessments.editor.field.${f}`)]),
  );
  const field = fieldsOf(values, errors, labels);
  return (
    <Layout page={page} title={heading} breadcrumbs={crumbs(page, heading)}>
      <h1>{heading}</h1>
      <CheckedForm
        page={page}
        errors={errors}
        labels={labels}
        action={page.href(id === null ? '/assessments/questions/new' : `/assessments/questions/${id}`)}
      >
        <Select {...field('dimension')} options={set.map((d) => ({ value: String(d.id), label: d.name }))} />
        <Field {...field('text_en')} multiline maxLength={500} />
        <Field {...field('text_cs')} multiline maxLength={500} />
        <Button>{t('assessments.editor.save')}</Button>
      </CheckedForm>
    </Layout>
  );
}
