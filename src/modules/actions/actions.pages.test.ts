// The action plan and an action's page, HTML and JSON, on both engines: the demo plan by theme,
// filters checked (a bad status is a 400, a theme, lead or tag the plan lacks is ignored and said),
// sorting, a merged action naming the one it went into, the history, the 11th meeting's decisions
// linked both ways, and the one visibility rule for each role against each route.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { forEachEngine } from '../../../test/helpers/app.js';
import { createAccessToken } from '../../../test/support/accounts.js';
import { addMeeting, hoursFromNow } from '../../../test/support/meetings.js';
import { signInOnce, withPartnershipPeople } from '../../../test/support/partnerships.js';
import { VISITORS, type ContentAudience } from '../../core/module.js';
import { partnershipIdOf } from '../partnerships/index.js';
import { maySee } from './actions.policy.js';
import * as q from './actions.queries.js';
import { changeAction, createAction } from './actions.service.js';
import type { ActionDetail, ActionHistory, ActionPlan } from './actions.schema.js';

const base = '/partnerships/digital-transition/actions';

forEachEngine('actions: plan and pages', (engine) => {
  test('the demo plan by theme, filters, sorting, merged actions, history, decisions', async (t) => {
    const { urbis } = await withPartnershipPeople(t, engine);
    const { app } = urbis;
    const json = async <T>(url: string) => {
      const res = await app.inject(`/api/v1${url}`);
      assert.equal(res.statusCode, 200, url);
      return JSON.parse(res.body) as T;
    };

    const page = await app.inject(`/en${base}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Digital Neighbourhood Instrument/);
    assert.match(page.body, /Citizen-centric e-government/);
    assert.match(page.body, /aria-current="page"[^>]*>Actions|>Actions</);
    const plan = await json<ActionPlan>(base);
    assert.equal(plan.items.length, 15);
    assert.equal(plan.themes.length, 6);
    assert.deepEqual(
      plan.items.map((a) => a.number),
      [...Array(15).keys()].map((i) => i + 1),
    );
    assert.equal(
      plan.items.find((a) => a.number === 4)?.title,
      'Helping cities develop a user-centric e-government model',
    );

    // Filters: by status, lead, theme, tag; each checked.
    const merged = await json<ActionPlan>(`${base}?status=merged`);
    assert.deepEqual(
      merged.items.map((a) => [a.number, a.mergedInto]),
      [[12, 11]],
    );
    const sofia = await json<ActionPlan>(`${base}?lead=sofia`);
    assert.deepEqual(
      sofia.items.map((a) => a.number),
      [9, 14],
    );
    const fiveG = await json<ActionPlan>(`${base}?tag=5g&theme=6`);
    assert.deepEqual(
      fiveG.items.map((a) => a.number),
      [14, 15],
    );
    for (const bad of ['status=finished', 'sort=random', 'theme=first', 'lead=%3Cscript%3E', 'tag=a%00b']) {
      assert.equal((await app.inject(`/en${base}?${bad}`)).statusCode, 400, bad);
      assert.equal((await app.inject(`/api/v1${base}?${bad}`)).statusCode, 400, bad);
    }
    // The form's "Any" sends empty values: no filter.
    const any = await json<ActionPlan>(`${base}?theme=&status=&lead=&tag=&sort=number`);
    assert.equal(any.items.length, 15);
    assert.deepEqual(any.ignored, []);
    assert.equal((await app.inject(`/en${base}?theme=&status=merged&lead=&tag=&sort=number`)).statusCode, 200);
    const unknown = await json<ActionPlan>(`${base}?theme=99&lead=nowhere&tag=no-such-tag`);
    assert.deepEqual(unknown.ignored, ['theme', 'lead', 'tag']);
    assert.equal(unknown.items.length, 15);
    const said = await app.inject(`/en${base}?theme=99`);
    assert.equal(said.statusCode, 200);
    assert.match(said.body, /Not known in this plan, so not applied: Theme\./);
    const czech = await app.inject(`/cs${base}?lead=nowhere`);
    assert.match(czech.body, /V tomto plánu neznámé/);
    // Sorting: by progress, most first; by end, soonest first.
    const byProgress = await json<ActionPlan>(`${base}?sort=progress`);
    const progress = byProgress.items.map((a) => a.progress);
    assert.deepEqual(
      progress,
      [...progress].sort((a, b) => b - a),
    );
    const byEnd = await json<ActionPlan>(`${base}?sort=end`);
    assert.equal(byEnd.items[0]!.endsOn, '2019-06-30');

    // A merged action says into which one, and the other says what it took in.
    const twelve = await app.inject(`/en${base}/12`);
    assert.equal(twelve.statusCode, 200);
    assert.match(twelve.body, /Action 12 was merged into/);
    assert.match(twelve.body, new RegExp(`href="/en${base}/11"`));
    const eleven = await json<ActionDetail>(`${base}/11`);
    assert.deepEqual(eleven.mergedFrom, [12]);
    assert.equal(eleven.title, 'Business models and procurement for city platforms');

    // History: versions from 2018 to 2019, each with who, when, why and a snapshot.
    const history = await json<ActionHistory>(`${base}/2/history`);
    assert.ok(history.versions.length >= 4);
    assert.equal(history.versions.at(-1)!.version, 1);
    assert.match(history.versions.at(-1)!.at, /^2018-08-30/);
    assert.ok(history.versions.every((v) => typeof v.snapshot === 'object' && v.snapshot.number === 2));
    const two = await json<ActionDetail>(`${base}/2`);
    // Progress from deliverables: 2 + 1 + 1 of 8 weights done.
    assert.equal(two.progressMode, 'deliverables');
    assert.equal(two.progress, 50);
    assert.ok(two.history.length > 0 && two.history.length <= 8);
    assert.equal((await app.inject(`/en${base}/2/history`)).statusCode, 200);
    assert.match((await app.inject(`/cs${base}/2`)).body, /Klíčové činnosti/);

    // The 11th meeting's decision names Action 4: on the action's page, and from the meeting's page.
    const four = await json<ActionDetail>(`${base}/4`);
    assert.equal(four.decisions.length, 1);
    assert.equal(four.decisions[0]!.meeting, 11);
    assert.match(four.decisions[0]!.text, /two more cities/);
    const fourPage = await app.inject(`/en${base}/4`);
    assert.match(fourPage.body, /href="\/en\/partnerships\/digital-transition\/meetings\/11"/);
    const meeting = await app.inject('/en/partnerships/digital-transition/meetings/11');
    assert.match(meeting.body, new RegExp(`href="/en${base}/4"`));

    // Unknown numbers and bad paths are 404s.
    for (const url of [`${base}/99`, `${base}/0`, `${base}/abc`, '/partnerships/no-such/actions']) {
      assert.equal((await app.inject(`/en${url}`)).statusCode, 404, url);
      assert.equal((await app.inject(`/api/v1${url}`)).statusCode, 404, url);
    }
  });

  test('the minutes name an action by its id: kept, shown on the action, linked from the meeting', async (t) => {
    const { urbis, dtp, ids } = await withPartnershipPeople(t, engine);
    const { app, ctx } = urbis;
    const m = await addMeeting(ctx.db, dtp, { title: 'Action review', startsAt: hoursFromNow(-30) });
    const five = (await q.findActionByNumber(ctx.db, dtp, 5))!;
    const seven = (await q.findActionByNumber(ctx.db, dtp, 7))!;
    await changeAction(ctx.db, seven.id, { membersOnly: true }, { userId: null, at: new Date().toISOString() });
    const token = (await createAccessToken(ctx, ids.coordinator, 'test')).token;
    const write = (decisions: unknown) =>
      app.inject({
        method: 'POST',
        url: `/api/v1/partnerships/digital-transition/meetings/${m.number}/minutes`,
        headers: { authorization: `Bearer ${token}` },
        payload: { minutes: 'Reviewed.', outcomes: '', decisions } as never,
      });
    const refused = await write([{ text: 'Nothing', action: '99999' }]);
    assert.equal(refused.statusCode, 400);
    // Another partnership's action: refused too, though it exists and the coordinator may see it.
    const elsewhere = await createAction(
      ctx.db,
      {
        partnershipId: (await partnershipIdOf(ctx.db, 'inclusion-of-migrants-and-refugees'))!,
        number: 1,
        title: 'Affordable housing pilot',
        lang: 'en',
        status: 'planned',
      },
      { userId: null, at: new Date().toISOString() },
    );
    const foreign = await write([{ text: 'Elsewhere', action: String(elsewhere.id) }]);
    assert.equal(foreign.statusCode, 400);
    assert.equal(JSON.parse(foreign.body).errors[0].pointer, '/body/decisions/0/action');
    // The form offers the partnership's actions by number (the coordinator sees the members-only one too).
    const form = await app.inject({
      url: `/en/partnerships/digital-transition/meetings/${m.number}/minutes`,
      headers: { cookie: await signInOnce(urbis, 'kaja') },
    });
    assert.equal(form.statusCode, 200);
    assert.match(form.body, new RegExp(`<option value="${five.id}">Action 5: [^<]+</option>`));
    assert.match(form.body, new RegExp(`<option value="${seven.id}">Action 7: [^<]+</option>`));
    assert.doesNotMatch(form.body, new RegExp(`<option value="${elsewhere.id}">`));
    const saved = await write([
      { text: 'Once-only pilots start in two more cities.', action: String(five.id) },
      { text: 'Data stores wait for the legal study.', action: String(seven.id) },
    ]);
    assert.equal(saved.statusCode, 200, saved.body);
    const shown = JSON.parse((await app.inject(`/api/v1${base}/5`)).body) as ActionDetail;
    assert.deepEqual(
      shown.decisions.map((d) => [d.meeting, d.text]),
      [[m.number, 'Once-only pilots start in two more cities.']],
    );
    const meeting = await app.inject(`/en/partnerships/digital-transition/meetings/${m.number}`);
    assert.match(meeting.body, new RegExp(`href="/en${base}/5"`));
    // The members-only action is not named to a visitor on the meeting's page.
    assert.doesNotMatch(meeting.body, new RegExp(`href="/en${base}/7"`));
    assert.match(meeting.body, /Data stores wait for the legal study\./);
  });

  test('members-only actions: each role against each route', async (t) => {
    const { urbis, dtp } = await withPartnershipPeople(t, engine);
    const { app, ctx } = urbis;
    const seven = (await q.findActionByNumber(ctx.db, dtp, 7))!;
    await changeAction(ctx.db, seven.id, { membersOnly: true }, { userId: null, at: new Date().toISOString() });
    const readers: [string, string | undefined, boolean][] = [
      ['visitor', undefined, false],
      ['outsider', await signInOnce(urbis, 'milan'), false],
      ['member', await signInOnce(urbis, 'lotte'), true],
      ['coordinator', await signInOnce(urbis, 'kaja'), true],
      ['admin', await signInOnce(urbis, 'ines'), true],
    ];
    for (const [who, cookie, sees] of readers) {
      const get = (url: string) => app.inject({ url, headers: cookie ? { cookie } : {} });
      for (const url of [`/en${base}/7`, `/api/v1${base}/7`, `/en${base}/7/history`, `/api/v1${base}/7/history`]) {
        assert.equal((await get(url)).statusCode, sees ? 200 : 404, `${who} ${url}`);
      }
      const plan = JSON.parse((await get(`/api/v1${base}`)).body) as ActionPlan;
      assert.equal(
        plan.items.some((a) => a.number === 7),
        sees,
        `${who} plan`,
      );
      const html = (await get(`/en${base}`)).body;
      assert.equal(html.includes('Personal data stores for residents'), sees, `${who} plan page`);
      // Public actions: everyone.
      assert.equal((await get(`/en${base}/4`)).statusCode, 200, `${who} public`);
    }
  });

  test('tag pages and the activity stream name actions by the one rule', async (t) => {
    const { urbis, dtp } = await withPartnershipPeople(t, engine);
    const { app, ctx } = urbis;
    const tag = await app.inject('/en/tags/5g');
    assert.equal(tag.statusCode, 200);
    assert.match(tag.body, /Guidelines for 5G in municipalities/);
    const hub = await app.inject('/en/partnerships/digital-transition');
    assert.match(hub.body, new RegExp(`href="/en${base}/8">A quality label for open city data</a>” was completed`));
    // Members-only: gone from the tag page and the stream for visitors, there for members.
    const eight = (await q.findActionByNumber(ctx.db, dtp, 8))!;
    const fourteen = (await q.findActionByNumber(ctx.db, dtp, 14))!;
    for (const a of [eight, fourteen])
      await changeAction(ctx.db, a.id, { membersOnly: true }, { userId: null, at: new Date().toISOString() });
    assert.doesNotMatch((await app.inject('/en/tags/5g')).body, /Guidelines for 5G in municipalities/);
    assert.doesNotMatch(
      (await app.inject('/en/partnerships/digital-transition')).body,
      new RegExp(`href="/en${base}/8">`),
    );
    const member = await signInOnce(urbis, 'lotte');
    const theirs = await app.inject({ url: '/en/partnerships/digital-transition', headers: { cookie: member } });
    assert.match(theirs.body, /A quality label for open city data<\/a>” was completed/);
  });

  test('maySee and visibleActions agree for every audience', async (t) => {
    const { urbis } = await withPartnershipPeople(t, engine);
    const { ctx } = urbis;
    const dtp = (await partnershipIdOf(ctx.db, 'digital-transition'))!;
    const three = (await q.findActionByNumber(ctx.db, dtp, 3))!;
    await changeAction(ctx.db, three.id, { membersOnly: true }, { userId: null, at: new Date().toISOString() });
    const audiences: ContentAudience[] = [
      VISITORS,
      { membersOf: [dtp], editorOf: [], userId: 1 },
      { membersOf: [], editorOf: [dtp], userId: 1 },
      { membersOf: [dtp + 1000], editorOf: [], userId: 1 },
      { membersOf: 'all', editorOf: 'all', userId: 1 },
    ];
    const all = await q.findActionsByIds(
      ctx.db,
      (await ctx.db.selectFrom('actions').select('id').execute()).map((r) => r.id),
    );
    for (const audience of audiences) {
      const rows = await ctx.db.selectFrom('actions').select('id').where(q.visibleActions(audience)).execute();
      assert.deepEqual(
        rows.map((r) => r.id).sort((a, b) => a - b),
        all
          .filter((a) => maySee(audience, a))
          .map((a) => a.id)
          .sort((a, b) => a - b),
      );
    }
  });
});
