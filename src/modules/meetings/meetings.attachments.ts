import type { Kysely, Selectable } from 'kysely';
import { recordAudit } from '../../core/audit/audit.js';
import type { Database } from '../../core/db/types.js';
import type { FieldErrors } from '../../core/http/forms.js';
import type { UploadedFile } from '../../core/http/multipart.js';
import { storableText } from '../../core/http/validation.js';
import type { Translator } from '../../core/i18n/translator.js';
import type { ModuleContext } from '../../core/module.js';
import * as uploads from '../../core/uploads/attachments.js';
import type { AcceptedUpload, AttachmentWords } from '../../core/uploads/attachments.js';
import type { Meeting } from './meetings.queries.js';
import { lockMeeting } from './meetings.registration.queries.js';
import { ATTACHMENT_KINDS, ATTACHMENT_LIMITS, type AttachmentKind } from './meetings.schema.js';
import type { MeetingAttachmentTable } from './meetings.tables.js';

// A meeting's files: the core's files (core/uploads/attachments.ts) in meetings' words, kept in
// meeting_attachments with what each is (agenda, slides, other), audited.

type Db = Kysely<Database>;
export type AttachmentRow = Selectable<MeetingAttachmentTable>;

/** Where meetings' messages about files are: `meetings.attachments.error.*`, `.meta`, `.type.<kind of file>`. */
export const ATTACHMENT_WORDS: AttachmentWords = { prefix: 'meetings.attachments', fileType: 'type' };

// Queries (the only code that touches meeting_attachments, with presentMeeting's list).

/** A meeting's files, oldest first. */
export const attachmentsOf = (db: Db, meetingId: number): Promise<AttachmentRow[]> =>
  db.selectFrom('meeting_attachments').selectAll().where('meeting_id', '=', meetingId).orderBy('id').execute();

/** One file of a meeting; null when it is not that meeting's. */
export async function findAttachment(db: Db, meetingId: number, id: number): Promise<AttachmentRow | null> {
  return (
    (await db
      .selectFrom('meeting_attachments')
      .selectAll()
      .where('meeting_id', '=', meetingId)
      .where('id', '=', id)
      .executeTakeFirst()) ?? null
  );
}

async function countAttachments(db: Db, meetingId: number): Promise<number> {
  const row = await db
    .selectFrom('meeting_attachments')
    .select(({ fn }) => fn.countAll<number | string>().as('n'))
    .where('meeting_id', '=', meetingId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

// Checking what was sent.

/** The fields sent with a file, checked: what it is (`kind`), and its description. */
export interface AttachmentFieldsValue {
  kind: AttachmentKind;
  description: string;
}

const fieldText = (body: unknown, name: string): string => {
  const value = body && typeof body === 'object' ? (body as Record<string, unknown>)[name] : undefined;
  return typeof value === 'string' ? value : '';
};

/** What was typed, to show again on the form (cut to what the form takes). */
export const echoAttachmentFields = (body: unknown): { kind: string; description: string } => ({
  kind: fieldText(body, 'kind').slice(0, 20),
  description: fieldText(body, 'description').slice(0, ATTACHMENT_LIMITS.description),
});

/** Checks `kind` (one of the kinds; `other` when left out) and `description` (one line, at most 500 characters). */
export function checkAttachmentFields(
  body: unknown,
  t: Translator['t'],
): { ok: true; value: AttachmentFieldsValue } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const kind = fieldText(body, 'kind').trim() || 'other';
  if (!(ATTACHMENT_KINDS as readonly string[]).includes(kind)) errors.kind = t('meetings.attachments.error.kind');
  const description = fieldText(body, 'description').replace(/\s+/g, ' ').trim();
  if (!storableText(description)) errors.description = t('core.field.badCharacters');
  else if (description.length > ATTACHMENT_LIMITS.description)
    errors.description = t('core.field.tooLong', { limit: ATTACHMENT_LIMITS.description });
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, value: { kind: kind as AttachmentKind, description } };
}

export type Received = { ok: true; row: AttachmentRow } | { ok: false; errors: FieldErrors; status: 400 | 503 };

/**
 * Checks the file and the fields of a request, then keeps the file: all, or nothing with a message
 * per field. The count of files is checked again inside the writing transaction.
 */
