import type { Actor } from '../../core/auth/actor.js';
import type { CommentTarget, ContentAudience, ModuleContext } from '../../core/module.js';
import { mayModerate, standingIn } from '../partnerships/index.js';
import { audienceIn, mayComment, maySee } from './lessons.policy.js';
import { findLessonById, lessonPath } from './lessons.queries.js';
import { visibleLessons } from './lessons.visibility.js';

/**
 * A lesson as the comments module sees it (`commentables.lesson`), read fresh; `null` when it does
 * not exist or this actor may not see it (the one rule, `maySee`). Anyone signed in who sees it
 * comments; its partnership's moderators and coordinators moderate; its author is told.
 */
export async function lessonAsCommentTarget(
  ctx: ModuleContext,
  id: number,
  actor: Actor,
): Promise<CommentTarget | null> {
  const lesson = await findLessonById(ctx.db, id, 'en');
  if (!lesson) return null;
  const standing = await standingIn(ctx, lesson.partnershipId, actor);
  if (!maySee(audienceIn(standing, lesson.partnershipId), lesson)) return null;
  return {
    title: lesson.original.title,
    path: lessonPath(lesson.slug),
    lang: lesson.original.lang,
    partnershipId: lesson.partnershipId,
    authorId: lesson.authorId,
    membersOnly: lesson.state !== 'published',
    mayComment: mayComment(standing, lesson),
    mayModerate: mayModerate(standing),
  };
}

/**
 * Published lessons the reader may see that share tags with these, most shared tags first, then
 * the newest: what other modules (matchmaking, the self-assessment) point to.
 */
export async function lessonsForTags(
  ctx: Pick<ModuleContext, 'db'>,
  reader: ContentAudience,
  tagIds: readonly number[],
  limit: number,
): Promise<{ id: number; slug: string; title: string; lang: string; path: string; sharedTags: number }[]> {
  if (tagIds.length === 0 || limit < 1) return [];
  const rows = await ctx.db
    .selectFrom('lessons')
    .innerJoin('taggings', (join) =>
      join.onRef('taggings.subject_id', '=', 'lessons.id').on('taggings.subject_type', '=', 'lesson'),
    )
    .select((eb) => [
      'lessons.id',
      'lessons.slug',
      'lessons.title',
      'lessons.original_lang',
      'lessons.published_at',
      eb.fn.countAll<number>().as('shared'),
    ])
    .where('lessons.state', '=', 'published')
    .where(visibleLessons(reader))
    .where('taggings.tag_id', 'in', [...new Set(tagIds)])
    .groupBy(['lessons.id', 'lessons.slug', 'lessons.title', 'lessons.original_lang', 'lessons.published_at'])
    .orderBy('shared', 'desc')
    .orderBy('lessons.published_at', 'desc')
    .orderBy('lessons.id', 'desc')
    .limit(Math.min(limit, 100))
    .execute();
  return rows.map((r) => ({
    id: r.id,
    slug: r.slug,
    title: r.title,
    lang: r.original_lang,
    path: lessonPath(r.slug),
    sharedTags: Number(r.shared),
  }));
}

/** How many published lessons each of these organisations wrote (those with none are left out). */
export async function lessonsByOrganisation(
  ctx: Pick<ModuleContext, 'db'>,
  organisationIds: readonly number[],
): Promise<Map<number, number>> {
  if (organisationIds.length === 0) return new Map();
  const rows = await ctx.db
    .selectFrom('lessons')
    .select((eb) => ['organisation_id', eb.fn.countAll<number>().as('n')])
    .where('state', '=', 'published')
    .where('organisation_id', 'in', [...new Set(organisationIds)])
    .groupBy('organisation_id')
    .execute();
  return new Map(rows.map((r) => [r.organisation_id, Number(r.n)]));
}
