import type { FieldErrors } from '../../../core/http/forms.js';
import { EU_LANGUAGES, nativeLanguageName } from '../../../core/i18n/locales.js';
import type { ComponentChildren } from 'preact';
import { Button, ErrorSummary, Field, Form, Select, TokenInput } from '../../../core/views/components.js';
import { Layout } from '../../../core/views/Layout.js';
import type { PageContext } from '../../../core/views/page-context.js';
import type { PartnershipDetail } from '../../partnerships/index.js';
import type { RelationField } from '../news.relations.js';
import { LIMITS, type Attachment } from '../news.schema.js';
import { AttachmentsEditor, uploadLabels, UploadFields, type UploadForm } from './Attachments.js';

export type { UploadForm };

export interface PostFormValues {
  title: string;
  summary: string;
  body: string;
  tags: string;
  lang: string;
  membersOnly: boolean;
  /** Other modules' fields (the meeting a post reports on), by name, as the form sends them. */
  relations: Record<string, string>;
}

/** The core's `Form`, or the same with the encoding that carries files (`files`). */
function FormOf({
  page,
  action,
  files,
  children,
}: {
  page: PageContext;
  action: string;
  files: boolean;
  children: ComponentChildren;
}) {
  if (!files)
    return (
      <Form page={page} action={action}>
        {children}
      </Form>
    );
  return (
    <form method="post" action={action} enctype="multipart/form-data" noValidate>
      <TokenInput page={page} />
      {children}
    </form>
  );
}

/** Writing a new post, or editing one (`post` given: then with its attachments and the form that adds one). */
export function PostFormPage({
  page,
  partnership,
  post,
  values,
  errors,
  relations = [],
  upload = { description: '', errors: {} },
  maxBytes,
}: {
  page: PageContext;
  partnership: PartnershipDetail;
  post?: { slug: string; attachments: Attachment[]; maxBytes: number };
  values: PostFormValues;
  errors: FieldErrors;
  /** What other modules relate a post to (a meeting), each a choice among what this writer may see. */
  relations?: RelationField[];
  upload?: UploadForm;
  /** For a new post: the largest file its first attachment may be. */
  maxBytes?: number;
}) {
  const { t } = page;
  const base = `/partnerships/${partnership.slug}`;
  const title = post ? t('news.form.editTitle') : t('news.form.newTitle');
  const labels = {
    title: t('news.form.title'),
    summary: t('news.form.summary'),
    body: t('news.form.body'),
    tags: t('news.form.tags'),
    lang: t('news.form.lang'),
    members_only: t('news.form.membersOnly'),
    ...Object.fromEntries(relations.map((r) => [r.name, r.label])),
  };
  return (
    <Layout
      page={page}
      title={title}
      breadcrumbs={[
        { label: partnership.title, path: base },
        { label: t('news.list.short'), path: `${base}/news` },
        { label: title },
      ]}
    >
      <h1>{title}</h1>
      <ErrorSummary
        page={page}
        errors={{ ...errors, ...upload.errors }}
        labels={{ ...labels, ...uploadLabels(page) }}
      />
      <FormOf
        page={page}
        action={page.href(post ? `${base}/news/${post.slug}` : `${base}/news`)}
        // A new post may come with its first attachment.
        files={!post}
      >
        <PostTextFields page={page} values={values} errors={errors} />
        <Field name="tags" label={labels.tags} value={values.tags} error={errors.tags} hint={t('news.form.tagsHint')} />
        <Select
          name="lang"
          label={labels.lang}
          value={values.lang}
          error={errors.lang}
          options={EU_LANGUAGES.map((code) => ({ value: code, label: nativeLanguageName(code) }))}
        />
        <div class="field">
          <input type="checkbox" id="field-members_only" name="members_only" checked={values.membersOnly} />{' '}
          <label for="field-members_only">{labels.members_only}</label>
        </div>
        {relations.map((r) => (
          <Select
            name={r.name}
            label={r.label}
            value={values.relations[r.name] ?? ''}
            error={errors[r.name]}
            options={r.choices}
            {...(r.hint ? { hint: r.hint } : {})}
          />
        ))}
        {post || maxBytes === undefined ? null : (
          <fieldset class="fieldset">
            <legend>{t('news.form.attachment')}</legend>
            <p class="field__hint">{t('news.form.attachmentHint')}</p>
            <UploadFields page={page} maxBytes={maxBytes} upload={upload} />
          </fieldset>
        )}
        <Button>{post ? t('news.form.save') : t('news.form.create')}</Button>
      </FormOf>
      {post ? (
        <AttachmentsEditor
          page={page}
          postPath={`${base}/news/${post.slug}`}
          attachments={post.attachments}
          maxBytes={post.maxBytes}
          upload={upload}
        />
      ) : null}
    </Layout>
  );
}

/** A post's text fields (title, summary, body), as the new-post, edit and translation forms ask for them. */
export function PostTextFields({
  page,
  values,
  errors,
}: {
  page: PageContext;
  values: { title: string; summary: string; body: string };
  errors: FieldErrors;
}) {
  const { t } = page;
  return (
    <>
      <Field
        name="title"
        label={t('news.form.title')}
        value={values.title}
        error={errors.title}
        required
        maxLength={LIMITS.title}
      />
      <Field
        name="summary"
        label={t('news.form.summary')}
        value={values.summary}
        error={errors.summary}
        multiline
        maxLength={LIMITS.summary}
      />
      <Field
        name="body"
        label={t('news.form.body')}
        value={values.body}
        error={errors.body}
        hint={t('news.form.bodyHint')}
        multiline
        required
      />
    </>
  );
}
