// Adding, editing and merging actions on both engines, by form and API: who may (coordinators and
// administrators add and merge; an action's leads' members edit it too; anyone else gets a 404), bad
// input said at the field or as a problem naming its pointer with nothing stored and no version, and
// each good save making exactly one version and one audit entry, and a line in the stream when it ends
// or merges the action.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { forEachEngine } from '../../../test/helpers/app.js';
import { createAccessToken } from '../../../test/support/accounts.js';
import { affiliate } from '../../../test/support/actions.js';
import { setUp } from '../../../test/support/news.js';
import type { Urbis } from '../../app.js';
import { partnershipIdOf } from '../partnerships/index.js';
import * as q from './actions.queries.js';
import type { ActionDetail } from './actions.schema.js';
import { ActionChangeError, changeAction, createAction } from './actions.service.js';

const DTP = '/en/partnerships/digital-transition';
const API = '/api/v1/partnerships/digital-transition/actions';

/** A new action's form: a title, a lead, one key activity, one deliverable, one challenge. */
const NEW = {
  title: 'Open data portals for small towns',
  lang: 'en',
  description: 'Help **small towns** publish their data.',
  theme: '1',
  tags: 'open data, small towns',
  support_needed: 'A town willing to pilot the portal.',
  status: 'planned',
  progress_mode: 'manual',
  progress: '5',
  starts_on: '2019-01-01',
  ends_on: '2019-12-31',
  organisation_0_organisation: 'estonia',
  organisation_0_role: 'lead',
  organisation_1_organisation: 'oulu',
  organisation_1_role: 'contributor',
  organisation_2_organisation: '',
  organisation_2_role: 'contributor',
  activity_0_title: 'Survey the towns',
  activity_0_status: 'planned',
  activity_0_starts_on: '2019-01-01',
  activity_0_ends_on: '2019-03-31',
  activity_1_title: '',
  activity_1_status: 'planned',
  deliverable_0_title: 'Survey report',
  deliverable_0_type: 'report',
  deliverable_0_due_on: '2019-04-30',
  deliverable_0_status: 'planned',
  deliverable_0_weight: '2',
  deliverable_0_evidence_url: '',
  deliverable_0_evidence_post: '',
  challenge_0_description: 'Few towns have a data officer.',
  challenge_0_impact: 'high',
  challenge_0_mitigation: 'Pair towns with a city that has one.',
  challenge_0_status: 'open',
  challenge_0_raised_on: '2019-02-01',
  challenge_0_resolved_on: '',
  explanation: 'Agreed at the partners’ call.',
};

async function dtpOf(urbis: Urbis) {
  return (await partnershipIdOf(urbis.ctx.db, 'digital-transition'))!;
}

