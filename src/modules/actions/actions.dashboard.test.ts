// The dashboards (a partnership's, the platform's), HTML and JSON, on both engines: every number
// checked against the plan and the history on the demo, the counters kept by every change, the
// one visibility rule in every count and list, the clock, and hostile addresses.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { forEachEngine } from '../../../test/helpers/app.js';
import { signInOnce, withPartnershipPeople } from '../../../test/support/partnerships.js';
import { readClock } from '../../core/shared/reads.js';
import { partnershipIdOf } from '../partnerships/index.js';
import { isCounted, progressDeltas } from './actions.counters.js';
import type { Dashboard } from './actions.dashboard.schema.js';
import * as q from './actions.queries.js';
import type { ActionHistory, ActionPlan } from './actions.schema.js';
import { changeAction, createAction } from './actions.service.js';
import { VISITORS, type ContentAudience, type ModuleContext } from '../../core/module.js';
import { dashboardOf } from './actions.dashboard.js';
import { recountedDashboard, storedDashboardCounts } from './actions.dashboard.counts.js';

const plan = '/partnerships/digital-transition/actions';
const dashboard = `${plan}/dashboard`;
const platform = '/actions/dashboard';
/** A day when the demo's plan was under way: some deliverables late, some due soon. */
const IN_2019 = Date.parse('2019-03-01T10:00:00Z');

const average = (values: number[]) =>
  values.length === 0 ? null : Math.round(values.reduce((a, b) => a + b, 0) / values.length);

test('the counters: a change moves its action between months and visibilities', () => {
  const a = { partnershipId: 1, membersOnly: false, status: 'in_progress', progress: 40 };
  assert.deepEqual(progressDeltas(null, a, '2019-01'), [
    { partnershipId: 1, membersOnly: false, month: '2019-01', progressSum: 40, actions: 1 },
  ]);
  assert.deepEqual(progressDeltas(a, { ...a, progress: 55 }, '2019-02'), [
    { partnershipId: 1, membersOnly: false, month: '2019-02', progressSum: 15, actions: 0 },
  ]);
  assert.deepEqual(progressDeltas(a, { ...a, title: 'x' } as typeof a, '2019-02'), []);
  assert.deepEqual(progressDeltas(a, { ...a, status: 'merged' }, '2019-03'), [
    { partnershipId: 1, membersOnly: false, month: '2019-03', progressSum: -40, actions: -1 },
  ]);
  assert.deepEqual(progressDeltas(a, { ...a, membersOnly: true }, '2019-04'), [
    { partnershipId: 1, membersOnly: false, month: '2019-04', progressSum: -40, actions: -1 },
    { partnershipId: 1, membersOnly: true, month: '2019-04', progressSum: 40, actions: 1 },
  ]);
  assert.equal(isCounted('cancelled'), false);
});

