import type { FastifyReply, FastifyRequest } from 'fastify';
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Kysely, Selectable } from 'kysely';
import { recordAudit } from '../../core/audit/audit.js';
import type { Database } from '../../core/db/types.js';
import type { FieldErrors } from '../../core/http/forms.js';
import { TEMPORARY_FOLDER, type UploadedFile } from '../../core/http/multipart.js';
import { storableText } from '../../core/http/validation.js';
import type { Translator } from '../../core/i18n/translator.js';
import type { ModuleContext } from '../../core/module.js';
import { cleanFileName, contentDisposition, urlNameOf } from '../../core/uploads/names.js';
import { fileTypeOf, FILE_TYPES, sniffFile, type FileType } from '../../core/uploads/sniff.js';
import { FileStore, sendStoredFile } from '../../core/uploads/store.js';
import type { Meeting } from './meetings.queries.js';
import { lockMeeting } from './meetings.registration.queries.js';
import { ATTACHMENT_KINDS, ATTACHMENT_LIMITS, type AttachmentKind } from './meetings.schema.js';
import type { MeetingAttachmentTable } from './meetings.tables.js';

type Db = Kysely<Database>;
export type AttachmentRow = Selectable<MeetingAttachmentTable>;

/**
 * How long a download may be reused without asking again (then the ETag makes asking cheap):
 * short, because a meeting can become members-only, and a shared cache would not know.
 */
const MAX_AGE = 300;

const storeOf = (ctx: ModuleContext) => new FileStore(ctx.config.uploadsDir, ctx.log);

/** The kind of a stored media type (`pdf`, `png` …): the last part of its label's message key. */
export const fileKindOf = (mediaType: string): string => fileTypeOf(mediaType)?.kind ?? 'file';

/** The last segment of a download's address: its name made ASCII, or `file.<ext>`. */
export const urlNameOfAttachment = (a: { name: string; type: string }): string =>
  urlNameOf(a.name, `file.${fileTypeOf(a.type)?.extensions[0] ?? 'bin'}`);

const sizeFormats = new Map<string, Intl.NumberFormat>();
/** A file size as readers of `locale` write it: `512 bytes`, `12.5 kB`, `3 MB` (binary multiples). */
export function formatBytes(bytes: number, locale: string): string {
  const [unit, value] =
    bytes < 1024
      ? (['byte', bytes] as const)
      : bytes < 1024 * 1024
        ? (['kilobyte', bytes / 1024] as const)
        : (['megabyte', bytes / (1024 * 1024)] as const);
  const digits = value < 10 && unit !== 'byte' ? 1 : 0;
  const key = `${locale} ${unit} ${digits}`;
  let format = sizeFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, {
      style: 'unit',
      unit,
      unitDisplay: unit === 'byte' ? 'long' : 'short',
      maximumFractionDigits: digits,
    });
    sizeFormats.set(key, format);
  }
  return format.format(value);
}

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

/** An upload that passed every check: its temporary file, its cleaned name and its kind of file. */
export interface AcceptedUpload {
  path: string;
  size: number;
  sha256: string;
  name: string;
  type: FileType;
}

export type UploadCheck = { ok: true; accepted: AcceptedUpload } | { ok: false; message: string; status: 400 | 503 };

const extensionsOf = (type: FileType) => type.extensions.map((e) => `.${e}`).join(', ');

/**
 * Checks the file of one form before it is kept (the core's upload machinery: sizes cut off by the
 * parser, the content sniffed, the name cleaned): exactly one was chosen, the meeting has room for
 * it, it is neither empty nor over the limit, its content is of an accepted kind, and its name
 * says so. The problem becomes the `file` field's message.
 */
export async function checkUpload(
  files: UploadedFile[],
  existing: number,
  maxBytes: number,
  i18n: Pick<Translator, 't' | 'locale'>,
): Promise<UploadCheck> {
  const { t } = i18n;
  // A form whose file input was left empty sends a part with no name and no bytes.
  const chosen = files.filter((f) => f.filename !== '' || f.size > 0);
  const fail = (message: string, status: 400 | 503 = 400): UploadCheck => ({ ok: false, message, status });
  if (chosen.length === 0) return fail(t('meetings.attachments.error.none'));
  if (chosen.length > 1) return fail(t('meetings.attachments.error.oneAtATime'));
  if (existing >= ATTACHMENT_LIMITS.perMeeting)
    return fail(t('meetings.attachments.error.tooMany', { limit: ATTACHMENT_LIMITS.perMeeting }));
  const file = chosen[0]!;
  const name = cleanFileName(file.filename) || 'file';
  if (file.problem === 'tooBig')
    return fail(t('meetings.attachments.error.tooBig', { name, size: formatBytes(maxBytes, i18n.locale) }));
  if (file.problem === 'unsaved' || file.path === null) return fail(t('meetings.attachments.error.unsaved'), 503);
  const sniffed = await sniffFile(file.path, file.size, name);
  if (!sniffed.ok) {
    if (sniffed.reason === 'empty') return fail(t('meetings.attachments.error.empty', { name }));
    if (sniffed.reason === 'mismatch')
      return fail(
        t('meetings.attachments.error.mismatch', {
          name,
          type: t(`meetings.attachments.type.${sniffed.type.kind}`),
          extensions: extensionsOf(sniffed.type),
        }),
      );
    return fail(t('meetings.attachments.error.refused', { name }));
  }
  return { ok: true, accepted: { path: file.path, size: file.size, sha256: file.sha256, name, type: sniffed.type } };
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
  const existing = await countAttachments(ctx.db, meeting.id);
  const file = await checkUpload(files, existing, ctx.config.uploadMaxBytes, i18n);
  if (!file.ok || !fields.ok) {
    const errors: FieldErrors = { ...(file.ok ? {} : { file: file.message }), ...(fields.ok ? {} : fields.errors) };
    return { ok: false, errors, status: file.ok ? 400 : file.status };
  }
  const row = await attachFile(ctx, meeting, uploaderId, file.accepted, fields.value);
  if (!row)
    return {
      ok: false,
      errors: { file: i18n.t('meetings.attachments.error.tooMany', { limit: ATTACHMENT_LIMITS.perMeeting }) },
      status: 400,
    };
  return { ok: true, row };
}

