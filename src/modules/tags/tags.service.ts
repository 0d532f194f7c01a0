import { contentTypesOf, VISITORS, type ContentRef, type ModuleContext } from '../../core/module.js';
import { listTagged, type TaggingCursor } from './tags.queries.js';
import type { TaggedItem } from './tags.schema.js';

/**
 * What a tag page lists: what is tagged with a tag and everyone may see at `now` (each content
 * type's own rule, `contentTypes`), newest first, each described by the module that owns its
 * type (one call per type, so no N+1). Content its module does not describe is left out.
 */
export async function resolveTagged(
  ctx: ModuleContext,
  tagId: number,
  locale: string,
  now: Date,
  limit: number,
  after?: TaggingCursor,
): Promise<{ items: TaggedItem[]; next: TaggingCursor | null }> {
  const types = contentTypesOf(ctx.modules);
  const { rows, next } = await listTagged(ctx.db, types, tagId, now, limit, after);
  const byType = new Map<string, number[]>();
  for (const row of rows) byType.set(row.type, [...(byType.get(row.type) ?? []), row.id]);
  const described = new Map<string, Map<number, ContentRef>>();
  for (const [type, ids] of byType)
    described.set(type, (await types.get(type)?.describe(ctx, ids, VISITORS, locale, now)) ?? new Map());
  const items = rows.flatMap((row) => {
    const item = described.get(row.type)?.get(row.id);
    return item ? [{ type: row.type, ...item, publishedAt: row.publishedAt }] : [];
  });
  return { items, next };
}
