import type { FastifyReply, FastifyRequest } from 'fastify';
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { TEMPORARY_FOLDER, type UploadedFile } from '../../core/http/multipart.js';
import { validateForm, type FieldErrors } from '../../core/http/forms.js';
import type { Translator } from '../../core/i18n/translator.js';
import type { ModuleContext } from '../../core/module.js';
import { cleanFileName, contentDisposition, urlNameOf } from '../../core/uploads/names.js';
import { fileTypeOf, FILE_TYPES, sniffFile, type FileType } from '../../core/uploads/sniff.js';
import { FileStore, sendStoredFile } from '../../core/uploads/store.js';
import type { Post } from './news.queries.js';
import * as q from './news.queries.js';
import { ATTACHMENT_LIMITS, AttachmentForm, type Attachment } from './news.schema.js';

/**
 * How long a download may be reused without asking again (then the ETag makes asking cheap):
 * short, because a post can become members-only, and a shared cache would not know.
 */
const MAX_AGE = 300;

const storeOf = (ctx: ModuleContext) => new FileStore(ctx.config.uploadsDir, ctx.log);

/** The kind of a stored media type (`pdf`, `png` …): the last part of its label's message key. */
export const kindOf = (mediaType: string): string => fileTypeOf(mediaType)?.kind ?? 'file';
export const isImage = (mediaType: string): boolean => fileTypeOf(mediaType)?.image ?? false;

/** The last segment of an attachment's address: its name made ASCII, or `file.<ext>`. */
export const urlNameOfAttachment = (a: { name: string; type: string }): string =>
  urlNameOf(a.name, `file.${fileTypeOf(a.type)?.extensions[0] ?? 'bin'}`);

const sizeFormats = new Map<string, Intl.NumberFormat>();
/**
 * A file size as readers of `locale` write it: `512 bytes`, `12.5 kB`, `3 MB` (binary multiples, as
 * file managers show them).
 */
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

/** A form's text fields next to its files: the description, checked. */
export function checkDescription(
  body: unknown,
  t: Translator['t'],
): { ok: true; description: string } | { ok: false; errors: FieldErrors } {
  const form = validateForm<{ description?: string }>(AttachmentForm, body, t);
  return form.ok ? { ok: true, description: form.value.description ?? '' } : { ok: false, errors: form.errors };
}

/** An upload that passed every check: its temporary file, its cleaned name and its kind. */
export interface AcceptedUpload {
  path: string;
  size: number;
  sha256: string;
  name: string;
  type: FileType;
}

export type UploadCheck = { ok: true; accepted: AcceptedUpload[] } | { ok: false; message: string; status: 400 | 503 };

const extensionsOf = (type: FileType) => type.extensions.map((e) => `.${e}`).join(', ');

/**
 * Checks the file of one form before it is kept: exactly one was chosen, the post has room
 * for it, it is neither empty nor over the limit, its content is of an accepted kind, and its
 * name says so. The problem becomes the `file` field's message.
 */
export async function checkUploads(
  files: UploadedFile[],
  existing: number,
  maxBytes: number,
  i18n: Pick<Translator, 't' | 'locale'>,
): Promise<UploadCheck> {
  const { t } = i18n;
  // A form whose file input was left empty sends a part with no name and no bytes.
  const chosen = files.filter((f) => f.filename !== '' || f.size > 0);
  const fail = (message: string, status: 400 | 503 = 400): UploadCheck => ({ ok: false, message, status });
  if (chosen.length === 0) return fail(t('news.attachments.error.none'));
  if (chosen.length > 1) return fail(t('news.attachments.error.oneAtATime'));
  if (existing + chosen.length > ATTACHMENT_LIMITS.perPost)
    return fail(t('news.attachments.error.tooMany', { limit: ATTACHMENT_LIMITS.perPost }));
  const accepted: AcceptedUpload[] = [];
  for (const file of chosen) {
    const name = cleanFileName(file.filename) || 'file';
    if (file.problem === 'tooBig')
      return fail(t('news.attachments.error.tooBig', { name, size: formatBytes(maxBytes, i18n.locale) }));
    if (file.problem === 'unsaved' || file.path === null) return fail(t('news.attachments.error.unsaved'), 503);
    const sniffed = await sniffFile(file.path, file.size, name);
    if (!sniffed.ok) {
      if (sniffed.reason === 'empty') return fail(t('news.attachments.error.empty', { name }));
      if (sniffed.reason === 'mismatch')
        return fail(
          t('news.attachments.error.mismatch', {
            name,
            kind: t(`news.attachments.kind.${sniffed.type.kind}`),
            extensions: extensionsOf(sniffed.type),
          }),
        );
      return fail(t('news.attachments.error.refused', { name }));
    }
    accepted.push({ path: file.path, size: file.size, sha256: file.sha256, name, type: sniffed.type });
  }
  return { ok: true, accepted };
}

