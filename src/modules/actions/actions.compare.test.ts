// Comparing two versions of an action: the pure comparison of snapshots (fields, organisations,
// children paired by title, renamed, added, removed), and the page and its JSON twin on both
// engines: the two latest by default, either order, bad and missing versions a 400 or a 404 (never
// a 500), the picker on the history page, and the one visibility rule for each role.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { forEachEngine } from '../../../test/helpers/app.js';
import { setUp } from '../../../test/support/news.js';
import { partnershipIdOf } from '../partnerships/index.js';
import { compareSnapshots, normalSnapshot, pairItems } from './actions.compare.js';
import type { ActionComparison } from './actions.compare.schema.js';
import * as q from './actions.queries.js';
import { changeAction } from './actions.service.js';

const PAGE = '/en/partnerships/digital-transition/actions/4';
const API = '/api/v1/partnerships/digital-transition/actions/4';

test('compareSnapshots: fields, organisations and children, in words', () => {
  const base = normalSnapshot({
    number: 4,
    title: 'A',
    themeId: 1,
    status: 'planned',
    mergedInto: null,
    progress: 10,
    progressMode: 'manual',
    startsOn: '2018-09-01',
    endsOn: null,
    membersOnly: false,
    organisations: [
      { organisation_id: 1, role: 'lead' },
      { organisation_id: 2, role: 'contributor' },
    ],
    activities: [{ title: 'Survey', status: 'planned', starts_on: null, ends_on: null }],
    deliverables: [
      {
        title: 'Guide',
        type: 'guide',
        due_on: '2019-01-01',
        status: 'planned',
        weight: 1,
        evidence_url: null,
        evidence_post_id: null,
      },
      {
        title: 'Old',
        type: 'report',
        due_on: null,
        status: 'planned',
        weight: 1,
        evidence_url: null,
        evidence_post_id: null,
      },
    ],
    challenges: [],
  });
  const same = compareSnapshots(base, base);
  assert.equal(same.changes, 0);
  assert.ok(same.fields.every((f) => f.change === 'unchanged'));

  const later = normalSnapshot({
    ...base,
    status: 'in_progress',
    progress: 40,
    organisations: [
      { organisation_id: 1, role: 'lead' },
      { organisation_id: 2, role: 'lead' },
      { organisation_id: 3, role: 'contributor' },
    ],
    deliverables: [
      { ...base.deliverables[1]!, title: 'New' },
      { ...base.deliverables[0]!, status: 'completed', due_on: '2019-02-01' },
    ],
    challenges: [
      {
        description: 'Staff left',
        impact: 'high',
        mitigation: '',
        status: 'open',
        raised_on: '2019-01-01',
        resolved_on: null,
      },
    ],
  });
  const c = compareSnapshots(base, later);
  assert.deepEqual(
    c.fields.filter((f) => f.change === 'changed').map((f) => [f.field, f.before, f.after]),
    [
      ['status', 'planned', 'in_progress'],
      ['progress', 10, 40],
    ],
  );
  assert.deepEqual(
    c.organisations.map((o) => [o.organisationId, o.change]),
    [
      [1, 'unchanged'],
      [2, 'changed'],
      [3, 'added'],
    ],
  );
  // "Guide" is found by its title although it moved; "Old" renamed "New" moved too: removed (where it was) and added.
  const d = c.deliverables.map((r) => [r.before?.title ?? null, r.after?.title ?? null, r.change, r.fields.join()]);
  assert.deepEqual(d, [
    [null, 'New', 'added', ''],
    ['Old', null, 'removed', ''],
    ['Guide', 'Guide', 'changed', 'due_on,status'],
  ]);
  assert.deepEqual(
    c.challenges.map((r) => r.change),
    ['added'],
  );
  assert.equal(c.changes, 2 + 2 + 3 + 1);
  // A renamed child at the same place is the same child, its title changed.
  const renamed = pairItems([{ title: 'x', n: 1 }], [{ title: 'y', n: 1 }], (i) => i.title);
  assert.deepEqual(renamed, [
    { before: { title: 'x', n: 1 }, after: { title: 'y', n: 1 }, change: 'changed', fields: ['title'] },
  ]);
  // A snapshot without its lists (or not an object) compares as empty lists.
  assert.equal(compareSnapshots(normalSnapshot(null), normalSnapshot({ title: 'x' })).fields[0]!.change, 'changed');
});

