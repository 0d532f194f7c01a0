import type { FieldErrors } from '../../../core/http/forms.js';
import { ACCEPTED_EXTENSIONS, FILE_TYPES } from '../../../core/uploads/sniff.js';
import { Button, Field, fieldParts, Form, Table, TokenInput } from '../../../core/views/components.js';
import type { PageContext } from '../../../core/views/page-context.js';
import { formatBytes, isImage, kindOf, urlNameOfAttachment } from '../news.attachments.js';
import { ATTACHMENT_LIMITS, type Attachment } from '../news.schema.js';

/** The `accept` hint of the file input: extensions and media types (the server checks the content anyway). */
const ACCEPT = [...ACCEPTED_EXTENSIONS, ...FILE_TYPES.map((type) => type.mediaType)].join(',');

/** The upload form's state: what was typed, and what is wrong with it. */
export interface UploadForm {
  description: string;
  errors: FieldErrors;
}

/** Where an attachment is downloaded, after `/{lang}`. */
export const attachmentPath = (postPath: string, a: Pick<Attachment, 'id' | 'name' | 'type'>) =>
  `${postPath}/attachments/${a.id}/${urlNameOfAttachment(a)}`;

/** "PDF document, 1.2 MB" in the reader's language. */
export const describeFile = (page: Pick<PageContext, 't' | 'locale'>, a: Pick<Attachment, 'type' | 'size'>) =>
  page.t('news.attachments.meta', {
    kind: page.t(`news.attachments.kind.${kindOf(a.type)}`),
    size: formatBytes(a.size, page.locale),
  });

/** Labels of the upload form's fields, for its messages and the error summary. */
export const uploadLabels = (page: PageContext) => ({
  file: page.t('news.attachments.file'),
  description: page.t('news.attachments.description'),
});

/** Under a post's text: its images shown, and every file as a link with its kind and size. */
export function AttachmentList({
  page,
  postPath,
  attachments,
}: {
  page: PageContext;
  postPath: string;
  attachments: Attachment[];
}) {
  if (attachments.length === 0) return null;
  const { t } = page;
  return (
    <section class="attachments" aria-labelledby="post-attachments">
      <h2 id="post-attachments">{t('news.attachments.title')}</h2>
      <ul class="list">
        {attachments.map((a) => {
          const href = page.href(attachmentPath(postPath, a));
          return (
            <li>
              {isImage(a.type) ? (
                <p>
                  <img src={href} alt={a.description} loading="lazy" />
                </p>
              ) : null}
              <p>
                <a href={href} download>
                  {a.name}
                </a>{' '}
                <span class="meta">({describeFile(page, a)})</span>
              </p>
              {a.description && !isImage(a.type) ? <p>{a.description}</p> : null}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

/**
 * The file to attach and its description: in the form that adds an attachment to a post, and
 * in the new post's form (where it may be left empty).
 */
export function UploadFields({
  page,
  maxBytes,
  upload,
  required = false,
}: {
  page: PageContext;
  maxBytes: number;
  upload: UploadForm;
  required?: boolean;
}) {
  const { t } = page;
  const labels = uploadLabels(page);
  const file = fieldParts(
    'file',
    t('news.attachments.fileHint', { size: formatBytes(maxBytes, page.locale) }),
    upload.errors.file,
  );
  return (
    <>
      <div class={file.wrapperClass}>
        <label class="field__label" for={file.id}>
          {labels.file}
        </label>
        {file.messages}
        <input
          type="file"
          id={file.id}
          name="file"
          accept={ACCEPT}
          required={required}
          class={`input${upload.errors.file ? ' input--error' : ''}`}
          aria-invalid={upload.errors.file ? 'true' : undefined}
          aria-describedby={file.describedBy}
        />
      </div>
      <Field
        name="description"
        label={labels.description}
        hint={t('news.attachments.descriptionHint')}
        value={upload.description}
        error={upload.errors.description}
        maxLength={ATTACHMENT_LIMITS.description}
      />
    </>
  );
}

/**
 * On the edit page: the attachments with a delete button each, and the form that adds one (works
 * without JavaScript).
 */
export function AttachmentsEditor({
  page,
  postPath,
  attachments,
  maxBytes,
  upload,
}: {
  page: PageContext;
  postPath: string;
  attachments: Attachment[];
  maxBytes: number;
  upload: UploadForm;
}) {
  const { t } = page;
  const full = attachments.length >= ATTACHMENT_LIMITS.perPost;
  return (
    <section id="attachments" aria-labelledby="attachments-title">
      <h2 id="attachments-title">{t('news.attachments.title')}</h2>
      {attachments.length === 0 ? (
        <p>{t('news.attachments.none')}</p>
      ) : (
        <Table
          caption={t('news.attachments.caption', { count: attachments.length })}
          columns={[
            t('news.attachments.file'),
            t('news.attachments.type'),
            t('news.attachments.description'),
            t('news.attachments.actions'),
          ]}
          rows={attachments.map((a) => [
            <a href={page.href(attachmentPath(postPath, a))} download>
              {a.name}
            </a>,
            describeFile(page, a),
            a.description,
            <Form page={page} action={page.href(`${postPath}/attachments/${a.id}/delete`)}>
              <Button variant="secondary" aria-label={t('news.attachments.deleteNamed', { name: a.name })}>
                {t('news.attachments.delete')}
              </Button>
            </Form>,
          ])}
        />
      )}
      <h3 id="attachments-add">{t('news.attachments.add')}</h3>
      {full ? (
        <p>{t('news.attachments.error.tooMany', { limit: ATTACHMENT_LIMITS.perPost })}</p>
      ) : (
        // The core's Form, with the encoding that carries files.
        <form
          method="post"
          action={page.href(`${postPath}/attachments`)}
          enctype="multipart/form-data"
          noValidate
          aria-labelledby="attachments-add"
        >
          <TokenInput page={page} />
          <UploadFields page={page} maxBytes={maxBytes} upload={upload} required />
          <Button>{t('news.attachments.upload')}</Button>
        </form>
      )}
    </section>
  );
}

/**
 * A post's attachments under its text in a feed: a heading and a link to each file (absolute
 * addresses: feed readers resolve nothing), with its kind and size.
 */
export function FeedAttachments({
  page,
  base,
  attachments,
}: {
  page: Pick<PageContext, 't' | 'locale'>;
  base: string;
  attachments: Attachment[];
}) {
  if (attachments.length === 0) return null;
  return (
    <>
      <h2>{page.t('news.attachments.title')}</h2>
      <ul>
        {attachments.map((a) => (
          <li>
            <a href={`${base}${attachmentPath('', a)}`}>{a.name}</a> ({describeFile(page, a)})
          </li>
        ))}
      </ul>
    </>
  );
}
