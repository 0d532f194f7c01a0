// Editing the funding register on both engines, by form and API: who may (funding editors and
// administrators edit; members of any partnership suggest; administrators grant the role; anyone else
// gets a 404, a visitor is sent to sign in), bad input said at the field or as a problem naming its
// pointer with nothing stored, one version per save with its history in words, conflicts, the
// review of suggestions, programmes, and the editor role.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { forEachEngine } from '../../../test/helpers/app.js';
import { createAccessToken } from '../../../test/support/accounts.js';
import { NEW_ITEM, setUpFunding, type FundingRole } from '../../../test/support/funding-edit.js';
import type { Urbis } from '../../app.js';
import { findOpportunity, findProgramme } from './funding.queries.js';

async function count(urbis: Urbis, table: 'funding_opportunities' | 'funding_versions' | 'core_audit_log') {
  const row = await urbis.ctx.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

const idOf = (location: string | undefined) => Number(/\/funding\/(\d+)/.exec(location ?? '')?.[1]);

forEachEngine('funding: editing the register', (engine) => {
  test('every role against every editing route: 404 for who may not, sign in for visitors', async (t) => {
    const { urbis, as } = await setUpFunding(t, engine);
    const item = (await urbis.ctx.db.selectFrom('funding_opportunities').select('id').executeTakeFirstOrThrow()).id;
    const signIn = (path: string) => `/en/sign-in?next=${encodeURIComponent(path)}`;
    type Expect = Record<FundingRole, number>;
    const roles: FundingRole[] = ['visitor', 'loner', 'outsider', 'member', 'coordinator', 'editor', 'admin'];
    const editors = (visitor: number, allowed: number, others = 404): Expect => ({
      visitor,
      loner: others,
      outsider: others,
      member: others,
      otherMember: others,
      coordinator: others,
      editor: allowed,
      admin: allowed,
    });
    const members = (visitor: number, allowed: number): Expect => ({
      visitor,
      loner: 404,
      outsider: allowed,
      member: allowed,
      otherMember: allowed,
      coordinator: allowed,
      editor: allowed,
      admin: allowed,
    });
    const pages: [string, Expect][] = [
      ['/en/funding/new', editors(303, 200)],
      [`/en/funding/${item}/edit`, editors(303, 200)],
      ['/en/funding/programmes/new', editors(303, 200)],
      ['/en/funding/programmes/urbact-iv/edit', editors(303, 200)],
      ['/en/funding/review', editors(303, 200)],
      ['/en/funding/suggest', members(303, 200)],
      ['/en/funding/suggestions', { ...members(303, 200), loner: 200 }],
      ['/en/funding/editors', { ...editors(303, 404), admin: 200 }],
      [`/en/funding/${item}/history`, { ...members(200, 200), loner: 200 }],
      ['/api/v1/funding/review', editors(401, 200)],
      ['/api/v1/funding/editors', { ...editors(401, 404), admin: 200 }],
      [`/api/v1/funding/${item}/history`, { ...members(200, 200), loner: 200 }],
    ];
    for (const [url, expect] of pages)
      for (const role of roles) {
        const response = await as[role].get(url);
        assert.equal(response.statusCode, expect[role], `${role} GET ${url}`);
        if (response.statusCode === 303) assert.equal(response.headers.location, signIn(url));
      }
    // Writes: a form that says nothing is a 400 for those who may, a 404 for the others (nothing stored).
    const before = await count(urbis, 'funding_opportunities');
    const forms: [string, Expect][] = [
      ['/en/funding/new', editors(404, 400)],
      [`/en/funding/${item}/edit`, editors(404, 400)],
      ['/en/funding/programmes/new', editors(404, 400)],
      ['/en/funding/programmes/urbact-iv/edit', editors(404, 400)],
      ['/en/funding/suggest', members(404, 400)],
      ['/en/funding/editors', { ...editors(404, 404), admin: 400 }],
      [`/en/funding/${item}/reject`, editors(404, 404)],
    ];
    for (const [url, expect] of forms)
      for (const role of roles) {
        // A visitor's token comes from the sign-in form (the only form a visitor sees).
        const response = await as[role].post(url, { title: '' }, role === 'visitor' ? '/en/sign-in' : '/en/');
        assert.equal(response.statusCode, expect[role], `${role} POST ${url}`);
      }
    assert.equal(await count(urbis, 'funding_opportunities'), before);
  });

  test('an editor adds an item by the form: every field stored, times in its zone, one version', async (t) => {
    const { urbis, as } = await setUpFunding(t, engine);
    const { db } = urbis.ctx;
    const versions = await count(urbis, 'funding_versions');
    const made = await as.editor.post('/en/funding/new', NEW_ITEM, '/en/funding/new');
    assert.equal(made.statusCode, 303, made.body.slice(0, 3000));
    const id = idOf(made.headers.location);
    const item = (await findOpportunity(db, id))!;
    assert.equal(item.title, 'Small towns data call');
    assert.equal(item.programme?.slug, 'urbact-iv');
    assert.equal(item.state, 'published');
    // 09:00 in Prague on 1 March (winter time, UTC+1), 17:00 on 1 May (summer time, UTC+2).
    assert.equal(item.opensAt, '2031-03-01T08:00:00.000Z');
    assert.deepEqual(item.deadlines, [
      { at: '2031-05-01T15:00:00.000Z', label: 'Stage 1' },
      { at: '2031-09-01T15:00:00.000Z', label: 'Stage 2' },
    ]);
    assert.equal(item.timeZone, 'Europe/Prague');
    assert.equal(item.budgetEur, 2_000_000);
    assert.equal(item.grantMaxEur, 200_000);
    assert.equal(item.cofinancingRate, 80);
    assert.deepEqual(item.eligibility, { kinds: ['city'], countries: ['CZ', 'SK'], sizes: ['small'] });
    assert.equal(item.externalId, 'TEST-1');
    assert.equal(await count(urbis, 'funding_versions'), versions + 1);

    // The form shows it again as typed: wall-clock times in its zone, an empty deadline row to add.
    const editUrl = `/en/funding/${id}/edit`;
    const form = await as.editor.get(editUrl);
    assert.match(
      form.body,
      /name="deadline_1_at"[^>]*value="2031-09-01T17:00"|value="2031-09-01T17:00"[^>]*name="deadline_1_at"/,
    );
    assert.match(form.body, /name="deadline_2_at"/);
    assert.match(form.body, /name="version" value="1"/);

    // An edit: a third deadline, a new title; "save and add more rows" comes back to the form.
    const edit = {
      ...NEW_ITEM,
      version: '1',
      title: 'Small towns open data call',
      deadline_2_at: '2031-12-01T12:00',
      deadline_2_label: 'Stage 3',
      explanation: 'A third stage was announced.',
      more: 'rows',
    };
    const saved = await as.admin.post(editUrl, edit, editUrl);
    assert.equal(saved.statusCode, 303, saved.body.slice(0, 3000));
    assert.equal(saved.headers.location, `${editUrl}?more=1`);
    assert.match((await as.admin.get(`${editUrl}?more=1`)).body, /name="deadline_5_at"/);
    // The same form again, from version 1: someone saved since, so it is refused and says so.
    const stale = await as.editor.post(editUrl, { ...edit, title: 'Another title' }, editUrl);
    assert.equal(stale.statusCode, 409);
    assert.match(stale.body, /Someone else saved a change while you were editing/);
    assert.match(stale.body, /value="Another title"/, 'what was typed is kept');
    assert.equal((await findOpportunity(db, id))!.title, 'Small towns open data call');

    // The history says who, when, why and what changed, in words.
    const history = await as.visitor.get(`/en/funding/${id}/history`);
    assert.equal(history.statusCode, 200);
    assert.match(history.body, /Oskar Brenner/);
    assert.match(history.body, /Inês Carvalho/);
    assert.match(history.body, /A third stage was announced\./);
    assert.match(history.body, /Title: “Small towns data call” became “Small towns open data call”/);
    assert.match(history.body, /Deadlines: /);
    assert.doesNotMatch(history.body, /Budget \(euros\): /, 'only what changed');
    const json = JSON.parse((await as.visitor.get(`/api/v1/funding/${id}/history`)).body);
    assert.equal(json.versions.length, 2);
    assert.deepEqual(
      json.versions[1].changes.map((c: { field: string }) => c.field),
      ['title', 'deadlines'],
    );
    const cs = await as.visitor.get(`/cs/funding/${id}/history`);
    assert.match(cs.body, /Název: z „Small towns data call“ na „Small towns open data call“/);
  });

  test('bad input: said at the field, what was typed kept, nothing stored; the API names its pointer', async (t) => {
    const { urbis, as, ids } = await setUpFunding(t, engine);
    const before = await count(urbis, 'funding_opportunities');
    const versions = await count(urbis, 'funding_versions');
    const cases: [Record<string, string>, string, RegExp][] = [
      [{ deadline_0_at: '2031-02-01T17:00' }, 'deadline_0_at', /A deadline must come after the opening/],
      [{ programme: 'no-such-programme' }, 'programme', /There is no such programme/],
      [{ budget_eur: 'lots' }, 'budget_eur', /Give an amount in whole euros/],
      [{ eligible_countries: 'CZ, XX' }, 'eligible_countries', /This is not a country code/],
      [{ opens_at: 'soon' }, 'opens_at', /Give a date and a time/],
      [{ time_zone: 'Mars/Olympus' }, 'time_zone', /This is not a time zone/],
      [{ summary: 'x'.repeat(5000) }, 'summary', /./],
      [{ grant_min_eur: '300000' }, 'grant_max_eur', /cannot be smaller than the smallest/],
    ];
    for (const [change, field, message] of cases) {
      const response = await as.editor.post('/en/funding/new', { ...NEW_ITEM, ...change }, '/en/funding/new');
      assert.equal(response.statusCode, 400, `${field}: ${response.statusCode}`);
      assert.match(response.body, new RegExp(`id="field-${field}-error"`), field);
      assert.match(response.body, message, field);
      assert.match(response.body, /href="#field-/, 'the summary links to the field');
      assert.match(response.body, /value="Small towns data call"/, 'what was typed is kept');
    }
    // NUL and bad UTF-8 in a form: the request is refused whole, before anything is read.
    const nul = await as.editor.post('/en/funding/new', { ...NEW_ITEM, title: 'A\u0000B' }, '/en/funding/new');
    assert.equal(nul.statusCode, 400);
    const broken = await urbis.app.inject({
      method: 'POST',
      url: '/en/funding/new',
      headers: { cookie: as.editor.header(), 'content-type': 'application/x-www-form-urlencoded' },
      payload: `title=%C3%28&summary=x`,
    });
    assert.ok([400, 403].includes(broken.statusCode), String(broken.statusCode));

    const { token } = await createAccessToken(urbis.ctx, ids.editor, 'funding');
    const api = (method: 'POST' | 'PUT' | 'PATCH', url: string, payload: unknown) =>
      urbis.app.inject({ method, url, headers: { authorization: `Bearer ${token}` }, payload: payload as object });
    const body = {
      kind: 'call',
      programme: 'urbact-iv',
      title: 'API call',
      summary: 'From the API.',
      time_zone: 'Europe/Brussels',
      opens_at: '2031-03-01T09:00',
      deadlines: [{ at: '2031-02-01T09:00:00Z', label: '' }],
      eligibility: { countries: ['CZ', 'ZZ'] },
      budget_eur: 'a lot',
    };
    const problem = await api('POST', '/api/v1/funding', body);
    assert.equal(problem.statusCode, 400, problem.body);
    const pointers = JSON.parse(problem.body).errors.map((e: { pointer: string }) => e.pointer);
    assert.ok(pointers.includes('/body/budget_eur'), pointers.join());
    const second = await api('POST', '/api/v1/funding', { ...body, budget_eur: 1000 });
    assert.equal(JSON.parse(second.body).errors[0].pointer, '/body/deadlines/0/at');
    const third = await api('POST', '/api/v1/funding', { ...body, budget_eur: 1000, deadlines: [] });
    assert.equal(JSON.parse(third.body).errors[0].pointer, '/body/eligibility/countries/1');
    for (const hostile of [
      { ...body, title: 'a\u0000b' },
      { ...body, title: 'x'.repeat(100_000) },
      { ...body, deadlines: 'tomorrow' },
      { ...body, eligibility: ['CZ'] },
      { ...body, version: 'one' },
      [1, 2, 3],
    ]) {
      const response = await api('POST', '/api/v1/funding', hostile);
      assert.equal(response.statusCode, 400, `${JSON.stringify(hostile).slice(0, 80)}: ${response.body.slice(0, 300)}`);
    }
    assert.equal(await count(urbis, 'funding_opportunities'), before, 'nothing stored');
    assert.equal(await count(urbis, 'funding_versions'), versions);

    // Good, then PATCH and PUT, and a stale version: 409.
    const created = await api('POST', '/api/v1/funding', { ...body, budget_eur: 1000, deadlines: [], eligibility: {} });
    assert.equal(created.statusCode, 201, created.body);
    const { id } = JSON.parse(created.body);
    assert.equal(created.headers.location, `/api/v1/funding/${id}`);
    const patched = await api('PATCH', `/api/v1/funding/${id}`, { budget_eur: 5000, version: 1 });
    assert.equal(patched.statusCode, 200, patched.body);
    assert.equal(JSON.parse(patched.body).version, 2);
    assert.equal((await findOpportunity(urbis.ctx.db, id))!.title, 'API call', 'PATCH keeps what is not sent');
    const conflict = await api('PATCH', `/api/v1/funding/${id}`, { budget_eur: 6000, version: 1 });
    assert.equal(conflict.statusCode, 409, conflict.body);
    assert.match(conflict.headers['content-type'] as string, /application\/problem\+json/);
    const put = await api('PUT', `/api/v1/funding/${id}`, { title: 'API call, whole', summary: 'Whole.' });
    assert.equal(put.statusCode, 200, put.body);
    const whole = (await findOpportunity(urbis.ctx.db, id))!;
    assert.equal(whole.budgetEur, null, 'PUT empties what is not sent');
    assert.equal(whole.programme, null);
    const missing = await api('PATCH', '/api/v1/funding/99999999', { title: 'x' });
    assert.equal(missing.statusCode, 404);
    const { token: memberToken } = await createAccessToken(urbis.ctx, ids.member, 'funding');
    const refused = await urbis.app.inject({
      method: 'POST',
      url: '/api/v1/funding',
      headers: { authorization: `Bearer ${memberToken}` },
      payload: body,
    });
    assert.equal(refused.statusCode, 404);
  });

  test('a member suggests; editors review (reject with a reason the suggester reads, accept)', async (t) => {
    const { urbis, as } = await setUpFunding(t, engine);
    const { db } = urbis.ctx;
    const sent = await as.member.post('/en/funding/suggest', NEW_ITEM, '/en/funding/suggest');
    assert.equal(sent.statusCode, 303, sent.body.slice(0, 3000));
    assert.equal(sent.headers.location, '/en/funding/suggestions?done=sent');
    const row = await db
      .selectFrom('funding_opportunities')
      .selectAll()
      .where('title', '=', NEW_ITEM.title!)
      .executeTakeFirstOrThrow();
    assert.equal(row.state, 'suggested');
    assert.equal(row.external_id, null, 'a suggestion has no external id');
    // The suggester sees it and its state; a visitor and another member do not.
    const mine = await as.member.get('/en/funding/suggestions?done=sent');
    assert.match(mine.body, /Suggested, waiting for review/);
    assert.match(mine.body, /Thank you/);
    assert.equal((await as.visitor.get(`/en/funding/${row.id}/history`)).statusCode, 404);
    assert.equal((await as.otherMember.get(`/en/funding/${row.id}/history`)).statusCode, 404);
    assert.equal((await as.member.get(`/en/funding/${row.id}/history`)).statusCode, 200);
    // Editors' queue.
    const queue = await as.editor.get('/en/funding/review');
    assert.match(queue.body, /Small towns data call/);
    // Rejecting needs a reason.
    const noReason = await as.editor.post(
      `/en/funding/${row.id}/reject`,
      { [`reason-${row.id}`]: ' ' },
      '/en/funding/review',
    );
    assert.equal(noReason.statusCode, 400);
    assert.match(noReason.body, /Say why/);
    assert.equal((await findOpportunity(db, row.id))!.state, 'suggested');
    const rejected = await as.editor.post(
      `/en/funding/${row.id}/reject`,
      { [`reason-${row.id}`]: 'It is in the register already.' },
      '/en/funding/review',
    );
    assert.equal(rejected.statusCode, 303);
    assert.equal((await findOpportunity(db, row.id))!.state, 'rejected');
    const after = await as.member.get('/en/funding/suggestions');
    assert.match(after.body, /Not taken into the register/);
    assert.match(after.body, /It is in the register already\./);
    // Deciding again: it is no longer waiting.
    assert.equal((await as.editor.post(`/en/funding/${row.id}/accept`, {}, '/en/funding/review')).statusCode, 404);

    // Another, by the API, accepted by the API.
    const { token } = await createAccessToken(
      urbis.ctx,
      (await db.selectFrom('users').select('id').where('handle', '=', 'lotte').executeTakeFirstOrThrow()).id,
      'x',
    );
    const suggested = await urbis.app.inject({
      method: 'POST',
      url: '/api/v1/funding/suggestions',
      headers: { authorization: `Bearer ${token}` },
      payload: { title: 'Heat maps prize', summary: 'A prize.', kind: 'prize' },
    });
    assert.equal(suggested.statusCode, 201, suggested.body);
    const { id, state } = JSON.parse(suggested.body);
    assert.equal(state, 'suggested');
    const audits = await count(urbis, 'core_audit_log');
    const accepted = await as.admin.post(`/en/funding/${id}/accept`, {}, '/en/funding/review');
    assert.equal(accepted.statusCode, 303);
    assert.equal((await findOpportunity(db, id))!.state, 'published');
    assert.equal(await count(urbis, 'core_audit_log'), audits + 1);
    assert.equal((await as.visitor.get(`/en/funding/${id}/history`)).statusCode, 200);
    // A person of no partnership may not suggest.
    assert.equal((await as.loner.post('/en/funding/suggest', NEW_ITEM, '/en/')).statusCode, 404);
  });

  test('programmes added and changed by form and API; the editor role granted and ended by an admin', async (t) => {
    const { urbis, as, ids } = await setUpFunding(t, engine);
    const { db } = urbis.ctx;
    const programme = {
      slug: 'small-towns-fund',
      name: 'Small Towns Fund',
      period_from: '2028',
      period_to: '2034',
      budget_eur: '50000000',
      budget_note: '',
      managing_service: 'DG REGIO',
      url: 'https://example.eu/fund',
      description: 'For small towns.',
    };
    const bad = await as.editor.post('/en/funding/programmes/new', { ...programme, period_to: '2020' }, '/en/');
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /The end cannot come before the start/);
    const made = await as.editor.post('/en/funding/programmes/new', programme, '/en/');
    assert.equal(made.statusCode, 303, made.body.slice(0, 2000));
    assert.match(made.headers.location ?? '', /^\/en\/funding\/programmes\/small-towns-fund(\/edit)?$/);
    assert.equal((await findProgramme(db, { slug: 'small-towns-fund' }))!.budgetEur, 50_000_000);
    const again = await as.editor.post('/en/funding/programmes/new', programme, '/en/');
    assert.match(again.body, /Another programme already has this short name/);
    const edited = await as.admin.post(
      '/en/funding/programmes/small-towns-fund/edit',
      { ...programme, name: 'Small Towns Fund II' },
      '/en/',
    );
    assert.equal(edited.statusCode, 303);
    assert.equal((await findProgramme(db, { slug: 'small-towns-fund' }))!.name, 'Small Towns Fund II');
    const { token } = await createAccessToken(urbis.ctx, ids.editor, 'funding');
    const api = await urbis.app.inject({
      method: 'PUT',
      url: '/api/v1/programmes/small-towns-fund',
      headers: { authorization: `Bearer ${token}` },
      payload: { name: 'Small Towns Fund III', budget_eur: 'many' },
    });
    assert.equal(api.statusCode, 400);
    assert.equal(JSON.parse(api.body).errors[0].pointer, '/body/budget_eur');

    // The role: an administrator grants it by handle, then ends it; each an audit entry.
    assert.equal((await as.loner.get('/en/funding/new')).statusCode, 404);
    const unknown = await as.admin.post('/en/funding/editors', { handle: 'nobody-here' }, '/en/funding/editors');
    assert.equal(unknown.statusCode, 400);
    assert.match(unknown.body, /There is no account with this handle/);
    const audits = await count(urbis, 'core_audit_log');
    const granted = await as.admin.post('/en/funding/editors', { handle: 'rosa' }, '/en/funding/editors');
    assert.equal(granted.statusCode, 303);
    assert.equal((await as.loner.get('/en/funding/new')).statusCode, 200, 'read fresh: at once');
    assert.match((await as.admin.get('/en/funding/editors')).body, /Rosa Lindqvist/);
    const ended = await as.admin.post('/en/funding/editors/rosa/remove', {}, '/en/funding/editors');
    assert.equal(ended.statusCode, 303);
    assert.equal((await as.loner.get('/en/funding/new')).statusCode, 404);
    assert.equal(await count(urbis, 'core_audit_log'), audits + 2);
    const log = await as.admin.get('/en/admin/audit');
    assert.match(log.body, /made Rosa Lindqvist a funding editor/);
    assert.match(log.body, /saved the programme Small Towns Fund II/);
  });
});
