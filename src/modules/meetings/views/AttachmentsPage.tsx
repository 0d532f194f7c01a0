import type { FieldErrors } from '../../../core/http/forms.js';
import { ACCEPTED_EXTENSIONS, FILE_TYPES } from '../../../core/uploads/sniff.js';
import {
  Button,
  ErrorSummary,
  Field,
  fieldParts,
  Form,
  Notice,
  Select,
  Table,
  TokenInput,
} from '../../../core/views/components.js';
import { Layout } from '../../../core/views/Layout.js';
import type { PageContext } from '../../../core/views/page-context.js';
import { PartnershipFrame, type FramedPartnership, type HubTab } from '../../partnerships/index.js';
import { fileKindOf, formatBytes, urlNameOfAttachment } from '../meetings.attachments.js';
import type { Meeting } from '../meetings.queries.js';
import { ATTACHMENT_KINDS, ATTACHMENT_LIMITS, type MeetingAttachment } from '../meetings.schema.js';
import { ordinal } from './parts.js';

/** The `accept` hint of the file input: extensions and media types (the server checks the content anyway). */
const ACCEPT = [...ACCEPTED_EXTENSIONS, ...FILE_TYPES.map((type) => type.mediaType)].join(',');

/** The upload form's state: what was chosen and typed, and what is wrong with it. */
export interface UploadForm {
  kind: string;
  description: string;
  errors: FieldErrors;
}

/** Where a meeting's file is downloaded, after `/{lang}` (`meeting` is the meeting's page). */
export const attachmentPath = (meeting: string, a: Pick<MeetingAttachment, 'id' | 'name' | 'type'>) =>
  `${meeting}/attachments/${a.id}/${urlNameOfAttachment(a)}`;

/** "PDF document, 1.2 kB" in the reader's language. */
export const describeFile = (
  page: Pick<PageContext, 't' | 'locale'>,
  a: Pick<MeetingAttachment, 'type' | 'size'>,
): string =>
  page.t('meetings.attachments.meta', {
    type: page.t(`meetings.attachments.type.${fileKindOf(a.type)}`),
    size: formatBytes(a.size, page.locale),
  });

/** The coordinators' page of a meeting's files: the list with a delete button each, and the upload form. */
export function AttachmentsPage({
  page,
  partnership,
  tabs,
  meeting,
  attachments,
  maxBytes,
  upload,
  done,
}: {
  page: PageContext;
  partnership: FramedPartnership;
  tabs: readonly HubTab[];
  meeting: Meeting;
  attachments: MeetingAttachment[];
  maxBytes: number;
  upload: UploadForm;
  done: 'added' | 'deleted' | null;
}) {
  const { t } = page;
  const self = `/partnerships/${partnership.slug}/meetings/${meeting.number}`;
  const heading = t('meetings.attachments.pageTitle', { meeting: ordinal(page, meeting.number) });
  const labels = {
    file: t('meetings.attachments.file'),
    kind: t('meetings.attachments.kind'),
    description: t('meetings.attachments.description'),
  };
  const full = attachments.length >= ATTACHMENT_LIMITS.perMeeting;
  const file = fieldParts(
    'file',
    t('meetings.attachments.fileHint', { size: formatBytes(maxBytes, page.locale) }),
    upload.errors.file,
  );
  return (
    <Layout
      page={page}
      title={`${heading} – ${partnership.title}`}
      breadcrumbs={[
        { label: t('meetings.partnerships'), path: '/partnerships' },
        { label: partnership.title, path: `/partnerships/${partnership.slug}` },
        { label: t('meetings.hub.tab'), path: `/partnerships/${partnership.slug}/meetings` },
        { label: ordinal(page, meeting.number), path: self },
        { label: t('meetings.attachments.crumb') },
      ]}
    >
      <PartnershipFrame page={page} partnership={partnership} tabs={tabs} current="/meetings">
        <h1>{heading}</h1>
        <p class="lead">{meeting.title}</p>
        {done ? (
          <Notice kind="success">
            <p>{t(`meetings.attachments.done.${done}`)}</p>
          </Notice>
        ) : null}
        <ErrorSummary page={page} errors={upload.errors} labels={labels} />
        <section aria-labelledby="attachments-list">
          <h2 id="attachments-list">{t('meetings.files.title')}</h2>
          {attachments.length === 0 ? (
            <p>{t('meetings.attachments.none')}</p>
          ) : (
            <Table
              caption={t('meetings.attachments.caption', { count: attachments.length })}
              columns={[
                labels.file,
                labels.kind,
                t('meetings.attachments.typeAndSize'),
                labels.description,
                t('meetings.attachments.actions'),
              ]}
              rows={attachments.map((a) => [
                <a href={page.href(attachmentPath(self, a))} download>
                  {a.name}
                </a>,
                t(`meetings.attachments.kind.${a.kind}`),
                describeFile(page, a),
                a.description,
                <Form page={page} action={page.href(`${self}/attachments/${a.id}/delete`)}>
                  <Button variant="secondary" aria-label={t('meetings.attachments.deleteNamed', { name: a.name })}>
                    {t('meetings.attachments.delete')}
                  </Button>
                </Form>,
              ])}
            />
          )}
        </section>
        <section aria-labelledby="attachments-add">
          <h2 id="attachments-add">{t('meetings.attachments.add')}</h2>
          {full ? (
            <p>{t('meetings.attachments.error.tooMany', { limit: ATTACHMENT_LIMITS.perMeeting })}</p>
          ) : (
            // The core's Form, with the encoding that carries files.
            <form
              method="post"
              action={page.href(`${self}/attachments`)}
              enctype="multipart/form-data"
              noValidate
              aria-labelledby="attachments-add"
            >
              <TokenInput page={page} />
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
                  required
                  class={`input${upload.errors.file ? ' input--error' : ''}`}
                  aria-invalid={upload.errors.file ? 'true' : undefined}
                  aria-describedby={file.describedBy}
                />
              </div>
              <Select
                name="kind"
                label={labels.kind}
                value={upload.kind}
                error={upload.errors.kind}
                options={ATTACHMENT_KINDS.map((k) => ({ value: k, label: t(`meetings.attachments.kind.${k}`) }))}
              />
              <Field
                name="description"
                label={labels.description}
                hint={t('meetings.attachments.descriptionHint')}
                value={upload.description}
                error={upload.errors.description}
                maxLength={ATTACHMENT_LIMITS.description}
              />
              <Button>{t('meetings.attachments.upload')}</Button>
            </form>
          )}
        </section>
        <p>
          <a href={page.href(self)}>{t('meetings.attachments.back')}</a>
        </p>
      </PartnershipFrame>
    </Layout>
  );
}
