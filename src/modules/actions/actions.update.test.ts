// Updating an action on both engines, by form and API: who may (a member whose affiliation with a
// lead organisation is confirmed, coordinators, administrators; anyone else gets a 404), bad input
// answered at the field or as a problem with nothing stored and no version, and a good update
// making exactly one version with its explanation and one audit entry.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { forEachEngine } from '../../../test/helpers/app.js';
import { uniqueStrings, xssLists } from '../../../test/helpers/corpora.js';
import { createAccessToken } from '../../../test/support/accounts.js';
import { affiliate } from '../../../test/support/actions.js';
import { setUp } from '../../../test/support/news.js';
import type { Urbis } from '../../app.js';
import { partnershipIdOf } from '../partnerships/index.js';
import * as q from './actions.queries.js';
import type { ActionDetail } from './actions.schema.js';

const PAGE = '/en/partnerships/digital-transition/actions/4';
const FORM_URL = `${PAGE}/update`;
const API = '/api/v1/partnerships/digital-transition/actions/4';
const GOOD = {
  status: 'in_progress',
  progress: '45',
  starts_on: '2018-09-01',
  ends_on: '2019-12-31',
  explanation: 'The catalogue of user journeys is half written.',
  deliverable_0_status: 'in_progress',
  deliverable_0_due_on: '2019-01-31',
  deliverable_1_status: 'planned',
  deliverable_1_due_on: '2019-12-31',
};

/** Action 4 of the demo, its version count and the audit entries of updates. */
async function state(urbis: Urbis) {
  const { db } = urbis.ctx;
  const dtp = (await partnershipIdOf(db, 'digital-transition'))!;
  const action = (await q.findActionByNumber(db, dtp, 4))!;
  const versions = await db.selectFrom('action_versions').selectAll().where('action_id', '=', action.id).execute();
  const audits = await db
    .selectFrom('core_audit_log')
    .select('action')
    .where('action', '=', 'actions.update')
    .execute();
  return { action, versions: versions.length, audits: audits.length, rows: versions };
}

