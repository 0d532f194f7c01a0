import type { Expression } from 'kysely';
import type { ContentType } from '../../core/module.js';
import { maySee } from './lessons.policy.js';
import { findLessonsByIds, lessonPath } from './lessons.queries.js';
import { visibleLessons } from './lessons.visibility.js';

/**
 * Lessons as other modules see them (`contentTypes.lesson`): tag pages, the activity stream,
 * notifications and search name a lesson, in the reader's language where it was translated, only
 * where `maySee` lets the reader see it, and list only what `visibleLessons` selects.
 */
export const lessonContentType: ContentType = {
  async describe(ctx, ids, audience, locale) {
    if (ids.length === 0) return new Map();
    const found = (await findLessonsByIds(ctx.db, [...new Set(ids)], locale)).filter((l) => maySee(audience, l));
    return new Map(
      found.map((l) => [
        l.id,
        { title: l.shown.title, path: lessonPath(l.slug), lang: l.shown.lang, summary: l.shown.tried.slice(0, 200) },
      ]),
    );
  },
  visibleIds: (db, audience) =>
    db.selectFrom('lessons').select('lessons.id').where(visibleLessons(audience)) as unknown as Expression<number>,
};
