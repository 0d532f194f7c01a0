import type { FieldErrors } from '../../../core/http/forms.js';
import { languageNameIn } from '../../../core/i18n/locales.js';
import { Button, CheckedForm, Field, fieldsOf, Paragraphs } from '../../../core/views/components.js';
import { Layout } from '../../../core/views/Layout.js';
import type { PageContext } from '../../../core/views/page-context.js';
import type { LessonTexts } from '../lessons.queries.js';

export interface TranslateView {
  path: string;
  code: string;
  original: LessonTexts;
  values: Record<'title' | 'tried' | 'worked' | 'not_worked' | 'replicate', string>;
  errors: FieldErrors;
}

const FIELDS = ['title', 'tried', 'worked', 'not_worked', 'replicate'] as const;

/** Translating a lesson: the original above, a field per text (in the target language) below. */
export function TranslatePage({ page, view }: { page: PageContext; view: TranslateView }) {
  const { t } = page;
  const language = languageNameIn(page.locale, view.code);
  const heading = t('lessons.translate.heading', { language });
  const labels = Object.fromEntries(FIELDS.map((f) => [f, t(`lessons.field.${f}`)]));
  const field = fieldsOf(view.values, view.errors, labels);
  const o = view.original;
  return (
    <Layout
      page={page}
      title={heading}
      breadcrumbs={[
        { label: t('lessons.list.title'), path: '/lessons' },
        { label: o.title, path: view.path },
        { label: heading },
      ]}
    >
      <h1>{heading}</h1>
      <details>
        <summary>{t('lessons.translate.original', { language: languageNameIn(page.locale, o.lang) })}</summary>
        <div lang={o.lang}>
          <h2>{o.title}</h2>
          <Paragraphs text={o.tried} />
          <Paragraphs text={o.worked} />
          <Paragraphs text={o.notWorked} />
          <Paragraphs text={o.replicate} />
        </div>
      </details>
      <CheckedForm
        page={page}
        errors={view.errors}
        labels={labels}
        action={page.href(`${view.path}/translations/${view.code}`)}
      >
        <Field {...field('title')} required maxLength={200} />
        <Field {...field('tried')} multiline required />
        <Field {...field('worked')} multiline required />
        <Field {...field('not_worked')} multiline required />
        <Field {...field('replicate')} multiline required />
        <Button>{t('lessons.translate.save')}</Button>
      </CheckedForm>
    </Layout>
  );
}
