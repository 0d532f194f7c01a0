import type { Kysely, Selectable } from 'kysely';
import type { Database } from '../../core/db/types.js';
import type { FieldErrors } from '../../core/http/forms.js';
import type { UploadedFile } from '../../core/http/multipart.js';
import { storableText } from '../../core/http/validation.js';
import type { Translator } from '../../core/i18n/translator.js';
import type { ModuleContext } from '../../core/module.js';
import * as uploads from '../../core/uploads/attachments.js';
import type { AttachmentWords } from '../../core/uploads/attachments.js';
import { EDIT_LIMITS } from './actions.edit.js';
import { actionPath } from './actions.present.js';
import * as q from './actions.queries.js';
import { changeAction, type DeliverableInput } from './actions.service.js';
import type { ActionFileTable } from './actions.tables.js';

// A deliverable's evidence as a file: the core's uploads (core/uploads/attachments.ts) in actions'
// words, kept in `action_files` and named by the deliverable's `evidence_file_id`. Attaching,
// replacing and removing one is a change of the action (`changeAction`: one version, one audit entry),
// in the same transaction as the file's row; the file is moved into the store before, and goes again
// if the transaction fails. A file no deliverable names any more is deleted (`pruneEvidenceFiles`).

type Db = Kysely<Database>;
export type EvidenceFileRow = Selectable<ActionFileTable>;

/** Where actions' messages about files are: `actions.evidence.file.error.*`, `.meta`, `.type.<kind of file>`. */
export const EVIDENCE_WORDS: AttachmentWords = { prefix: 'actions.evidence.file', fileType: 'type' };

/** A file's download, after `/{lang}` (and after `/api/v1` without the name). */
export const evidenceFilePath = (
  partnership: string,
  number: number,
  file: { id: number; name: string; type: string },
) => uploads.attachmentPath(actionPath(partnership, number), file);

/** The files of an action that its deliverables name, by id. */
export async function evidenceFilesOf(db: Db, actionId: number): Promise<Map<number, EvidenceFileRow>> {
  const rows = await db
    .selectFrom('action_files')
    .selectAll()
    .where('action_id', '=', actionId)
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom('action_deliverables')
          .select('action_deliverables.id')
          .whereRef('action_deliverables.evidence_file_id', '=', 'action_files.id'),
      ),
    )
    .execute();
  return new Map(rows.map((r) => [r.id, r]));
}

/** One file of an action that a deliverable names (one named by nothing is as good as gone); null otherwise. */
export async function findEvidenceFile(db: Db, actionId: number, id: number): Promise<EvidenceFileRow | null> {
  return (await evidenceFilesOf(db, actionId)).get(id) ?? null;
}

/** The stored deliverables as a change's rows (what `changeAction` keeps as they are). */
export const deliverableInputs = (rows: readonly q.DeliverableRow[]): DeliverableInput[] =>
  rows.map((d) => ({
    title: d.title,
    type: d.type,
    dueOn: d.due_on,
    status: d.status,
    weight: Number(d.weight),
    evidenceUrl: d.evidence_url,
    evidencePostId: d.evidence_post_id,
    evidenceFileId: d.evidence_file_id,
  }));

/**
 * Deletes the files of an action that no deliverable names any more (replaced, removed, a row taken
 * out by the edit form or an import): their rows in one statement that checks again, then their bytes.
 */
export async function pruneEvidenceFiles(ctx: ModuleContext, actionId: number): Promise<void> {
  const gone = await ctx.db
    .deleteFrom('action_files')
    .where('action_id', '=', actionId)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('action_deliverables')
            .select('action_deliverables.id')
            .whereRef('action_deliverables.evidence_file_id', '=', 'action_files.id'),
        ),
      ),
    )
    .returning('storage_key')
    .execute();
  await uploads.removeStoredFiles(
    ctx,
    gone.map((r) => r.storage_key),
  );
}

/** The explanation sent with a file (optional, kept on the version), checked. */
function explanationOf(
  body: unknown,
  t: Translator['t'],
): { ok: true; value: string } | { ok: false; errors: FieldErrors } {
  const raw = body && typeof body === 'object' ? (body as Record<string, unknown>).explanation : undefined;
  const value = typeof raw === 'string' ? raw.trim() : '';
  if (!storableText(value)) return { ok: false, errors: { explanation: t('core.field.badCharacters') } };
  if (value.length > EDIT_LIMITS.explanation)
    return { ok: false, errors: { explanation: t('core.field.tooLong', { limit: EDIT_LIMITS.explanation }) } };
  return { ok: true, value };
}

export type EvidenceReceived =
  | { ok: true; file: EvidenceFileRow }
  | { ok: false; errors: FieldErrors; status: 400 | 503 }
  /** The deliverable is not there any more (the list changed meanwhile). */
  | { ok: false; gone: true };

/**
 * Checks the file (one, not empty, within the size limit, of an accepted kind whose name says so)
 * and the explanation, then keeps the file as the evidence of the action's deliverable `index`
 * (0, 1 …), replacing its link, post or file: the file's row and the change in one transaction.
 */
export async function receiveEvidence(
  ctx: ModuleContext,
  i18n: Pick<Translator, 't' | 'locale'>,
  action: q.Action,
  index: number,
  files: UploadedFile[],
  body: unknown,
  actorId: number,
): Promise<EvidenceReceived> {
  const room = { existing: 0, limit: 1, maxBytes: ctx.config.uploadMaxBytes };
  const checked = uploads.checkedTogether(
    await uploads.checkUpload(files, room, i18n, EVIDENCE_WORDS),
    explanationOf(body, i18n.t),
  );
  if (!checked.ok) return checked;
  const upload = checked.file.accepted;
  const at = new Date().toISOString();
  const row = await uploads.keepAndRecord(ctx, [upload], ({ keys: [key] }) =>
    ctx.db.transaction().execute(async (trx) => {
      const { deliverables } = await q.childrenOf(trx, action.id);
      if (index >= deliverables.length) return null;
      const file = await trx
        .insertInto('action_files')
        .values({
          action_id: action.id,
          name: upload.name,
          storage_key: key!,
          media_type: upload.type.mediaType,
          size: upload.size,
          sha256: upload.sha256,
          uploaded_by: actorId,
          created_at: at,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      const rows = deliverableInputs(deliverables);
      rows[index] = { ...rows[index]!, evidenceUrl: null, evidencePostId: null, evidenceFileId: file.id };
      await changeAction(
        trx,
        action.id,
        { deliverables: rows },
        { userId: actorId, at, explanation: checked.fields.value },
      );
      return file;
    }),
  );
  if (!row) return { ok: false, gone: true };
  await pruneEvidenceFiles(ctx, action.id);
  return { ok: true, file: row };
}

/**
 * Takes the file away from the deliverable `index` (a change of the action, with its version), then
 * deletes it; false when the deliverable has no file (or is not there).
 */
export async function removeEvidence(
  ctx: ModuleContext,
  action: q.Action,
  index: number,
  actorId: number,
): Promise<boolean> {
  const removed = await ctx.db.transaction().execute(async (trx) => {
    const { deliverables } = await q.childrenOf(trx, action.id);
    if (deliverables[index]?.evidence_file_id == null) return false;
    const rows = deliverableInputs(deliverables);
    rows[index] = { ...rows[index]!, evidenceFileId: null };
    await changeAction(trx, action.id, { deliverables: rows }, { userId: actorId, at: new Date().toISOString() });
    return true;
  });
  if (removed) await pruneEvidenceFiles(ctx, action.id);
  return removed;
}