export async function receiveAttachment(
  ctx: ModuleContext,
  i18n: Pick<Translator, 't' | 'locale'>,
  meeting: Meeting,
  files: UploadedFile[],
  body: unknown,
  uploaderId: number,
): Promise<Received> {
  const fields = checkAttachmentFields(body, i18n.t);
  const room = {
    existing: await countAttachments(ctx.db, meeting.id),
    limit: ATTACHMENT_LIMITS.perMeeting,
    maxBytes: ctx.config.uploadMaxBytes,
  };
  const checked = uploads.checkedTogether(await uploads.checkUpload(files, room, i18n, ATTACHMENT_WORDS), fields);
  if (!checked.ok) return checked;
  const row = await attachFile(ctx, meeting, uploaderId, checked.file.accepted, checked.fields.value);
  if (!row)
    return {
      ok: false,
      errors: { file: i18n.t('meetings.attachments.error.tooMany', { limit: ATTACHMENT_LIMITS.perMeeting }) },
      status: 400,
    };
  return { ok: true, row };
}

/** The audit entry of a file added or deleted, in the change's transaction. */
const auditFile = (
  db: Db,
  meeting: Meeting,
  actorId: number,
  action: 'meetings.attachmentAdd' | 'meetings.attachmentDelete',
  file: { name: string; kind: string },
) =>
  recordAudit(db, {
    actorId,
    action,
    partnershipId: meeting.partnershipId,
    subjectType: 'meeting',
    subjectId: String(meeting.id),
    details: { name: file.name, kind: file.kind },
  });

/**
 * Keeps a checked file and records it, all or nothing: the file is moved into the store first (a
 * rename), then its row and the audit entry are written in one transaction; if that fails, or the
 * meeting is full by then, the file goes again. Null when the meeting had no room.
 */
export const attachFile = (
  ctx: ModuleContext,
  meeting: Meeting,
  uploaderId: number | null,
  upload: AcceptedUpload,
  fields: AttachmentFieldsValue,
): Promise<AttachmentRow | null> =>
  uploads.keepAndRecord(ctx, [upload], ({ keys: [key] }) =>
    ctx.db.transaction().execute(async (trx) => {
      // The meeting's row is locked first (PostgreSQL), so two uploads at once cannot both take the last place.
      if (!(await lockMeeting(trx, ctx.dialect.name, meeting.id))) return null;
      if ((await countAttachments(trx, meeting.id)) >= ATTACHMENT_LIMITS.perMeeting) return null;
      const inserted = await trx
        .insertInto('meeting_attachments')
        .values({
          meeting_id: meeting.id,
          name: upload.name,
          storage_key: key!,
          media_type: upload.type.mediaType,
          size: upload.size,
          sha256: upload.sha256,
          uploaded_by: uploaderId,
          description: fields.description,
          kind: fields.kind,
          created_at: new Date().toISOString(),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      if (uploaderId !== null)
        await auditFile(trx, meeting, uploaderId, 'meetings.attachmentAdd', { name: upload.name, kind: fields.kind });
      return inserted;
    }),
  );

/** Attaches a file given as bytes (the demo's), checked like an upload; false when it is not accepted. */
export const attachBytes = (
  ctx: ModuleContext,
  meeting: Meeting,
  file: { name: string; content: Buffer; kind: AttachmentKind; description: string },
): Promise<boolean> =>
  uploads.attachBytes(ctx, file, async (upload) => (await attachFile(ctx, meeting, null, upload, file)) !== null);

/** Deletes the record (audited, in one transaction), then the file (a file that will not go is logged). */
export async function removeAttachment(
  ctx: ModuleContext,
  meeting: Meeting,
  attachment: AttachmentRow,
  actorId: number,
): Promise<boolean> {
  const deleted = await ctx.db.transaction().execute(async (trx) => {
    const result = await trx
      .deleteFrom('meeting_attachments')
      .where('id', '=', attachment.id)
      .where('meeting_id', '=', meeting.id)
      .executeTakeFirst();
    if (Number(result.numDeletedRows) === 0) return false;
    await auditFile(trx, meeting, actorId, 'meetings.attachmentDelete', attachment);
    return true;
  });
  if (deleted) await uploads.removeStoredFiles(ctx, [attachment.storage_key]);
  return deleted;
}
