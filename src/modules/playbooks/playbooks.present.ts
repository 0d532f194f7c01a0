import type { Static } from 'typebox';
import type { ContentAudience, ModuleContext } from '../../core/module.js';
import { partnershipTitlesByIds } from '../partnerships/index.js';
import { chaptersFor, type ChapterRef } from './playbooks.lessons.js';
import { lessonIdsOf, stepsOf, translationsOf, type Playbook } from './playbooks.queries.js';
import type { PlaybookDetail, PlaybookSummary } from './playbooks.schema.js';

/** A playbook in a list, as the API gives it and the pages show it (with its partnership's title). */
export type PlaybookItem = Static<typeof PlaybookSummary> & { partnershipTitle: string };
export type PlaybookWhole = Static<typeof PlaybookDetail> & { partnershipTitle: string; chapters: ChapterRef[] };

/** Playbooks as a reader of `locale` sees them in a list: one query for their partnerships. */
export async function presentPlaybooks(
  ctx: ModuleContext,
  playbooks: Playbook[],
  locale: string,
): Promise<PlaybookItem[]> {
  const titles = await partnershipTitlesByIds(
    ctx.db,
    locale,
    playbooks.map((p) => p.partnershipId),
  );
  return playbooks.map((p) => ({
    slug: p.slug,
    lang: p.shown.lang,
    title: p.shown.title,
    target: p.shown.target,
    state: p.state,
    partnership: titles.get(p.partnershipId)?.slug ?? '',
    partnershipTitle: titles.get(p.partnershipId)?.title ?? '',
    publishedAt: p.publishedAt,
  }));
}

/**
 * A playbook whole, for a reader: its chapters only the lessons the reader may see (the lessons
 * module's rule, through its content type), in order.
 */
export async function presentPlaybook(
  ctx: ModuleContext,
  playbook: Playbook,
  audience: ContentAudience,
  locale: string,
): Promise<PlaybookWhole> {
  const [[item], translations, lessonIds] = await Promise.all([
    presentPlaybooks(ctx, [playbook], locale),
    translationsOf(ctx.db, playbook.id),
    lessonIdsOf(ctx.db, playbook.id),
  ]);
  const chapters = await chaptersFor(ctx, lessonIds, audience, locale);
  return {
    ...item!,
    originalLang: playbook.original.lang,
    translations: translations.map((tr) => tr.lang),
    introduction: playbook.shown.introduction,
    steps: stepsOf(playbook.shown.steps),
    lessons: chapters.map((c) => ({ slug: c.slug, title: c.title, lang: c.lang, path: c.path, summary: c.summary })),
    chapters,
  };
}