/**
 * Keeps a checked file and records it, all or nothing: the file is moved into the store first (a
 * rename), then its row and the audit entry are written in one transaction; if that fails, or the
 * meeting is full by then, the file goes again. Null when the meeting had no room.
 */
export async function attachFile(
  ctx: ModuleContext,
  meeting: Meeting,
  uploaderId: number | null,
  upload: AcceptedUpload,
  fields: AttachmentFieldsValue,
): Promise<AttachmentRow | null> {
  const store = storeOf(ctx);
  const key = await store.keep(upload.path);
  try {
    const row = await ctx.db.transaction().execute(async (trx) => {
      // The meeting's row is locked first (PostgreSQL), so two uploads at once cannot both take the last place.
      if (!(await lockMeeting(trx, ctx.dialect.name, meeting.id))) return null;
      if ((await countAttachments(trx, meeting.id)) >= ATTACHMENT_LIMITS.perMeeting) return null;
      const inserted = await trx
        .insertInto('meeting_attachments')
        .values({
          meeting_id: meeting.id,
          name: upload.name,
          storage_key: key,
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
        await recordAudit(trx, {
          actorId: uploaderId,
          action: 'meetings.attachmentAdd',
          partnershipId: meeting.partnershipId,
          subjectType: 'meeting',
          subjectId: String(meeting.id),
          details: { name: upload.name, kind: fields.kind },
        });
      return inserted;
    });
    if (!row) await store.remove(key);
    return row;
  } catch (error) {
    await store.remove(key);
    throw error;
  }
}

/** Attaches a file given as bytes (the demo's), checked like an upload; false when it is not accepted. */
export async function attachBytes(
  ctx: ModuleContext,
  meeting: Meeting,
  file: { name: string; content: Buffer; kind: AttachmentKind; description: string },
): Promise<boolean> {
  const temporary = path.join(ctx.config.uploadsDir, TEMPORARY_FOLDER, randomBytes(16).toString('hex'));
  await mkdir(path.dirname(temporary), { recursive: true });
  await writeFile(temporary, file.content, { flag: 'wx', mode: 0o600 });
  try {
    const name = cleanFileName(file.name);
    const sniffed = await sniffFile(temporary, file.content.length, name);
    if (!sniffed.ok) return false;
    const sha256 = createHash('sha256').update(file.content).digest('hex');
    const upload = { path: temporary, size: file.content.length, sha256, name, type: sniffed.type };
    return (await attachFile(ctx, meeting, null, upload, file)) !== null;
  } finally {
    await rm(temporary, { force: true });
  }
}

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
    await recordAudit(trx, {
      actorId,
      action: 'meetings.attachmentDelete',
      partnershipId: meeting.partnershipId,
      subjectType: 'meeting',
      subjectId: String(meeting.id),
      details: { name: attachment.name, kind: attachment.kind },
    });
    return true;
  });
  if (deleted) await storeOf(ctx).remove(attachment.storage_key);
  return deleted;
}

/**
 * Sends the file as a download whatever it is, with the core's safety headers (`nosniff`, a
 * sandboxing CSP, `Content-Disposition: attachment` with its name, its SHA-256 as ETag). A public
 * meeting's files may be kept by shared caches, a members-only one's only by the reader's browser.
 * True once the answer is sent; false when the file is missing.
 */
export async function sendAttachment(
  ctx: ModuleContext,
  request: FastifyRequest,
  reply: FastifyReply,
  row: AttachmentRow,
  isPublic: boolean,
): Promise<boolean> {
  const type = FILE_TYPES.some((t) => t.mediaType === row.media_type) ? row.media_type : 'application/octet-stream';
  return sendStoredFile(request, reply, storeOf(ctx), {
    key: row.storage_key,
    sha256: row.sha256,
    size: Number(row.size),
    type: type.startsWith('text/') ? `${type}; charset=utf-8` : type,
    disposition: contentDisposition(row.name),
    cacheControl: `${isPublic ? 'public' : 'private'}, max-age=${MAX_AGE}`,
  });
}
