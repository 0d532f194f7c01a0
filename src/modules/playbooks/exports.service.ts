import { randomBytes, createHash } from 'node:crypto';
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { TEMPORARY_FOLDER } from '../../core/http/multipart.js';
import { enqueueJob } from '../../core/jobs/queue.js';
import type { ModuleContext } from '../../core/module.js';
import { FileStore } from '../../core/uploads/store.js';
import type { AcceptedLogo, BrandingValues } from './exports.check.js';
import { countSince, deleteExports, insertExport, type KeptFile } from './exports.queries.js';
import { EXPORT_LIMITS } from './playbooks.schema.js';

/** Builds an export's files (`exports.job.ts`). */
export const EXPORT_JOB = 'playbooks.export';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export const storeOf = (ctx: Pick<ModuleContext, 'config' | 'log'>): FileStore =>
  new FileStore(ctx.config.uploadsDir, ctx.log);

/** Keeps bytes made here (an export's site or PDF) in the file store, as an upload is kept: whole or not at all. */
export async function keepBytes(ctx: Pick<ModuleContext, 'config' | 'log'>, bytes: Buffer): Promise<KeptFile> {
  const temporary = path.join(ctx.config.uploadsDir, TEMPORARY_FOLDER, randomBytes(16).toString('hex'));
  await writeFile(temporary, bytes, { mode: 0o600, flush: true });
  try {
    const key = await storeOf(ctx).keep(temporary);
    return { key, size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

export type ExportRequest = { ok: true; id: number } | { ok: false; reason: 'tooMany' };

/**
 * Asks for a white-label export of a playbook: the logo goes into the file store, then the export's
 * row and its job are written in one transaction (the job runs if and only if the row is there). At
 * most ten a person an hour: the eleventh stores nothing. The requester's row is held on PostgreSQL so
 * that requests sent at once are counted one after the other.
 */
export async function requestExport(
  ctx: ModuleContext,
  input: { playbookId: number; requesterId: number; branding: BrandingValues; logo: AcceptedLogo | null },
  now = new Date(),
): Promise<ExportRequest> {
  const store = storeOf(ctx);
  const logoKey = input.logo ? await store.keep(input.logo.path) : null;
  try {
    const made = await ctx.db.transaction().execute(async (trx) => {
      if (ctx.dialect.name === 'postgres')
        await trx.selectFrom('users').select('id').where('id', '=', input.requesterId).forUpdate().execute();
      const since = new Date(now.getTime() - HOUR).toISOString();
      if ((await countSince(trx, input.requesterId, since)) >= EXPORT_LIMITS.perHour) return null;
      const at = now.toISOString();
      const b = input.branding;
      const id = await insertExport(trx, {
        playbook_id: input.playbookId,
        requester_id: input.requesterId,
        lang: b.lang,
        name: b.name,
        primary_colour: b.primary,
        on_primary_colour: b.onPrimary,
        accent_colour: b.accent,
        logo_key: logoKey,
        logo_type: input.logo?.mediaType ?? null,
        state: 'waiting',
        progress: 0,
        failure: null,
        site_key: null,
        site_size: null,
        site_sha256: null,
        pdf_key: null,
        pdf_size: null,
        pdf_sha256: null,
        created_at: at,
        updated_at: at,
        expires_at: new Date(now.getTime() + ctx.config.playbookExportDays * DAY).toISOString(),
      });
      await enqueueJob(trx, EXPORT_JOB, { export: id });
      return id;
    });
    if (made === null) {
      if (logoKey) await store.remove(logoKey);
      return { ok: false, reason: 'tooMany' };
    }
    return { ok: true, id: made };
  } catch (error) {
    if (logoKey) await store.remove(logoKey);
    throw error;
  }
}

/** Deletes exports that are past their time (rows first, then their files): how many went. */
export async function deleteExpired(ctx: ModuleContext, now = new Date()): Promise<number> {
  const { count, keys } = await deleteExports(ctx.db, { expiredBy: now.toISOString() });
  const store = storeOf(ctx);
  for (const key of keys) await store.remove(key);
  return count;
}

/** When an account is deleted: the person's exports go, rows and files. */
export async function deleteExportsOf(ctx: ModuleContext, userId: number): Promise<void> {
  const { keys } = await deleteExports(ctx.db, { requesterId: userId });
  const store = storeOf(ctx);
  for (const key of keys) await store.remove(key);
}