forEachEngine('actions: comparing versions', (engine) => {
  test('the page and its JSON: the two latest by default, chosen versions, bad versions', async (t) => {
    const { urbis, as, ids } = await setUp(t, engine);
    const { app, ctx } = urbis;
    const dtp = (await partnershipIdOf(ctx.db, 'digital-transition'))!;
    const four = (await q.findActionByNumber(ctx.db, dtp, 4))!;
    const { version } = await changeAction(
      ctx.db,
      four.id,
      { status: 'delayed', progress: 55 },
      { userId: ids.coordinator, at: new Date().toISOString(), explanation: 'Staff changes in Oulu.' },
    );
    assert.ok(version >= 2);

    const json = async (url: string) => {
      const res = await app.inject(url);
      assert.equal(res.statusCode, 200, url);
      return JSON.parse(res.body) as ActionComparison;
    };
    const latest = await json(`${API}/history/compare`);
    assert.equal(latest.to.version, version);
    assert.equal(latest.from.version, version - 1);
    assert.equal(latest.to.explanation, 'Staff changes in Oulu.');
    assert.equal(latest.fields.find((f) => f.field === 'status')?.change, 'changed');
    assert.equal(latest.fields.find((f) => f.field === 'status')?.after, 'delayed');
    assert.equal(latest.fields.find((f) => f.field === 'progress')?.after, 55);
    assert.ok(latest.changes >= 1);
    assert.ok(latest.organisations.every((o) => o.organisation !== null));
    // Either order; one version with itself changes nothing.
    const reversed = await json(`${API}/history/compare?from=${version}&to=1`);
    assert.equal(reversed.from.version, 1);
    assert.equal(reversed.to.version, version);
    assert.equal((await json(`${API}/history/compare?from=1&to=1`)).changes, 0);
    assert.equal((await json(`${API}/history/compare?to=1`)).from.version, 1);

    const html = await app.inject(`${PAGE}/history/compare?from=${version - 1}&to=${version}`);
    assert.equal(html.statusCode, 200);
    assert.match(html.body, /<caption id="compare-fields-caption">The action<\/caption>/);
    assert.match(html.body, /<strong>changed<\/strong>/);
    assert.match(html.body, /Delayed/);
    assert.match(html.body, /Staff changes in Oulu\./);
    assert.match(html.body, /<select id="field-from" name="from"/);
    const cs = await app.inject(`/cs/partnerships/digital-transition/actions/4/history/compare`);
    assert.equal(cs.statusCode, 200);
    assert.match(cs.body, /změněno/);

    // The history page: the picker (GET, the two latest chosen) and a link to compare each with the one before.
    const history = await app.inject(`${PAGE}/history`);
    assert.match(
      history.body,
      /<form class="filters" method="get" action="\/en\/partnerships\/digital-transition\/actions\/4\/history\/compare/,
    );
    assert.match(history.body, new RegExp(`<option value="${version}" selected`));
    assert.match(history.body, new RegExp(`<option value="${version - 1}" selected`));
    assert.match(history.body, new RegExp(`history/compare\\?from=${version - 1}&amp;to=${version}"`));

    // Versions the action lacks: 404; values that are no version number: 400; never 500.
    for (const query of [`from=${version + 1}`, `to=${version + 5}&from=1`, 'from=2147483647']) {
      assert.equal((await app.inject(`${API}/history/compare?${query}`)).statusCode, 404, query);
      assert.equal((await app.inject(`${PAGE}/history/compare?${query}`)).statusCode, 404, query);
    }
    for (const query of [
      'from=0',
      'to=-1',
      'from=abc',
      'from=1.5',
      'to=2147483648',
      'from=99999999999999999999',
      'from=%00',
      'to=%ED%A0%80',
      'from=1e3',
    ]) {
      const res = await app.inject(`${API}/history/compare?${query}`);
      assert.equal(res.statusCode, 400, query);
      assert.match(res.body, /\/query(string)?\/(from|to)/, query);
      assert.equal((await app.inject(`${PAGE}/history/compare?${query}`)).statusCode, 400, query);
    }
    assert.equal((await app.inject(`${API.replace('/4', '/99')}/history/compare`)).statusCode, 404);
    assert.equal((await as.member.get(`${PAGE}/history/compare`)).statusCode, 200);
  });

  test('members-only actions: each role against the comparison', async (t) => {
    const { urbis, as } = await setUp(t, engine);
    const { ctx } = urbis;
    const dtp = (await partnershipIdOf(ctx.db, 'digital-transition'))!;
    const seven = (await q.findActionByNumber(ctx.db, dtp, 7))!;
    await changeAction(ctx.db, seven.id, { membersOnly: true }, { userId: null, at: new Date().toISOString() });
    const url = '/en/partnerships/digital-transition/actions/7/history/compare';
    const expected = {
      visitor: 404,
      outsider: 404,
      member: 200,
      otherMember: 200,
      coordinator: 200,
      admin: 200,
    } as const;
    for (const [who, status] of Object.entries(expected)) {
      const res = await as[who as keyof typeof expected].get(url);
      assert.equal(res.statusCode, status, who);
      if (status === 200) assert.match(res.body, /Members only/, who);
    }
  });
});
