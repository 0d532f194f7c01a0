import { sql, type Expression, type ExpressionBuilder, type Kysely, type SqlBool } from 'kysely';
import { toFlag } from '../../core/db/dialect.js';
import type { Database } from '../../core/db/types.js';
import type { ContentAudience } from '../../core/module.js';
import { isoOf } from './actions.queries.js';

type Db = Kysely<Database>;

/**
 * The platform dashboard's counters, so that it counts a few hundred rows instead of every open
 * deliverable, challenge and action: per scope (a partnership's id, or 0 for every partnership
 * summed), visibility, kind and key, how many. `createAction` and `changeAction` keep them in their
 * own transaction (`dashboardFootprint` before, `countDashboardChange` after).
 *
 * - `status` (key: the status): actions.
 * - `actions` (key ''; partnerships only): actions, for the chart by partnership.
 * - `due` (key: the due date): deliverables still to deliver (planned, in progress, delayed) with a
 *   due date, of actions neither merged nor cancelled. "Late" is the sum of the keys before today,
 *   "due soon" of those from today on: the clock moves the boundary, not the counters.
 * - `challenges` (key ''): open challenges of actions neither merged nor cancelled.
 * - `stale` (key: the UTC day of `updated_at`): actions under way (planned, in progress, delayed).
 *   Actions not updated since an instant: the days before its day, plus an indexed count of that day.
 * - `progress` (key: the month; the platform only): `action_progress_months` summed over the
 *   partnerships (`n` and `progress`; see actions.counters.ts).
 */
export interface ActionCountTable {
  scope: number;
  members_only: number | boolean;
  kind: string;
  key: string;
  n: number;
  /** `progress` only: the change of the counted actions' summed progress; else 0. */
  progress: number;
}

declare module '../../core/db/types.js' {
  interface Database {
    action_counts: ActionCountTable;
  }
}

/** Every partnership summed. */
export const PLATFORM = 0;
const OPEN_WORK: readonly string[] = ['planned', 'in_progress', 'delayed'];
const ENDED: readonly string[] = ['merged', 'cancelled'];

/** The UTC day (`YYYY-MM-DD`) of a stored instant. */
export const dayOf = (at: string): string => isoOf(String(at)).slice(0, 10);

/** What one action adds to the counters: `scope|flag|kind|key` → how many. */
export type Footprint = Map<string, number>;

const add = (m: Map<string, number>, key: string, n: number) => m.set(key, (m.get(key) ?? 0) + n);

/** What an action adds to the counters now (empty if it is gone), read in the caller's transaction. */
export async function dashboardFootprint(db: Db, actionId: number): Promise<Footprint> {
  const out: Footprint = new Map();
  const action = await db
    .selectFrom('actions')
    .select(['partnership_id', 'members_only', 'status', 'updated_at'])
    .where('id', '=', actionId)
    .executeTakeFirst();
  if (!action) return out;
  const flag = action.members_only === true || action.members_only === 1 ? 1 : 0;
  const count = (kind: string, key: string, n = 1, platform = true) => {
    add(out, `${action.partnership_id}|${flag}|${kind}|${key}`, n);
    if (platform) add(out, `${PLATFORM}|${flag}|${kind}|${key}`, n);
  };
  count('status', action.status);
  count('actions', '', 1, false);
  if (OPEN_WORK.includes(action.status)) count('stale', dayOf(action.updated_at));
  if (ENDED.includes(action.status)) return out;
  const [deliverables, challenges] = await Promise.all([
    db
      .selectFrom('action_deliverables')
      .select('due_on')
      .where('action_id', '=', actionId)
      .where('status', 'in', [...OPEN_WORK] as never)
      .where('due_on', 'is not', null)
      .execute(),
    db
      .selectFrom('action_challenges')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('action_id', '=', actionId)
      .where('status', '=', 'open')
      .executeTakeFirst(),
  ]);
  for (const d of deliverables) count('due', d.due_on!);
  const open = Number(challenges?.n ?? 0);
  if (open > 0) count('challenges', '', open);
  return out;
}

