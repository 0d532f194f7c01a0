import type { FastifyReply, FastifyRequest } from 'fastify';
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { FieldErrors } from '../http/forms.js';
import { HttpError } from '../http/http-error.js';
import { TEMPORARY_FOLDER, type UploadedFile } from '../http/multipart.js';
import type { MessageValues, Translator } from '../i18n/translator.js';
import type { ModuleContext } from '../module.js';
import { cleanFileName, contentDisposition, urlNameOf } from './names.js';
import { fileTypeOf, FILE_TYPES, sniffFile, type FileType } from './sniff.js';
import { FileStore, sendStoredFile } from './store.js';

// Files a module attaches to its records (a post's attachments, a meeting's files): checking one
// upload, keeping it in the store all or nothing, describing it, sending it as a download. The
// module keeps its table, its rights and its words: the messages come from its own catalog.

/**
 * Where a module's messages about files are. Under `prefix` its catalog has `error.none`,
 * `error.oneAtATime`, `error.tooMany` ({limit}), `error.tooBig` ({name}, {size}), `error.unsaved`,
 * `error.empty` ({name}), `error.mismatch` ({name}, the file type's label, {extensions}),
 * `error.refused` ({name}), and `meta` (the file type's label, {size}); and a label for each kind of
 * file (`png`, `pdf` …, `file` for one of no known kind) under `${prefix}.${fileType}`, which is
 * also the name the label takes in `error.mismatch` and `meta`.
 */
export interface AttachmentWords {
  /** `news.attachments`. */
  prefix: string;
  /** `kind`: `news.attachments.kind.pdf`, and `{kind}` in the messages. */
  fileType: string;
}

/**
 * How long a download may be reused without asking again (then the ETag makes asking cheap):
 * short, because what it is attached to can become members-only, and a shared cache would not know.
 */
const MAX_AGE = 300;

const storeOf = (ctx: ModuleContext) => new FileStore(ctx.config.uploadsDir, ctx.log);

/** The kind of a stored media type (`pdf`, `png` …): the last part of its label's message key. */
export const fileKindOf = (mediaType: string): string => fileTypeOf(mediaType)?.kind ?? 'file';
/** Whether a stored media type is an image a page may show. */
export const isImage = (mediaType: string): boolean => fileTypeOf(mediaType)?.image ?? false;

/** The last segment of a download's address: its name made ASCII, or `file.<ext>`. */
export const urlNameOfAttachment = (a: { name: string; type: string }): string =>
  urlNameOf(a.name, `file.${fileTypeOf(a.type)?.extensions[0] ?? 'bin'}`);

/**
 * Where a file is downloaded, after `/{lang}`: below the page of what it is attached to (`base`),
 * by its id and its name made fit for an address (the id finds it; another name gets a 404).
 */
export const attachmentPath = (base: string, a: { id: number; name: string; type: string }): string =>
  `${base}/attachments/${a.id}/${urlNameOfAttachment(a)}`;

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

/** The label of a kind of file (`pdf` → "PDF document") in the module's words. */
const fileTypeLabel = (t: Translator['t'], words: AttachmentWords, kind: string) =>
  t(`${words.prefix}.${words.fileType}.${kind}`);

/** "PDF document, 1.2 MB" in the reader's language. */
export const describeFile = (
  i18n: Pick<Translator, 't' | 'locale'>,
  words: AttachmentWords,
  a: { type: string; size: number },
): string =>
  i18n.t(`${words.prefix}.meta`, {
    [words.fileType]: fileTypeLabel(i18n.t, words, fileKindOf(a.type)),
    size: formatBytes(a.size, i18n.locale),
  });

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
 * Checks the file of one form before it is kept (sizes cut off by the parser, the content sniffed,
 * the name cleaned): exactly one was chosen, there is room for it (`existing` of at most `limit`),
 * it is neither empty nor over `maxBytes`, its content is of an accepted kind, and its name says
 * so. The problem becomes the `file` field's message, in the module's words.
 */
export async function checkUpload(
  files: UploadedFile[],
  room: { existing: number; limit: number; maxBytes: number },
  i18n: Pick<Translator, 't' | 'locale'>,
  words: AttachmentWords,
): Promise<UploadCheck> {
  const t = (key: string, values?: MessageValues) => i18n.t(`${words.prefix}.error.${key}`, values);
  // A form whose file input was left empty sends a part with no name and no bytes.
  const chosen = files.filter((f) => f.filename !== '' || f.size > 0);
  const fail = (message: string, status: 400 | 503 = 400): UploadCheck => ({ ok: false, message, status });
  if (chosen.length === 0) return fail(t('none'));
  if (chosen.length > 1) return fail(t('oneAtATime'));
  if (room.existing >= room.limit) return fail(t('tooMany', { limit: room.limit }));
  const file = chosen[0]!;
  const name = cleanFileName(file.filename) || 'file';
  if (file.problem === 'tooBig') return fail(t('tooBig', { name, size: formatBytes(room.maxBytes, i18n.locale) }));
  if (file.problem === 'unsaved' || file.path === null) return fail(t('unsaved'), 503);
  const sniffed = await sniffFile(file.path, file.size, name);
  if (!sniffed.ok) {
    if (sniffed.reason === 'empty') return fail(t('empty', { name }));
    if (sniffed.reason === 'mismatch')
      return fail(
        t('mismatch', {
          name,
          [words.fileType]: fileTypeLabel(i18n.t, words, sniffed.type.kind),
          extensions: extensionsOf(sniffed.type),
        }),
      );
    return fail(t('refused', { name }));
  }
  return { ok: true, accepted: { path: file.path, size: file.size, sha256: file.sha256, name, type: sniffed.type } };
}

