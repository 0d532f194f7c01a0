import { validateForm, type FieldErrors } from '../../core/http/forms.js';
import type { UploadedFile } from '../../core/http/multipart.js';
import type { Translator } from '../../core/i18n/translator.js';
import type { ModuleContext } from '../../core/module.js';
import * as uploads from '../../core/uploads/attachments.js';
import type { AcceptedUpload, AttachmentWords, KeptUploads } from '../../core/uploads/attachments.js';
import type { Post } from './news.queries.js';
import * as q from './news.queries.js';
import { ATTACHMENT_LIMITS, AttachmentForm, type Attachment } from './news.schema.js';

// A post's attachments: the core's files (core/uploads/attachments.ts) in news' words, kept in
// news_attachments.

/** Where news' messages about files are: `news.attachments.error.*`, `.meta`, `.kind.<kind of file>`. */
export const ATTACHMENT_WORDS: AttachmentWords = { prefix: 'news.attachments', fileType: 'kind' };

/** A form's text fields next to its files: the description, checked. */
export function checkDescription(
  body: unknown,
  t: Translator['t'],
): { ok: true; description: string } | { ok: false; errors: FieldErrors } {
  const form = validateForm<{ description?: string }>(AttachmentForm, body, t);
  return form.ok ? { ok: true, description: form.value.description ?? '' } : { ok: false, errors: form.errors };
}

export type UploadCheck = { ok: true; accepted: AcceptedUpload[] } | { ok: false; message: string; status: 400 | 503 };

/**
 * Checks the file of one form before it is kept (the core's checks: exactly one chosen, room for it
 * on the post, neither empty nor over the limit, of an accepted kind, named so); the problem
 * becomes the `file` field's message.
 */
export async function checkUploads(
  files: UploadedFile[],
  existing: number,
  maxBytes: number,
  i18n: Pick<Translator, 't' | 'locale'>,
): Promise<UploadCheck> {
  const room = { existing, limit: ATTACHMENT_LIMITS.perPost, maxBytes };
  const checked = await uploads.checkUpload(files, room, i18n, ATTACHMENT_WORDS);
  return checked.ok ? { ok: true, accepted: [checked.accepted] } : checked;
}

/** Moves checked uploads into the store (the new post's form keeps its first file so, then records it). */
export { keepUploads } from '../../core/uploads/attachments.js';

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
  const rows = await uploads.keepAndRecord(ctx, accepted, (kept) =>
    ctx.db.transaction().execute((trx) => recordUploads(trx, post.id, uploaderId, kept, description)),
  );
  return rows ?? [];
}

/** Attaches a file given as bytes (the demo's), checked like an upload; false when it is not accepted. */
export const attachBytes = (
  ctx: ModuleContext,
  post: Post,
  uploaderId: number,
  file: { name: string; content: Buffer; description: string },
): Promise<boolean> =>
  uploads.attachBytes(ctx, file, async (upload) => {
    await attachFiles(ctx, post, uploaderId, [upload], file.description);
    return true;
  });

/** Deletes the files of attachment records already deleted (with their post): a file that will not go is logged. */
export const removeAttachmentFiles = (ctx: ModuleContext, rows: readonly q.AttachmentRow[]): Promise<void> =>
  uploads.removeStoredFiles(
    ctx,
    rows.map((row) => row.storage_key),
  );

/** Deletes the record, then the file (a file that will not go is logged: no page links to it any more). */
export async function removeAttachment(ctx: ModuleContext, attachment: q.AttachmentRow): Promise<void> {
  await q.deleteAttachment(ctx.db, attachment.id);
  await uploads.removeStoredFiles(ctx, [attachment.storage_key]);
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
