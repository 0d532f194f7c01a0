import type { ModuleContext } from '../../core/module.js';
import { findUserByHandle } from '../accounts/index.js';
import { findOrganisationsByIds, organisationIdBySlug } from '../organisations/index.js';
import * as q from './assessments.queries.js';
import { dimensionScore } from './assessments.scoring.js';

const DAY = 86_400_000;

/**
 * Levels given to the default set's questions, by dimension, in two assessments of the small town of
 * Litomyšl a year apart: some progress everywhere, data and open innovation still the weakest.
 */
const YEAR_AGO: Record<string, number[]> = {
  strategy: [1, 1, 0],
  services: [2, 1, 1],
  data: [0, 1, 0],
  infrastructure: [2, 2, 1],
  skills: [1, 0, 2],
  ecosystem: [1, 1, 1],
};
const NOW: Record<string, number[]> = {
  strategy: [3, 2, 2],
  services: [3, 2, 2],
  data: [1, 2, 1],
  infrastructure: [3, 2, 2],
  skills: [2, 1, 3],
  ecosystem: [2, 2, 1],
};

/**
 * Two assessments of Litomyšl (the funding demo's small town), answered by Tereza Kolářová, an
 * invented person confirmed as its staff: one submitted about thirteen months before the demo is
 * made, one a month before. Nothing when the town or the person is missing, or it has assessments.
 */
export async function seedAssessments(ctx: ModuleContext): Promise<void> {
  const db = ctx.db;
  const organisationId = await organisationIdBySlug(db, 'litomysl');
  const person = await findUserByHandle(db, 'tereza-kolarova');
  if (organisationId === null || !person) return;
  if ((await q.listAssessments(db, [organisationId])).length > 0) return;
  const band = (await findOrganisationsByIds(db, [organisationId])).get(organisationId)?.sizeBand ?? null;
  const set = (await q.loadQuestionSet(db, 'en')).filter((d) => !d.retired);
  const today = Date.now();
  for (const [levels, daysAgo] of [
    [YEAR_AGO, 395],
    [NOW, 30],
  ] as const) {
    const started = new Date(today - (daysAgo + 6) * DAY).toISOString();
    const submitted = new Date(today - daysAgo * DAY).toISOString();
    await q.insertDraft(db, organisationId, person.id, started);
    const id = (await q.draftOf(db, organisationId))!;
    const answers = new Map<number, number>();
    const scores: { dimensionId: number; score: number; questions: number }[] = [];
    for (const d of set) {
      const given = levels[d.slug] ?? [];
      const questions = d.questions.filter((x) => !x.retired).slice(0, given.length);
      questions.forEach((x, i) => answers.set(x.id, given[i]!));
      const score = dimensionScore(questions.map((_, i) => given[i]!));
      if (score !== null) scores.push({ dimensionId: d.id, score, questions: questions.length });
    }
    await q.upsertAnswers(db, id, answers);
    await q.markSubmitted(db, id, { userId: person.id, at: submitted, sizeBand: band }, scores);
  }
}
