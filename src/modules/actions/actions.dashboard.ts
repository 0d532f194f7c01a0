import { sql, type Expression, type ExpressionBuilder, type Kysely, type SqlBool } from 'kysely';
import type { Database } from '../../core/db/types.js';
import { wallTimeOf } from '../../core/i18n/time-zone.js';
import type { ContentAudience, ModuleContext } from '../../core/module.js';
import { partnershipReads, partnershipSlugsByIds } from '../partnerships/index.js';
import { isoOf, themesOf, visibleActions, visibleIn } from './actions.queries.js';
import { ACTION_STATUSES, type ActionStatus } from './actions.tables.js';
import type { Dashboard, DashboardAction } from './actions.dashboard.schema.js';

type Db = Kysely<Database>;

/** How many of each list the dashboard shows (the count says how many there are). */
export const LISTED = 20;
/** How many partnerships the platform's chart names; the rest are summed. */
export const TOP_PARTNERSHIPS = 10;
/** The months of "progress over time" shown: the last this many that had changes, and those between. */
export const MONTHS_SHOWN = 24;
/**
 * Deliverables due within this many days are "due soon". Actions not updated for
 * `config.actionStaleDays` (`URBIS_ACTION_STALE_DAYS`, 90) are "stale", here as in the leads' reminders.
 */
export const DUE_DAYS = 30;

/** Statuses of work still to do (deliverables); of actions still going (stale ones among them). */
const OPEN_WORK = ['planned', 'in_progress', 'delayed'] as const;
const ENDED = ['merged', 'cancelled'] as const;

/** The columns that name an item's action in a list (`actionOf`). */
const ACTION_REF = [
  'actions.partnership_id',
  'actions.number',
  'actions.title as action_title',
  'actions.original_lang',
] as const;

/** What part of the platform: one partnership's plan, or every plan. */
export type Scope = { partnershipId: number } | 'platform';

const DAY = 86_400_000;
const addDays = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);

/** The actions of the scope this audience sees, as a filter on `actions`. */
function inScope(scope: Scope, audience: ContentAudience) {
  return (eb: ExpressionBuilder<Database, 'actions'>): Expression<SqlBool> =>
    scope === 'platform'
      ? visibleActions(audience)(eb)
      : eb.and([eb('actions.partnership_id', '=', scope.partnershipId), visibleActions(audience)(eb)]);
}

/** How many actions of each status (every status, none left out). */
async function byStatus(db: Db, scope: Scope, audience: ContentAudience) {
  const rows = await db
    .selectFrom('actions')
    .select(['actions.status', (eb) => eb.fn.countAll<number>().as('n')])
    .where(inScope(scope, audience))
    .groupBy('actions.status')
    .execute();
  const counts = new Map(rows.map((r) => [r.status, Number(r.n)]));
  return ACTION_STATUSES.map((status: ActionStatus) => ({ status, actions: counts.get(status) ?? 0 }));
}

const countedSum = sql<number>`sum(case when actions.status in ('merged', 'cancelled') then 0
  else actions.progress end)`;
const countedN = sql<number>`sum(case when actions.status in ('merged', 'cancelled') then 0 else 1 end)`;

/** A partnership's actions by theme, with the average progress of those that count; no theme last. */
async function byTheme(db: Db, partnershipId: number, audience: ContentAudience) {
  const [themes, rows] = await Promise.all([
    themesOf(db, partnershipId),
    db
      .selectFrom('actions')
      .select([
        'actions.theme_id',
        (eb) => eb.fn.countAll<number>().as('n'),
        countedSum.as('progress_sum'),
        countedN.as('counted'),
      ])
      .where(inScope({ partnershipId }, audience))
      .groupBy('actions.theme_id')
      .execute(),
  ]);
  const of = new Map(rows.map((r) => [r.theme_id, r]));
  const line = (position: number | null, title: string | null, r: (typeof rows)[number] | undefined) => ({
    position,
    title,
    actions: Number(r?.n ?? 0),
    progress: r && Number(r.counted) > 0 ? Math.round(Number(r.progress_sum) / Number(r.counted)) : null,
  });
  const out = themes.map((t) => line(t.position, t.title, of.get(t.id)));
  const none = of.get(null);
  if (none) out.push(line(null, null, none));
  return out;
}

