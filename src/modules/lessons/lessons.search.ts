import type { ModuleContext } from '../../core/module.js';
import type { SearchDocument, SearchSource } from '../../core/search/contract.js';
import { idBatches } from '../../core/search/search-index.js';
import { plainText } from '../../core/search/text.js';
import { tagsOf, type TagView } from '../tags/index.js';
import { findLessonsByIds, lessonPath, type LessonTexts } from './lessons.queries.js';

const words = (t: LessonTexts) => [t.title, t.tried, t.worked, t.notWorked, t.replicate];

/**
 * Lessons as the search index has them: one document per lesson in every state (who finds a draft
 * is the one rule's business, `contentTypes.lesson`), with the text of its translations into the
 * interface languages, its tags (and their labels), and when it was published (or written).
 */
export const lessonSearchSource: SearchSource = {
  type: 'lesson',
  async documentsOf(ctx: ModuleContext, ids: readonly number[]): Promise<SearchDocument[]> {
    const unique = [...new Set(ids)];
    const inLanguages: Awaited<ReturnType<typeof findLessonsByIds>>[] = [];
    for (const lang of ctx.languages) inLanguages.push(await findLessonsByIds(ctx.db, unique, lang));
    const lessons = inLanguages[0] ?? [];
    if (lessons.length === 0) return [];
    const found = lessons.map((l) => l.id);
    const labelled: Map<number, TagView[]>[] = [];
    for (const lang of ctx.languages) labelled.push(await tagsOf(ctx.db, 'lesson', found, lang));
    return lessons.map((lesson) => {
      const texts = new Set(
        inLanguages.flatMap((list) => {
          const shown = list.find((l) => l.id === lesson.id)?.shown;
          return shown && shown.lang !== lesson.original.lang ? words(shown) : [];
        }),
      );
      const labels = new Set(labelled.flatMap((byLesson) => (byLesson.get(lesson.id) ?? []).map((t) => t.label)));
      return {
        type: 'lesson',
        id: lesson.id,
        lang: lesson.original.lang,
        title: lesson.original.title,
        body: plainText([...words(lesson.original).slice(1), ...texts, ...labels].join('\n')),
        path: lessonPath(lesson.slug),
        tags: (labelled[0]?.get(lesson.id) ?? []).map((t) => t.slug),
        partnershipId: lesson.partnershipId,
        date: lesson.publishedAt ?? lesson.createdAt,
      };
    });
  },
  allIds: (ctx: ModuleContext) => idBatches(ctx.db, 'lessons'),
};
