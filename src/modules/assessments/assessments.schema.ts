import type { Generated } from 'kysely';
import Type from 'typebox';
import { Id, Line } from '../../core/http/validation.js';

/** The answer scale: 0 (not started) to 4 (fully in place and improving); each level has its label in the catalogs. */
export const LEVELS = [0, 1, 2, 3, 4] as const;
export const TOP_LEVEL = 4;
export type Level = (typeof LEVELS)[number];

/** A draft is being filled in; a submitted assessment has its scores and is never changed again. */
export const ASSESSMENT_STATUSES = ['draft', 'submitted'] as const;
export type AssessmentStatus = (typeof ASSESSMENT_STATUSES)[number];

/** The languages an administrator must give every dimension's and question's text in. */
export const EDITED_LANGUAGES = ['en', 'cs'] as const;

export interface AssessmentDimensionTable {
  id: Generated<number>;
  slug: string;
  position: number;
  /** Tag slugs separated by spaces. */
  tags: Generated<string>;
  retired_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface AssessmentDimensionTextTable {
  dimension_id: number;
  lang: string;
  name: string;
  description: Generated<string>;
}

export interface AssessmentQuestionTable {
  id: Generated<number>;
  dimension_id: number;
  position: number;
  retired_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface AssessmentQuestionTextTable {
  question_id: number;
  lang: string;
  text: string;
}

export interface AssessmentTable {
  id: Generated<number>;
  organisation_id: number;
  status: AssessmentStatus;
  started_by: number | null;
  started_at: string;
  updated_at: string;
  submitted_by: number | null;
  submitted_at: string | null;
  size_band: string | null;
}

export interface AssessmentAnswerTable {
  assessment_id: number;
  question_id: number;
  level: number;
}

export interface AssessmentScoreTable {
  assessment_id: number;
  dimension_id: number;
  score: number;
  questions: number;
}

declare module '../../core/db/types.js' {
  interface Database {
    assessment_dimensions: AssessmentDimensionTable;
    assessment_dimension_texts: AssessmentDimensionTextTable;
    assessment_questions: AssessmentQuestionTable;
    assessment_question_texts: AssessmentQuestionTextTable;
    assessments: AssessmentTable;
    assessment_answers: AssessmentAnswerTable;
    assessment_scores: AssessmentScoreTable;
  }
}

// ---------------------------------------------------------------------------------------------
// The API's shapes

export const IdParams = Type.Object({ lang: Type.String(), id: Id({ description: 'The assessment’s id' }) });
export const LangParams = Type.Object({ lang: Type.String() });

const OrganisationRef = Type.Object({
  slug: Type.String(),
  name: Type.String(),
  sizeBand: Type.Union([Type.String(), Type.Null()], { description: 'small, medium or large (cities only)' }),
});

export const AssessmentSummaryJson = Type.Object({
  id: Type.Integer(),
  organisation: OrganisationRef,
  status: Type.Enum(ASSESSMENT_STATUSES),
  startedAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
  submittedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  overall: Type.Union([Type.Integer({ minimum: 0, maximum: 100 }), Type.Null()], {
    description: 'The mean of the dimensions’ scores (submitted assessments only)',
  }),
});

export const AssessmentListJson = Type.Object({
  organisations: Type.Array(
    Type.Object({
      id: Type.Integer(),
      organisation: OrganisationRef,
      assessments: Type.Array(AssessmentSummaryJson),
    }),
    { description: 'The organisations the caller is a confirmed member of, each with its assessments, newest first' },
  ),
});

const DimensionScoreJson = Type.Object({
  dimension: Type.String({ description: 'The dimension’s slug' }),
  name: Type.String(),
  score: Type.Integer({ minimum: 0, maximum: 100 }),
  previous: Type.Union([Type.Integer(), Type.Null()], {
    description: 'In the organisation’s assessment before this one',
  }),
  bandAverage: Type.Union([Type.Integer(), Type.Null()], {
    description: 'The average of at least 3 other organisations of the size band (null: too few to show)',
  }),
});

export const AssessmentJson = Type.Object({
  assessment: AssessmentSummaryJson,
  dimensions: Type.Array(
    Type.Object({
      slug: Type.String(),
      name: Type.String(),
      description: Type.String(),
      retired: Type.Boolean(),
      questions: Type.Array(
        Type.Object({
          id: Type.Integer(),
          text: Type.String(),
          retired: Type.Boolean(),
          level: Type.Union([Type.Integer({ minimum: 0, maximum: 4 }), Type.Null()], { description: 'The answer' }),
        }),
      ),
    }),
    { description: 'The questions it answers (a draft: the current set; submitted: those answered) with the answers' },
  ),
  scores: Type.Union([Type.Array(DimensionScoreJson), Type.Null()], { description: 'Submitted assessments only' }),
  bandContributors: Type.Integer({ description: 'How many other organisations of its size band the averages are of' }),
});

export const StartBody = Type.Object(
  {
    organisation: Id({ description: 'The id of an organisation the caller is a confirmed member of' }),
    _csrf: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);

export const AnswersBody = Type.Object(
  {
    answers: Type.Array(
      Type.Object(
        {
          question: Id({ description: 'A current question’s id' }),
          level: Type.Integer({ minimum: 0, maximum: 4, description: 'From 0 (not started) to 4 (fully in place)' }),
        },
        { additionalProperties: false },
      ),
      { maxItems: 500 },
    ),
    submit: Type.Optional(
      Type.Boolean({ description: 'Submit once saved: every current question must then have an answer' }),
    ),
    _csrf: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);
export type AnswersBody = Type.Static<typeof AnswersBody>;

/** The editor's form of a dimension: its slug, its topics, and its name and description in each edited language. */
export const DimensionForm = Type.Object({
  slug: Line({ minLength: 1, maxLength: 60, pattern: '^[a-z0-9]+(?:-[a-z0-9]+)*$' }),
  tags: Type.Optional(Type.String({ maxLength: 500 })),
  name_en: Line({ minLength: 1, maxLength: 120 }),
  name_cs: Line({ minLength: 1, maxLength: 120 }),
  description_en: Type.Optional(Type.String({ maxLength: 1000 })),
  description_cs: Type.Optional(Type.String({ maxLength: 1000 })),
});
export type DimensionForm = Type.Static<typeof DimensionForm>;

export const QuestionForm = Type.Object({
  dimension: Id(),
  text_en: Type.String({ minLength: 1, maxLength: 500 }),
  text_cs: Type.String({ minLength: 1, maxLength: 500 }),
});
export type QuestionForm = Type.Static<typeof QuestionForm>;
