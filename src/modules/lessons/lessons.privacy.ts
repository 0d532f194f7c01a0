import { lessonPath } from './lessons.queries.js';
import type { ModuleContext } from '../../core/module.js';

/** A person's lessons, for "download my data": what they wrote, in its own language. */
export async function exportLessons(ctx: ModuleContext, userId: number): Promise<Record<string, unknown>> {
  const rows = await ctx.db
    .selectFrom('lessons')
    .select(['slug', 'state', 'original_lang', 'title', 'tried', 'worked', 'not_worked', 'replicate', 'created_at'])
    .where('author_id', '=', userId)
    .orderBy('id')
    .execute();
  const translations = await ctx.db
    .selectFrom('lesson_translations')
    .innerJoin('lessons', 'lessons.id', 'lesson_translations.lesson_id')
    .select(['lessons.slug', 'lesson_translations.lang', 'lesson_translations.title'])
    .where('lesson_translations.translator_id', '=', userId)
    .execute();
  return { lessons: rows, translations };
}

/**
 * When an account is deleted: its unpublished lessons go (nobody else reads them but reviewers);
 * published ones stay, shown as by a deleted user, as the translations it made.
 */
export async function eraseLessons(ctx: ModuleContext, userId: number): Promise<void> {
  const drafts = await ctx.db
    .selectFrom('lessons')
    .select(['id', 'slug'])
    .where('author_id', '=', userId)
    .where('state', '!=', 'published')
    .execute();
  // What other modules keep about each (comments, taggings, activity) goes first, as for any content.
  for (const d of drafts)
    for (const module of ctx.modules)
      await module.contentRemoved?.(ctx.db, { type: 'lesson', id: d.id, path: lessonPath(d.slug) });
  if (drafts.length > 0)
    await ctx.db
      .deleteFrom('lessons')
      .where(
        'id',
        'in',
        drafts.map((d) => d.id),
      )
      .execute();
  await ctx.db.updateTable('lessons').set({ author_id: null }).where('author_id', '=', userId).execute();
  await ctx.db
    .updateTable('lesson_translations')
    .set({ translator_id: null })
    .where('translator_id', '=', userId)
    .execute();
}
