import type { FieldErrors } from '../../../core/http/forms.js';
import * as uploads from '../../../core/uploads/attachments.js';
import { attachmentPath, formatBytes, isImage } from '../../../core/uploads/attachments.js';
import { AttachmentTable, FileField, FileUploadForm } from '../../../core/uploads/views.js';
import { Field } from '../../../core/views/components.js';
import type { PageContext } from '../../../core/views/page-context.js';
import { ATTACHMENT_WORDS } from '../news.attachments.js';
import { ATTACHMENT_LIMITS, type Attachment } from '../news.schema.js';

/** The upload form's state: what was typed, and what is wrong with it. */
export interface UploadForm {
  description: string;
  errors: FieldErrors;
}

/** Where an attachment is downloaded, after `/{lang}` (below its post's page). */
export { attachmentPath };

/** "PDF document, 1.2 MB" in the reader's language. */
export const describeFile = (page: Pick<PageContext, 't' | 'locale'>, a: Pick<Attachment, 'type' | 'size'>) =>
  uploads.describeFile(page, ATTACHMENT_WORDS, a);

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
  return (
    <>
      <FileField
        label={labels.file}
        hint={t('news.attachments.fileHint', { size: formatBytes(maxBytes, page.locale) })}
        error={upload.errors.file}
        required={required}
      />
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
  return (
    <section id="attachments" aria-labelledby="attachments-title">
      <h2 id="attachments-title">{t('news.attachments.title')}</h2>
      <AttachmentTable
        page={page}
        words={ATTACHMENT_WORDS}
        base={postPath}
        columns={[
          t('news.attachments.file'),
          t('news.attachments.type'),
          t('news.attachments.description'),
          t('news.attachments.actions'),
        ]}
        files={attachments}
        cells={(a) => [describeFile(page, a), a.description]}
      />
      <h3 id="attachments-add">{t('news.attachments.add')}</h3>
      <FileUploadForm
        page={page}
        words={ATTACHMENT_WORDS}
        action={page.href(`${postPath}/attachments`)}
        labelledBy="attachments-add"
        count={attachments.length}
        limit={ATTACHMENT_LIMITS.perPost}
        submit={t('news.attachments.upload')}
      >
        <UploadFields page={page} maxBytes={maxBytes} upload={upload} required />
      </FileUploadForm>
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
