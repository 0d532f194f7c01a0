import type { Kysely } from 'kysely';
import { toFlag } from '../../core/db/dialect.js';
import type { Database } from '../../core/db/types.js';
import { countPlatformProgress } from './actions.dashboard.counts.js';
import type { ActionStatus } from './actions.tables.js';

/**
 * The dashboard's "progress over time", kept as counters so that no page reads the history:
 * per partnership, visibility and month, how much the sum of the counted actions' progress and
 * their number changed that month (`changeAction` and `createAction` add to it in their own
 * transaction). The average progress at the end of a month is the running sum of the changes
 * up to it divided by the running count. An action counts while it is neither merged nor
 * cancelled (a merged one lives on in the one it went into).
 */
export interface ActionProgressMonthTable {
  partnership_id: number;
  members_only: number | boolean;
  /** `YYYY-MM` (UTC) of the changes. */
  month: string;
  /** The change of the counted actions' summed progress that month. */
  progress_sum: number;
  /** The change of the number of counted actions that month. */
  actions: number;
}

declare module '../../core/db/types.js' {
  interface Database {
    action_progress_months: ActionProgressMonthTable;
  }
}

/** What of an action the counters depend on. */
export interface Counted {
  partnershipId: number;
  membersOnly: boolean;
  status: ActionStatus | string;
  progress: number;
}

/** One change to add to a partnership's counters of a month. */
export interface ProgressDelta {
  partnershipId: number;
  membersOnly: boolean;
  month: string;
  progressSum: number;
  actions: number;
}

/** Whether an action counts in the average progress. */
export const isCounted = (status: string): boolean => status !== 'merged' && status !== 'cancelled';

const share = (a: Counted | null) => (a && isCounted(a.status) ? { sum: a.progress, n: 1 } : { sum: 0, n: 0 });

/** The month (`YYYY-MM`, UTC) of an instant. */
export const monthOf = (at: string): string => new Date(at).toISOString().slice(0, 7);

/** What going from `before` (null: a new action) to `after` changes, in the month `month`. */
export function progressDeltas(before: Counted | null, after: Counted, month: string): ProgressDelta[] {
  const was = share(before);
  const is = share(after);
  const same = before && before.partnershipId === after.partnershipId && before.membersOnly === after.membersOnly;
  const out: ProgressDelta[] = [];
  if (before && !same && was.n > 0) out.push({ ...bucket(before), month, progressSum: -was.sum, actions: -was.n });
  const base = same ? was : { sum: 0, n: 0 };
  if (is.sum !== base.sum || is.n !== base.n)
    out.push({ ...bucket(after), month, progressSum: is.sum - base.sum, actions: is.n - base.n });
  return out;
}

const bucket = (a: Counted) => ({ partnershipId: a.partnershipId, membersOnly: a.membersOnly });

/** Adds the changes to the counters (inside the caller's transaction). */
export async function addProgressDeltas(db: Kysely<Database>, deltas: readonly ProgressDelta[]): Promise<void> {
  for (const d of deltas) {
    await db
      .insertInto('action_progress_months')
      .values({
        partnership_id: d.partnershipId,
        members_only: toFlag(d.membersOnly),
        month: d.month,
        progress_sum: d.progressSum,
        actions: d.actions,
      })
      .onConflict((oc) =>
        oc.columns(['partnership_id', 'members_only', 'month']).doUpdateSet((eb) => ({
          progress_sum: eb('action_progress_months.progress_sum', '+', eb.ref('excluded.progress_sum')),
          actions: eb('action_progress_months.actions', '+', eb.ref('excluded.actions')),
        })),
      )
      .execute();
    // The platform's sum of every partnership, for its dashboard (actions.dashboard.counts.ts).
    await countPlatformProgress(db, d.membersOnly, d.month, d.progressSum, d.actions);
  }
}

/** Keeps the counters in step with a change of an action made at `at` (`before` null: created). */
export async function countProgressChange(
  db: Kysely<Database>,
  before: Counted | null,
  after: Counted,
  at: string,
): Promise<void> {
  await addProgressDeltas(db, progressDeltas(before, after, monthOf(at)));
}
