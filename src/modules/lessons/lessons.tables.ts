import type { Generated } from 'kysely';

/** Draft (the author's), submitted (waiting for a coordinator), published, or returned with a note. */
export const LESSON_STATES = ['draft', 'submitted', 'published', 'returned'] as const;
export type LessonState = (typeof LESSON_STATES)[number];
/** How much it takes to do the same elsewhere. */
export const EFFORTS = ['low', 'medium', 'high'] as const;
export type Effort = (typeof EFFORTS)[number];
/** What it cost, in bands rather than figures: cities compare orders of magnitude, not invoices. */
export const BUDGET_BANDS = ['none', 'under_10k', '10k_100k', '100k_1m', 'over_1m'] as const;
export type BudgetBand = (typeof BUDGET_BANDS)[number];
/** What a lesson came from: an action of the partnership's plan, a deliverable of one, a meeting. */
export const SOURCE_TYPES = ['action', 'deliverable', 'meeting'] as const;
export type SourceType = (typeof SOURCE_TYPES)[number];

/** The four texts of a lesson, in its own language or a translation. */
export const LESSON_TEXTS = ['title', 'tried', 'worked', 'not_worked', 'replicate'] as const;
export type LessonText = (typeof LESSON_TEXTS)[number];

export interface LessonTable {
  id: Generated<number>;
  slug: string;
  partnership_id: number;
  organisation_id: number;
  /** Null once the author's account is deleted (the lesson stays). */
  author_id: number | null;
  state: LessonState;
  /** A coordinator's note when returning it. */
  review_note: string | null;
  original_lang: string;
  title: string;
  tried: string;
  worked: string;
  not_worked: string;
  replicate: string;
  budget_band: BudgetBand | null;
  staff: number | null;
  duration_months: number | null;
  effort: Effort;
  created_at: string;
  updated_at: string;
  published_at: string | null;
  /** What lists sort by: the publication time once published, the creation time before. */
  sort_at: string;
}

export interface LessonTranslationTable {
  lesson_id: number;
  lang: string;
  title: string;
  tried: string;
  worked: string;
  not_worked: string;
  replicate: string;
  translator_id: number | null;
  updated_at: string;
}

export interface LessonSourceTable {
  lesson_id: number;
  source_type: SourceType;
  source_id: number;
  position: number;
}

declare module '../../core/db/types.js' {
  interface Database {
    lessons: LessonTable;
    lesson_translations: LessonTranslationTable;
    lesson_sources: LessonSourceTable;
  }
}
