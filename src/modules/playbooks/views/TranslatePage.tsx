import type { FieldErrors } from '../../../core/http/forms.js';
import { languageNameIn } from '../../../core/i18n/locales.js';
import { Button, CheckedForm, Field, fieldsOf, Paragraphs } from '../../../core/views/components.js';
import { Layout } from '../../../core/views/Layout.js';
import type { PageContext } from '../../../core/views/page-context.js';
import { stepsOf, type PlaybookTexts } from '../playbooks.queries.js';
import { LIMITS } from '../playbooks.schema.js';

export interface TranslateView {
  path: string;
  code: string;
  original: PlaybookTexts;
  values: Record<'title' | 'target' | 'introduction' | 'steps', string>;
  errors: FieldErrors;
}

const FIELDS = ['title', 'target', 'introduction', 'steps'] as const;

/** Translating a playbook: the original above, a field per text (in the target language) below. */
export function TranslatePage({ page, view }: { page: PageContext; view: TranslateView }) {
  const { t } = page;
  const language = languageNameIn(page.locale, view.code);
  const heading = t('playbooks.translate.heading', { language });
  const labels = Object.fromEntries(FIELDS.map((f) => [f, t(`playbooks.field.${f}`)]));
  const field = fieldsOf(view.values, view.errors, labels);
  const o = view.original;
  return (
    <Layout
      page={page}
      title={heading}
      breadcrumbs={[
        { label: t('playbooks.list.title'), path: '/playbooks' },
        { label: o.title, path: view.path },
        { label: heading },
      ]}
    >
      <h1>{heading}</h1>
      <details>
        <summary>{t('playbooks.translate.original', { language: languageNameIn(page.locale, o.lang) })}</summary>
        <div lang={o.lang}>
          <h2>{o.title}</h2>
          <p>{o.target}</p>
          <Paragraphs text={o.introduction} />
          <ol>
            {stepsOf(o.steps).map((step) => (
              <li>{step}</li>
            ))}
          </ol>
        </div>
      </details>
      <CheckedForm
        page={page}
        errors={view.errors}
        labels={labels}
        action={page.href(`${view.path}/translations/${view.code}`)}
      >
        <Field {...field('title')} required maxLength={LIMITS.title} />
        <Field {...field('target')} required maxLength={LIMITS.target} />
        <Field {...field('introduction')} multiline required />
        <Field {...field('steps')} hint={t('playbooks.field.stepsHint', { limit: LIMITS.steps })} multiline required />
        <Button>{t('playbooks.translate.save')}</Button>
      </CheckedForm>
    </Layout>
  );
}