/** The partnerships with the most actions this audience sees, and the rest summed (`partnership` null). */
async function byPartnership(db: Db, audience: ContentAudience, total: number) {
  const rows = await db
    .selectFrom('actions')
    .select(['actions.partnership_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where(visibleActions(audience))
    .groupBy('actions.partnership_id')
    .orderBy(sql`count(*)`, 'desc')
    .orderBy('actions.partnership_id')
    .limit(TOP_PARTNERSHIPS)
    .execute();
  const top = rows.map((r) => ({ partnershipId: r.partnership_id, actions: Number(r.n) }));
  const rest = total - top.reduce((s, r) => s + r.actions, 0);
  return { top, rest };
}

/**
 * The average progress at the end of each month, from the counters: the running sums of the
 * changes (from the first month), the last `MONTHS_SHOWN` months up to the last change shown.
 */
async function progressOverTime(db: Db, scope: Scope, audience: ContentAudience) {
  const rows = await db
    .selectFrom('action_progress_months')
    .select([
      'month',
      (eb) => eb.fn.sum<number>('progress_sum').as('sum'),
      (eb) => eb.fn.sum<number>('actions').as('n'),
    ])
    .where(visibleIn('action_progress_months', audience))
    .$if(scope !== 'platform', (qb) =>
      qb.where('partnership_id', '=', (scope as { partnershipId: number }).partnershipId),
    )
    .groupBy('month')
    .orderBy('month')
    .execute();
  if (rows.length === 0) return [];
  const changes = new Map(rows.map((r) => [r.month, { sum: Number(r.sum), n: Number(r.n) }]));
  const out: { month: string; average: number | null; actions: number }[] = [];
  let sum = 0;
  let n = 0;
  const last = rows[rows.length - 1]!.month;
  for (let month = rows[0]!.month; month <= last; month = nextMonth(month)) {
    const c = changes.get(month);
    if (c) {
      sum += c.sum;
      n += c.n;
    }
    out.push({ month, average: n > 0 ? Math.round(sum / n) : null, actions: n });
  }
  return out.slice(-MONTHS_SHOWN);
}

const nextMonth = (month: string) => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
};

interface Window {
  from?: string;
  before?: string;
  upTo?: string;
}

/** Deliverables still to deliver of actions that go on, due in a window: how many, and the first `LISTED` by due. */
async function deliverables(db: Db, scope: Scope, audience: ContentAudience, w: Window) {
  // Across the platform, the deliverables' index (status, due date) leads; in one partnership, its
  // actions do: a cross join with the join's condition is an inner join on every engine, and SQLite
  // keeps its order (it would otherwise go through every plan's open deliverables).
  const joined =
    scope === 'platform'
      ? db.selectFrom('action_deliverables').innerJoin('actions', 'actions.id', 'action_deliverables.action_id')
      : db
          .selectFrom('actions')
          .crossJoin('action_deliverables')
          .whereRef('action_deliverables.action_id', '=', 'actions.id');
  const base = joined
    .where('action_deliverables.status', 'in', [...OPEN_WORK])
    .where('action_deliverables.due_on', 'is not', null)
    .$if(w.from !== undefined, (qb) => qb.where('action_deliverables.due_on', '>=', w.from!))
    .$if(w.before !== undefined, (qb) => qb.where('action_deliverables.due_on', '<', w.before!))
    .$if(w.upTo !== undefined, (qb) => qb.where('action_deliverables.due_on', '<=', w.upTo!))
    .where('actions.status', 'not in', [...ENDED])
    .where(inScope(scope, audience));
  const [count, rows] = await Promise.all([
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst(),
    base
      .select([...ACTION_REF, 'action_deliverables.title', 'action_deliverables.due_on', 'action_deliverables.status'])
      .orderBy('action_deliverables.due_on')
      .orderBy('action_deliverables.id')
      .limit(LISTED)
      .execute(),
  ]);
  return { count: Number(count?.n ?? 0), rows };
}

/** Open challenges of actions that go on: how many, and the latest raised. */
async function openChallenges(db: Db, scope: Scope, audience: ContentAudience) {
  // As for deliverables: the partnership's actions lead within one plan.
  const joined =
    scope === 'platform'
      ? db.selectFrom('action_challenges').innerJoin('actions', 'actions.id', 'action_challenges.action_id')
      : db
          .selectFrom('actions')
          .crossJoin('action_challenges')
          .whereRef('action_challenges.action_id', '=', 'actions.id');
  const base = joined
    .where('action_challenges.status', '=', 'open')
    .where('actions.status', 'not in', [...ENDED])
    .where(inScope(scope, audience));
  const [count, rows] = await Promise.all([
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst(),
    base
      .select([
        ...ACTION_REF,
        'action_challenges.description',
        'action_challenges.impact',
        'action_challenges.raised_on',
      ])
      .orderBy('action_challenges.raised_on', 'desc')
      .orderBy('action_challenges.id', 'desc')
      .limit(LISTED)
      .execute(),
  ]);
  return { count: Number(count?.n ?? 0), rows };
}

/** Actions still going that nobody updated since `cutoff`: how many, and the longest untouched first. */
async function staleActions(db: Db, scope: Scope, audience: ContentAudience, cutoff: string) {
  const base = db
    .selectFrom('actions')
    .where('actions.status', 'in', [...OPEN_WORK])
    .where('actions.updated_at', '<', cutoff)
    .where(inScope(scope, audience));
  const [count, rows] = await Promise.all([
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst(),
    base
      .select([...ACTION_REF, 'actions.status', 'actions.progress', 'actions.updated_at'])
      .orderBy('actions.updated_at')
      .orderBy('actions.id')
      .limit(LISTED)
      .execute(),
  ]);
  return { count: Number(count?.n ?? 0), rows };
}

/** Today in the platform's time zone (plan dates are calendar dates). */
export const todayAt = (now: Date, timeZone: string): string => wallTimeOf(now.toISOString(), timeZone).slice(0, 10);

/**
 * The dashboard of a scope as this audience sees it, at `now`: only what `visibleActions` lets
 * it see counts, in every number and list. Everything is counted by the database (GROUP BY,
 * counters, counts and the first rows of indexed lists): no page loads the plan or the history.
 */
export async function dashboardOf(
  ctx: ModuleContext,
  scope: Scope,
  audience: ContentAudience,
  lang: string,
  now: Date,
): Promise<Dashboard> {
  const { db } = ctx;
  const today = todayAt(now, ctx.config.timeZone);
  const staleDays = ctx.config.actionStaleDays;
  const cutoff = new Date(now.getTime() - staleDays * DAY).toISOString();
  const [statuses, themes, progress, late, soon, challenges, stale] = await Promise.all([
    byStatus(db, scope, audience),
    scope === 'platform' ? null : byTheme(db, scope.partnershipId, audience),
    progressOverTime(db, scope, audience),
    deliverables(db, scope, audience, { before: today }),
    deliverables(db, scope, audience, { from: today, upTo: addDays(today, DUE_DAYS) }),
    openChallenges(db, scope, audience),
    staleActions(db, scope, audience, cutoff),
  ]);
  const total = statuses.reduce((s, r) => s + r.actions, 0);
  const partnerships = scope === 'platform' ? await byPartnership(db, audience, total) : null;
  const ids = [
    ...(partnerships?.top.map((p) => p.partnershipId) ?? []),
    ...[late, soon, challenges, stale].flatMap((l) => l.rows.map((r) => r.partnership_id)),
  ];
  const named = await partnershipsNamed(ctx, ids, lang);
  const actionOf = (r: { partnership_id: number; number: number; action_title: string; original_lang: string }) =>
    ({
      partnership: named.get(r.partnership_id) ?? { slug: '', title: '' },
      number: r.number,
      title: r.action_title,
      lang: r.original_lang,
    }) satisfies DashboardAction;
  const deliverableOf = (r: (typeof late.rows)[number]) => ({
    action: actionOf(r),
    title: r.title,
    dueOn: r.due_on ?? '',
    status: r.status,
  });
  return {
    today,
    dueDays: DUE_DAYS,
    staleDays,
    total,
    byStatus: statuses,
    ...(themes ? { byTheme: themes } : {}),
    ...(partnerships
      ? {
          byPartnership: partnerships.top.map((p) => ({
            partnership: named.get(p.partnershipId) ?? { slug: '', title: '' },
            actions: p.actions,
          })),
          otherPartnerships: partnerships.rest,
        }
      : {}),
    progress,
    late: { count: late.count, items: late.rows.map(deliverableOf) },
    dueSoon: { count: soon.count, items: soon.rows.map(deliverableOf) },
    openChallenges: {
      count: challenges.count,
      items: challenges.rows.map((r) => ({
        action: actionOf(r),
        description: r.description,
        impact: r.impact,
        raisedOn: r.raised_on,
      })),
    },
    stale: {
      count: stale.count,
      items: stale.rows.map((r) => ({
        action: actionOf(r),
        status: r.status,
        progress: Number(r.progress),
        updatedAt: isoOf(r.updated_at),
      })),
    },
  };
}

/** Partnerships' addresses and titles in a language (partnerships' own cached reads). */
async function partnershipsNamed(ctx: ModuleContext, ids: readonly number[], lang: string) {
  const slugs = await partnershipSlugsByIds(ctx.db, [...new Set(ids)]);
  const named = new Map<number, { slug: string; title: string }>();
  for (const [id, slug] of slugs) {
    const found = await partnershipReads.bySlug.get(ctx, { lang, slug });
    named.set(id, { slug, title: found?.partnership.title ?? slug });
  }
  return named;
}
