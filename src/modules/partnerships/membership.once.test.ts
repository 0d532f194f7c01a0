import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { sql } from 'kysely';
import type { Urbis } from '../../app.js';
import { buildTestApp, forEachEngine, type Engine } from '../../../test/helpers/app.js';
import { Browser } from '../../../test/support/accounts.js';
import { createUser } from '../accounts/index.js';
import { partnershipIdOf, putPerson, roleOf } from './membership.queries.js';
import { migration as joinRequestsOnce } from './migrations/20261206071000_partnerships_join_requests_once.js';

const PASSWORD = 'a long enough password';
const TIMES = 20;
const DTP = '/en/partnerships/digital-transition';

/** A demo app with Kaja (coordinator), Lotte (member) and Milan (outsider) of the Digital Transition Partnership. */
async function setUp(t: Parameters<typeof buildTestApp>[0], engine: Engine) {
  const urbis = await buildTestApp(t, engine, { demo: true });
  const db = urbis.ctx.db;
  const dtp = (await partnershipIdOf(db, 'digital-transition'))!;
  const ids: Record<string, number> = {};
  const as: Record<string, Browser> = {};
  for (const [i, [handle, name, role]] of (
    [
      ['kaja', 'Kaja Tamm', 'coordinator'],
      ['lotte', 'Lotte Verbeek', 'member'],
      ['milan', 'Milan Horák', null],
    ] as const
  ).entries()) {
    ids[handle] = await createUser(db, {
      email: `${handle}@example.eu`,
      handle,
      displayName: name,
      password: PASSWORD,
    });
    if (role) await putPerson(db, dtp, ids[handle]!, role);
    as[handle] = new Browser(urbis.app, { remoteAddress: `10.0.3.${i + 2}` });
    assert.equal((await as[handle]!.signIn(`${handle}@example.eu`, PASSWORD)).statusCode, 303);
  }
  return { urbis, dtp, ids, as };
}

const rows = async (urbis: Urbis, query: ReturnType<typeof sql<{ n: number }>>) =>
  Number((await query.execute(urbis.ctx.db)).rows[0]?.n);

/** Sends the same form `TIMES` times at once (the token of the page opened before). */
const atOnce = (browser: Browser, url: string, fields: Record<string, string>) =>
  Promise.all(Array.from({ length: TIMES }, () => browser.post(url, fields)));

const statuses = (answers: { statusCode: number }[]) => [...new Set(answers.map((a) => a.statusCode))].sort();

/** Invites an address as Kaja and returns the invitation's address (from the mail). */
async function invite(urbis: Urbis, kaja: Browser, email: string, role = 'member'): Promise<string> {
  assert.equal((await kaja.post(`${DTP}/invitations`, { email, role }, `${DTP}/manage`)).statusCode, 303);
  const outbox = path.join(urbis.ctx.config.dataDir, 'outbox');
  const mails = readdirSync(outbox)
    .sort()
    .map((f) => readFileSync(path.join(outbox, f), 'utf8').replace(/=\r?\n/g, ''))
    .filter((m) => m.toLowerCase().includes(`to: ${email.toLowerCase()}`));
  const token = /\/en\/invitations\/([A-Za-z0-9_-]+)/.exec(mails.at(-1) ?? '')?.[1];
  assert.ok(token, 'the mail carries the link');
  return `/en/invitations/${token}`;
}

