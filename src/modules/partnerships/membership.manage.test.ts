import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import type { Urbis } from '../../app.js';
import { buildTestApp, forEachEngine, type Engine } from '../../../test/helpers/app.js';
import { Browser, createAccessToken, fieldError } from '../../../test/support/accounts.js';
import { createUser } from '../accounts/index.js';
import { partnershipIdOf, putPerson, roleOf } from './membership.queries.js';

const PASSWORD = 'a long enough password';
const DTP = '/en/partnerships/digital-transition';
const API = '/api/v1/partnerships/digital-transition';

/**
 * The demo (the Digital Transition Partnership has 40 people), with Kaja (coordinator), Lotte
 * (member), Milan (outsider) and Ines (administrator), each in a browser of their own.
 */
async function setUp(t: Parameters<typeof buildTestApp>[0], engine: Engine) {
  const urbis = await buildTestApp(t, engine, { demo: true });
  const db = urbis.ctx.db;
  const dtp = (await partnershipIdOf(db, 'digital-transition'))!;
  const ids: Record<string, number> = {};
  const as: Record<string, Browser> = {};
  const people = [
    ['kaja', 'Kaja Tamm', 'coordinator', false],
    ['lotte', 'Lotte Verbeek', 'member', false],
    ['milan', 'Milan Horák', null, false],
    ['ines', 'Inês Carvalho', null, true],
  ] as const;
  for (const [i, [handle, name, role, isAdmin]] of people.entries()) {
    ids[handle] = await createUser(db, {
      email: `${handle}@example.eu`,
      handle,
      displayName: name,
      password: PASSWORD,
      isAdmin,
    });
    if (role) await putPerson(db, dtp, ids[handle]!, role);
    as[handle] = new Browser(urbis.app, { remoteAddress: `10.0.4.${i + 2}` });
    assert.equal((await as[handle]!.signIn(`${handle}@example.eu`, PASSWORD)).statusCode, 303);
  }
  return { urbis, dtp, ids, as };
}

/** The mails in the outbox sent to an address, oldest first. */
function mailsTo(urbis: Urbis, email: string): string[] {
  const outbox = path.join(urbis.ctx.config.dataDir, 'outbox');
  if (!existsSync(outbox)) return [];
  return readdirSync(outbox)
    .sort()
    .map((f) => readFileSync(path.join(outbox, f), 'utf8').replace(/=\r?\n/g, ''))
    .filter((m) => m.toLowerCase().includes(`to: ${email.toLowerCase()}`));
}

const notes = (urbis: Urbis, userId: number) =>
  urbis.ctx.db
    .selectFrom('notifications')
    .select(['kind', 'subject', 'path'])
    .where('user_id', '=', userId)
    .orderBy('id')
    .execute();

/** The rows of the people table, as `handle: role` from the select of each. */
function tableRoles(html: string): Map<string, string> {
  const rows = new Map<string, string>();
  for (const match of html.matchAll(/<select id="field-role-([a-z0-9-]+)"[^>]*>([\s\S]*?)<\/select>/g)) {
    const chosen = /<option value="([a-z]+)" selected/.exec(match[2]!)?.[1];
    rows.set(match[1]!, chosen ?? '');
  }
  return rows;
}

