import { sql, type Expression, type ExpressionBuilder, type Kysely, type SqlBool } from 'kysely';
import type { Database } from '../../core/db/types.js';
import { toFlag } from '../../core/db/dialect.js';
import { wallTimeOf } from '../../core/i18n/time-zone.js';
import type { ContentAudience, ModuleContext } from '../../core/module.js';
import { partnershipTitlesByIds } from '../partnerships/index.js';
import { isoOf, themesOf, visibleActions, visibleIn } from './actions.queries.js';
import { ACTION_STATUSES, type ActionStatus } from './actions.tables.js';
import type { Dashboard, DashboardAction } from './actions.dashboard.schema.js';
import { countedFor, dayOf, partnershipCountsFor } from './actions.dashboard.counts.js';

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
  return monthlySeries(rows.map((r) => ({ month: r.month, sum: Number(r.sum), n: Number(r.n) })));
}

/** The average progress at the end of each month from each month's changes (in order of month). */
function monthlySeries(rows: readonly { month: string; sum: number; n: number }[]) {
  if (rows.length === 0) return [];
  const changes = new Map(rows.map((r) => [r.month, { sum: r.sum, n: r.n }]));
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

/** Open challenges of actions that go on: how many (unless `counted` elsewhere), and the latest raised. */
async function openChallenges(db: Db, scope: Scope, audience: ContentAudience, counted = false) {
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
    counted ? undefined : base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst(),
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

/**
 * The platform's numbers from its counters (actions.dashboard.counts.ts), as this audience sees
 * them: by status; late, due soon (the keys are due dates: today moves the boundary); open
 * challenges; actions not updated since `cutoff` (whole days from the counters, the day of the
 * cutoff itself counted on the actions' index).
 */
async function platformCounts(
  db: Db,
  audience: ContentAudience,
  w: { today: string; soonUntil: string; cutoff: string },
) {
  const counted = () => db.selectFrom('action_counts').where(countedFor(audience));
  const sumOf = () => counted().select((eb) => eb.fn.sum<number>('n').as('n'));
  const cutoffDay = dayOf(w.cutoff);
  const [statuses, late, soon, challenges, staleDays, staleToday] = await Promise.all([
    counted()
      .select(['key', (eb) => eb.fn.sum<number>('n').as('n')])
      .where('kind', '=', 'status')
      .groupBy('key')
      .execute(),
    sumOf().where('kind', '=', 'due').where('key', '<', w.today).executeTakeFirst(),
    sumOf().where('kind', '=', 'due').where('key', '>=', w.today).where('key', '<=', w.soonUntil).executeTakeFirst(),
    sumOf().where('kind', '=', 'challenges').executeTakeFirst(),
    sumOf().where('kind', '=', 'stale').where('key', '<', cutoffDay).executeTakeFirst(),
    db
      .selectFrom('actions')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('actions.status', 'in', [...OPEN_WORK])
      .where('actions.updated_at', '>=', `${cutoffDay}T00:00:00.000Z`)
      .where('actions.updated_at', '<', w.cutoff)
      .where(visibleActions(audience))
      .executeTakeFirst(),
  ]);
  const counts = new Map(statuses.map((r) => [r.key, Number(r.n)]));
  return {
    byStatus: ACTION_STATUSES.map((status: ActionStatus) => ({ status, actions: counts.get(status) ?? 0 })),
    late: Number(late?.n ?? 0),
    soon: Number(soon?.n ?? 0),
    challenges: Number(challenges?.n ?? 0),
    stale: Number(staleDays?.n ?? 0) + Number(staleToday?.n ?? 0),
  };
}

/** The partnerships with the most actions this audience sees (from the counters), and the rest summed. */
async function platformByPartnership(db: Db, audience: ContentAudience, total: number) {
  const rows = await db
    .selectFrom('action_counts')
    .select(['scope', (eb) => eb.fn.sum<number>('n').as('n')])
    .where('kind', '=', 'actions')
    .where(partnershipCountsFor(audience))
    .groupBy('scope')
    .having((eb) => eb.fn.sum('n'), '>', 0)
    .orderBy(sql`sum(n)`, 'desc')
    .orderBy('scope')
    .limit(TOP_PARTNERSHIPS)
    .execute();
  const top = rows.map((r) => ({ partnershipId: r.scope, actions: Number(r.n) }));
  const rest = total - top.reduce((s, r) => s + r.actions, 0);
  return { top, rest };
}

/** The platform's progress over time: its counters, and the members-only rows of the reader's partnerships. */
async function platformProgress(db: Db, audience: ContentAudience) {
  const ids =
    audience.membersOf === 'all' || audience.editorOf === 'all'
      ? []
      : [...new Set([...audience.membersOf, ...audience.editorOf])];
  const [platform, members] = await Promise.all([
    db
      .selectFrom('action_counts')
      .select(['key as month', (eb) => eb.fn.sum<number>('progress').as('sum'), (eb) => eb.fn.sum<number>('n').as('n')])
      .where(countedFor(audience))
      .where('kind', '=', 'progress')
      .groupBy('key')
      .execute(),
    ids.length === 0
      ? []
      : db
          .selectFrom('action_progress_months')
          .select([
            'month',
            (eb) => eb.fn.sum<number>('progress_sum').as('sum'),
            (eb) => eb.fn.sum<number>('actions').as('n'),
          ])
          .where('members_only', '=', toFlag(true))
          .where('partnership_id', 'in', ids)
          .groupBy('month')
          .execute(),
  ]);
  const months = new Map<string, { month: string; sum: number; n: number }>();
  for (const r of [...platform, ...members]) {
    const m = months.get(r.month) ?? { month: r.month, sum: 0, n: 0 };
    m.sum += Number(r.sum);
    m.n += Number(r.n);
    months.set(r.month, m);
  }
  return monthlySeries([...months.values()].sort((a, b) => (a.month < b.month ? -1 : a.month > b.month ? 1 : 0)));
}

/**
 * The first `LISTED` deliverables of the platform due in a window, by due date: one indexed walk
 * per status (the index is by status, then due date), merged, so nothing is sorted but 60 rows.
 */
async function platformDeliverables(db: Db, audience: ContentAudience, w: Window) {
  const lists = await Promise.all(
    OPEN_WORK.map((status) =>
      db
        .selectFrom('action_deliverables')
        .crossJoin('actions')
        .whereRef('actions.id', '=', 'action_deliverables.action_id')
        .where('action_deliverables.status', '=', status)
        .where('action_deliverables.due_on', 'is not', null)
        .$if(w.from !== undefined, (qb) => qb.where('action_deliverables.due_on', '>=', w.from!))
        .$if(w.before !== undefined, (qb) => qb.where('action_deliverables.due_on', '<', w.before!))
        .$if(w.upTo !== undefined, (qb) => qb.where('action_deliverables.due_on', '<=', w.upTo!))
        .where('actions.status', 'not in', [...ENDED])
        .where(visibleActions(audience))
        .select([
          ...ACTION_REF,
          'action_deliverables.id',
          'action_deliverables.title',
          'action_deliverables.due_on',
          'action_deliverables.status',
        ])
        .orderBy('action_deliverables.due_on')
        .orderBy('action_deliverables.id')
        .limit(LISTED)
        .execute(),
    ),
  );
  return lists
    .flat()
    .sort((a, b) => (a.due_on! < b.due_on! ? -1 : a.due_on! > b.due_on! ? 1 : a.id - b.id))
    .slice(0, LISTED);
}

/** The platform's actions still going, not updated since `cutoff`, the longest untouched first (per status, merged). */
async function platformStale(db: Db, audience: ContentAudience, cutoff: string) {
  const lists = await Promise.all(
    OPEN_WORK.map((status) =>
      db
        .selectFrom('actions')
        .where('actions.status', '=', status)
        .where('actions.updated_at', '<', cutoff)
        .where(visibleActions(audience))
        .select([...ACTION_REF, 'actions.id', 'actions.status', 'actions.progress', 'actions.updated_at'])
        .orderBy('actions.updated_at')
        .orderBy('actions.id')
        .limit(LISTED)
        .execute(),
    ),
  );
  const at = (r: { updated_at: string }) => Date.parse(isoOf(r.updated_at));
  return lists
    .flat()
    .sort((a, b) => at(a) - at(b) || a.id - b.id)
    .slice(0, LISTED);
}

/** The platform's dashboard's numbers and lists (see `dashboardOf`). */
async function platformParts(db: Db, audience: ContentAudience, today: string, cutoff: string) {
  const soonUntil = addDays(today, DUE_DAYS);
  const [counts, progress, late, soon, challenges, stale] = await Promise.all([
    platformCounts(db, audience, { today, soonUntil, cutoff }),
    platformProgress(db, audience),
    platformDeliverables(db, audience, { before: today }),
    platformDeliverables(db, audience, { from: today, upTo: soonUntil }),
    openChallenges(db, 'platform', audience, true),
    platformStale(db, audience, cutoff),
  ]);
  return {
    statuses: counts.byStatus,
    progress,
    late: { count: counts.late, rows: late },
    soon: { count: counts.soon, rows: soon },
    challenges: { count: counts.challenges, rows: challenges.rows },
    stale: { count: counts.stale, rows: stale },
  };
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
  // The platform's counts come from its counters; one plan's are counted on its few rows.
  const parts =
    scope === 'platform'
      ? await platformParts(db, audience, today, cutoff)
      : await Promise.all([
          byStatus(db, scope, audience),
          progressOverTime(db, scope, audience),
          deliverables(db, scope, audience, { before: today }),
          deliverables(db, scope, audience, { from: today, upTo: addDays(today, DUE_DAYS) }),
          openChallenges(db, scope, audience),
          staleActions(db, scope, audience, cutoff),
        ]).then(([statuses, progress, late, soon, challenges, stale]) => ({
          statuses,
          progress,
          late,
          soon,
          challenges,
          stale,
        }));
  const { statuses, progress, late, soon, challenges, stale } = parts;
  const themes = scope === 'platform' ? null : await byTheme(db, scope.partnershipId, audience);
  const total = statuses.reduce((s, r) => s + r.actions, 0);
  const partnerships = scope === 'platform' ? await platformByPartnership(db, audience, total) : null;
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

/** Partnerships' addresses and titles in a language, in one read (a platform's lists name dozens). */
async function partnershipsNamed(ctx: ModuleContext, ids: readonly number[], lang: string) {
  return partnershipTitlesByIds(ctx.db, lang, ids);
}
