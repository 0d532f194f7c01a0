import type { FieldErrors } from '../../../core/http/forms.js';
import { EU_LANGUAGES, nativeLanguageName } from '../../../core/i18n/locales.js';
import { Button, ErrorSummary, Field, Form, Select } from '../../../core/views/components.js';
import { Layout } from '../../../core/views/Layout.js';
import type { PageContext } from '../../../core/views/page-context.js';
import type { PartnershipDetail } from '../../partnerships/index.js';
import { LIMITS } from '../news.schema.js';

export interface TranslationValues {
  lang: string;
  title: string;
  summary: string;
  body: string;
}

/** A member writes (or corrects) a post's text in another language. */
export function TranslatePage({
  page,
  partnership,
  post,
  values,
  errors,
}: {
  page: PageContext;
  partnership: PartnershipDetail;
  post: { slug: string; title: string; lang: string };
  values: TranslationValues;
  errors: FieldErrors;
}) {
  const { t } = page;
  const path = `/partnerships/${partnership.slug}/news/${post.slug}`;
  const labels = {
    lang: t('news.translate.lang'),
    title: t('news.form.title'),
    summary: t('news.form.summary'),
    body: t('news.form.body'),
  };
  return (
    <Layout
      page={page}
      title={t('news.translate.title')}
      breadcrumbs={[
        { label: partnership.title, path: `/partnerships/${partnership.slug}` },
        { label: post.title, path },
        { label: t('news.translate.title') },
      ]}
    >
      <h1>{t('news.translate.title')}</h1>
      <p>
        {t('news.translate.lead')} <cite lang={post.lang !== page.locale ? post.lang : undefined}>{post.title}</cite>
      </p>
      <ErrorSummary page={page} errors={errors} labels={labels} />
      <Form page={page} action={page.href(`${path}/translate`)}>
        <Select
          name="lang"
          label={labels.lang}
          value={values.lang}
          error={errors.lang}
          options={[
            { value: '', label: t('news.translate.choose') },
            ...EU_LANGUAGES.filter((code) => code !== post.lang).map((code) => ({
              value: code,
              label: nativeLanguageName(code),
            })),
          ]}
        />
        <Field
          name="title"
          label={labels.title}
          value={values.title}
          error={errors.title}
          required
          maxLength={LIMITS.title}
        />
        <Field
          name="summary"
          label={labels.summary}
          value={values.summary}
          error={errors.summary}
          multiline
          maxLength={LIMITS.summary}
        />
        <Field
          name="body"
          label={labels.body}
          value={values.body}
          error={errors.body}
          hint={t('news.form.bodyHint')}
          multiline
          required
        />
        <Button>{t('news.translate.save')}</Button>
      </Form>
    </Layout>
  );
}