forEachEngine('actions: updates', (engine) => {
  test('who may update: leads’ members, coordinators, administrators; everyone else gets a 404', async (t) => {
    const { urbis, as, ids } = await setUp(t, engine);
    const { app, ctx } = urbis;
    // otherMember works for Oulu (a lead of Action 4), confirmed; member works for Helsingborg (not a lead of it).
    await affiliate(urbis, ids.otherMember, 'oulu');
    await affiliate(urbis, ids.member, 'helsingborg');
    // An outsider's confirmed affiliation with a lead is not enough: they are not a member of the partnership.
    await affiliate(urbis, ids.outsider, 'estonia');
    const before = await state(urbis);

    assert.match((await as.visitor.get(FORM_URL)).headers.location ?? '', /^\/en\/sign-in\?next=/);
    assert.equal((await app.inject({ method: 'POST', url: API, payload: { status: 'delayed' } })).statusCode, 401);
    for (const who of ['member', 'outsider'] as const) {
      assert.equal((await as[who].get(FORM_URL)).statusCode, 404, who);
      assert.equal((await as[who].post(FORM_URL, GOOD, PAGE)).statusCode, 404, who);
      assert.doesNotMatch((await as[who].get(PAGE)).body, /Update this action/, who);
      const { token } = await createAccessToken(ctx, ids[who], 'updating');
      const api = await app.inject({
        method: 'POST',
        url: API,
        headers: { authorization: `Bearer ${token}` },
        payload: { status: 'delayed' },
      });
      assert.equal(api.statusCode, 404, who);
    }
    assert.doesNotMatch((await as.visitor.get(PAGE)).body, /Update this action/);
    const after = await state(urbis);
    assert.equal(after.versions, before.versions, 'nothing stored');

    for (const who of ['otherMember', 'coordinator', 'admin'] as const) {
      assert.match(
        (await as[who].get(PAGE)).body,
        /href="\/en\/partnerships\/digital-transition\/actions\/4\/update"/,
        who,
      );
      const form = await as[who].get(FORM_URL);
      assert.equal(form.statusCode, 200, who);
      assert.match(form.body, /name="explanation"/);
      const saved = await as[who].post(FORM_URL, { ...GOOD, explanation: `By ${who}` }, FORM_URL);
      assert.equal(saved.statusCode, 303, who);
      assert.equal(saved.headers.location, PAGE);
      const { token } = await createAccessToken(ctx, ids[who], 'updating');
      const api = await app.inject({
        method: 'POST',
        url: API,
        headers: { authorization: `Bearer ${token}` },
        payload: { status: 'delayed', explanation: `API by ${who}` },
      });
      assert.equal(api.statusCode, 200, `${who}: ${api.body}`);
      assert.equal((JSON.parse(api.body) as ActionDetail).status, 'delayed');
    }
    const done = await state(urbis);
    assert.equal(done.versions, before.versions + 6);
    assert.equal(done.audits, before.audits + 6);
  });

  test('bad input is said at the field, stores nothing and makes no version; a good update makes one', async (t) => {
    const { urbis, as, ids } = await setUp(t, engine);
    const { app, ctx } = urbis;
    await affiliate(urbis, ids.otherMember, 'estonia');
    const lead = as.otherMember;
    const before = await state(urbis);

    const cases: [Record<string, string>, string, RegExp][] = [
      [{ progress: '101' }, 'progress', /Enter a whole number from 0 to 100\./],
      [{ progress: '-1' }, 'progress', /Enter the progress as a whole number/],
      [{ progress: '1.5' }, 'progress', /Enter the progress as a whole number/],
      [{ progress: 'half' }, 'progress', /Enter the progress as a whole number/],
      [{ progress: '<script>alert(1)</script>' }, 'progress', /Enter the progress as a whole number/],
      [{ ends_on: '2018-01-01' }, 'ends_on', /The end must not be before the start\./],
      [{ starts_on: '2019-02-30' }, 'starts_on', /Enter a real date/],
      [{ status: 'finished' }, 'status', /field-status-error/],
      [{ status: 'merged' }, 'status', /field-status-error/],
      [{ status: '' }, 'status', /field-status-error/],
      [
        { deliverable_0_due_on: '2021-01-01' },
        'deliverable_0_due_on',
        /within the action’s start|within the action's start/,
      ],
      [{ deliverable_1_status: 'done' }, 'deliverable_1_status', /field-deliverable_1_status-error/],
      [{ explanation: 'x'.repeat(2001) }, 'explanation', /field-explanation-error/],
    ];
    for (const [change, field, message] of cases) {
      const res = await lead.post(FORM_URL, { ...GOOD, ...change }, FORM_URL);
      assert.equal(res.statusCode, 400, JSON.stringify(change));
      assert.match(res.body, new RegExp(`id="field-${field}-error"`), field);
      assert.match(res.body, message, field);
      if (field !== 'explanation')
        assert.match(res.body, /The catalogue of user journeys is half written\./, 'what was typed is kept');
      assert.match(res.body, /class="error-summary|role="alert"/);
    }
    // A NUL character: the core refuses the whole request (400), before the form.
    assert.equal((await lead.post(FORM_URL, { ...GOOD, explanation: 'a\u0000b' }, FORM_URL)).statusCode, 400);
    // The same through the API: problems naming the field.
    const { token } = await createAccessToken(ctx, ids.otherMember, 'updating');
    const api = (payload: object) =>
      app.inject({ method: 'POST', url: API, headers: { authorization: `Bearer ${token}` }, payload });
    const apiCases: [object, string][] = [
      [{ status: 'in_progress', progress: 101 }, '/body/progress'],
      [{ status: 'in_progress', progress: -1 }, '/body/progress'],
      [{ status: 'in_progress', progress: 1.5 }, '/body/progress'],
      [{ status: 'in_progress', progress: 'text' }, '/body/progress'],
      [{ status: 'in_progress', ends_on: '2018-01-01' }, '/body/ends_on'],
      [{ status: 'unknown' }, '/body/status'],
      [{ progress: 50 }, '/body/status'],
      [{ status: 'in_progress', deliverables: [{ due_on: '2030-01-01' }] }, '/body/deliverables/0/due_on'],
      [{ status: 'in_progress', deliverables: [{ status: 'gone' }] }, '/body/deliverables/0/status'],
    ];
    for (const [payload, pointer] of apiCases) {
      const res = await api(payload);
      assert.equal(res.statusCode, 400, JSON.stringify(payload));
      assert.match(String(res.headers['content-type']), /application\/problem\+json/);
      const pointers = (JSON.parse(res.body) as { errors: { pointer: string }[] }).errors.map((e) => e.pointer);
      assert.ok(pointers.includes(pointer), `${JSON.stringify(payload)}: ${pointers.join()}`);
    }
    const unchanged = await state(urbis);
    assert.equal(unchanged.versions, before.versions, 'no version');
    assert.equal(unchanged.audits, before.audits, 'no audit entry');
    assert.deepEqual(unchanged.action, before.action, 'nothing stored');

    // A good update: exactly one version with the explanation, one audit entry.
    const saved = await lead.post(FORM_URL, GOOD, FORM_URL);
    assert.equal(saved.statusCode, 303);
    const after = await state(urbis);
    assert.equal(after.versions, before.versions + 1);
    assert.equal(after.audits, before.audits + 1);
    assert.equal(after.action.progress, 45);
    assert.equal(after.action.status, 'in_progress');
    const last = after.rows.sort((a, b) => b.version - a.version)[0]!;
    assert.equal(last.explanation, GOOD.explanation);
    assert.equal(last.user_id, ids.otherMember);
    const deliverables = (typeof last.snapshot === 'string' ? JSON.parse(last.snapshot) : last.snapshot) as {
      deliverables: { status: string }[];
    };
    assert.equal(deliverables.deliverables[0]!.status, 'in_progress');
    const history = await lead.get(`${PAGE}/history`);
    assert.match(history.body, /The catalogue of user journeys is half written\./);

    // Hostile explanations are kept as typed and shown as text, never as markup.
    const hostile = uniqueStrings(xssLists())
      .filter((s) => s.includes('<'))
      .slice(0, 5);
    for (const text of hostile) {
      const res = await api({ status: 'in_progress', explanation: text });
      assert.equal(res.statusCode, 200);
    }
    const shown = await app.inject(`${PAGE}/history`);
    assert.doesNotMatch(shown.body, /<script>alert/i);
    assert.equal((await state(urbis)).versions, after.versions + hostile.length);
  });

  test('a deliverable’s status moves progress worked out from the deliverables; Czech form', async (t) => {
    const { urbis, as } = await setUp(t, engine);
    const { db } = urbis.ctx;
    const dtp = (await partnershipIdOf(db, 'digital-transition'))!;
    const action2 = (await q.findActionByNumber(db, dtp, 2))!;
    assert.equal(action2.progressMode, 'deliverables');
    const url = '/cs/partnerships/digital-transition/actions/2/update';
    const form = await as.coordinator.get(url);
    assert.equal(form.statusCode, 200);
    assert.match(form.body, /Pokrok se počítá z výstupů/);
    assert.doesNotMatch(form.body, /name="progress"/);
    const deliverables = await db
      .selectFrom('action_deliverables')
      .selectAll()
      .where('action_id', '=', action2.id)
      .orderBy('position')
      .execute();
    const fields: Record<string, string> = {
      status: action2.status,
      starts_on: action2.startsOn ?? '',
      ends_on: action2.endsOn ?? '',
      progress: '3',
      explanation: 'Všechny výstupy hotové.',
    };
    deliverables.forEach((d, i) => {
      fields[`deliverable_${i}_status`] = 'completed';
      fields[`deliverable_${i}_due_on`] = d.due_on ?? '';
    });
    const saved = await as.coordinator.post(url, fields, url);
    assert.equal(saved.statusCode, 303);
    assert.equal(saved.headers.location, '/cs/partnerships/digital-transition/actions/2');
    const after = (await q.findActionByNumber(db, dtp, 2))!;
    assert.equal(after.progress, 100, 'worked out, the typed progress ignored');
    const bad = await as.coordinator.post(url, { ...fields, ends_on: '2010-01-01' }, url);
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /Konec nesmí být před začátkem\./);
  });

  test('an update made from an older version is refused (409), kept in the form, taken once made again', async (t) => {
    const { urbis, as, ids } = await setUp(t, engine);
    const { app, ctx } = urbis;
    const versionIn = (html: string) => /<input type="hidden" name="version" value="([0-9]+)"/.exec(html)?.[1];
    const start = await state(urbis);
    const latest = start.versions;
    // Two coordinators open the form; the administrator updates first, the coordinator's would undo it.
    assert.equal(versionIn((await as.coordinator.get(FORM_URL)).body), String(latest));
    const first = await as.admin.post(FORM_URL, { ...GOOD, version: String(latest), progress: '50' }, FORM_URL);
    assert.equal(first.statusCode, 303, first.body.slice(0, 2000));
    const late = await as.coordinator.post(FORM_URL, { ...GOOD, version: String(latest), progress: '30' }, FORM_URL);
    assert.equal(late.statusCode, 409);
    assert.match(
      late.body,
      new RegExp(`Someone saved version ${latest + 1} of this action while you were updating it`),
    );
    assert.match(late.body, /href="\/en\/partnerships\/digital-transition\/actions\/4\/history"/);
    assert.match(late.body, /name="progress"[^>]*value="30"/, 'what was sent is still in the form');
    assert.equal(versionIn(late.body), String(latest + 1), 'made from the latest now');
    assert.equal((await state(urbis)).versions, latest + 1, 'nothing saved');
    assert.equal((await state(urbis)).action.progress, 50);
    // Having looked, the coordinator sends it again: taken.
    const again = await as.coordinator.post(
      FORM_URL,
      { ...GOOD, version: String(latest + 1), progress: '30' },
      FORM_URL,
    );
    assert.equal(again.statusCode, 303, again.body.slice(0, 2000));
    assert.equal((await state(urbis)).action.progress, 30);
    // A bad field keeps the version the form was made from; a version that is no version is said.
    const bad = await as.coordinator.post(
      FORM_URL,
      { ...GOOD, version: String(latest + 2), progress: '140' },
      FORM_URL,
    );
    assert.equal(bad.statusCode, 400);
    assert.equal(versionIn(bad.body), String(latest + 2));
    const tampered = await as.coordinator.post(FORM_URL, { ...GOOD, version: 'x' }, FORM_URL);
    assert.equal(tampered.statusCode, 400);
    assert.match(tampered.body, /does not say which version of the action it was made from/);

    // The API: `version` is checked when sent (a 409 problem naming the latest), left out it is not.
    const { token } = await createAccessToken(ctx, ids.admin, 'planning');
    const post = (payload: object) =>
      app.inject({ method: 'POST', url: API, headers: { authorization: `Bearer ${token}` }, payload });
    const body = { status: 'in_progress', progress: 60, explanation: 'More journeys written.' };
    const stale = await post({ ...body, version: latest });
    assert.equal(stale.statusCode, 409, stale.body);
    assert.equal(stale.headers['content-type'], 'application/problem+json; charset=utf-8');
    assert.match((JSON.parse(stale.body) as { detail: string }).detail, new RegExp(`latest version is ${latest + 2}`));
    assert.equal((await state(urbis)).action.progress, 30);
    assert.equal((await post({ ...body, version: latest + 2 })).statusCode, 200);
    assert.equal((await post({ ...body, progress: 70 })).statusCode, 200);
    for (const version of [0, -1, 1.5, 'three', 2 ** 31, null])
      assert.equal((await post({ ...body, version, progress: 80 })).statusCode, 400, String(version));
    assert.equal((await state(urbis)).action.progress, 70);
  });
});
