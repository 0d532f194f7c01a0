import { sql, type Kysely, type SqlBool } from 'kysely';
import type { Database } from '../../core/db/types.js';
import type { AssessmentStatus } from './assessments.schema.js';

type Db = Kysely<Database>;

/** A question of the set, in one language. */
export interface Question {
  id: number;
  dimensionId: number;
  position: number;
  retired: boolean;
  text: string;
  /** The language of `text` (the reader's, else English, else any). */
  lang: string;
}

/** A dimension of the set, in one language, with its questions in order. */
export interface Dimension {
  id: number;
  slug: string;
  position: number;
  tags: string[];
  retired: boolean;
  name: string;
  description: string;
  lang: string;
  questions: Question[];
}

/** Of several texts by language, the reader's, else English, else the first there is. */
function pick<T extends { lang: string }>(texts: readonly T[], locale: string): T | undefined {
  return texts.find((t) => t.lang === locale) ?? texts.find((t) => t.lang === 'en') ?? texts[0];
}

/**
 * The question set in the reader's language, in order: every dimension and question, retired ones
 * too (they say so), so that an old assessment's answers stay readable.
 */
export async function loadQuestionSet(db: Db, locale: string): Promise<Dimension[]> {
  const [dimensions, dimensionTexts, questions, questionTexts] = await Promise.all([
    db.selectFrom('assessment_dimensions').selectAll().orderBy('position').orderBy('id').execute(),
    db.selectFrom('assessment_dimension_texts').selectAll().execute(),
    db.selectFrom('assessment_questions').selectAll().orderBy('position').orderBy('id').execute(),
    db.selectFrom('assessment_question_texts').selectAll().execute(),
  ]);
  return dimensions.map((d) => {
    const text = pick(
      dimensionTexts.filter((t) => t.dimension_id === d.id),
      locale,
    );
    return {
      id: d.id,
      slug: d.slug,
      position: d.position,
      tags: d.tags.split(' ').filter(Boolean),
      retired: d.retired_at !== null,
      name: text?.name ?? d.slug,
      description: text?.description ?? '',
      lang: text?.lang ?? 'en',
      questions: questions
        .filter((q) => q.dimension_id === d.id)
        .map((q) => {
          const qt = pick(
            questionTexts.filter((t) => t.question_id === q.id),
            locale,
          );
          return {
            id: q.id,
            dimensionId: d.id,
            position: q.position,
            retired: q.retired_at !== null,
            text: qt?.text ?? '',
            lang: qt?.lang ?? 'en',
          };
        }),
    };
  });
}

/** The current questions (neither they nor their dimension retired), by id. */
export function currentQuestions(set: readonly Dimension[]): Map<number, Question> {
  return new Map(
    set.filter((d) => !d.retired).flatMap((d) => d.questions.filter((q) => !q.retired).map((q) => [q.id, q] as const)),
  );
}

/** The texts of a dimension or question in every language, for the editor. */
export async function dimensionTexts(db: Db, id: number): Promise<Map<string, { name: string; description: string }>> {
  const rows = await db.selectFrom('assessment_dimension_texts').selectAll().where('dimension_id', '=', id).execute();
  return new Map(rows.map((r) => [r.lang, { name: r.name, description: r.description }]));
}
export async function questionTexts(db: Db, id: number): Promise<Map<string, string>> {
  const rows = await db.selectFrom('assessment_question_texts').selectAll().where('question_id', '=', id).execute();
  return new Map(rows.map((r) => [r.lang, r.text]));
}

export interface Assessment {
  id: number;
  organisationId: number;
  status: AssessmentStatus;
  startedAt: string;
  updatedAt: string;
  submittedAt: string | null;
  sizeBand: string | null;
}

const columns = ['id', 'organisation_id', 'status', 'started_at', 'updated_at', 'submitted_at', 'size_band'] as const;

const toAssessment = (r: {
  id: number;
  organisation_id: number;
  status: AssessmentStatus;
  started_at: string;
  updated_at: string;
  submitted_at: string | null;
  size_band: string | null;
}): Assessment => ({
  id: r.id,
  organisationId: r.organisation_id,
  status: r.status,
  startedAt: r.started_at,
  updatedAt: r.updated_at,
  submittedAt: r.submitted_at,
  sizeBand: r.size_band,
});

export async function findAssessment(db: Db, id: number): Promise<Assessment | null> {
  const row = await db.selectFrom('assessments').select(columns).where('id', '=', id).executeTakeFirst();
  return row ? toAssessment(row) : null;
}

/** The most assessments of one organisation a list shows. */
export const LIST_MAX = 100;

/** The assessments of these organisations: the draft first, then submitted ones newest first. */
export async function listAssessments(db: Db, organisationIds: readonly number[]): Promise<Assessment[]> {
  if (organisationIds.length === 0) return [];
  const rows = await db
    .selectFrom('assessments')
    .select(columns)
    .where('organisation_id', 'in', [...organisationIds])
    .orderBy('organisation_id')
    .orderBy('status')
    .orderBy('submitted_at', 'desc')
    .orderBy('id', 'desc')
    .limit(LIST_MAX * organisationIds.length)
    .execute();
  return rows.map(toAssessment);
}