forEachEngine('actions: dashboards', (engine) => {
  test('the demo plan: every number agrees with the plan and the history, HTML and JSON, en and cs', async (t) => {
    const { urbis, dtp } = await withPartnershipPeople(t, engine);
    const { app } = urbis;
    const real = readClock.now;
    readClock.now = () => IN_2019;
    t.after(() => (readClock.now = real));
    const json = async <T>(url: string) => {
      const res = await app.inject(`/api/v1${url}`);
      assert.equal(res.statusCode, 200, `${url}: ${res.body}`);
      return JSON.parse(res.body) as T;
    };
    const d = await json<Dashboard>(dashboard);
    const { items, themes } = await json<ActionPlan>(plan);
    assert.equal(d.today, '2019-03-01');
    assert.equal(d.total, 15);
    for (const s of d.byStatus)
      assert.equal(s.actions, items.filter((a) => a.status === s.status).length, `status ${s.status}`);
    assert.deepEqual(
      d.byTheme!.map((th) => [th.position, th.actions, th.progress]),
      themes.map((th) => {
        const mine = items.filter((a) => a.theme?.position === th.position);
        return [th.position, mine.length, average(mine.filter((a) => isCounted(a.status)).map((a) => a.progress))];
      }),
    );

    // Progress over time from the counters is what the versions say, month by month.
    const histories = await Promise.all(
      items.map(async (a) => (await json<ActionHistory>(`${plan}/${a.number}/history`)).versions),
    );
    assert.ok(d.progress.length >= 12, 'from 2018 to 2019');
    for (const point of d.progress) {
      const end = `${point.month}-31T99`;
      const states = histories.flatMap((versions) => {
        const v = versions.find((x) => x.at < end);
        return v && isCounted(v.snapshot.status) ? [v.snapshot.progress] : [];
      });
      assert.equal(point.actions, states.length, point.month);
      assert.equal(point.average, average(states), point.month);
    }
    const last = d.progress.at(-1)!;
    assert.equal(last.average, average(items.filter((a) => isCounted(a.status)).map((a) => a.progress)));

    // Late and due soon on 1 March 2019, from every action's own deliverables.
    const details = await Promise.all(
      items.map(async (a) => {
        const action = (await q.findActionByNumber(urbis.ctx.db, dtp, a.number))!;
        return { ...action, ...(await q.childrenOf(urbis.ctx.db, action.id)) };
      }),
    );
    const open = details
      .filter((a) => a.status !== 'merged' && a.status !== 'cancelled')
      .flatMap((a) =>
        a.deliverables
          .filter((x) => x.due_on && ['planned', 'in_progress', 'delayed'].includes(x.status))
          .map((x) => ({ number: a.number, title: x.title, dueOn: x.due_on! })),
      );
    const late = open.filter((x) => x.dueOn < '2019-03-01');
    const soon = open.filter((x) => x.dueOn >= '2019-03-01' && x.dueOn <= '2019-03-31');
    assert.equal(d.late.count, late.length);
    assert.equal(d.dueSoon.count, soon.length);
    assert.deepEqual(d.late.items.map((x) => x.title).sort(), late.map((x) => x.title).sort());
    const challenges = details
      .filter((a) => a.status !== 'merged' && a.status !== 'cancelled')
      .flatMap((a) => a.challenges.filter((c) => c.status === 'open'));
    assert.equal(d.openChallenges.count, challenges.length);

    // Today (2026 or later), everything under way is stale, and nothing of 2019 is due soon.
    readClock.now = real;
    const now = await json<Dashboard>(dashboard);
    assert.equal(now.stale.count, items.filter((a) => ['planned', 'in_progress', 'delayed'].includes(a.status)).length);
    assert.equal(now.dueSoon.count, 0);
    assert.ok(now.today > '2026-01-01');

    // The platform: this plan and every other the demo has.
    const all = await json<Dashboard>(platform);
    assert.equal(
      all.total,
      all.byStatus.reduce((s, x) => s + x.actions, 0),
    );
    assert.ok(all.byPartnership!.some((p) => p.partnership.slug === 'digital-transition' && p.actions === 15));
    assert.equal(all.total, all.byPartnership!.reduce((s, p) => s + p.actions, 0) + (all.otherPartnerships ?? 0));

    // The pages: each chart has its table, with a caption and headers; Czech too.
    for (const [url, words] of [
      [`/en${plan}/dashboard`, /Actions by theme[\s\S]*Progress over time/],
      ['/en/actions', /Actions by partnership[\s\S]*Progress over time/],
      [`/cs${plan}/dashboard`, /Akce podle tématu[\s\S]*Pokrok v čase/],
      ['/cs/actions', /Akce podle partnerství[\s\S]*Pokrok v čase/],
    ] as const) {
      const res = await app.inject(url);
      assert.equal(res.statusCode, 200, url);
      assert.match(res.body, words);
      assert.equal(
        (res.body.match(/<svg class="chart/g) ?? []).length,
        (res.body.match(/<div class="chart-pair">/g) ?? []).length,
      );
      assert.match(res.body, /<svg class="chart[^>]*aria-hidden="true"/);
      assert.match(res.body, /<caption>[^<]+<\/caption><thead><tr><th scope="col"/);
      assert.doesNotMatch(res.body, /<script/);
    }
    // Linked from the plan, and from the site's navigation.
    const planPage = await app.inject(`/en${plan}`);
    assert.match(planPage.body, new RegExp(`href="/en${dashboard}"`));
    assert.match(planPage.body, /<a href="\/en\/actions"/);
  });

  test('a members-only action counts for members and administrators only, in every number and list', async (t) => {
    const { urbis, dtp } = await withPartnershipPeople(t, engine);
    const { app, ctx } = urbis;
    const real = readClock.now;
    readClock.now = () => IN_2019;
    t.after(() => (readClock.now = real));
    const seven = (await q.findActionByNumber(ctx.db, dtp, 7))!;
    // Under way, with a late deliverable and an open challenge, and hidden from visitors.
    await changeAction(
      ctx.db,
      seven.id,
      {
        membersOnly: true,
        status: 'delayed',
        progress: 90,
        startsOn: '2018-09-01',
        endsOn: '2020-12-31',
        deliverables: [
          { title: 'Secret registry of data stores', type: 'tool', dueOn: '2019-01-15', status: 'delayed' },
        ],
        challenges: [
          { description: 'A hidden legal obstacle', impact: 'high', status: 'open', raisedOn: '2019-02-01' },
        ],
      },
      { userId: null, at: '2019-02-10T10:00:00.000Z', audit: false },
    );
    const readers: [string, string | undefined, boolean][] = [
      ['visitor', undefined, false],
      ['outsider', await signInOnce(urbis, 'milan'), false],
      ['member', await signInOnce(urbis, 'lotte'), true],
      ['coordinator', await signInOnce(urbis, 'kaja'), true],
      ['admin', await signInOnce(urbis, 'ines'), true],
    ];
    const seen = new Map<string, { part: Dashboard; all: Dashboard }>();
    for (const [who, cookie, sees] of readers) {
      const get = (url: string) => app.inject({ url, headers: cookie ? { cookie } : {} });
      const part = JSON.parse((await get(`/api/v1${dashboard}`)).body) as Dashboard;
      const all = JSON.parse((await get(`/api/v1${platform}`)).body) as Dashboard;
      seen.set(who, { part, all });
      assert.equal(part.total, sees ? 15 : 14, `${who} total`);
      for (const d of [part, all]) {
        const listed = JSON.stringify([d.late, d.dueSoon, d.openChallenges, d.stale]);
        assert.equal(listed.includes('Secret registry'), sees, `${who} late`);
        assert.equal(listed.includes('A hidden legal obstacle'), sees, `${who} challenges`);
      }
      for (const url of [`/en${dashboard}`, '/en/actions', `/cs${dashboard}`, '/cs/actions']) {
        const html = (await get(url)).body;
        assert.equal(html.includes('Personal data stores for residents'), sees, `${who} ${url}`);
        assert.equal(html.includes('Secret registry'), sees, `${who} ${url}`);
      }
    }
    const visitor = seen.get('visitor')!;
    const member = seen.get('member')!;
    for (const key of ['part', 'all'] as const) {
      const [v, m] = [visitor[key], member[key]];
      assert.equal(m.total - v.total, 1, key);
      assert.equal(m.late.count - v.late.count, 1, key);
      assert.equal(m.openChallenges.count - v.openChallenges.count, 1, key);
      const delayed = (d: Dashboard) => d.byStatus.find((s) => s.status === 'delayed')!.actions;
      assert.equal(delayed(m) - delayed(v), 1, key);
      // Progress over time: one action fewer counted for visitors from the month it was hidden.
      const feb = (d: Dashboard) => d.progress.find((p) => p.month === '2019-02')!;
      assert.equal(feb(m).actions - feb(v).actions, 1, key);
    }
    assert.equal(seen.get('outsider')!.all.total, visitor.all.total);
    assert.equal(seen.get('admin')!.all.total, member.all.total);
  });

  test('the counters follow every change, and a new plan elsewhere shows on the platform', async (t) => {
    const { urbis } = await withPartnershipPeople(t, engine);
    const { app, ctx } = urbis;
    const other = (await partnershipIdOf(ctx.db, 'inclusion-of-migrants-and-refugees'))!;
    const before = JSON.parse((await app.inject(`/api/v1${platform}`)).body) as Dashboard;
    const at = '2019-05-10T10:00:00.000Z';
    const a = await createAction(
      ctx.db,
      {
        partnershipId: other,
        number: 1,
        title: 'Affordable housing pilot',
        lang: 'en',
        status: 'in_progress',
        progress: 30,
      },
      { userId: null, at },
    );
    await changeAction(ctx.db, a.id, { progress: 70 }, { userId: null, at: '2019-06-01T10:00:00.000Z' });
    const d = JSON.parse(
      (await app.inject('/api/v1/partnerships/inclusion-of-migrants-and-refugees/actions/dashboard')).body,
    ) as Dashboard;
    assert.equal(d.total, 1);
    assert.deepEqual(
      d.progress.map((p) => [p.month, p.average, p.actions]),
      [
        ['2019-05', 30, 1],
        ['2019-06', 70, 1],
      ],
    );
    const after = JSON.parse((await app.inject(`/api/v1${platform}`)).body) as Dashboard;
    assert.equal(after.total, before.total + 1);
    assert.ok(after.byPartnership!.some((p) => p.partnership.slug === 'inclusion-of-migrants-and-refugees'));
  });

  test('the platform counters agree with a recount and with every plan summed, after any change', async (t) => {
    const { urbis, dtp } = await withPartnershipPeople(t, engine);
    const { ctx } = urbis;
    const other = (await partnershipIdOf(ctx.db, 'inclusion-of-migrants-and-refugees'))!;
    const audiences: [string, ContentAudience][] = [
      ['visitor', VISITORS],
      ['member', { membersOf: [dtp], editorOf: [], userId: null }],
      ['administrator', { membersOf: 'all', editorOf: 'all', userId: null }],
    ];
    const agree = async (step: string, instants: number[]) => {
      assert.deepEqual(
        [...(await storedDashboardCounts(ctx.db))].sort(),
        [...(await recountedDashboard(ctx.db))].sort(),
        `${step}: the counters are a recount`,
      );
      for (const ms of instants)
        for (const [who, audience] of audiences) await agreesWithPlans(ctx, audience, new Date(ms), `${step}, ${who}`);
    };
    const at = (day: string) => ({ userId: null, at: `${day}T10:00:00.000Z` });
    await agree('the demo', [IN_2019, Date.now()]);

    const a = await createAction(
      ctx.db,
      {
        partnershipId: other,
        title: 'Housing first pilot',
        lang: 'en',
        status: 'in_progress',
        progress: 20,
        deliverables: [
          { title: 'Study', type: 'report', dueOn: '2019-02-10', status: 'planned' },
          { title: 'Pilot', type: 'pilot', dueOn: '2019-03-15', status: 'in_progress' },
          { title: 'Undated', type: 'tool', status: 'planned' },
        ],
        challenges: [{ description: 'No site yet', impact: 'high', status: 'open', raisedOn: '2019-01-05' }],
      },
      at('2019-01-05'),
    );
    await agree('created', [IN_2019]);
    await changeAction(
      ctx.db,
      a.id,
      {
        deliverables: [
          { title: 'Study', type: 'report', dueOn: '2019-02-10', status: 'completed' },
          { title: 'Pilot', type: 'pilot', dueOn: '2019-03-02', status: 'delayed' },
        ],
      },
      at('2019-02-20'),
    );
    await agree('changed', [IN_2019]);
    await changeAction(ctx.db, a.id, { membersOnly: true }, at('2019-02-21'));
    await agree('made members-only', [IN_2019]);
    // The day of the cutoff (90 days before the clock): one updated before its hour, one after.
    const clock = Date.parse('2019-06-01T10:00:00.000Z');
    const b = await createAction(
      ctx.db,
      { partnershipId: other, title: 'Second pilot', lang: 'en', status: 'planned' },
      { userId: null, at: '2019-03-03T09:00:00.000Z' },
    );
    await changeAction(ctx.db, a.id, { progress: 25 }, { userId: null, at: '2019-03-03T11:00:00.000Z' });
    await agree('on the day of the cutoff', [clock, IN_2019]);
    const stale = await dashboardOf(ctx, 'platform', audiences[2]![1], 'en', new Date(clock));
    assert.ok(stale.stale.items.some((x) => x.action.title === 'Second pilot'));
    assert.ok(!stale.stale.items.some((x) => x.action.title === 'Housing first pilot'));
    await changeAction(ctx.db, b.id, { status: 'merged', mergedInto: a.id }, at('2019-04-01'));
    await agree('merged', [clock, IN_2019, Date.now()]);
  });

  test('hostile addresses: a 404 or the page, never a 500', async (t) => {
    const { urbis } = await withPartnershipPeople(t, engine);
    const { app } = urbis;
    for (const url of [
      `/en${dashboard}?x=%00`,
      `/en${dashboard}?months=99999999999999999999`,
      '/en/actions?audience=all&lang=../../etc',
      '/en/actions?%C0%AF=%FF',
      `/api/v1${dashboard}?limit=-1`,
      `/api/v1${platform}?x=%ED%A0%80`,
      '/en/partnerships/%00/actions/dashboard',
      '/en/partnerships/no-such/actions/dashboard',
      '/api/v1/partnerships/%ED%A0%80/actions/dashboard',
      `/xx${dashboard}`,
    ]) {
      const res = await app.inject(url);
      assert.ok([200, 400, 404].includes(res.statusCode), `${url}: ${res.statusCode}`);
    }
    assert.equal((await app.inject('/en/partnerships/no-such/actions/dashboard')).statusCode, 404);
    assert.equal((await app.inject('/api/v1/partnerships/no-such/actions/dashboard')).statusCode, 404);
  });
});

/**
 * The platform's dashboard as `audience` sees it at `now` is every plan's dashboard summed (each
 * counted on its own rows, without the counters): every count, and the first of each list.
 */
async function agreesWithPlans(ctx: ModuleContext, audience: ContentAudience, now: Date, step: string) {
  const all = await dashboardOf(ctx, 'platform', audience, 'en', now);
  const ids = (await ctx.db.selectFrom('partnerships').select('id').orderBy('id').execute()).map((r) => r.id);
  const each = await Promise.all(ids.map((id) => dashboardOf(ctx, { partnershipId: id }, audience, 'en', now)));
  const sum = (f: (d: Dashboard) => number) => each.reduce((s, d) => s + f(d), 0);
  assert.equal(
    all.total,
    sum((d) => d.total),
    `${step}: total`,
  );
  for (const s of all.byStatus)
    assert.equal(
      s.actions,
      sum((d) => d.byStatus.find((x) => x.status === s.status)!.actions),
      `${step}: ${s.status}`,
    );
  for (const list of ['late', 'dueSoon', 'openChallenges', 'stale'] as const)
    assert.equal(
      all[list].count,
      sum((d) => d[list].count),
      `${step}: ${list}`,
    );
  const firstDue = (list: 'late' | 'dueSoon') =>
    each
      .flatMap((d) => d[list].items.map((x) => x.dueOn))
      .sort()
      .slice(0, 20);
  for (const list of ['late', 'dueSoon'] as const)
    assert.deepEqual(
      all[list].items.map((x) => x.dueOn),
      firstDue(list),
      `${step}: ${list}`,
    );
  assert.deepEqual(
    all.stale.items.map((x) => x.updatedAt),
    each
      .flatMap((d) => d.stale.items.map((x) => x.updatedAt))
      .sort()
      .slice(0, 20),
    `${step}: stale`,
  );
  const sizes = each.map((d, i) => ({ id: ids[i]!, n: d.total })).filter((p) => p.n > 0);
  sizes.sort((x, y) => y.n - x.n || x.id - y.id);
  assert.deepEqual(
    all.byPartnership!.map((p) => p.actions),
    sizes.slice(0, 10).map((p) => p.n),
    `${step}: by partnership`,
  );
}