/** Adds changes (`scope|flag|kind|key` → n, `progress`) to the counters, in the caller's transaction. */
async function addCounts(db: Db, changes: Iterable<[string, number, number?]>): Promise<void> {
  for (const [at, n, progress = 0] of changes) {
    if (n === 0 && progress === 0) continue;
    const [scope, flag, kind, key] = at.split('|') as [string, string, string, string];
    await db
      .insertInto('action_counts')
      .values({ scope: Number(scope), members_only: toFlag(flag === '1'), kind, key, n, progress })
      .onConflict((oc) =>
        oc.columns(['scope', 'members_only', 'kind', 'key']).doUpdateSet((eb) => ({
          n: eb('action_counts.n', '+', eb.ref('excluded.n')),
          progress: eb('action_counts.progress', '+', eb.ref('excluded.progress')),
        })),
      )
      .execute();
  }
}

/** Keeps the counters in step with a change of an action (`before`: its footprint before; empty when new). */
export async function countDashboardChange(db: Db, before: Footprint, actionId: number): Promise<void> {
  const delta = new Map<string, number>();
  for (const [key, n] of before) add(delta, key, -n);
  for (const [key, n] of await dashboardFootprint(db, actionId)) add(delta, key, n);
  await addCounts(
    db,
    [...delta].map(([key, n]) => [key, n] as [string, number]),
  );
}

/** The platform's row of "progress over time" for a change of `action_progress_months` (actions.counters.ts). */
export async function countPlatformProgress(
  db: Db,
  membersOnly: boolean,
  month: string,
  progressSum: number,
  actions: number,
): Promise<void> {
  await addCounts(db, [[`${PLATFORM}|${membersOnly ? 1 : 0}|progress|${month}`, actions, progressSum]]);
}

/**
 * Every counter worked out again from the tables (the migration, the synthetic data, tests):
 * the rows as they should be, `scope|flag|kind|key` → [n, progress].
 */
