import type { Kysely, Selectable } from 'kysely';
import type { TimeCursor } from '../../core/http/cursors.js';
import type { Database } from '../../core/db/types.js';
import type { ContentAudience } from '../../core/module.js';
import type { SizeBand } from '../organisations/index.js';
import type { BudgetBand, Effort, LessonState, LessonTable, SourceType } from './lessons.tables.js';
import { visibleLessons } from './lessons.visibility.js';

type Db = Kysely<Database>;

/** A lesson's page, after `/{lang}`. */
export const lessonPath = (slug: string): string => `/lessons/${slug}`;

/** The texts of a lesson in one language: its own, or a translation. */
export interface LessonTexts {
  lang: string;
  title: string;
  tried: string;
  worked: string;
  notWorked: string;
  replicate: string;
}

export interface Lesson {
  id: number;
  slug: string;
  partnershipId: number;
  organisationId: number;
  authorId: number | null;
  state: LessonState;
  reviewNote: string | null;
  original: LessonTexts;
  /** What a reader of `locale` is shown: the translation into it if there is one, else the original. */
  shown: LessonTexts;
  budgetBand: BudgetBand | null;
  staff: number | null;
  durationMonths: number | null;
  effort: Effort;
  createdAt: string;
  updatedAt: string;
  publishedAt: string | null;
  sortAt: string;
}

const textsOf = (row: {
  lang: string;
  title: string;
  tried: string;
  worked: string;
  not_worked: string;
  replicate: string;
}): LessonTexts => ({
  lang: row.lang,
  title: row.title,
  tried: row.tried,
  worked: row.worked,
  notWorked: row.not_worked,
  replicate: row.replicate,
});

function toLesson(row: Selectable<LessonTable>, translation?: LessonTexts): Lesson {
  const original = textsOf({ ...row, lang: row.original_lang });
  return {
    id: row.id,
    slug: row.slug,
    partnershipId: row.partnership_id,
    organisationId: row.organisation_id,
    authorId: row.author_id,
    state: row.state,
    reviewNote: row.review_note,
    original,
    shown: translation ?? original,
    budgetBand: row.budget_band,
    staff: row.staff,
    durationMonths: row.duration_months,
    effort: row.effort,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    publishedAt: row.published_at,
    sortAt: row.sort_at,
  };
}

/** The translations of these lessons into `locale` (none when a lesson was written in it). */
async function translationsIn(db: Db, ids: readonly number[], locale: string): Promise<Map<number, LessonTexts>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('lesson_translations')
    .selectAll()
    .where('lesson_id', 'in', [...ids])
    .where('lang', '=', locale)
    .execute();
  return new Map(rows.map((r) => [r.lesson_id, textsOf(r)]));
}

async function withTranslations(db: Db, rows: Selectable<LessonTable>[], locale: string): Promise<Lesson[]> {
  const translated = await translationsIn(
    db,
    rows.filter((r) => r.original_lang !== locale).map((r) => r.id),
    locale,
  );
  return rows.map((r) => toLesson(r, translated.get(r.id)));
}

/** A lesson by its slug, read fresh (whether it exists and its state decide who sees it). */
export async function findLessonBySlug(db: Db, slug: string, locale: string): Promise<Lesson | null> {
  const row = await db.selectFrom('lessons').selectAll().where('slug', '=', slug).executeTakeFirst();
  return row ? ((await withTranslations(db, [row], locale))[0] ?? null) : null;
}

export async function findLessonById(db: Db, id: number, locale: string): Promise<Lesson | null> {
  const row = await db.selectFrom('lessons').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? ((await withTranslations(db, [row], locale))[0] ?? null) : null;
}

export async function findLessonsByIds(db: Db, ids: readonly number[], locale: string): Promise<Lesson[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('lessons')
    .selectAll()
    .where('id', 'in', [...ids])
    .execute();
  return withTranslations(db, rows, locale);
}

/** Every translation of a lesson, by language. */
export async function translationsOf(db: Db, lessonId: number): Promise<LessonTexts[]> {
  const rows = await db
    .selectFrom('lesson_translations')
    .selectAll()
    .where('lesson_id', '=', lessonId)
    .orderBy('lang')
    .execute();
  return rows.map(textsOf);
}

/** What the list may be narrowed to. */
export interface LessonFilter {
  size?: SizeBand | undefined;
  country?: string | undefined;
  /** A tag's slug. */
  topic?: string | undefined;
  effort?: Effort | undefined;
  partnershipId?: number | undefined;
}

