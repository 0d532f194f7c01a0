import { contentTypesOf, describeContent, VISITORS, type ModuleContext } from '../../core/module.js';
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
  const named = await describeContent(ctx, rows, VISITORS, locale, now);
  const items = rows.flatMap((row) => {
    const item = named(row.type, row.id);
    return item ? [{ type: row.type, ...item, publishedAt: row.publishedAt }] : [];
  });
  return { items, next };
}
