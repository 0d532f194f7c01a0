import { TOP_LEVEL } from './assessments.schema.js';

/**
 * How an assessment is scored (pure functions; the README states the same formulas):
 * - a dimension's score is the sum of the levels given to its questions over the most they could
 *   have been (4 each), as a whole percentage: round(100 × Σ levels / (4 × questions));
 * - the overall score is the mean of the dimensions' scores, rounded;
 * - the weakest dimensions are the two with the lowest scores below 100 (ties: the dimension's order).
 */

/** A dimension's score from the levels of its questions; null when it has none. */
export function dimensionScore(levels: readonly number[]): number | null {
  if (levels.length === 0) return null;
  const sum = levels.reduce((a, b) => a + b, 0);
  return Math.round((100 * sum) / (TOP_LEVEL * levels.length));
}

/** The overall score: the mean of the dimensions' scores; null without any. */
export function overallScore(scores: readonly number[]): number | null {
  if (scores.length === 0) return null;
  return Math.round(scores.reduce((a, b) => a + b, 0) / scores.length);
}

/** How many pointers an assessment gives: for its weakest two dimensions. */
export const WEAKEST_COUNT = 2;

/** The weakest dimensions of a result, weakest first (ties in the order the dimensions come). */
export function weakest<D extends { score: number; position: number }>(dimensions: readonly D[]): D[] {
  return [...dimensions]
    .filter((d) => d.score < 100)
    .sort((a, b) => a.score - b.score || a.position - b.position)
    .slice(0, WEAKEST_COUNT);
}

/**
 * Averages of a size band are shown only when at least this many other organisations contribute:
 * with fewer, one organisation's scores could be worked out from the average.
 */
export const ANONYMITY_THRESHOLD = 3;

/**
 * The average score per dimension of other organisations' latest assessments (one each), by
 * dimension id; empty when fewer than `ANONYMITY_THRESHOLD` organisations contribute to a dimension
 * (that dimension is left out).
 */
export function bandAverages(
  latest: readonly { organisationId: number; scores: ReadonlyMap<number, number> }[],
): Map<number, number> {
  const sums = new Map<number, { sum: number; count: number }>();
  for (const one of latest)
    for (const [dimension, score] of one.scores) {
      const s = sums.get(dimension) ?? { sum: 0, count: 0 };
      sums.set(dimension, { sum: s.sum + score, count: s.count + 1 });
    }
  const out = new Map<number, number>();
  for (const [dimension, { sum, count }] of sums)
    if (count >= ANONYMITY_THRESHOLD) out.set(dimension, Math.round(sum / count));
  return out;
}
