import type { FastifyRequest } from 'fastify';
import type { Actor } from '../../core/auth/actor.js';
import type { ModuleContext } from '../../core/module.js';
import { standingIn, type Standing } from '../partnerships/index.js';
import { audienceIn, maySee } from './lessons.policy.js';
import { findLessonBySlug, type Lesson } from './lessons.queries.js';

export interface FoundLesson {
  lesson: Lesson;
  /** The reader's standing in the lesson's partnership, read fresh. */
  standing: Standing;
}

/**
 * The lesson of an address as this reader may see it (its row and the reader's role read fresh
 * on every request); null, the same as a missing one, when they may not.
 */
export async function visibleLesson(
  ctx: ModuleContext,
  actor: Actor,
  slug: string,
  locale: string,
): Promise<FoundLesson | null> {
  const lesson = await findLessonBySlug(ctx.db, slug, locale);
  if (!lesson) return null;
  const standing = await standingIn(ctx, lesson.partnershipId, actor);
  return maySee(audienceIn(standing, lesson.partnershipId), lesson) ? { lesson, standing } : null;
}

/** `visibleLesson` for a request, in its language. */
export const lessonOfRequest = (ctx: ModuleContext, request: FastifyRequest, slug: string, locale = request.locale) =>
  visibleLesson(ctx, request.actor, slug, locale);
