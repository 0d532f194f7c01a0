import type { FieldErrors } from '../../../core/http/forms.js';
import * as uploads from '../../../core/uploads/attachments.js';
import { attachmentPath, formatBytes } from '../../../core/uploads/attachments.js';
import { AttachmentTable, FileField, FileUploadForm } from '../../../core/uploads/views.js';
import { ErrorSummary, Field, fieldsOf, Notice, Select } from '../../../core/views/components.js';
import type { PageContext } from '../../../core/views/page-context.js';
import type { FramedPartnership, HubTab } from '../../partnerships/index.js';
import { ATTACHMENT_WORDS } from '../meetings.attachments.js';
import { meetingPath } from '../meetings.present.js';
import type { Meeting } from '../meetings.queries.js';
import { ATTACHMENT_KINDS, ATTACHMENT_LIMITS, type MeetingAttachment } from '../meetings.schema.js';
import { FramedMeetingLayout, meetingCrumb, meetingsCrumb } from './form-kit.js';
import { ordinal } from './parts.js';

/** The upload form's state: what was chosen and typed, and what is wrong with it. */
export interface UploadForm {
  kind: string;
  description: string;
  errors: FieldErrors;
}

/** Where a meeting's file is downloaded, after `/{lang}` (`meeting` is the meeting's page). */
export { attachmentPath };

/** "PDF document, 1.2 kB" in the reader's language. */
export const describeFile = (
  page: Pick<PageContext, 't' | 'locale'>,
  a: Pick<MeetingAttachment, 'type' | 'size'>,
): string => uploads.describeFile(page, ATTACHMENT_WORDS, a);

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
  const self = meetingPath(partnership.slug, meeting.number);
  const labels = {
    file: t('meetings.attachments.file'),
    kind: t('meetings.attachments.kind'),
    description: t('meetings.attachments.description'),
  };
  const field = fieldsOf(upload, upload.errors, labels);
  return (
    <FramedMeetingLayout
      page={page}
      partnership={partnership}
      tabs={tabs}
      base={self}
      meetingTitle={meeting.title}
      trail={[meetingsCrumb(page, partnership.slug), meetingCrumb(page, partnership.slug, meeting.number)]}
      heading={t('meetings.attachments.pageTitle', { meeting: ordinal(page, meeting.number) })}
      crumb={t('meetings.attachments.crumb')}
    >
      <p class="lead">{meeting.title}</p>
      {done ? (
        <Notice kind="success">
          <p>{t(`meetings.attachments.done.${done}`)}</p>
        </Notice>
      ) : null}
      <ErrorSummary page={page} errors={upload.errors} labels={labels} />
      <section aria-labelledby="attachments-list">
        <h2 id="attachments-list">{t('meetings.files.title')}</h2>
        <AttachmentTable
          page={page}
          words={ATTACHMENT_WORDS}
          base={self}
          columns={[
            labels.file,
            labels.kind,
            t('meetings.attachments.typeAndSize'),
            labels.description,
            t('meetings.attachments.actions'),
          ]}
          files={attachments}
          cells={(a) => [t(`meetings.attachments.kind.${a.kind}`), describeFile(page, a), a.description]}
        />
      </section>
      <section aria-labelledby="attachments-add">
        <h2 id="attachments-add">{t('meetings.attachments.add')}</h2>
        <FileUploadForm
          page={page}
          words={ATTACHMENT_WORDS}
          action={page.href(`${self}/attachments`)}
          labelledBy="attachments-add"
          count={attachments.length}
          limit={ATTACHMENT_LIMITS.perMeeting}
          submit={t('meetings.attachments.upload')}
        >
          <FileField
            label={labels.file}
            hint={t('meetings.attachments.fileHint', { size: formatBytes(maxBytes, page.locale) })}
            error={upload.errors.file}
            required
          />
          <Select
            {...field('kind')}
            options={ATTACHMENT_KINDS.map((k) => ({ value: k, label: t(`meetings.attachments.kind.${k}`) }))}
          />
          <Field
            {...field('description')}
            hint={t('meetings.attachments.descriptionHint')}
            maxLength={ATTACHMENT_LIMITS.description}
          />
        </FileUploadForm>
      </section>
      <p>
        <a href={page.href(self)}>{t('meetings.attachments.back')}</a>
      </p>
    </FramedMeetingLayout>
  );
}