/** The organisation's draft, if it has one. */
export async function draftOf(db: Db, organisationId: number): Promise<number | null> {
  const row = await db
    .selectFrom('assessments')
    .select('id')
    .where('organisation_id', '=', organisationId)
    .where('status', '=', 'draft')
    .executeTakeFirst();
  return row?.id ?? null;
}

/** Starts a draft for the organisation, unless it has one (one draft at a time: a unique index). */
export async function insertDraft(db: Db, organisationId: number, userId: number, at: string): Promise<boolean> {
  const inserted = await db
    .insertInto('assessments')
    .values({ organisation_id: organisationId, status: 'draft', started_by: userId, started_at: at, updated_at: at })
    // The index's own condition, written as it is (PostgreSQL matches it to the partial index).
    .onConflict((oc) =>
      oc
        .column('organisation_id')
        .where(sql<SqlBool>`status = 'draft'`)
        .doNothing(),
    )
    .executeTakeFirst();
  return Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** An assessment's answers: level by question id. */
export async function answersOf(db: Db, assessmentId: number): Promise<Map<number, number>> {
  const rows = await db
    .selectFrom('assessment_answers')
    .select(['question_id', 'level'])
    .where('assessment_id', '=', assessmentId)
    .execute();
  return new Map(rows.map((r) => [r.question_id, r.level]));
}

/** Writes answers over the ones there were (a question answered again takes the new level). */
export async function upsertAnswers(db: Db, assessmentId: number, answers: ReadonlyMap<number, number>): Promise<void> {
  if (answers.size === 0) return;
  await db
    .insertInto('assessment_answers')
    .values([...answers].map(([question_id, level]) => ({ assessment_id: assessmentId, question_id, level })))
    .onConflict((oc) =>
      oc.columns(['assessment_id', 'question_id']).doUpdateSet((eb) => ({ level: eb.ref('excluded.level') })),
    )
    .execute();
}

/** Marks a draft changed now; false when it is no longer a draft (submitted meanwhile). */
export async function touchDraft(db: Db, assessmentId: number, at: string): Promise<boolean> {
  const r = await db
    .updateTable('assessments')
    .set({ updated_at: at })
    .where('id', '=', assessmentId)
    .where('status', '=', 'draft')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Submits a draft with its scores; false when it was not a draft any more (someone submitted it first). */
export async function markSubmitted(
  db: Db,
  assessmentId: number,
  by: { userId: number; at: string; sizeBand: string | null },
  scores: readonly { dimensionId: number; score: number; questions: number }[],
): Promise<boolean> {
  const r = await db
    .updateTable('assessments')
    .set({
      status: 'submitted',
      submitted_by: by.userId,
      submitted_at: by.at,
      updated_at: by.at,
      size_band: by.sizeBand,
    })
    .where('id', '=', assessmentId)
    .where('status', '=', 'draft')
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) !== 1) return false;
  if (scores.length)
    await db
      .insertInto('assessment_scores')
      .values(
        scores.map((s) => ({
          assessment_id: assessmentId,
          dimension_id: s.dimensionId,
          score: s.score,
          questions: s.questions,
        })),
      )
      .execute();
  return true;
}

/** The stored scores of these assessments: score by dimension id, by assessment id. */
export async function scoresOf(db: Db, assessmentIds: readonly number[]): Promise<Map<number, Map<number, number>>> {
  const out = new Map<number, Map<number, number>>();
  if (assessmentIds.length === 0) return out;
  const rows = await db
    .selectFrom('assessment_scores')
    .select(['assessment_id', 'dimension_id', 'score'])
    .where('assessment_id', 'in', [...new Set(assessmentIds)])
    .execute();
  for (const r of rows) {
    const m = out.get(r.assessment_id) ?? new Map<number, number>();
    m.set(r.dimension_id, r.score);
    out.set(r.assessment_id, m);
  }
  return out;
}

/** The organisation's submitted assessment just before this one, if any. */
export async function previousSubmitted(db: Db, a: Assessment): Promise<Assessment | null> {
  if (!a.submittedAt) return null;
  const row = await db
    .selectFrom('assessments')
    .select(columns)
    .where('organisation_id', '=', a.organisationId)
    .where('status', '=', 'submitted')
    .where((eb) =>
      eb.or([
        eb('submitted_at', '<', a.submittedAt!),
        eb.and([eb('submitted_at', '=', a.submittedAt!), eb('id', '<', a.id)]),
      ]),
    )
    .orderBy('submitted_at', 'desc')
    .orderBy('id', 'desc')
    .executeTakeFirst();
  return row ? toAssessment(row) : null;
}

/**
 * The latest submitted assessment of each other organisation of a size band (submitted at or
 * before `until`, so that an old result compares with what was known then): its id by organisation.
 */
export async function latestOfBand(db: Db, band: string, exceptOrganisation: number, until: string): Promise<number[]> {
  const rows = await db
    .selectFrom('assessments')
    .select(['id', 'organisation_id'])
    .where('size_band', '=', band)
    .where('status', '=', 'submitted')
    .where('organisation_id', '!=', exceptOrganisation)
    .where('submitted_at', '<=', until)
    .orderBy('organisation_id')
    .orderBy('submitted_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  const latest = new Map<number, number>();
  for (const r of rows) if (!latest.has(r.organisation_id)) latest.set(r.organisation_id, r.id);
  return [...latest.values()];
}