/**
 * A page of the lessons the audience may see (`visibleLessons`), newest first, narrowed by the
 * filter; keyset-paginated by (`sort_at`, `id`). The organisation's size band and country are
 * the organisations directory's, read with the lesson.
 */
export async function listLessons(
  db: Db,
  options: { filter: LessonFilter; audience: ContentAudience; locale: string; after?: TimeCursor; limit: number },
): Promise<{ items: Lesson[]; next: TimeCursor | null }> {
  const { filter, after, limit } = options;
  let query = db
    .selectFrom('lessons')
    .innerJoin('organisations', 'organisations.id', 'lessons.organisation_id')
    .selectAll('lessons')
    .where(visibleLessons(options.audience));
  if (filter.partnershipId !== undefined) query = query.where('lessons.partnership_id', '=', filter.partnershipId);
  if (filter.size) query = query.where('organisations.size_band', '=', filter.size);
  if (filter.country) query = query.where('organisations.country', '=', filter.country);
  if (filter.effort) query = query.where('lessons.effort', '=', filter.effort);
  if (filter.topic) {
    const topic = filter.topic;
    query = query.where('lessons.id', 'in', (eb) =>
      eb
        .selectFrom('taggings')
        .innerJoin('tags', 'tags.id', 'taggings.tag_id')
        .select('taggings.subject_id')
        .where('taggings.subject_type', '=', 'lesson')
        .where('tags.slug', '=', topic),
    );
  }
  if (after) {
    const at = new Date(after.at).toISOString();
    query = query.where((eb) =>
      eb.or([
        eb('lessons.sort_at', '<', at),
        eb.and([eb('lessons.sort_at', '=', at), eb('lessons.id', '<', after.id)]),
      ]),
    );
  }
  const rows = await query
    .orderBy('lessons.sort_at', 'desc')
    .orderBy('lessons.id', 'desc')
    .limit(limit + 1)
    .execute();
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: await withTranslations(db, page, options.locale),
    next: rows.length > limit && last ? { at: Date.parse(last.sort_at), id: last.id } : null,
  };
}

/** What a lesson came from, in its order. */
export async function sourcesOf(db: Db, lessonId: number): Promise<{ type: SourceType; id: number }[]> {
  const rows = await db
    .selectFrom('lesson_sources')
    .select(['source_type', 'source_id'])
    .where('lesson_id', '=', lessonId)
    .orderBy('position')
    .execute();
  return rows.map((r) => ({ type: r.source_type, id: r.source_id }));
}

/** Slugs already taken that start with this one (to find a free one). */
export async function slugsLike(db: Db, slug: string): Promise<Set<string>> {
  const rows = await db
    .selectFrom('lessons')
    .select('slug')
    .where((eb) => eb.or([eb('slug', '=', slug), eb('slug', 'like', `${slug}-%`)]))
    .execute();
  return new Set(rows.map((r) => r.slug));
}

/** What the filter form offers: the countries of the organisations and the topics of published lessons. */
export async function filterChoices(
  db: Db,
  locale: string,
): Promise<{ countries: string[]; topics: { slug: string; label: string }[] }> {
  const [countries, tags] = await Promise.all([
    db
      .selectFrom('lessons')
      .innerJoin('organisations', 'organisations.id', 'lessons.organisation_id')
      .select('organisations.country')
      .distinct()
      .where('lessons.state', '=', 'published')
      .where('organisations.country', 'is not', null)
      .execute(),
    db
      .selectFrom('taggings')
      .innerJoin('lessons', 'lessons.id', 'taggings.subject_id')
      .innerJoin('tags', 'tags.id', 'taggings.tag_id')
      .select(['tags.id', 'tags.slug'])
      .distinct()
      .where('taggings.subject_type', '=', 'lesson')
      .where('lessons.state', '=', 'published')
      .execute(),
  ]);
  const labels =
    tags.length === 0
      ? []
      : await db
          .selectFrom('tag_labels')
          .select(['tag_id', 'lang', 'label'])
          .where(
            'tag_id',
            'in',
            tags.map((tag) => tag.id),
          )
          .execute();
  const labelOf = (id: number, slug: string) =>
    labels.find((l) => l.tag_id === id && l.lang === locale)?.label ??
    labels.find((l) => l.tag_id === id && l.lang === 'en')?.label ??
    labels.find((l) => l.tag_id === id)?.label ??
    slug;
  return {
    countries: countries.flatMap((c) => (c.country ? [c.country] : [])),
    topics: tags
      .map((tag) => ({ slug: tag.slug, label: labelOf(tag.id, tag.slug) }))
      .sort((a, b) => a.label.localeCompare(b.label, locale)),
  };
}
