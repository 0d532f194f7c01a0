import type { ModuleContext } from '../../core/module.js';
import {
  clearMarks,
  clearStage,
  freeIndexJobKey,
  indexDocuments,
  refreshRecentIndex,
  markForIndex,
  pendingMarks,
  removeDocuments,
  replaceIndexFromStage,
  stageDocuments,
} from '../../core/search/search-index.js';
import { SEARCH_INDEX_JOB } from '../../core/search/contract.js';
import { searchSources } from './search.sources.js';

const BATCH = 200;

/** Brings these items of a type into the index as their source has them now (an id it does not answer goes). */
async function refresh(ctx: ModuleContext, type: string, ids: readonly number[]): Promise<void> {
  const source = searchSources(ctx).get(type);
  const documents = source ? await source.documentsOf(ctx, ids) : [];
  const answered = new Set(documents.filter((d) => d.type === type).map((d) => d.id));
  await ctx.db.transaction().execute(async (trx) => {
    await indexDocuments(
      trx,
      ctx.dialect,
      documents.filter((d) => d.type === type && ids.includes(d.id)),
    );
    await removeDocuments(
      trx,
      type,
      ids.filter((id) => !answered.has(id)),
    );
  });
}

/**
 * The index job: frees its key (a change from now on queues another run), then reads the marks
 * waiting, asks each type's source for those items, puts in what it answers and takes out what it
 * does not, and forgets the marks it read. A change made after the marks were read has a mark of
 * its own, which this run leaves for the next.
 */
export async function runIndexJob(ctx: ModuleContext): Promise<void> {
  await freeIndexJobKey(ctx.db);
  for (;;) {
    const marks = await pendingMarks(ctx.db, BATCH * 5);
    if (marks.length === 0) return;
    const byType = new Map<string, number[]>();
    for (const mark of marks) byType.set(mark.type, [...(byType.get(mark.type) ?? []), mark.item_id]);
    for (const [type, ids] of byType) {
      const unique = [...new Set(ids)];
      for (let i = 0; i < unique.length; i += BATCH) await refresh(ctx, type, unique.slice(i, i + BATCH));
    }
    await clearMarks(
      ctx.db,
      marks.map((m) => m.id),
    );
    // PostgreSQL: the newest documents' own GIN index made anew once many more have come (a check of two reads).
    await refreshRecentIndex(ctx.db, ctx.dialect);
    if (marks.length < BATCH * 5) return;
  }
}

export function searchJobs(ctx: ModuleContext): Record<string, (payload: unknown) => Promise<void>> {
  return { [SEARCH_INDEX_JOB]: () => runIndexJob(ctx) };
}

/** Marks waiting when a node starts (a run that died, say) get a job. */
export async function startSearchJobs(ctx: ModuleContext): Promise<void> {
  const waiting = await pendingMarks(ctx.db, 1);
  if (waiting.length > 0) await markForIndex(ctx.db, waiting[0]!.type, [waiting[0]!.item_id]);
}

/**
 * Builds the index anew from every source's ids (`urbis search reindex`, the demo seed): the documents
 * are gathered in a stage (many rows a statement), then replace the index in one transaction, numbered
 * by date (readers see the old index until then). The marks waiting before it began are handled by it
 * and forgotten; `onProgress` is told how many items of how many types are done.
 */
export async function rebuildIndex(
  ctx: ModuleContext,
  onProgress: (done: number, typesDone: number, types: number) => void = () => {},
): Promise<number> {
  const sources = [...searchSources(ctx).values()];
  const before = await ctx.db
    .selectFrom('search_pending')
    .select((eb) => eb.fn.max('id').as('max'))
    .executeTakeFirst();
  await clearStage(ctx.db);
  let done = 0;
  let typesDone = 0;
  for (const source of sources) {
    for await (const ids of source.allIds(ctx)) {
      const documents = await source.documentsOf(ctx, ids);
      const asked = new Set(ids);
      const fresh = documents.filter((d) => d.type === source.type && asked.delete(d.id));
      await ctx.db.transaction().execute((trx) => stageDocuments(trx, ctx.dialect, fresh));
      done += ids.length;
      onProgress(done, typesDone, sources.length);
    }
    typesDone++;
    onProgress(done, typesDone, sources.length);
  }
  const count = await ctx.db.transaction().execute((trx) => replaceIndexFromStage(trx, ctx.dialect));
  const max = Number(before?.max ?? 0);
  if (max > 0) await ctx.db.deleteFrom('search_pending').where('id', '<=', max).execute();
  return count;
}
