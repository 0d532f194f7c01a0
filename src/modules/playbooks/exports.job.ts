import { enqueueJobOnce } from '../../core/jobs/queue.js';
import type { ModuleContext } from '../../core/module.js';
import { buildPdf, buildSite } from './export/index.js';
import { gatherDocument } from './exports.document.js';
import { findExport, markFailed, markReady, setProgress, startBuilding, type KeptFile } from './exports.queries.js';
import { deleteExpired, EXPORT_JOB, keepBytes, storeOf } from './exports.service.js';

/** The hourly sweep that deletes exports past their time, rows and files. */
export const EXPIRE_JOB = 'playbooks.expire';

const HOUR = 3_600_000;

const whole = (value: unknown): number | null =>
  typeof value === 'number' && Number.isSafeInteger(value) && value > 0 ? value : null;
const field = (payload: unknown, name: string): unknown =>
  payload && typeof payload === 'object' ? (payload as Record<string, unknown>)[name] : undefined;

/**
 * Progress as the row shows it: `from` to `from + span` percent of the whole for each part of the
 * build, handed to `write` only when it reaches the next tenth (never more often than every 10 %).
 */
export function progressWriter(write: (percent: number) => Promise<void>) {
  let written = 0;
  return (from: number, span: number) => async (fraction: number) => {
    const percent = from + span * Math.max(0, Math.min(1, Number.isFinite(fraction) ? fraction : 0));
    const tenth = Math.floor(percent / 10) * 10;
    if (tenth <= written || tenth >= 100) return;
    written = tenth;
    await write(tenth);
  };
}

/**
 * Builds an export (`playbooks.export`, queued with its row): gathers the document, builds the site
 * (the first half of the progress) and the PDF (the second), keeps both in the file store and marks it
 * ready. A playbook the requester may no longer see fails it for good ("no longer available"); any
 * other failure marks it failed for the page (no error text reaches it) and is thrown again, so the
 * queue tries again later (1, 4, 9, 16 minutes; five attempts).
 */
export async function buildExport(ctx: ModuleContext, payload: unknown): Promise<void> {
  const id = whole(field(payload, 'export'));
  const row = id === null ? null : await findExport(ctx.db, id);
  if (!row || row.state === 'ready' || !(await startBuilding(ctx.db, row.id))) return;
  const kept: KeptFile[] = [];
  try {
    const document = await gatherDocument(ctx, row);
    if (!document) {
      await markFailed(ctx.db, row.id, 'unavailable');
      return;
    }
    const part = progressWriter((percent) => setProgress(ctx.db, row.id, percent));
    const site = await buildSite(document, part(0, 50));
    kept.push(await keepBytes(ctx, site));
    const pdf = await buildPdf(document, part(50, 50));
    kept.push(await keepBytes(ctx, pdf));
    // Gone meanwhile (expired, or its requester's account deleted): its files go too.
    if (!(await markReady(ctx.db, row.id, kept[0]!, kept[1]!)))
      for (const file of kept) await storeOf(ctx).remove(file.key);
  } catch (error) {
    for (const file of kept) await storeOf(ctx).remove(file.key);
    await markFailed(ctx.db, row.id, 'build');
    throw error;
  }
}

/** The next sweep, at the start of the next hour (once per hour, whichever node asks). */
export async function scheduleExpiry(ctx: Pick<ModuleContext, 'db'>, now = new Date()): Promise<boolean> {
  const next = Math.floor(now.getTime() / HOUR) + 1;
  return enqueueJobOnce(ctx.db, EXPIRE_JOB, `${EXPIRE_JOB}:${next}`, { hour: next }, new Date(next * HOUR));
}

/** The sweep: its next run first (so that a failing sweep does not end them), then what has expired. */
export async function expireExports(ctx: ModuleContext, now = new Date()): Promise<number> {
  await scheduleExpiry(ctx, now);
  return deleteExpired(ctx, now);
}

/** The module's job handlers. */
export const exportJobs = (ctx: ModuleContext) => ({
  [EXPORT_JOB]: (payload: unknown) => buildExport(ctx, payload),
  [EXPIRE_JOB]: async () => void (await expireExports(ctx)),
});