forEachEngine('membership writes that happen once', (engine) => {
  test(`${TIMES} join requests at once make one waiting request; asking again says it is waiting`, async (t) => {
    const { urbis, dtp, ids, as } = await setUp(t, engine);
    await as.milan!.get(DTP);
    const answers = await atOnce(as.milan!, `${DTP}/join`, { message: 'Brno would like to help.' });
    assert.deepEqual(statuses(answers), [303], 'no error');
    const waiting = sql<{ n: number }>`select count(*) as n from partnership_join_requests
      where partnership_id = ${dtp} and user_id = ${ids.milan} and status = 'pending'`;
    assert.equal(await rows(urbis, waiting), 1);
    const again = await as.milan!.post(`${DTP}/join`, { message: 'Again' }, DTP);
    assert.equal(again.headers.location, `${DTP}?done=already`);
    assert.match((await as.milan!.get(String(again.headers.location))).body, /your request is waiting/);
    assert.equal(await rows(urbis, waiting), 1);
  });

  test('the migration keeps the oldest of duplicate waiting requests, and the index refuses new ones', async (t) => {
    const { urbis, dtp, ids } = await setUp(t, engine);
    const db = urbis.ctx.db;
    // The demo's own requests to join are not what this test is about.
    await db.deleteFrom('partnership_join_requests').execute();
    await sql`drop index partnership_join_requests_one_pending`.execute(db);
    const add = (userId: number, message: string, status: 'pending' | 'refused' = 'pending') =>
      db
        .insertInto('partnership_join_requests')
        .values({
          partnership_id: dtp,
          user_id: userId,
          message,
          status,
          created_at: new Date().toISOString(),
          decided_by: null,
          decided_at: null,
        })
        .execute();
    await add(ids.milan!, 'first');
    await add(ids.milan!, 'second');
    await add(ids.milan!, 'third');
    await add(ids.milan!, 'refused before', 'refused');
    await add(ids.lotte!, 'another person');
    await joinRequestsOnce.up(db, urbis.ctx.dialect);
    const left = await db
      .selectFrom('partnership_join_requests')
      .select(['user_id', 'message', 'status'])
      .orderBy('id')
      .execute();
    assert.deepEqual(left, [
      { user_id: ids.milan, message: 'first', status: 'pending' },
      { user_id: ids.milan, message: 'refused before', status: 'refused' },
      { user_id: ids.lotte, message: 'another person', status: 'pending' },
    ]);
    await assert.rejects(add(ids.milan!, 'fourth'), 'a second waiting request is refused by the database');
    await add(ids.milan!, 'refused again', 'refused');
  });

  test(`${TIMES} approvals of one request at once: one member, one audit record, one activity line`, async (t) => {
    const { urbis, dtp, ids, as } = await setUp(t, engine);
    assert.equal((await as.milan!.post(`${DTP}/join`, {}, DTP)).statusCode, 303);
    const manage = await as.kaja!.get(`${DTP}/manage`);
    const requestId = /people\/milan"[\s\S]*?\/requests\/(\d+)/.exec(manage.body)?.[1];
    assert.ok(requestId);
    const answers = await atOnce(as.kaja!, `${DTP}/requests/${requestId}`, { decision: 'approve' });
    assert.deepEqual(statuses(answers), [303], 'no error');
    const locations = answers.map((a) => String(a.headers.location));
    assert.equal(locations.filter((l) => l.includes('done=approved')).length, 1, 'one approval');
    assert.equal(locations.filter((l) => l.includes('done=decided')).length, TIMES - 1, 'the others: decided already');
    assert.equal(await roleOf(urbis.ctx.db, dtp, ids.milan!), 'member');
    const audit = sql<{
      n: number;
    }>`select count(*) as n from core_audit_log where action = 'partnerships.approveJoin'`;
    assert.equal(await rows(urbis, audit), 1);
    const joined = sql<{ n: number }>`select count(*) as n from partnership_activity
      where kind = 'joined' and actor_id = ${ids.milan}`;
    assert.equal(await rows(urbis, joined), 1);
  });

  test(`${TIMES} acceptances of one invitation at once: one member, one activity line, no error`, async (t) => {
    const { urbis, dtp, ids, as } = await setUp(t, engine);
    const link = await invite(urbis, as.kaja!, 'milan@example.eu', 'moderator');
    await as.milan!.get(link);
    const answers = await atOnce(as.milan!, link, {});
    assert.ok(
      answers.every((a) => a.statusCode === 303 || a.statusCode === 404),
      statuses(answers).join(),
    );
    assert.equal(answers.filter((a) => a.statusCode === 303).length, 1);
    assert.equal(await roleOf(urbis.ctx.db, dtp, ids.milan!), 'moderator');
    const joined = sql<{ n: number }>`select count(*) as n from partnership_activity
      where kind = 'joined' and actor_id = ${ids.milan}`;
    assert.equal(await rows(urbis, joined), 1);
  });

  test('approving the request of someone invited meanwhile keeps the role the invitation gave', async (t) => {
    const { urbis, dtp, ids, as } = await setUp(t, engine);
    assert.equal((await as.milan!.post(`${DTP}/join`, {}, DTP)).statusCode, 303);
    const requestId = /people\/milan"[\s\S]*?\/requests\/(\d+)/.exec((await as.kaja!.get(`${DTP}/manage`)).body)?.[1];
    const link = await invite(urbis, as.kaja!, 'milan@example.eu', 'moderator');
    assert.equal((await as.milan!.post(link, {}, link)).statusCode, 303);
    assert.equal(
      (await as.kaja!.post(`${DTP}/requests/${requestId}`, { decision: 'approve' }, `${DTP}/manage`)).statusCode,
      303,
    );
    assert.equal(await roleOf(urbis.ctx.db, dtp, ids.milan!), 'moderator', 'not lowered to member');
    const joined = sql<{ n: number }>`select count(*) as n from partnership_activity
      where kind = 'joined' and actor_id = ${ids.milan}`;
    assert.equal(await rows(urbis, joined), 1, 'joined once');
  });

  test(`${TIMES} identical role changes at once: one audit record`, async (t) => {
    const { urbis, dtp, ids, as } = await setUp(t, engine);
    await as.kaja!.get(`${DTP}/manage`);
    const answers = await atOnce(as.kaja!, `${DTP}/people`, { 'was-lotte': 'member', 'role-lotte': 'moderator' });
    assert.deepEqual(statuses(answers), [303], 'no error');
    assert.equal(await roleOf(urbis.ctx.db, dtp, ids.lotte!), 'moderator');
    const audit = sql<{ n: number }>`select count(*) as n from core_audit_log where action = 'partnerships.changeRole'`;
    assert.equal(await rows(urbis, audit), 1);
  });

  test(`${TIMES} removals of one member at once: one audit record, no error`, async (t) => {
    const { urbis, dtp, ids, as } = await setUp(t, engine);
    await as.kaja!.get(`${DTP}/manage`);
    const answers = await atOnce(as.kaja!, `${DTP}/people`, { 'was-lotte': 'member', 'remove-lotte': 'on' });
    assert.deepEqual(statuses(answers), [303], 'the same save sent again finds it made: no error');
    assert.equal(await roleOf(urbis.ctx.db, dtp, ids.lotte!), null);
    const audit = sql<{
      n: number;
    }>`select count(*) as n from core_audit_log where action = 'partnerships.removeMember'`;
    assert.equal(await rows(urbis, audit), 1);
  });

  test('two coordinators stepping each other down at the same moment leave one coordinator', async (t) => {
    const { urbis, dtp, ids, as } = await setUp(t, engine);
    const db = urbis.ctx.db;
    await db
      .deleteFrom('partnership_people')
      .where('partnership_id', '=', dtp)
      .where('user_id', 'not in', [ids.kaja!, ids.lotte!])
      .execute();
    for (let round = 0; round < 5; round++) {
      await putPerson(db, dtp, ids.kaja!, 'coordinator');
      await putPerson(db, dtp, ids.lotte!, 'coordinator');
      await as.kaja!.get(`${DTP}/manage`);
      await as.lotte!.get(`${DTP}/manage`);
      const answers = await Promise.all([
        as.kaja!.post(`${DTP}/people`, { 'was-lotte': 'coordinator', 'role-lotte': 'member' }),
        as.lotte!.post(`${DTP}/people`, { 'was-kaja': 'coordinator', 'role-kaja': 'member' }),
        as.kaja!.post(`${DTP}/leave`, {}),
        as.lotte!.post(`${DTP}/leave`, {}),
      ]);
      assert.ok(
        answers.every((a) => [303, 400, 404, 409].includes(a.statusCode)),
        'no error (404: no longer a coordinator when the request came; 400: the save would leave none; ' +
          `409: the other left or was changed meanwhile): ${statuses(answers).join()}`,
      );
      const coordinators = await db
        .selectFrom('partnership_people')
        .select('user_id')
        .where('partnership_id', '=', dtp)
        .where('role', '=', 'coordinator')
        .execute();
      assert.equal(coordinators.length, 1, `round ${round}: one coordinator is left`);
      for (const id of [ids.kaja!, ids.lotte!])
        if (!(await roleOf(db, dtp, id))) await putPerson(db, dtp, id, 'member');
    }
  });

  test('an invitation is accepted only by the account of the address it was sent to', async (t) => {
    const { urbis, dtp, ids, as } = await setUp(t, engine);
    const link = await invite(urbis, as.kaja!, 'Nova@Example.eu', 'coordinator');
    const page = await as.milan!.get(link);
    assert.match(page.body, /This invitation was sent to another e-mail address than your account’s/);
    assert.ok(!page.body.includes('Accept the invitation'), 'nothing to accept');
    assert.ok(!page.body.toLowerCase().includes('nova@example.eu'), 'the address is not shown');
    const taken = await as.milan!.post(link, {}, link);
    assert.equal(taken.statusCode, 404);
    assert.match(taken.body, /only the account of that address can accept it/);
    assert.equal(await roleOf(urbis.ctx.db, dtp, ids.milan!), null, 'Milan did not become a coordinator');

    await createUser(urbis.ctx.db, {
      email: 'nova@example.eu',
      handle: 'nova',
      displayName: 'Nova Novak',
      password: PASSWORD,
    });
    const nova = new Browser(urbis.app, { remoteAddress: '10.0.3.9' });
    assert.equal((await nova.signIn('nova@example.eu', PASSWORD)).statusCode, 303);
    assert.match((await nova.get(link)).body, /Accept the invitation/);
    assert.equal((await nova.post(link, {}, link)).statusCode, 303, 'the link still works for the invited address');
    const novaId = (await urbis.ctx.db
      .selectFrom('users')
      .select('id')
      .where('handle', '=', 'nova')
      .executeTakeFirst())!.id;
    assert.equal(await roleOf(urbis.ctx.db, dtp, novaId), 'coordinator');
  });
});