forEachEngine('managing a partnership', (engine) => {
  test('the table lists 40 people in one form, filters by role and by name (any case and accents)', async (t) => {
    const { as } = await setUp(t, engine);
    const page = await as.kaja!.get(`${DTP}/manage`);
    assert.equal(page.statusCode, 200);
    const everyone = tableRoles(page.body);
    assert.ok(everyone.size >= 40, `the demo partnership has about 40 people (${everyone.size})`);
    assert.equal(everyone.get('lotte'), 'member');
    assert.equal(
      (page.body.match(/<form method="post" action="\/en\/partnerships\/digital-transition\/people"/g) ?? []).length,
      1,
      'one save',
    );
    assert.equal((page.body.match(/type="submit"[^>]*>Save the changes/g) ?? []).length, 1);
    assert.match(
      page.body,
      /role="region" aria-labelledby="people-caption" tabindex="0"/,
      'the table scrolls in its own region',
    );

    const coordinators = tableRoles((await as.kaja!.get(`${DTP}/manage?role=coordinator`)).body);
    assert.ok(coordinators.size >= 2 && [...coordinators.values()].every((r) => r === 'coordinator'));
    const byName = await as.kaja!.get(`${DTP}/manage?q=HORAK`);
    assert.deepEqual([...tableRoles(byName.body).keys()], [], 'Milan is not a member');
    const lotte = await as.kaja!.get(`${DTP}/manage?q=verbe&role=member`);
    assert.deepEqual([...tableRoles(lotte.body).keys()], ['lotte']);
    assert.match(lotte.body, /Showing 1 of/);
    assert.match((await as.kaja!.get(`${DTP}/manage?q=tam`)).body, /id="field-role-kaja"/);
    // The organisation of each person whose affiliation is confirmed (the demo people's).
    const table = page.body.slice(page.body.indexOf('<table class="table people-table">'));
    assert.match(table, /<td><a href="\/en\/organisations\/[a-z-]+">[^<]+<\/a><\/td>/);
    const api = await as.kaja!.get(`${API}/manage?role=coordinator`);
    assert.equal(api.statusCode, 200);
    const json = api.json() as { people: { role: string; organisations: unknown[] }[]; total: number };
    assert.ok(json.people.every((p) => p.role === 'coordinator'));
    assert.ok(json.people.some((p) => p.organisations.length > 0));
    assert.ok(json.total >= 40);
  });

  test('hostile filters are answered at the filter fields, with a 400', async (t) => {
    const { as } = await setUp(t, engine);
    const role = await as.kaja!.get(`${DTP}/manage?role=admin`);
    assert.equal(role.statusCode, 400);
    assert.ok(fieldError(role.body, 'filter-role'));
    const long = await as.kaja!.get(`${DTP}/manage?q=${'a'.repeat(101)}`);
    assert.equal(long.statusCode, 400);
    assert.match(fieldError(long.body, 'filter-q') ?? '', /100/);
    assert.equal((await as.kaja!.get(`${DTP}/manage?q=a%00b`)).statusCode, 400);
    assert.equal((await as.kaja!.get(`${DTP}/manage?q=a&q=b`)).statusCode, 400);
    const api = await as.kaja!.get(`${API}/manage?role=admin`);
    assert.equal(api.statusCode, 400);
  });

  test('one save changes roles and removes a person, each recorded; nothing when one row is wrong', async (t) => {
    const { urbis, dtp, ids, as } = await setUp(t, engine);
    const db = urbis.ctx.db;
    const extra = await createUser(db, {
      email: 'tomas@example.eu',
      handle: 'tomas',
      displayName: 'Tomáš Dvořák',
      password: PASSWORD,
    });
    await putPerson(db, dtp, extra, 'member');
    await as.kaja!.get(`${DTP}/manage`);
    const bad = await as.kaja!.post(`${DTP}/people`, {
      'was-lotte': 'member',
      'role-lotte': 'moderator',
      'was-tomas': 'member',
      'role-tomas': 'chief',
    });
    assert.equal(bad.statusCode, 400);
    assert.ok(fieldError(bad.body, 'role-tomas'));
    assert.equal(await roleOf(db, dtp, ids.lotte!), 'member', 'nothing saved');

    const saved = await as.kaja!.post(`${DTP}/people`, {
      'was-lotte': 'member',
      'role-lotte': 'moderator',
      'was-tomas': 'member',
      'role-tomas': 'member',
      'remove-tomas': 'on',
      'was-kaja': 'coordinator',
      'role-kaja': 'coordinator',
      'filter-role': 'member',
    });
    assert.equal(saved.statusCode, 303);
    assert.equal(saved.headers.location, `${DTP}/manage?role=member&done=saved#people`, 'the filters are kept');
    assert.equal(await roleOf(db, dtp, ids.lotte!), 'moderator');
    assert.equal(await roleOf(db, dtp, extra), null);
    const audit = await db
      .selectFrom('core_audit_log')
      .select('action')
      .where('partnership_id', '=', dtp)
      .orderBy('id')
      .execute();
    assert.deepEqual(
      audit.map((a) => a.action),
      ['partnerships.changeRole', 'partnerships.removeMember'],
    );
    const nothing = await as.kaja!.post(`${DTP}/people`, { 'was-lotte': 'moderator', 'role-lotte': 'moderator' });
    assert.equal(nothing.headers.location, `${DTP}/manage?done=unchanged#people`);
  });

  test('a row changed meanwhile is not overwritten: nothing is saved, and the row says so', async (t) => {
    const { urbis, dtp, ids, as } = await setUp(t, engine);
    const db = urbis.ctx.db;
    const extra = await createUser(db, {
      email: 'tomas@example.eu',
      handle: 'tomas',
      displayName: 'Tomáš Dvořák',
      password: PASSWORD,
    });
    await putPerson(db, dtp, extra, 'member');
    await as.kaja!.get(`${DTP}/manage`);
    // Another coordinator makes Lotte a moderator and takes Tomáš out after Kaja opened the page.
    await putPerson(db, dtp, ids.lotte!, 'moderator');
    await db.deleteFrom('partnership_people').where('user_id', '=', extra).execute();
    const answer = await as.kaja!.post(`${DTP}/people`, {
      'was-lotte': 'member',
      'role-lotte': 'coordinator',
      'was-tomas': 'member',
      'role-tomas': 'moderator',
    });
    assert.equal(answer.statusCode, 409);
    assert.match(fieldError(answer.body, 'role-lotte') ?? '', /changed this role meanwhile: it is now Moderator/);
    assert.match(answer.body, /Tomáš Dvořák is no longer a member/);
    assert.equal(tableRoles(answer.body).get('lotte'), 'moderator', 'the row shows what is stored now');
    assert.equal(await roleOf(db, dtp, ids.lotte!), 'moderator', 'not overwritten');

    const api = await as.kaja!.get(`${API}/manage`, {});
    assert.equal(api.statusCode, 200);
    const { token } = await createAccessToken(urbis.ctx, ids.kaja!, 'manage');
    const call = (url: string, body: unknown) =>
      urbis.app.inject({
        method: 'POST',
        url,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        payload: JSON.stringify(body),
      });
    const stale = await call(`${API}/people`, { changes: [{ handle: 'lotte', from: 'member', to: 'coordinator' }] });
    assert.equal(stale.statusCode, 409);
    assert.equal(stale.json().errors[0].pointer, '/body/changes/0/from');
    const last = await call(`${API}/people`, {
      changes: [{ handle: 'kaja', from: 'coordinator', to: 'member' }],
    });
    assert.equal(last.statusCode, 200, 'the demo coordinators stay');
    assert.equal(await roleOf(db, dtp, ids.kaja!), 'member');
  });

  test('the partnership never loses its last coordinator: the message is at the row', async (t) => {
    const { urbis, dtp, ids, as } = await setUp(t, engine);
    const db = urbis.ctx.db;
    await db
      .deleteFrom('partnership_people')
      .where('partnership_id', '=', dtp)
      .where('user_id', 'not in', [ids.kaja!, ids.lotte!])
      .execute();
    const { token } = await createAccessToken(urbis.ctx, ids.kaja!, 'manage');
    const answer = await urbis.app.inject({
      method: 'POST',
      url: `${API}/people`,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      payload: JSON.stringify({
        changes: [
          { handle: 'lotte', from: 'member', to: 'moderator' },
          { handle: 'kaja', from: 'coordinator', to: 'removed' },
        ],
      }),
    });
    assert.equal(answer.statusCode, 400);
    assert.equal(answer.json().errors[0].pointer, '/body/changes/1/to');
    assert.equal(await roleOf(db, dtp, ids.lotte!), 'member', 'nothing saved');
    assert.equal(await roleOf(db, dtp, ids.kaja!), 'coordinator');
    for (const body of [{}, { changes: 'all' }, { changes: [{ handle: 'LOTTE', from: 'member', to: 'admin' }] }]) {
      const hostile = await urbis.app.inject({
        method: 'POST',
        url: `${API}/people`,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        payload: JSON.stringify(body),
      });
      assert.equal(hostile.statusCode, 400, JSON.stringify(body));
    }
    await as.kaja!.get(`${DTP}/manage`);
    const forged = await as.kaja!.post(`${DTP}/people`, { 'was-../x': 'member', 'role-../x': 'coordinator' });
    assert.equal(forged.statusCode, 400);
  });

  test('asking to join tells every coordinator; the person is told when accepted or refused', async (t) => {
    const { urbis, dtp, ids, as } = await setUp(t, engine);
    const db = urbis.ctx.db;
    const coordinators = await db
      .selectFrom('partnership_people')
      .select('user_id')
      .where('partnership_id', '=', dtp)
      .where('role', '=', 'coordinator')
      .execute();
    assert.ok(coordinators.length >= 2);
    assert.equal((await as.milan!.post(`${DTP}/join`, { message: 'Brno' }, DTP)).statusCode, 303);
    assert.equal((await as.milan!.post(`${DTP}/join`, { message: 'again' }, DTP)).statusCode, 303);
    for (const { user_id } of coordinators) {
      assert.deepEqual(
        await notes(urbis, user_id),
        [
          {
            kind: 'partnerships.notification.joinRequest',
            subject: 'Digital Transition',
            path: '/partnerships/digital-transition/manage#requests',
          },
        ],
        'each coordinator is told once',
      );
    }
    const list = await as.kaja!.get('/en/notifications');
    assert.match(list.body, /New request to join Digital Transition/);
    const requestId = /people\/milan"[\s\S]*?\/requests\/(\d+)/.exec((await as.kaja!.get(`${DTP}/manage`)).body)?.[1];
    assert.equal((await as.kaja!.post(`${DTP}/requests/${requestId}`, { decision: 'refuse' })).statusCode, 303);
    assert.deepEqual(
      (await notes(urbis, ids.milan!)).map((n) => n.kind),
      ['partnerships.notification.joinRefused'],
    );
    assert.match((await as.milan!.get('/cs/notifications')).body, /byla zamítnuta/);

    await as.milan!.post(`${DTP}/join`, {}, DTP);
    const again = /people\/milan"[\s\S]*?\/requests\/(\d+)/.exec((await as.kaja!.get(`${DTP}/manage`)).body)?.[1];
    assert.equal((await as.kaja!.post(`${DTP}/requests/${again}`, { decision: 'approve' })).statusCode, 303);
    assert.deepEqual(
      (await notes(urbis, ids.milan!)).map((n) => n.kind),
      ['partnerships.notification.joinRefused', 'partnerships.notification.joinApproved'],
    );
    assert.equal(await roleOf(db, dtp, ids.milan!), 'member');
  });

  test('an invitation has a personal message, is listed while pending; revoked, its link is not valid', async (t) => {
    const { urbis, as } = await setUp(t, engine);
    await as.kaja!.get(`${DTP}/manage`);
    const long = await as.kaja!.post(`${DTP}/invitations`, {
      email: 'nova@example.eu',
      role: 'member',
      message: 'x'.repeat(1001),
    });
    assert.equal(long.statusCode, 400);
    assert.match(fieldError(long.body, 'message') ?? '', /1,000/);
    assert.equal(mailsTo(urbis, 'nova@example.eu').length, 0);
    const nul = await as.kaja!.post(`${DTP}/invitations`, {
      email: 'nova@example.eu',
      role: 'member',
      message: 'a\0b',
    });
    assert.equal(nul.statusCode, 400);

    const sent = await as.kaja!.post(`${DTP}/invitations`, {
      email: 'nova@example.eu',
      role: 'moderator',
      message: 'Welcome aboard: we need you for action 3.',
    });
    assert.equal(sent.headers.location, `${DTP}/manage?done=invited#invitations`);
    const [mail] = mailsTo(urbis, 'nova@example.eu');
    assert.match(mail!, /Kaja Tamm wrote:/);
    assert.match(mail!, /we need you for action 3/);
    const link = new URL(/https?:\/\/\S+\/en\/invitations\/[A-Za-z0-9_-]+/.exec(mail!)![0]).pathname;

    const manage = await as.kaja!.get(`${DTP}/manage`);
    assert.match(manage.body, /2 pending invitations/, 'the demo’s and this one');
    assert.match(manage.body, /nova@example\.eu/);
    const invitationId = /nova@example\.eu[\s\S]*?\/invitations\/(\d+)\/revoke/.exec(manage.body)?.[1];
    assert.ok(invitationId);

    await createUser(urbis.ctx.db, {
      email: 'nova@example.eu',
      handle: 'nova',
      displayName: 'Nova Novak',
      password: PASSWORD,
    });
    const nova = new Browser(urbis.app, { remoteAddress: '10.0.4.20' });
    await nova.signIn('nova@example.eu', PASSWORD);
    const open = await nova.get(link);
    assert.equal(open.statusCode, 200);
    assert.match(open.body, /Kaja Tamm wrote:/);
    assert.match(open.body, /we need you for action 3/);

    // Another user can not revoke it, nor can a coordinator of another partnership's id.
    assert.equal((await as.lotte!.post(`${DTP}/invitations/${invitationId}/revoke`, {}, DTP)).statusCode, 404);
    const revoked = await as.kaja!.post(`${DTP}/invitations/${invitationId}/revoke`, {}, `${DTP}/manage`);
    assert.equal(revoked.headers.location, `${DTP}/manage?done=revoked#invitations`);
    const twice = await as.kaja!.post(`${DTP}/invitations/${invitationId}/revoke`, {}, `${DTP}/manage`);
    assert.equal(twice.headers.location, `${DTP}/manage?done=not-revoked#invitations`);
    assert.equal((await as.kaja!.post(`${DTP}/invitations/x1/revoke`, {}, `${DTP}/manage`)).statusCode, 404);

    const gone = await nova.get(link);
    assert.equal(gone.statusCode, 404);
    assert.match(gone.body, /withdrew this invitation, and it is no longer valid/);
    const taken = await nova.post(link, {}, link);
    assert.equal(taken.statusCode, 404);
    assert.match(taken.body, /no longer valid/);
    assert.doesNotMatch((await as.kaja!.get(`${DTP}/manage`)).body, /nova@example\.eu/, 'no longer pending');
  });

  test('leaving asks first; the overview links to the question, and the JSON API leaves with a POST', async (t) => {
    const { urbis, dtp, ids, as } = await setUp(t, engine);
    const overview = await as.lotte!.get(DTP);
    assert.match(overview.body, /<a href="\/en\/partnerships\/digital-transition\/leave">Leave this partnership<\/a>/);
    const question = await as.lotte!.get(`${DTP}/leave`);
    assert.equal(question.statusCode, 200);
    assert.match(question.body, /You are about to leave Digital Transition/);
    assert.match(question.body, /Cancel and stay/);
    assert.equal(await roleOf(urbis.ctx.db, dtp, ids.lotte!), 'member', 'the question changes nothing');
    assert.equal((await as.milan!.get(`${DTP}/leave`)).statusCode, 404, 'nothing to leave');
    const left = await as.lotte!.post(`${DTP}/leave`, {}, `${DTP}/leave`);
    assert.equal(left.headers.location, `${DTP}?done=left`);
    assert.equal(await roleOf(urbis.ctx.db, dtp, ids.lotte!), null);

    const { token } = await createAccessToken(urbis.ctx, ids.kaja!, 'leave');
    const call = () =>
      urbis.app.inject({ method: 'POST', url: `${API}/leave`, headers: { authorization: `Bearer ${token}` } });
    assert.equal((await urbis.app.inject({ method: 'GET', url: `${API}/leave` })).statusCode, 404);
    const api = await call();
    assert.equal(api.statusCode, 200);
    assert.deepEqual(api.json(), { left: true });
    assert.equal((await call()).statusCode, 404, 'not a member any more');
  });
});
