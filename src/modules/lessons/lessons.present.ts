import type { Static } from 'typebox';
import type { Translator } from '../../core/i18n/translator.js';
import type { ContentAudience, ModuleContext } from '../../core/module.js';
import { authorName, findUsersByIds } from '../accounts/index.js';
import { findOrganisationsByIds, organisationDisplayName } from '../organisations/index.js';
import { partnershipSlugsByIds } from '../partnerships/index.js';
import { tagsOf } from '../tags/index.js';
import { sourcesOf, translationsOf, type Lesson } from './lessons.queries.js';
import type { LessonDetail, LessonSummary } from './lessons.schema.js';
import { shownSources, type ShownSource } from './lessons.sources.js';

/** A lesson in a list, as the API gives it and the pages show it. */
export type LessonItem = Static<typeof LessonSummary> & { tagLangs: (string | undefined)[] };
export type LessonWhole = Static<typeof LessonDetail> & {
  tagLangs: (string | undefined)[];
  sourcesShown: ShownSource[];
  organisationName: string;
};

/** Lessons as a reader of `locale` sees them in a list: one query each for organisations, partnerships and tags. */
export async function presentLessons(ctx: ModuleContext, lessons: Lesson[], locale: string): Promise<LessonItem[]> {
  const [organisations, slugs, tags] = await Promise.all([
    findOrganisationsByIds(
      ctx.db,
      lessons.map((l) => l.organisationId),
    ),
    partnershipSlugsByIds(
      ctx.db,
      lessons.map((l) => l.partnershipId),
    ),
    tagsOf(
      ctx.db,
      'lesson',
      lessons.map((l) => l.id),
      locale,
    ),
  ]);
  return lessons.map((l) => {
    const org = organisations.get(l.organisationId);
    const tagList = tags.get(l.id) ?? [];
    return {
      slug: l.slug,
      lang: l.shown.lang,
      title: l.shown.title,
      tried: l.shown.tried,
      state: l.state,
      effort: l.effort,
      organisation: {
        slug: org?.slug ?? '',
        name: org ? organisationDisplayName(org, locale) : '',
        country: org?.country ?? null,
        sizeBand: org?.sizeBand ?? null,
      },
      partnership: slugs.get(l.partnershipId) ?? '',
      publishedAt: l.publishedAt,
      tags: tagList.map((tag) => ({ slug: tag.slug, label: tag.label })),
      tagLangs: tagList.map((tag) => tag.lang),
    };
  });
}

/**
 * A lesson whole, for a reader: its sources only those the reader may see (their modules' rules),
 * the coordinator's note only for those who may see the lesson before it is published.
 */
export async function presentLesson(
  ctx: ModuleContext,
  lesson: Lesson,
  audience: ContentAudience,
  locale: string,
  t: Translator['t'],
): Promise<LessonWhole> {
  const [[item], translations, sources, users] = await Promise.all([
    presentLessons(ctx, [lesson], locale),
    translationsOf(ctx.db, lesson.id),
    sourcesOf(ctx.db, lesson.id),
    findUsersByIds(ctx.db, lesson.authorId === null ? [] : [lesson.authorId]),
  ]);
  const shown = await shownSources(ctx, sources, audience, locale);
  return {
    ...item!,
    originalLang: lesson.original.lang,
    translations: translations.map((tr) => tr.lang),
    worked: lesson.shown.worked,
    notWorked: lesson.shown.notWorked,
    replicate: lesson.shown.replicate,
    budgetBand: lesson.budgetBand,
    staff: lesson.staff,
    durationMonths: lesson.durationMonths,
    reviewNote: lesson.state === 'published' ? null : lesson.reviewNote,
    author: lesson.authorId === null ? null : authorName(users.get(lesson.authorId), t),
    sources: shown.map((s) => ({ type: s.type, id: s.id, title: s.title, path: s.path })),
    sourcesShown: shown,
    organisationName: item!.organisation.name,
  };
}