/** Files moved into the store, not yet recorded: `remove` takes them out again (when recording them failed). */
export interface KeptUploads {
  accepted: AcceptedUpload[];
  keys: string[];
  remove(): Promise<void>;
}

/** Moves checked uploads into the store (a rename each); if one cannot be kept, those kept go again. */
export async function keepUploads(ctx: ModuleContext, accepted: AcceptedUpload[]): Promise<KeptUploads> {
  const store = storeOf(ctx);
  const keys: string[] = [];
  const remove = async () => {
    await Promise.all(keys.map((key) => store.remove(key)));
  };
  try {
    for (const upload of accepted) keys.push(await store.keep(upload.path));
  } catch (error) {
    await remove();
    throw error;
  }
  return { accepted, keys, remove };
}

/** The rows of files kept in the store, written with `db` (the caller's transaction). */
export async function recordUploads(
  db: ModuleContext['db'],
  postId: number,
  uploaderId: number,
  kept: KeptUploads,
  description: string,
): Promise<q.AttachmentRow[]> {
  const rows: q.AttachmentRow[] = [];
  for (const [i, upload] of kept.accepted.entries()) {
    rows.push(
      await q.insertAttachment(db, {
        postId,
        name: upload.name,
        storageKey: kept.keys[i]!,
        mediaType: upload.type.mediaType,
        size: upload.size,
        sha256: upload.sha256,
        uploadedBy: uploaderId,
        description,
      }),
    );
  }
  return rows;
}

/**
 * Keeps the files and records them, all or nothing: each file is moved into the store first
 * (a rename), then the rows are written in one transaction; if that fails, the files kept
 * go again. A file that cannot be kept leaves no row.
 */
export async function attachFiles(
  ctx: ModuleContext,
  post: Post,
  uploaderId: number,
  accepted: AcceptedUpload[],
  description: string,
): Promise<q.AttachmentRow[]> {
  const kept = await keepUploads(ctx, accepted);
  try {
    return await ctx.db.transaction().execute((trx) => recordUploads(trx, post.id, uploaderId, kept, description));
  } catch (error) {
    await kept.remove();
    throw error;
  }
}

/** Attaches a file given as bytes (the demo's), checked like an upload; false when it is not accepted. */
export async function attachBytes(
  ctx: ModuleContext,
  post: Post,
  uploaderId: number,
  file: { name: string; content: Buffer; description: string },
): Promise<boolean> {
  const temporary = path.join(ctx.config.uploadsDir, TEMPORARY_FOLDER, randomBytes(16).toString('hex'));
  await mkdir(path.dirname(temporary), { recursive: true });
  await writeFile(temporary, file.content, { flag: 'wx', mode: 0o600 });
  try {
    const name = cleanFileName(file.name);
    const sniffed = await sniffFile(temporary, file.content.length, name);
    if (!sniffed.ok) return false;
    const sha256 = createHash('sha256').update(file.content).digest('hex');
    await attachFiles(
      ctx,
      post,
      uploaderId,
      [{ path: temporary, size: file.content.length, sha256, name, type: sniffed.type }],
      file.description,
    );
    return true;
  } finally {
    await rm(temporary, { force: true });
  }
}

/** Deletes the files of attachment records already deleted (with their post): a file that will not go is logged. */
export async function removeAttachmentFiles(ctx: ModuleContext, rows: readonly q.AttachmentRow[]): Promise<void> {
  const store = storeOf(ctx);
  for (const row of rows) await store.remove(row.storage_key);
}

/** Deletes the record, then the file (a file that will not go is logged: no page links to it any more). */
export async function removeAttachment(ctx: ModuleContext, attachment: q.AttachmentRow): Promise<void> {
  await q.deleteAttachment(ctx.db, attachment.id);
  await storeOf(ctx).remove(attachment.storage_key);
}

/** Attachments as the API shows them; `base` is the post's API address. */
export const presentAttachments = (rows: q.AttachmentRow[], base: string): Attachment[] =>
  rows.map((row) => ({
    id: row.id,
    name: row.name,
    type: row.media_type,
    size: Number(row.size),
    description: row.description,
    url: `${base}/attachments/${row.id}`,
  }));

/**
 * Sends the file as a download whatever it is: its sniffed type with `nosniff`, a sandboxing
 * CSP in case it is opened anyway, and `Content-Disposition: attachment` with its name.
 * Publicly readable posts' files may be kept by shared caches, others only by the reader's browser.
 * True once the answer is sent (the route then returns `reply`); false when the file is missing.
 * Never the reply itself: a reply is thenable, so an async function that returns it hands the
 * caller `undefined` once the response has finished, which looked like a missing file and threw
 * after the file had gone out ("Promise errored, but reply.sent = true was set", logged per download).
 */
export async function sendAttachment(
  ctx: ModuleContext,
  request: FastifyRequest,
  reply: FastifyReply,
  row: q.AttachmentRow,
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
