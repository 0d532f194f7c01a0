import type { SignedIn } from '../../core/auth/actor.js';
import { nowIso } from '../../core/db/dialect.js';
import type { ModuleContext } from '../../core/module.js';
import { confirmedOrganisationIds, findOrganisationsByIds, type Organisation } from '../organisations/index.js';
import type { Memberships } from './assessments.policy.js';
import { mayAnswer, mayAssess } from './assessments.policy.js';
import * as q from './assessments.queries.js';
import { bandAverages, dimensionScore, overallScore } from './assessments.scoring.js';

type Ctx = Pick<ModuleContext, 'db'>;

/** The (approved) organisations a person is a confirmed member of, read fresh, by id. */
export async function organisationsOf(ctx: Ctx, actor: SignedIn): Promise<Map<number, Organisation>> {
  const ids = (await confirmedOrganisationIds(ctx.db, [actor.id])).get(actor.id) ?? [];
  return findOrganisationsByIds(ctx.db, ids);
}

export const membershipsOf = async (ctx: Ctx, actor: SignedIn): Promise<Memberships> =>
  new Set((await organisationsOf(ctx, actor)).keys());

/**
 * Starts an assessment of the organisation, or finds the draft it has (one at a time); null when
 * the person may not assess it (a 404).
 */
export async function startAssessment(ctx: Ctx, actor: SignedIn, organisationId: number): Promise<number | null> {
  if (!mayAssess(actor, await membershipsOf(ctx, actor), organisationId)) return null;
  await q.insertDraft(ctx.db, organisationId, actor.id, nowIso());
  return q.draftOf(ctx.db, organisationId);
}

/** An assessment the person may read (one of their organisations'), else null (a 404). */
export async function readableAssessment(ctx: Ctx, actor: SignedIn, id: number): Promise<q.Assessment | null> {
  const found = await q.findAssessment(ctx.db, id);
  if (!found || !mayAssess(actor, await membershipsOf(ctx, actor), found.organisationId)) return null;
  return found;
}

export type SaveOutcome =
  /** Kept as a draft. */
  | { kind: 'saved' }
  | { kind: 'submitted' }
  /** Saved as a draft, but not submitted: these current questions have no answer. */
  | { kind: 'missing'; questions: number[] }
  /** Nothing saved: these are not current questions of the set. */
  | { kind: 'unknown'; questions: number[] }
  /** No longer a draft (submitted meanwhile), or no longer the person's to fill in: a 404. */
  | { kind: 'gone' };

class Gone extends Error {}

/**
 * Saves answers to a draft and, when asked, submits it. Answers to questions that are not current
 * are refused with nothing saved. Asked to submit while current questions are unanswered, it keeps
 * what was given as the draft (nothing lost) and names what is missing. Submitting stores each
 * dimension's score (assessments.scoring.ts) and the organisation's size band of the moment, in
 * the same transaction, once: a draft submitted by someone else meanwhile is `gone`.
 */
export async function saveAnswers(
  ctx: Ctx,
  actor: SignedIn,
  assessment: q.Assessment,
  answers: ReadonlyMap<number, number>,
  submit: boolean,
): Promise<SaveOutcome> {
  const organisations = await organisationsOf(ctx, actor);
  if (!mayAnswer(actor, new Set(organisations.keys()), assessment)) return { kind: 'gone' };
  const set = await q.loadQuestionSet(ctx.db, 'en');
  const current = q.currentQuestions(set);
  const unknown = [...answers.keys()].filter((id) => !current.has(id));
  if (unknown.length) return { kind: 'unknown', questions: unknown };
  const at = nowIso();
  try {
    return await ctx.db.transaction().execute(async (trx) => {
      if (!(await q.touchDraft(trx, assessment.id, at))) throw new Gone();
      await q.upsertAnswers(trx, assessment.id, answers);
      if (!submit) return { kind: 'saved' } as const;
      const given = await q.answersOf(trx, assessment.id);
      const missing = [...current.keys()].filter((id) => !given.has(id));
      if (missing.length) return { kind: 'missing', questions: missing } as const;
      const scores = set
        .filter((d) => !d.retired)
        .flatMap((d) => {
          const levels = d.questions.filter((x) => current.has(x.id)).map((x) => given.get(x.id)!);
          const score = dimensionScore(levels);
          return score === null ? [] : [{ dimensionId: d.id, score, questions: levels.length }];
        });
      const sizeBand = organisations.get(assessment.organisationId)?.sizeBand ?? null;
      if (!(await q.markSubmitted(trx, assessment.id, { userId: actor.id, at, sizeBand }, scores))) throw new Gone();
      return { kind: 'submitted' } as const;
    });
  } catch (error) {
    if (error instanceof Gone) return { kind: 'gone' };
    throw error;
  }
}

