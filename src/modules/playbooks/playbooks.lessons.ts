import type { Kysely } from 'kysely';
import type { Database } from '../../core/db/types.js';
import { describeContent, VISITORS, type ContentAudience, type ModuleContext } from '../../core/module.js';
import { visibleLessons } from '../lessons/index.js';
import { findOrganisationsByIds, organisationDisplayName } from '../organisations/index.js';
import { LIMITS } from './playbooks.schema.js';

type Db = Kysely<Database>;

/** A lesson as a playbook's page lists it (a chapter) and its form offers it. */
export interface ChapterRef {
  id: number;
  slug: string;
  title: string;
  lang: string;
  path: string;
  summary: string;
}

/** A lesson the form offers, with where it was learnt and when it was published. */
export interface LessonChoice extends ChapterRef {
  where: string;
  publishedAt: string | null;
}

/**
 * The lessons' slugs and where they were learnt, read with what everyone may see of them (the lessons
 * module's own rule as a filter: published ones), by id.
 */
async function publicLessonRows(db: Db, where: { ids?: readonly number[]; slugs?: readonly string[] }, limit: number) {
  let query = db
    .selectFrom('lessons')
    .select(['lessons.id', 'lessons.slug', 'lessons.organisation_id', 'lessons.published_at'])
    .where(visibleLessons(VISITORS));
  if (where.ids) query = query.where('lessons.id', 'in', where.ids.length > 0 ? [...where.ids] : [0]);
  if (where.slugs) query = query.where('lessons.slug', 'in', where.slugs.length > 0 ? [...where.slugs] : ['']);
  return query.orderBy('lessons.sort_at', 'desc').orderBy('lessons.id', 'desc').limit(limit).execute();
}

/**
 * Named as `audience` may see them, in `locale` where translated, through the lessons module's content
 * type (`contentTypes.lesson`, its one visibility rule): the lessons of `ids` the reader may see, in
 * the order of `ids`.
 */
export async function chaptersFor(
  ctx: ModuleContext,
  ids: readonly number[],
  audience: ContentAudience,
  locale: string,
): Promise<ChapterRef[]> {
  if (ids.length === 0) return [];
  const named = await describeContent(
    ctx,
    ids.map((id) => ({ type: 'lesson', id })),
    audience,
    locale,
    new Date(),
  );
  return ids.flatMap((id) => {
    const ref = named('lesson', id);
    if (!ref) return [];
    const slug = ref.path.replace(/^\/lessons\//, '');
    return [{ id, slug, title: ref.title, lang: ref.lang, path: ref.path, summary: ref.summary ?? '' }];
  });
}

/** What the form offers: every published lesson, newest first (at most 200), in the reader's language. */
export async function lessonChoices(ctx: ModuleContext, locale: string): Promise<LessonChoice[]> {
  const rows = await publicLessonRows(ctx.db, {}, LIMITS.choices);
  const [chapters, organisations] = await Promise.all([
    chaptersFor(
      ctx,
      rows.map((r) => r.id),
      VISITORS,
      locale,
    ),
    findOrganisationsByIds(
      ctx.db,
      rows.map((r) => r.organisation_id),
    ),
  ]);
  const byId = new Map(rows.map((r) => [r.id, r]));
  return chapters.map((c) => {
    const row = byId.get(c.id)!;
    const org = organisations.get(row.organisation_id);
    return { ...c, where: org ? organisationDisplayName(org, locale) : '', publishedAt: row.published_at };
  });
}

/** The published lessons of these slugs, by slug (those that are not, or not published, are left out). */
export async function publicLessonIdsBySlug(db: Db, slugs: readonly string[]): Promise<Map<string, number>> {
  if (slugs.length === 0) return new Map();
  const rows = await publicLessonRows(db, { slugs: [...new Set(slugs)] }, LIMITS.lessons);
  return new Map(rows.map((r) => [r.slug, r.id]));
}

/** Which of these lessons are published (everyone sees them). */
export async function publicLessonIds(db: Db, ids: readonly number[]): Promise<Set<number>> {
  if (ids.length === 0) return new Set();
  const rows = await publicLessonRows(db, { ids: [...new Set(ids)] }, ids.length);
  return new Set(rows.map((r) => r.id));
}
