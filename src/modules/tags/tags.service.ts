import type { ModuleContext } from '../../core/module.js';
import { listTagged, type TaggingCursor } from './tags.queries.js';
import type { TaggedItem } from './tags.schema.js';

/**
 * What a tag page lists: the public, published taggings of a tag, newest first, each
 * described by the module that owns its type (one call per type, so no N+1). Content its
 * module does not describe (gone, or not public) is left out.
 */
export async function resolveTagged(
  ctx: ModuleContext,
  tagId: number,
  locale: string,
  limit: number,
  after?: TaggingCursor,
): Promise<{ items: TaggedItem[]; next: TaggingCursor | null }> {
  const { rows, next } = await listTagged(ctx.db, tagId, limit, after);
  const byType = new Map<string, number[]>();
  for (const row of rows) byType.set(row.type, [...(byType.get(row.type) ?? []), row.id]);
  const described = new Map<string, Map<number, { title: string; path: string; lang: string; summary?: string }>>();
  for (const [type, ids] of byType) {
    const resolver = ctx.modules.find((m) => m.taggables?.[type])?.taggables?.[type];
    described.set(type, resolver ? await resolver(ctx, ids, locale) : new Map());
  }
  const items = rows.flatMap((row) => {
    const item = described.get(row.type)?.get(row.id);
    return item ? [{ type: row.type, ...item, publishedAt: row.publishedAt }] : [];
  });
  return { items, next };
}