export async function recountedDashboard(db: Db): Promise<Map<string, [number, number]>> {
  const out = new Map<string, [number, number]>();
  const put = (scope: number, flag: unknown, kind: string, key: string, n: number, progress = 0, platform = true) => {
    const f = flag === true || flag === 1 || flag === '1' ? 1 : 0;
    for (const s of platform ? [scope, PLATFORM] : [scope]) {
      const at = `${s}|${f}|${kind}|${key}`;
      const was = out.get(at) ?? [0, 0];
      out.set(at, [was[0] + n, was[1] + progress]);
    }
  };
  const byStatus = await db
    .selectFrom('actions')
    .select(['partnership_id', 'members_only', 'status', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy(['partnership_id', 'members_only', 'status'])
    .execute();
  for (const r of byStatus) {
    put(r.partnership_id, r.members_only, 'status', r.status, Number(r.n));
    put(r.partnership_id, r.members_only, 'actions', '', Number(r.n), 0, false);
  }
  const due = await db
    .selectFrom('action_deliverables')
    .innerJoin('actions', 'actions.id', 'action_deliverables.action_id')
    .select([
      'actions.partnership_id',
      'actions.members_only',
      'action_deliverables.due_on',
      (eb) => eb.fn.countAll<number>().as('n'),
    ])
    .where('action_deliverables.status', 'in', [...OPEN_WORK] as never)
    .where('action_deliverables.due_on', 'is not', null)
    .where('actions.status', 'not in', [...ENDED] as never)
    .groupBy(['actions.partnership_id', 'actions.members_only', 'action_deliverables.due_on'])
    .execute();
  for (const r of due) put(r.partnership_id, r.members_only, 'due', r.due_on!, Number(r.n));
  const challenges = await db
    .selectFrom('action_challenges')
    .innerJoin('actions', 'actions.id', 'action_challenges.action_id')
    .select(['actions.partnership_id', 'actions.members_only', (eb) => eb.fn.countAll<number>().as('n')])
    .where('action_challenges.status', '=', 'open')
    .where('actions.status', 'not in', [...ENDED] as never)
    .groupBy(['actions.partnership_id', 'actions.members_only'])
    .execute();
  for (const r of challenges) put(r.partnership_id, r.members_only, 'challenges', '', Number(r.n));
  const going = await db
    .selectFrom('actions')
    .select(['partnership_id', 'members_only', 'updated_at'])
    .where('status', 'in', [...OPEN_WORK] as never)
    .execute();
  for (const r of going) put(r.partnership_id, r.members_only, 'stale', dayOf(r.updated_at), 1);
  const months = await db
    .selectFrom('action_progress_months')
    .select([
      'members_only',
      'month',
      (eb) => eb.fn.sum<number>('actions').as('n'),
      (eb) => eb.fn.sum<number>('progress_sum').as('progress'),
    ])
    .groupBy(['members_only', 'month'])
    .execute();
  for (const r of months) put(PLATFORM, r.members_only, 'progress', r.month, Number(r.n), Number(r.progress), false);
  for (const [at, [n, progress]] of out) if (n === 0 && progress === 0) out.delete(at);
  return out;
}

/** The counters as stored, in `recountedDashboard`'s shape (rows at zero left out). */
export async function storedDashboardCounts(db: Db): Promise<Map<string, [number, number]>> {
  const rows = await db.selectFrom('action_counts').selectAll().execute();
  const out = new Map<string, [number, number]>();
  for (const r of rows) {
    if (Number(r.n) === 0 && Number(r.progress) === 0) continue;
    const flag = r.members_only === true || r.members_only === 1 ? 1 : 0;
    out.set(`${r.scope}|${flag}|${r.kind}|${r.key}`, [Number(r.n), Number(r.progress)]);
  }
  return out;
}

/** Replaces every counter with a recount (the migration; the synthetic data, written in bulk). */
export async function recountDashboard(db: Db): Promise<void> {
  const rows = [...(await recountedDashboard(db))].map(([at, [n, progress]]) => {
    const [scope, flag, kind, key] = at.split('|') as [string, string, string, string];
    return { scope: Number(scope), members_only: toFlag(flag === '1'), kind, key, n, progress };
  });
  await db.deleteFrom('action_counts').execute();
  for (let i = 0; i < rows.length; i += 500)
    await db
      .insertInto('action_counts')
      .values(rows.slice(i, i + 500))
      .execute();
}

/**
 * The counters' rows this audience sees across the platform: the platform's public rows (all of
 * them for administrators), and the members-only rows of the reader's partnerships.
 */
export function countedFor(audience: ContentAudience) {
  return (eb: ExpressionBuilder<Database, 'action_counts'>): Expression<SqlBool> => {
    if (audience.membersOf === 'all' || audience.editorOf === 'all')
      return eb.and([eb('scope', '=', PLATFORM), eb('members_only', 'in', [toFlag(false), toFlag(true)])]);
    const ids = [...new Set([...audience.membersOf, ...audience.editorOf])];
    const platformPublic = eb.and([eb('scope', '=', PLATFORM), eb('members_only', '=', toFlag(false))]);
    if (ids.length === 0) return platformPublic;
    return eb.or([platformPublic, eb.and([eb('scope', 'in', ids), eb('members_only', '=', toFlag(true))])]);
  };
}

/** The partnerships' rows of a kind this audience sees (`actions`, for the chart by partnership). */
export function partnershipCountsFor(audience: ContentAudience) {
  return (eb: ExpressionBuilder<Database, 'action_counts'>): Expression<SqlBool> => {
    if (audience.membersOf === 'all' || audience.editorOf === 'all') return sql<SqlBool>`1 = 1`;
    const ids = [...new Set([...audience.membersOf, ...audience.editorOf])];
    const open = eb('members_only', '=', toFlag(false));
    return ids.length === 0 ? open : eb.or([open, eb('scope', 'in', ids)]);
  };
}