/** A form that sends a file and fields, as checked: both passed, or a message per field. */
export type UploadForm<F, V> =
  | { ok: true; file: F; fields: V }
  /** `status`: 503 when the file could not be saved, else 400. */
  | { ok: false; errors: FieldErrors; status: 400 | 503 };

/** The checks of a form's file and of its fields, together: what to keep, or every problem at its field. */
export function checkedTogether<F extends { ok: true }, V extends { ok: true }>(
  file: F | { ok: false; message: string; status: 400 | 503 },
  fields: V | { ok: false; errors: FieldErrors },
): UploadForm<F, V> {
  if (file.ok && fields.ok) return { ok: true, file, fields };
  const errors: FieldErrors = { ...(file.ok ? {} : { file: file.message }), ...(fields.ok ? {} : fields.errors) };
  return { ok: false, errors, status: file.ok ? 400 : file.status };
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

/**
 * Keeps checked files and records them, all or nothing: each file is moved into the store first (a
 * rename), then `record` writes their rows (in a transaction of its own); if it fails, or records
 * nothing (null: no room any more), the files kept go again.
 */
export async function keepAndRecord<T>(
  ctx: ModuleContext,
  accepted: AcceptedUpload[],
  record: (kept: KeptUploads) => Promise<T | null>,
): Promise<T | null> {
  const kept = await keepUploads(ctx, accepted);
  try {
    const recorded = await record(kept);
    if (recorded === null) await kept.remove();
    return recorded;
  } catch (error) {
    await kept.remove();
    throw error;
  }
}

/**
 * A file given as bytes (the demo's), checked like an upload, then handed to `attach` (which keeps
 * it); false when it is not accepted.
 */
export async function attachBytes(
  ctx: ModuleContext,
  file: { name: string; content: Buffer },
  attach: (upload: AcceptedUpload) => Promise<boolean>,
): Promise<boolean> {
  const temporary = path.join(ctx.config.uploadsDir, TEMPORARY_FOLDER, randomBytes(16).toString('hex'));
  await mkdir(path.dirname(temporary), { recursive: true });
  await writeFile(temporary, file.content, { flag: 'wx', mode: 0o600 });
  try {
    const name = cleanFileName(file.name);
    const sniffed = await sniffFile(temporary, file.content.length, name);
    if (!sniffed.ok) return false;
    const sha256 = createHash('sha256').update(file.content).digest('hex');
    return await attach({ path: temporary, size: file.content.length, sha256, name, type: sniffed.type });
  } finally {
    await rm(temporary, { force: true });
  }
}

/** Deletes kept files whose records are gone (a file that will not go is logged: no page links to it any more). */
export async function removeStoredFiles(ctx: ModuleContext, keys: readonly string[]): Promise<void> {
  const store = storeOf(ctx);
  for (const key of keys) await store.remove(key);
}

/** The row of a kept file, as modules' tables have it. */
export interface AttachmentRecord {
  name: string;
  storage_key: string;
  media_type: string;
  size: number | string | bigint;
  sha256: string;
}

/**
 * Sends the file as a download whatever it is, with the core's safety headers (its sniffed type
 * with `nosniff`, a sandboxing CSP in case it is opened anyway, `Content-Disposition: attachment`
 * with its name, its SHA-256 as ETag). Public files may be kept by shared caches, others only by
 * the reader's browser. True once the answer is sent; false when the file is missing. Never the
 * reply itself: a reply is thenable, so an async function that returns it hands the caller
 * `undefined` once the response has finished, which looked like a missing file and threw after the
 * file had gone out ("Promise errored, but reply.sent = true was set", logged per download).
 */
export async function sendAttachment(
  ctx: ModuleContext,
  request: FastifyRequest,
  reply: FastifyReply,
  row: AttachmentRecord,
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

/**
 * Answers a download route with the file (`row`, null when there is none the reader may see): a
 * 404 when there is none, when the name in the address (`filename`, absent on the API's address)
 * is not the one its page links to (any other is not this file), or when the file is missing. Once
 * it has returned, the answer is sent: the route returns `reply`.
 */
export async function sendDownload(
  ctx: ModuleContext,
  request: FastifyRequest,
  reply: FastifyReply,
  row: AttachmentRecord | null,
  filename: string | undefined,
  isPublic: boolean,
): Promise<void> {
  if (!row) throw new HttpError(404);
  if (filename !== undefined && filename !== urlNameOfAttachment({ name: row.name, type: row.media_type }))
    throw new HttpError(404);
  if (!(await sendAttachment(ctx, request, reply, row, isPublic))) throw new HttpError(404);
}
