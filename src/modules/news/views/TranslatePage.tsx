import type { FieldErrors } from '../../../core/http/forms.js';
import { EU_LANGUAGES, languageNameIn, nativeLanguageName } from '../../../core/i18n/locales.js';
import { Button, ErrorSummary, Form, Select } from '../../../core/views/components.js';
import { Layout } from '../../../core/views/Layout.js';
import type { PageContext } from '../../../core/views/page-context.js';
import type { PartnershipDetail } from '../../partnerships/index.js';
import { PostTextFields } from './PostFormPage.js';

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
  post: { slug: string; title: string; lang: string; summary: string; html: string };
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
      <ErrorSummary page={page} errors={errors} labels={labels} />
      {/* The original beside the translation (one under the other on a narrow screen). */}
      <div class="translate">
        <section class="translate__original" aria-labelledby="translate-original">
          <h2 id="translate-original">
            {t('news.translate.original', { language: languageNameIn(page.locale, post.lang) })}
          </h2>
          <div lang={post.lang}>
            <p class="translate__title">{post.title}</p>
            {post.summary ? <p class="lead">{post.summary}</p> : null}
            <div class="prose" dangerouslySetInnerHTML={{ __html: post.html }} />
          </div>
        </section>
        <section class="translate__form" aria-labelledby="translate-yours">
          <h2 id="translate-yours">{t('news.translate.yours')}</h2>
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
            <PostTextFields page={page} values={values} errors={errors} />
            <Button>{t('news.translate.save')}</Button>
          </Form>
        </section>
      </div>
    </Layout>
  );
}