/** The counts a save changes: versions of every action, create and update audit entries, stream lines. */
async function counts(urbis: Urbis) {
  const { db } = urbis.ctx;
  const count = async (table: 'action_versions' | 'core_audit_log' | 'partnership_activity' | 'actions') =>
    Number(
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return {
    actions: await count('actions'),
    versions: await count('action_versions'),
    audits: await count('core_audit_log'),
    stream: await count('partnership_activity'),
  };
}

forEachEngine('actions: adding, editing, merging', (engine) => {
  test('coordinators add an action with the next number; leads’ members edit it; others get a 404', async (t) => {
    const { urbis, as, ids } = await setUp(t, engine);
    const { app, ctx } = urbis;
    const dtp = await dtpOf(urbis);
    await affiliate(urbis, ids.otherMember, 'estonia');
    const before = await counts(urbis);

    // The links, to those who may only.
    assert.match(
      (await as.coordinator.get(`${DTP}/actions`)).body,
      /href="\/en\/partnerships\/digital-transition\/actions\/new"/,
    );
    for (const who of ['visitor', 'member', 'otherMember', 'outsider'] as const) {
      assert.doesNotMatch((await as[who].get(`${DTP}/actions`)).body, /actions\/new"/, who);
      assert.doesNotMatch((await as[who].get(`${DTP}/actions/4`)).body, /actions\/4\/merge"/, who);
    }
    assert.match((await as.otherMember.get(`${DTP}/actions/4`)).body, /href="[^"]*\/actions\/4\/edit"/);
    assert.doesNotMatch((await as.member.get(`${DTP}/actions/4`)).body, /actions\/4\/edit"/);
    assert.match((await as.admin.get(`${DTP}/actions/4`)).body, /href="[^"]*\/actions\/4\/merge"/);

    for (const who of ['member', 'otherMember', 'outsider'] as const) {
      assert.equal((await as[who].get(`${DTP}/actions/new`)).statusCode, 404, who);
      assert.equal((await as[who].post(`${DTP}/actions/new`, NEW, `${DTP}/actions`)).statusCode, 404, who);
    }
    assert.equal((await counts(urbis)).actions, before.actions, 'nothing added');

    const form = await as.coordinator.get(`${DTP}/actions/new`);
    assert.equal(form.statusCode, 200);
    assert.match(form.body, /name="organisation_0_organisation"/);
    const made = await as.coordinator.post(`${DTP}/actions/new`, NEW, `${DTP}/actions/new`);
    assert.equal(made.statusCode, 303, made.body.slice(0, 2000));
    assert.equal(made.headers.location, `${DTP}/actions/16`);
    const action = (await q.findActionByNumber(ctx.db, dtp, 16))!;
    assert.equal(action.title, NEW.title);
    assert.equal(action.supportNeeded, NEW.support_needed);
    assert.equal(action.progress, 5);
    const children = await q.childrenOf(ctx.db, action.id);
    assert.equal(children.activities.length, 1, 'the blank row is left out');
    assert.equal(children.deliverables[0]!.weight, 2);
    assert.equal(children.challenges[0]!.impact, 'high');
    const page = await as.visitor.get(`${DTP}/actions/16`);
    assert.match(page.body, /Support needed/);
    assert.match(page.body, /A town willing to pilot the portal\./);
    const shown = JSON.parse((await app.inject(`${API}/16`)).body) as ActionDetail;
    assert.equal(shown.supportNeeded, NEW.support_needed);
    assert.deepEqual(
      shown.leads.map((l) => l.slug),
      ['estonia'],
    );
    assert.deepEqual(shown.tags.map((tag) => tag.label.toLowerCase()).sort(), ['open data', 'small towns']);
    let now = await counts(urbis);
    assert.equal(now.versions, before.versions + 1, 'one version');
    assert.equal(now.audits, before.audits + 1, 'one audit entry');

    // The API: an administrator adds one, numbered next; a member may not.
    const { token: adminToken } = await createAccessToken(ctx, ids.admin, 'planning');
    const { token: memberToken } = await createAccessToken(ctx, ids.otherMember, 'planning');
    const body = { title: 'Data sharing agreements', organisations: [{ organisation: 'oulu', role: 'lead' }] };
    const api = (method: 'POST' | 'PUT' | 'PATCH', url: string, token: string, payload: object) =>
      app.inject({ method, url, headers: { authorization: `Bearer ${token}` }, payload });
    assert.equal((await api('POST', API, memberToken, body)).statusCode, 404);
    const created = await api('POST', API, adminToken, body);
    assert.equal(created.statusCode, 201, created.body);
    assert.equal(created.headers.location, `${API}/17`);
    assert.equal((JSON.parse(created.body) as ActionDetail).status, 'planned');

    // A lead's member edits Action 16 (Estonia leads it): the title, and a key activity more.
    const editUrl = `${DTP}/actions/16/edit`;
    const edit = await as.otherMember.get(editUrl);
    assert.equal(edit.statusCode, 200);
    assert.match(edit.body, /name="activity_1_title"/, 'an empty row to add');
    const fields = {
      ...NEW,
      title: 'Open data portals for towns',
      activity_1_title: 'Build the portal',
      activity_1_status: 'planned',
      activity_1_starts_on: '',
      activity_1_ends_on: '',
    };
    now = await counts(urbis);
    const saved = await as.otherMember.post(editUrl, fields, editUrl);
    assert.equal(saved.statusCode, 303, saved.body.slice(0, 3000));
    assert.equal(saved.headers.location, `${DTP}/actions/16`);
    assert.equal((await q.findActionByNumber(ctx.db, dtp, 16))!.title, 'Open data portals for towns');
    assert.equal((await q.childrenOf(ctx.db, action.id)).activities.length, 2);
    assert.equal((await counts(urbis)).versions, now.versions + 1);
    // "Save and add more rows": saved, then the form again with three empty rows.
    const more = await as.otherMember.post(editUrl, { ...fields, more: 'rows' }, editUrl);
    assert.equal(more.headers.location, `${editUrl}?more=1`);
    assert.match((await as.otherMember.get(`${editUrl}?more=1`)).body, /name="activity_4_title"/);
    // Removing a row by its box.
    await as.otherMember.post(editUrl, { ...fields, activity_0_remove: 'on' }, editUrl);
    assert.deepEqual(
      (await q.childrenOf(ctx.db, action.id)).activities.map((a) => a.title),
      ['Build the portal'],
    );
    // The member who is no lead's: 404 on the form and the API.
    assert.equal((await as.member.get(editUrl)).statusCode, 404);
    assert.equal((await as.member.post(editUrl, fields, `${DTP}/actions`)).statusCode, 404);
    const { token: notLead } = await createAccessToken(ctx, ids.member, 'editing');
    assert.equal((await api('PATCH', `${API}/16`, notLead, { title: 'x' })).statusCode, 404);
    // PATCH changes what is sent; the rest stays.
    const patched = await api('PATCH', `${API}/16`, memberToken, { support_needed: 'Two towns.' });
    assert.equal(patched.statusCode, 200, patched.body);
    const after = JSON.parse(patched.body) as ActionDetail;
    assert.equal(after.supportNeeded, 'Two towns.');
    assert.equal(after.title, 'Open data portals for towns');
    assert.equal(after.activities.length, 1);
  });

  test('an edit made from an older version is refused, kept in the form, and taken once made again', async (t) => {
    const { urbis, as, ids } = await setUp(t, engine);
    const { app, ctx } = urbis;
    const dtp = await dtpOf(urbis);
    const made = await as.coordinator.post(`${DTP}/actions/new`, NEW, `${DTP}/actions/new`);
    assert.equal(made.statusCode, 303);
    const action = (await q.findActionByNumber(ctx.db, dtp, 16))!;
    const editUrl = `${DTP}/actions/16/edit`;
    const versionIn = (html: string) => /<input type="hidden" name="version" value="([0-9]+)"/.exec(html)?.[1];

    // Two coordinators open the form of version 1; the first saves, the second's save would undo it.
    const mine = await as.coordinator.get(editUrl);
    assert.equal(versionIn(mine.body), '1');
    assert.equal(versionIn((await as.admin.get(editUrl)).body), '1');
    const first = await as.admin.post(editUrl, { ...NEW, version: '1', title: 'Portals for towns' }, editUrl);
    assert.equal(first.statusCode, 303, first.body.slice(0, 2000));
    const before = await counts(urbis);
    const late = await as.coordinator.post(editUrl, { ...NEW, version: '1', progress: '40' }, editUrl);
    assert.equal(late.statusCode, 409);
    assert.match(late.body, /Someone saved version 2 of this action while you were editing it/);
    assert.match(late.body, /href="\/en\/partnerships\/digital-transition\/actions\/16\/history"/);
    assert.match(late.body, /name="progress"[^>]*value="40"/, 'what was sent is still in the form');
    assert.equal(versionIn(late.body), '2', 'made from the latest now');
    assert.deepEqual(await counts(urbis), before, 'nothing saved');
    assert.equal((await q.findActionById(ctx.db, action.id))!.title, 'Portals for towns');
    // Having looked, the coordinator saves again: taken.
    const again = await as.coordinator.post(editUrl, { ...NEW, version: '2', progress: '40' }, editUrl);
    assert.equal(again.statusCode, 303, again.body.slice(0, 2000));
    assert.equal((await q.findActionById(ctx.db, action.id))!.progress, 40);
    // A bad field keeps the version the form was made from, not the latest.
    const bad = await as.coordinator.post(editUrl, { ...NEW, version: '2', progress: '140' }, editUrl);
    assert.equal(bad.statusCode, 400);
    assert.equal(versionIn(bad.body), '2');

    // The API: `version` is checked when sent (409, a problem), left out it is not.
    const { token } = await createAccessToken(ctx, ids.admin, 'planning');
    const patch = (payload: object) =>
      app.inject({ method: 'PATCH', url: `${API}/16`, headers: { authorization: `Bearer ${token}` }, payload });
    const stale = await patch({ version: 2, progress: 50 });
    assert.equal(stale.statusCode, 409, stale.body);
    assert.equal(stale.headers['content-type'], 'application/problem+json; charset=utf-8');
    assert.match((JSON.parse(stale.body) as { detail: string }).detail, /latest version is 3/);
    assert.equal((await q.findActionById(ctx.db, action.id))!.progress, 40);
    assert.equal((await patch({ version: 3, progress: 50 })).statusCode, 200);
    assert.equal((await patch({ progress: 60 })).statusCode, 200);
    for (const version of [0, -1, 1.5, 'three', 2 ** 31, null])
      assert.equal((await patch({ version, progress: 70 })).statusCode, 400, String(version));

    // Changes at the same moment are made one after the other, each its own version: none is lost.
    await Promise.all(
      [1, 2, 3, 4].map((n) =>
        changeAction(ctx.db, action.id, { progress: 80 + n }, { userId: null, at: new Date().toISOString() }),
      ),
    );
    const versions = await ctx.db
      .selectFrom('action_versions')
      .select('version')
      .where('action_id', '=', action.id)
      .orderBy('version')
      .execute();
    assert.deepEqual(
      versions.map((v) => v.version),
      [1, 2, 3, 4, 5, 6, 7, 8, 9],
    );
  });

  test('bad input is said at its field or pointer, and nothing is stored', async (t) => {
    const { urbis, as, ids } = await setUp(t, engine);
    const { app, ctx } = urbis;
    const dtp = await dtpOf(urbis);
    const before = await counts(urbis);
    const url = `${DTP}/actions/new`;
    // A post of another partnership is no evidence here.
    const elsewhere = await ctx.db
      .selectFrom('news_posts')
      .select('id')
      .where('partnership_id', '!=', dtp)
      .executeTakeFirstOrThrow();
    const cases: [Record<string, string>, string, RegExp][] = [
      [{ title: '' }, 'title', /Enter a value\./],
      [{ title: 'x'.repeat(301) }, 'title', /300/],
      [{ theme: '99' }, 'theme', /Choose a theme of this plan\./],
      [{ status: 'merged' }, 'status', /field-status-error/],
      [{ progress: '101' }, 'progress', /Enter a whole number from 0 to 100\./],
      [{ progress_mode: 'magic' }, 'progress_mode', /field-progress_mode-error/],
      [{ progress_mode: 'deliverables', deliverable_0_weight: '0' }, 'progress_mode', /at least one deliverable/],
      [{ ends_on: '2018-01-01' }, 'ends_on', /The end must not be before the start\./],
      [{ organisation_0_organisation: 'atlantis' }, 'organisation_0_organisation', /Choose an organisation/],
      [{ organisation_1_organisation: 'estonia' }, 'organisation_1_organisation', /another row already/],
      [{ organisation_0_role: 'contributor' }, 'organisation_0_role', /at least one lead/],
      [{ organisation_0_role: 'boss' }, 'organisation_0_role', /field-organisation_0_role-error/],
      [{ activity_0_title: '', activity_0_starts_on: '2019-01-01' }, 'activity_0_title', /Enter a value\./],
      [{ activity_0_ends_on: '2018-12-01' }, 'activity_0_ends_on', /The end must not be before the start\./],
      [{ deliverable_0_due_on: '2020-06-30' }, 'deliverable_0_due_on', /within the action/],
      [{ deliverable_0_due_on: '2019-02-30' }, 'deliverable_0_due_on', /Enter a real date/],
      [{ deliverable_0_weight: '1e3' }, 'deliverable_0_weight', /0 to 100/],
      [{ deliverable_0_evidence_url: 'javascript:alert(1)' }, 'deliverable_0_evidence_url', /http/],
      [{ deliverable_0_evidence_post: String(elsewhere.id) }, 'deliverable_0_evidence_post', /news post of this/],
      [{ deliverable_0_evidence_post: '99999999999' }, 'deliverable_0_evidence_post', /news post of this/],
      [{ challenge_0_raised_on: '' }, 'challenge_0_raised_on', /Enter a value\./],
      [{ challenge_0_resolved_on: '2019-01-01' }, 'challenge_0_resolved_on', /before it was raised/],
      [{ challenge_0_impact: 'huge' }, 'challenge_0_impact', /field-challenge_0_impact-error/],
      [{ support_needed: 's'.repeat(4001) }, 'support_needed', /4,?000/],
    ];
    for (const [change, field, message] of cases) {
      const res = await as.coordinator.post(url, { ...NEW, ...change }, url);
      assert.equal(res.statusCode, 400, `${JSON.stringify(change)}: ${res.statusCode}`);
      assert.match(res.body, new RegExp(`id="field-${field}-error"`), `${field}: ${JSON.stringify(change)}`);
      assert.match(res.body, message, field);
      assert.match(res.body, /class="error-summary/);
      assert.match(res.body, /Agreed at the partners’ call\./, 'what was typed is kept');
    }
    // A refusal of the plan is named at the row it came from, past removed and blank rows.
    const shifted = await as.coordinator.post(
      url,
      {
        ...NEW,
        deliverable_0_remove: 'on',
        deliverable_1_title: '',
        deliverable_2_title: 'Late report',
        deliverable_2_due_on: '2020-03-01',
      },
      url,
    );
    assert.equal(shifted.statusCode, 400);
    assert.match(shifted.body, /id="field-deliverable_2_due_on-error"/);
    // NUL is refused by the core before the form.
    assert.equal((await as.coordinator.post(url, { ...NEW, title: 'a\u0000b' }, url)).statusCode, 400);
    assert.deepEqual(await counts(urbis), before, 'nothing stored, no version, no audit entry');

    // The API: problems naming the pointer.
    const { token } = await createAccessToken(ctx, ids.coordinator, 'planning');
    const api = (method: 'POST' | 'PUT' | 'PATCH', path: string, payload: unknown) =>
      app.inject({
        method,
        url: `${API}${path}`,
        headers: { authorization: `Bearer ${token}` },
        payload: payload as object,
      });
    const apiCases: ['POST' | 'PUT' | 'PATCH', string, unknown, string][] = [
      ['POST', '', { organisations: [{ organisation: 'estonia', role: 'lead' }] }, '/body/title'],
      ['POST', '', { title: 'No lead' }, '/body/organisations'],
      // Fastify's own check makes a lone value a list of one: the problem is at its first item.
      ['POST', '', { title: 'x', organisations: 'estonia' }, '/body/organisations/0'],
      [
        'POST',
        '',
        { title: 'x', organisations: [{ organisation: 'estonia', role: 'lead' }], lang: 'xx' },
        '/body/lang',
      ],
      ['PUT', '/4', { status: 'in_progress', progress_mode: 'manual' }, '/body/title'],
      ['PATCH', '/4', { progress: 101 }, '/body/progress'],
      ['PATCH', '/4', { progress: 'half' }, '/body/progress'],
      ['PATCH', '/4', { theme: 99 }, '/body/theme'],
      ['PATCH', '/4', { members_only: 'yes' }, '/body/members_only'],
      ['PATCH', '/4', { tags: [{ label: 'a' }] }, '/body/tags'],
      ['PATCH', '/4', { title: { html: true } }, '/body/title'],
      ['PATCH', '/4', { deliverables: [{ title: 'Late', due_on: '2030-01-01' }] }, '/body/deliverables/0/due_on'],
      ['PATCH', '/4', { deliverables: [7] }, '/body/deliverables/0'],
      ['PATCH', '/4', { activities: [{ title: 'A', starts_on: 'tomorrow' }] }, '/body/activities/0/starts_on'],
      ['PATCH', '/4', { challenges: [{ description: 'C' }] }, '/body/challenges/0/raised_on'],
      ['PATCH', '/4', { organisations: [{ organisation: 'oulu', role: 'contributor' }] }, '/body/organisations'],
      ['PATCH', '/4', { status: 'merged' }, '/body/status'],
      ['PATCH', '/4', { progress_mode: 'deliverables', deliverables: [] }, '/body/progress_mode'],
      ['PATCH', '/4', { ends_on: '2017-01-01' }, '/body/ends_on'],
    ];
    for (const [method, path, payload, pointer] of apiCases) {
      const res = await api(method, path, payload);
      assert.equal(res.statusCode, 400, `${method} ${JSON.stringify(payload)}: ${res.body}`);
      assert.match(String(res.headers['content-type']), /application\/problem\+json/);
      const pointers = (JSON.parse(res.body) as { errors: { pointer: string }[] }).errors.map((e) => e.pointer);
      assert.ok(pointers.includes(pointer), `${JSON.stringify(payload)}: ${pointers.join()}`);
    }
    assert.deepEqual(await counts(urbis), before, 'nothing stored through the API either');

    // Hostile text is kept as typed and shown as text.
    const hostile = '<script>alert(1)</script><img src=x onerror=alert(2)>';
    const ok = await api('PATCH', '/4', { support_needed: hostile, explanation: hostile });
    assert.equal(ok.statusCode, 200, ok.body);
    const page = await as.visitor.get(`${DTP}/actions/4`);
    assert.doesNotMatch(page.body, /<script>alert|<img src=x/);
    assert.match(page.body, /&lt;script>alert\(1\)&lt;\/script>/);
    assert.equal((await counts(urbis)).versions, before.versions + 1, 'one version per save');
  });

  test('switching how progress is set; a change that ends an action is a line in the stream', async (t) => {
    const { urbis, ids } = await setUp(t, engine);
    const { app, ctx } = urbis;
    const dtp = await dtpOf(urbis);
    const { token } = await createAccessToken(ctx, ids.coordinator, 'planning');
    const patch = (payload: object) =>
      app.inject({ method: 'PATCH', url: `${API}/4`, headers: { authorization: `Bearer ${token}` }, payload });
    const action4 = (await q.findActionByNumber(ctx.db, dtp, 4))!;
    const deliverables = (await q.childrenOf(ctx.db, action4.id)).deliverables;
    const derived = await patch({
      progress_mode: 'deliverables',
      progress: 99,
      deliverables: deliverables.map((d, i) => ({
        title: d.title,
        type: d.type,
        due_on: d.due_on,
        status: i === 0 ? 'completed' : 'planned',
        weight: i === 0 ? 3 : 1,
      })),
    });
    assert.equal(derived.statusCode, 200, derived.body);
    const shown = JSON.parse(derived.body) as ActionDetail;
    assert.equal(shown.progressMode, 'deliverables');
    assert.equal(shown.progress, 75, 'worked out (3 of 4), the sent progress ignored');
    const manual = JSON.parse((await patch({ progress_mode: 'manual', progress: 30 })).body) as ActionDetail;
    assert.equal(manual.progress, 30);

    const stream = () =>
      ctx.db
        .selectFrom('partnership_activity')
        .select(['kind', 'subject_id'])
        .where('subject_type', '=', 'action')
        .where('subject_id', '=', action4.id)
        .execute();
    assert.deepEqual(await stream(), []);
    assert.equal((await patch({ status: 'completed' })).statusCode, 200);
    assert.deepEqual(
      (await stream()).map((l) => l.kind),
      ['actions.completed'],
    );
    // A save that keeps it completed writes no second line.
    await patch({ support_needed: 'Nothing more.' });
    assert.equal((await stream()).length, 1);
  });

  test('merging: into another action of the plan, never itself, a merged one or another plan', async (t) => {
    const { urbis, as, ids } = await setUp(t, engine);
    const { app, ctx } = urbis;
    const dtp = await dtpOf(urbis);
    const url = `${DTP}/actions/5/merge`;
    const form = await as.coordinator.get(url);
    assert.equal(form.statusCode, 200);
    assert.match(form.body, /name="into"/);
    assert.doesNotMatch(form.body, /<option value="12"/, 'a merged action is no choice');
    assert.doesNotMatch(form.body, /<option value="5"/, 'nor itself');
    const before = await counts(urbis);
    for (const [into, message] of [
      ['5', /cannot be merged into itself/],
      ['12', /was merged itself/],
      ['999', /not known in this plan/],
      ['', /Choose the action it goes into/],
      ['-1', /not known in this plan/],
    ] as const) {
      const res = await as.coordinator.post(url, { into, explanation: 'x' }, url);
      assert.equal(res.statusCode, 400, into);
      assert.match(res.body, /id="field-into-error"/);
      assert.match(res.body, message, into);
    }
    assert.deepEqual(await counts(urbis), before);
    assert.equal((await as.member.get(url)).statusCode, 404);
    assert.equal((await as.member.post(url, { into: '4' }, `${DTP}/actions`)).statusCode, 404);

    const merged = await as.coordinator.post(url, { into: '4', explanation: 'One action now.' }, url);
    assert.equal(merged.statusCode, 303);
    assert.equal(merged.headers.location, `${DTP}/actions/5`);
    const five = (await q.findActionByNumber(ctx.db, dtp, 5))!;
    const four = (await q.findActionByNumber(ctx.db, dtp, 4))!;
    assert.equal(five.status, 'merged');
    assert.equal(five.mergedInto, four.id);
    const after = await counts(urbis);
    assert.equal(after.versions, before.versions + 1);
    assert.equal(after.audits, before.audits + 1);
    assert.equal(after.stream, before.stream + 1, 'actions.merged in the stream');
    const shown = JSON.parse((await app.inject(`${API}/4`)).body) as ActionDetail;
    assert.ok(shown.mergedFrom.includes(5), 'both numbers stay traceable');
    // Merged already: said, nothing stored.
    assert.match((await as.coordinator.get(url)).body, /was merged into/);
    assert.equal((await as.coordinator.post(url, { into: '4' }, url)).statusCode, 400);

    // The API twin; another plan's action is refused by the service itself.
    const { token } = await createAccessToken(ctx, ids.admin, 'planning');
    const api = (payload: object) =>
      app.inject({ method: 'POST', url: `${API}/6/merge`, headers: { authorization: `Bearer ${token}` }, payload });
    const bad = await api({ into: 6 });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /\/body\/into/);
    const good = await api({ into: 4, explanation: 'Same goal.' });
    assert.equal(good.statusCode, 200, good.body);
    assert.equal((JSON.parse(good.body) as ActionDetail).mergedInto, 4);
    const air = (await partnershipIdOf(ctx.db, 'air-quality'))!;
    const foreign = await createAction(
      ctx.db,
      { partnershipId: air, title: 'Elsewhere', lang: 'en', status: 'planned' },
      { userId: null, at: new Date().toISOString() },
    );
    const seven = (await q.findActionByNumber(ctx.db, dtp, 7))!;
    await assert.rejects(
      changeAction(
        ctx.db,
        seven.id,
        { status: 'merged', mergedInto: foreign.id },
        { userId: null, at: new Date().toISOString() },
      ),
      (error) => error instanceof ActionChangeError && error.field === 'merged_into',
    );
  });
});