/** One dimension of a result: its score, the one before, and its size band's average when shown. */
export interface DimensionResult {
  dimension: q.Dimension;
  score: number;
  previous: number | null;
  bandAverage: number | null;
}

/** What an assessment's page and JSON show: the questions with their answers, and for a submitted one its result. */
export interface AssessmentView {
  assessment: q.Assessment;
  organisation: Organisation;
  /** The dimensions it shows: a draft the current set, a submitted one what it answered. */
  dimensions: q.Dimension[];
  answers: Map<number, number>;
  result: {
    overall: number | null;
    dimensions: DimensionResult[];
    previous: q.Assessment | null;
    /** How many other organisations of the size band contribute to the averages. */
    contributors: number;
  } | null;
}

/** The whole of an assessment for a reader, in their language. */
export async function viewAssessment(
  ctx: Ctx,
  assessment: q.Assessment,
  organisation: Organisation,
  locale: string,
): Promise<AssessmentView> {
  const [set, answers] = await Promise.all([q.loadQuestionSet(ctx.db, locale), q.answersOf(ctx.db, assessment.id)]);
  if (assessment.status === 'draft') {
    const dimensions = set
      .filter((d) => !d.retired)
      .map((d) => ({ ...d, questions: d.questions.filter((x) => !x.retired) }))
      .filter((d) => d.questions.length > 0);
    return { assessment, organisation, dimensions, answers, result: null };
  }
  const previous = await q.previousSubmitted(ctx.db, assessment);
  const band = assessment.sizeBand;
  const others = band ? await q.latestOfBand(ctx.db, band, assessment.organisationId, assessment.submittedAt!) : [];
  const scores = await q.scoresOf(ctx.db, [assessment.id, ...(previous ? [previous.id] : []), ...others]);
  const own = scores.get(assessment.id) ?? new Map<number, number>();
  const before = previous ? (scores.get(previous.id) ?? new Map<number, number>()) : null;
  const averages = bandAverages(
    others.map((id) => ({ organisationId: id, scores: scores.get(id) ?? new Map<number, number>() })),
  );
  // What it answered: the dimensions it has a score in, with the questions it answered (retired since or not).
  const dimensions = set
    .filter((d) => own.has(d.id))
    .map((d) => ({ ...d, questions: d.questions.filter((x) => answers.has(x.id)) }));
  return {
    assessment,
    organisation,
    dimensions,
    answers,
    result: {
      overall: overallScore([...own.values()]),
      dimensions: dimensions.map((d) => ({
        dimension: d,
        score: own.get(d.id)!,
        previous: before?.get(d.id) ?? null,
        bandAverage: averages.get(d.id) ?? null,
      })),
      previous,
      contributors: others.length,
    },
  };
}

/** The overall score of each of these submitted assessments, by id. */
export async function overallScores(ctx: Ctx, ids: readonly number[]): Promise<Map<number, number | null>> {
  const scores = await q.scoresOf(ctx.db, ids);
  return new Map(ids.map((id) => [id, overallScore([...(scores.get(id)?.values() ?? [])])]));
}
