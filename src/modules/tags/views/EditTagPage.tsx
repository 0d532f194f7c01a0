import type { FieldErrors } from '../../../core/http/forms.js';
import { Button, ErrorSummary, Field, Form } from '../../../core/views/components.js';
import { Layout } from '../../../core/views/Layout.js';
import type { PageContext } from '../../../core/views/page-context.js';

/** Administrators rename a tag (a label per language) and merge it into another. */
export function EditTagPage({
  page,
  tag,
  values,
  errors,
}: {
  page: PageContext;
  tag: { slug: string; label: string; lang: string };
  values: Record<string, string>;
  errors: FieldErrors;
}) {
  const { t } = page;
  const labels = Object.fromEntries([
    ...page.languages.map((lang) => [`label_${lang}`, t('tags.edit.label', { language: lang })]),
    ['into', t('tags.merge.into')],
  ]);
  return (
    <Layout
      page={page}
      title={t('tags.edit.title')}
      breadcrumbs={[
        { label: t('tags.list.title'), path: '/tags' },
        { label: tag.label, path: `/tags/${tag.slug}` },
        { label: t('tags.edit.title') },
      ]}
    >
      <h1>{t('tags.edit.title')}</h1>
      <ErrorSummary page={page} errors={errors} labels={labels} />
      <h2>{t('tags.edit.rename')}</h2>
      <Form page={page} action={page.href(`/tags/${tag.slug}`)}>
        {page.languages.map((lang) => (
          <Field
            name={`label_${lang}`}
            label={labels[`label_${lang}`] ?? lang}
            value={values[`label_${lang}`] ?? ''}
            error={errors[`label_${lang}`]}
          />
        ))}
        <Button>{t('tags.edit.save')}</Button>
      </Form>
      <h2>{t('tags.merge.title')}</h2>
      <p>{t('tags.merge.lead')}</p>
      <Form page={page} action={page.href(`/tags/${tag.slug}/merge`)}>
        <Field
          name="into"
          label={labels.into ?? 'into'}
          value={values.into ?? ''}
          error={errors.into}
          hint={t('tags.merge.hint')}
        />
        <Button variant="secondary">{t('tags.merge.submit')}</Button>
      </Form>
    </Layout>
  );
}
