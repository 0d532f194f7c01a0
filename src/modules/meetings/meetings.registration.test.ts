import assert from 'node:assert/strict';
import { test } from 'node:test';
import { forEachEngine, type Engine } from '../../../test/helpers/app.js';
import { Browser, createAccessToken, fieldError } from '../../../test/support/accounts.js';
import { inHours, openMeeting, registerPeople, statusCounts } from '../../../test/support/meetings-registration.js';
import { PEOPLE_PASSWORD, withPartnershipPeople } from '../../../test/support/partnerships.js';
import type { Urbis } from '../../app.js';
import { csvCell, eraseRegistrations, exportRegistrations, toCsv } from './meetings.registration.js';

const DTP = '/en/partnerships/digital-transition';
const API = '/api/v1/partnerships/digital-transition';

/** The demo with a coordinator (Kaja), a member (Lotte), an outsider (Milan) and an admin, each with a browser. */
async function setUp(t: Parameters<typeof withPartnershipPeople>[0], engine: Engine) {
  const people = await withPartnershipPeople(t, engine);
  const as: Record<'kaja' | 'lotte' | 'milan', Browser> = {} as never;
  for (const [i, handle] of (['kaja', 'lotte', 'milan'] as const).entries()) {
    as[handle] = new Browser(people.urbis.app, { remoteAddress: `10.0.7.${i + 2}` });
    assert.equal((await as[handle].signIn(`${handle}@example.eu`, PEOPLE_PASSWORD)).statusCode, 303);
  }
  return { ...people, db: people.urbis.ctx.db, as };
}

/** A personal access token of a person, for the API. */
const tokenOf = async (urbis: Urbis, userId: number) => (await createAccessToken(urbis.ctx, userId, 'test')).token;

const auditCount = async (db: Parameters<typeof statusCounts>[0], action: string) =>
  Number(
    (
      await db
        .selectFrom('core_audit_log')
        .select(db.fn.countAll<number>().as('n'))
        .where('action', '=', action)
        .executeTakeFirst()
    )?.n,
  );

test('CSV cells: quoted when they must be, formulas defused, BOM and CRLF', () => {
  assert.equal(csvCell('Kaja Tamm'), 'Kaja Tamm');
  assert.equal(csvCell('Tamm, Kaja'), '"Tamm, Kaja"');
  assert.equal(csvCell('say "hi"'), '"say ""hi"""');
  assert.equal(csvCell('=HYPERLINK("x")'), `"'=HYPERLINK(""x"")"`);
  for (const start of ['=', '+', '-', '@', '\t', '\r'])
    assert.ok(csvCell(`${start}1`).replace(/^"/, '').startsWith("'"));
  assert.equal(
    toCsv([
      ['a', 'b'],
      ['c', 'd'],
    ]),
    '\uFEFFa,b\r\nc,d\r\n',
  );
});

forEachEngine('meeting registration', (engine) => {
  test('a member registers, is told so, sees it on the page and in their meetings; again: no change', async (t) => {
    const { db, as, dtp } = await setUp(t, engine);
    const m = await openMeeting(db, dtp, { capacity: 20 });
    const page = `${DTP}/meetings/${m.number}`;
    const before = await as.lotte.get(page);
    assert.equal(before.statusCode, 200);
    assert.match(before.body, /0 of 20 seats taken/);
    const first = await as.lotte.post(`${page}/register`, {}, page);
    assert.equal(first.statusCode, 303);
    assert.equal(first.headers.location, `${page}?done=registered#meeting-registration-title`);
    const after = await as.lotte.get(String(first.headers.location).split('#')[0]!);
    assert.match(after.body, /You are registered for this meeting\./);
    assert.match(after.body, /1 of 20 seats taken/);
    assert.match(after.body, /Cancel my registration/);
    assert.match(after.body, /<a href="\/en\/people\/lotte\/meetings">All my meetings<\/a>/);
    const again = await as.lotte.post(`${page}/register`, {}, page);
    assert.match(String(again.headers.location), /done=already-registered/);
    assert.deepEqual(await statusCounts(db, m.id), { registered: 1 });
    const mine = await as.lotte.get('/en/people/lotte/meetings');
    assert.equal(mine.statusCode, 200);
    assert.match(mine.body, new RegExp(`Registration test meeting ${m.number}`));
    // Only one's own: another person's list does not exist for them.
    assert.equal((await as.milan.get('/en/people/lotte/meetings')).statusCode, 404);
    assert.equal((await as.lotte.get('/api/v1/people/lotte/meetings')).statusCode, 200);
    assert.equal((await as.milan.get('/api/v1/people/lotte/meetings')).statusCode, 404);
  });

  test('the 21st of 20 seats goes on the waiting list, clearly said, and moves up when one cancels', async (t) => {
    const { db, as, dtp, urbis } = await setUp(t, engine);
    const m = await openMeeting(db, dtp, { capacity: 20 });
    const page = `${DTP}/meetings/${m.number}`;
    const [firstSeat] = await registerPeople(db, m.id, 20);
    const shown = await as.lotte.get(page);
    assert.match(shown.body, /Join the waiting list/);
    assert.match(shown.body, /Every seat is taken/);
    const answer = await as.lotte.post(`${page}/register`, {}, page);
    assert.match(String(answer.headers.location), /done=waiting/);
    const told = await as.lotte.get(String(answer.headers.location).split('#')[0]!);
    assert.match(told.body, /The meeting is full: you are on the waiting list, number 1\./);
    assert.deepEqual(await statusCounts(db, m.id), { registered: 20, waiting: 1 });

    // One of the twenty cancels (through the API, with a token): Lotte has the seat, and is told.
    const holder = await db.selectFrom('users').select('id').where('id', '=', firstSeat!).executeTakeFirstOrThrow();
    const token = await tokenOf(urbis, holder.id);
    const cancelled = await as.milan.app.inject({
      method: 'DELETE',
      url: `${API}/meetings/${m.number}/registration`,
      headers: { authorization: `Bearer ${token}` },
    });
    assert.equal(cancelled.statusCode, 200, cancelled.body);
    assert.equal(JSON.parse(cancelled.body).was, 'registered');
    assert.deepEqual(await statusCounts(db, m.id), { registered: 20, cancelled: 1 });
    const now = await as.lotte.get(page);
    assert.match(now.body, /You are registered\./);
    const notes = await db
      .selectFrom('notifications')
      .select(['kind', 'user_id'])
      .where('kind', '=', 'meetings.notify.promoted')
      .execute();
    assert.equal(notes.length, 1);
    // Cancelling again: there is nothing to cancel.
    const twice = await as.milan.app.inject({
      method: 'DELETE',
      url: `${API}/meetings/${m.number}/registration`,
      headers: { authorization: `Bearer ${token}` },
    });
    assert.equal(twice.statusCode, 404);
  });

  test('20 registrations of one person at once keep exactly one; 6 people for 1 last seat: one gets it', async (t) => {
    const { db, as, dtp, urbis } = await setUp(t, engine);
    const m = await openMeeting(db, dtp, { capacity: 20 });
    const page = `${DTP}/meetings/${m.number}`;
    await as.lotte.get(page);
    const answers = await Promise.all(Array.from({ length: 20 }, () => as.lotte.post(`${page}/register`, {})));
    assert.deepEqual([...new Set(answers.map((a) => a.statusCode))], [303]);
    assert.deepEqual(await statusCounts(db, m.id), { registered: 1 });

    const last = await openMeeting(db, dtp, { capacity: 10 });
    await registerPeople(db, last.id, 9, 'registered', 'early');
    const racers = await registerPeople(db, (await openMeeting(db, dtp)).id, 6, 'registered', 'racer');
    const tokens = await Promise.all(racers.map((id) => tokenOf(urbis, id)));
    const raced = await Promise.all(
      tokens.map((token) =>
        as.lotte.app.inject({
          method: 'POST',
          url: `${API}/meetings/${last.number}/registration`,
          headers: { authorization: `Bearer ${token}` },
        }),
      ),
    );
    assert.deepEqual(raced.map((r) => r.statusCode).sort(), [201, 201, 201, 201, 201, 201]);
    const statuses = raced.map((r) => JSON.parse(r.body).status).sort();
    assert.deepEqual(statuses, ['registered', 'waiting', 'waiting', 'waiting', 'waiting', 'waiting']);
    assert.deepEqual(await statusCounts(db, last.id), { registered: 10, waiting: 5 });
    const positions = raced
      .map((r) => JSON.parse(r.body).position)
      .filter((p) => p !== null)
      .sort();
    assert.deepEqual(positions, [1, 2, 3, 4, 5]);
  });

  test('closed, past the deadline, begun or cancelled: refused with a reason, nothing stored', async (t) => {
    const { db, as, dtp, urbis, ids } = await setUp(t, engine);
    const cases = [
      { changes: { registrationOpen: false }, done: 'closed', says: /Registration for this meeting is closed/ },
      { changes: { registrationDeadline: inHours(-1) }, done: 'deadline', says: /The deadline to register has passed/ },
      { changes: { startsAt: inHours(-1) }, done: 'started', says: /The meeting has begun/ },
      { changes: { status: 'cancelled' as const }, done: 'cancelled', says: /The meeting is cancelled/ },
    ];
    for (const { changes, done, says } of cases) {
      const m = await openMeeting(db, dtp, changes);
      const page = `${DTP}/meetings/${m.number}`;
      const answer = await as.lotte.post(`${page}/register`, {}, page);
      assert.equal(answer.headers.location, `${page}?done=${done}#meeting-registration-title`);
      assert.match((await as.lotte.get(`${page}?done=${done}`)).body, says);
      const token = await tokenOf(urbis, ids.member);
      const api = await as.lotte.app.inject({
        method: 'POST',
        url: `${API}/meetings/${m.number}/registration`,
        headers: { authorization: `Bearer ${token}` },
      });
      assert.equal(api.statusCode, 409);
      assert.match(JSON.parse(api.body).detail, says);
      assert.deepEqual(await statusCounts(db, m.id), {}, done);
    }
  });

  test('members-only meetings: members register, others get a 404; public ones: anyone signed in', async (t) => {
    const { db, as, dtp } = await setUp(t, engine);
    const closed = await openMeeting(db, dtp, { membersOnly: true });
    const page = `${DTP}/meetings/${closed.number}`;
    assert.equal((await as.milan.post(`${page}/register`, {}, '/en/')).statusCode, 404);
    assert.equal((await as.lotte.post(`${page}/register`, {}, page)).statusCode, 303);
    const open = await openMeeting(db, dtp);
    const openPage = `${DTP}/meetings/${open.number}`;
    assert.equal((await as.milan.post(`${openPage}/register`, {}, openPage)).statusCode, 303);
    assert.deepEqual(await statusCounts(db, closed.id), { registered: 1 });
    assert.deepEqual(await statusCounts(db, open.id), { registered: 1 });
    // Members-only meetings are not listed to someone who left.
    await db
      .deleteFrom('partnership_people')
      .where('partnership_id', '=', dtp)
      .where(
        'user_id',
        '=',
        (await db.selectFrom('users').select('id').where('handle', '=', 'lotte').executeTakeFirstOrThrow()).id,
      )
      .execute();
    assert.doesNotMatch(
      (await as.lotte.get('/en/people/lotte/meetings')).body,
      new RegExp(`Registration test meeting ${closed.number}<`),
    );
  });

  test('coordinators: the list, the CSV (formulas defused), settings, attendance once begun; others 404', async (t) => {
    const { db, as, dtp } = await setUp(t, engine);
    const m = await openMeeting(db, dtp, { capacity: 3 });
    const page = `${DTP}/meetings/${m.number}`;
    const ids = await registerPeople(db, m.id, 3);
    await db.updateTable('users').set({ display_name: '=SUM(A1:A9)' }).where('id', '=', ids[0]!).execute();
    await registerPeople(db, m.id, 2, 'waiting', 'waits');
    for (const who of ['lotte', 'milan'] as const) {
      assert.equal((await as[who].get(`${page}/registrations`)).statusCode, 404);
      assert.equal((await as[who].get(`${page}/registrations.csv`)).statusCode, 404);
    }
    const list = await as.kaja.get(`${page}/registrations`);
    assert.equal(list.statusCode, 200);
    assert.match(list.body, /3 registered, 2 on the waiting list, 0 attended/);
    const csv = await as.kaja.get(`${page}/registrations.csv`);
    assert.equal(csv.statusCode, 200);
    assert.match(String(csv.headers['content-type']), /^text\/csv; charset=utf-8/);
    assert.ok(csv.rawPayload.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf])), 'UTF-8 BOM');
    const lines = csv.body.replace(/^\uFEFF/, '').split('\r\n');
    assert.equal(lines.length, 1 + 5 + 1);
    assert.match(lines[1]!, /^'=SUM\(A1:A9\),seat-1,registered,,/);
    assert.match(lines[4]!, /^Seat Holder 1,waits-1,waiting,1,/);

    // Fewer seats than registered: said at the field, nothing stored.
    const fewer = await as.kaja.post(
      `${page}/registrations/settings`,
      { open: 'on', capacity: '2', deadline: '' },
      `${page}/registrations`,
    );
    assert.equal(fewer.statusCode, 400);
    assert.equal(fieldError(fewer.body, 'capacity'), '3 people are registered: the seats cannot be fewer.');
    const bad = await as.kaja.post(`${page}/registrations/settings`, { open: 'on', capacity: 'ten', deadline: 'soon' });
    assert.equal(bad.statusCode, 400);
    assert.ok(fieldError(bad.body, 'capacity'));
    assert.ok(fieldError(bad.body, 'deadline'));
    const late = await as.kaja.post(`${page}/registrations/settings`, {
      open: 'on',
      capacity: '3',
      deadline: '2099-01-01T10:00',
    });
    assert.equal(fieldError(late.body, 'deadline'), 'The deadline must be no later than the meeting’s start.');
    assert.equal(
      (await db.selectFrom('meetings').select('capacity').where('id', '=', m.id).executeTakeFirstOrThrow()).capacity,
      3,
    );
    // One more seat: the first who waits moves up. Sent twice: changed and audited once.
    for (let i = 0; i < 2; i++) {
      const more = await as.kaja.post(`${page}/registrations/settings`, { open: 'on', capacity: '4', deadline: '' });
      assert.equal(more.statusCode, 303);
    }
    assert.deepEqual(await statusCounts(db, m.id), { registered: 4, waiting: 1 });
    assert.equal(await auditCount(db, 'meetings.registrationSettings'), 1);

    // Attendance before the meeting: refused; after it began, marked.
    const early = await as.kaja.post(`${page}/registrations/attendance`, { 'attended-seat-1': 'yes' });
    assert.equal(early.statusCode, 409);
    await db
      .updateTable('meetings')
      .set({ starts_at: inHours(-2), ends_at: inHours(-1) })
      .where('id', '=', m.id)
      .execute();
    const marked = await as.kaja.post(
      `${page}/registrations/attendance`,
      { 'attended-seat-1': 'yes', 'attended-seat-2': 'no' },
      `${page}/registrations`,
    );
    assert.equal(marked.statusCode, 303);
    assert.match((await as.kaja.get(`${page}/registrations`)).body, /4 registered, 1 on the waiting list, 1 attended/);
    assert.equal(await auditCount(db, 'meetings.attendance'), 1);
    assert.match((await as.lotte.get(page)).body, /1 of the 4 registered attended\./);
  });

  test('the API: settings and attendance with field pointers; the list for coordinators only', async (t) => {
    const { db, dtp, ids, urbis } = await setUp(t, engine);
    const m = await openMeeting(db, dtp, { capacity: 5 });
    await registerPeople(db, m.id, 2);
    const kaja = await tokenOf(urbis, ids.coordinator);
    const lotte = await tokenOf(urbis, ids.member);
    const call = (token: string, method: 'GET' | 'POST', url: string, payload?: unknown) =>
      urbis.app.inject({
        method,
        url: `${API}/meetings/${m.number}${url}`,
        headers: { authorization: `Bearer ${token}` },
        ...(payload ? { payload } : {}),
      });
    assert.equal((await call(lotte, 'GET', '/registrations')).statusCode, 404);
    const list = await call(kaja, 'GET', '/registrations');
    assert.equal(list.statusCode, 200);
    assert.equal(JSON.parse(list.body).registrations.length, 2);
    const below = await call(kaja, 'POST', '/registrations/settings', { open: true, capacity: 1, deadline: null });
    assert.equal(below.statusCode, 400);
    assert.equal(JSON.parse(below.body).errors[0].pointer, '/body/capacity');
    const ok = await call(kaja, 'POST', '/registrations/settings', { open: false, capacity: null, deadline: null });
    assert.equal(ok.statusCode, 200, ok.body);
    const early = await call(kaja, 'POST', '/registrations/attendance', {
      attendance: [{ handle: 'seat-1', attended: true }],
    });
    assert.equal(early.statusCode, 409);
    await db
      .updateTable('meetings')
      .set({ starts_at: inHours(-2) })
      .where('id', '=', m.id)
      .execute();
    const unknown = await call(kaja, 'POST', '/registrations/attendance', {
      attendance: [{ handle: 'nobody-here', attended: true }],
    });
    assert.equal(unknown.statusCode, 400);
    assert.equal(JSON.parse(unknown.body).errors[0].pointer, '/body/attendance/0/handle');
    const marked = await call(kaja, 'POST', '/registrations/attendance', {
      attendance: [{ handle: 'seat-1', attended: true }],
    });
    assert.equal(marked.statusCode, 200);
    assert.equal(JSON.parse(marked.body).counts.attended, 1);
  });
});

forEachEngine('meeting minutes and decisions', (engine) => {
  test('a coordinator records minutes and decisions; shown on the page; audited once; others 404', async (t) => {
    const { db, as, dtp, ids, urbis } = await setUp(t, engine);
    const m = await openMeeting(db, dtp, { startsAt: inHours(-5), endsAt: inHours(-3) });
    const page = `${DTP}/meetings/${m.number}`;
    for (const who of ['lotte', 'milan'] as const) assert.equal((await as[who].get(`${page}/minutes`)).statusCode, 404);
    const form = await as.kaja.get(`${page}/minutes`);
    assert.equal(form.statusCode, 200);
    const fields = {
      minutes: 'The partnership reviewed **the status of the actions**.',
      outcomes: '- Scaling up agreed',
      'decision-1': 'Publish the action plan by June.',
      'decision-2': '',
    };
    for (let i = 0; i < 2; i++)
      assert.equal((await as.kaja.post(`${page}/minutes`, fields, `${page}/minutes`)).statusCode, 303);
    assert.equal(await auditCount(db, 'meetings.minutes'), 1);
    const shown = await as.lotte.get(page);
    assert.match(shown.body, /<strong>the status of the actions<\/strong>/);
    assert.match(shown.body, /<li><span[^>]*>Publish the action plan by June\.<\/span><\/li>/);
    // A decision naming an action the action plan does not have: said at its field, nothing stored.
    const linked = await as.kaja.post(
      `${page}/minutes`,
      { ...fields, 'decision-2': 'Second', 'action-2': '99999' },
      `${page}/minutes`,
    );
    assert.equal(linked.statusCode, 400);
    const empty = await as.kaja.post(`${page}/minutes`, { ...fields, 'decision-2': '', 'action-2': '7' });
    assert.equal(fieldError(empty.body, 'decision-2'), 'Write the decision, or empty its action too.');
    const decisions = await db.selectFrom('meeting_decisions').select('text').where('meeting_id', '=', m.id).execute();
    assert.deepEqual(decisions, [{ text: 'Publish the action plan by June.' }]);
    // The API: read by whoever sees the meeting; written by coordinators, with pointers.
    const read = await urbis.app.inject(`${API}/meetings/${m.number}/minutes`);
    assert.equal(read.statusCode, 200);
    assert.equal(JSON.parse(read.body).decisions[0].text, 'Publish the action plan by June.');
    const kaja = await tokenOf(urbis, ids.coordinator);
    const write = (payload: unknown) =>
      urbis.app.inject({
        method: 'POST',
        url: `${API}/meetings/${m.number}/minutes`,
        headers: { authorization: `Bearer ${kaja}` },
        payload: payload as never,
      });
    const wrong = await write({ minutes: '', outcomes: '', decisions: [{ text: 'x', action: '99999' }] });
    assert.equal(wrong.statusCode, 400);
    assert.equal(JSON.parse(wrong.body).errors[0].pointer, '/body/decisions/0/action');
    const saved = await write({
      minutes: 'New',
      outcomes: '',
      decisions: [{ text: 'One' }, { text: 'Two', action: null }],
    });
    assert.equal(saved.statusCode, 200, saved.body);
    assert.deepEqual(
      JSON.parse(saved.body).decisions.map((d: { text: string }) => d.text),
      ['One', 'Two'],
    );
    const lotte = await tokenOf(urbis, ids.member);
    const refused = await urbis.app.inject({
      method: 'POST',
      url: `${API}/meetings/${m.number}/minutes`,
      headers: { authorization: `Bearer ${lotte}` },
      payload: { minutes: '', outcomes: '', decisions: [] },
    });
    assert.equal(refused.statusCode, 404);
  });
});

forEachEngine('meeting registrations as personal data', (engine) => {
  test('exported with the account; erased with it, the seat going to the first who waits', async (t) => {
    const { db, dtp, urbis } = await setUp(t, engine);
    const m = await openMeeting(db, dtp, { capacity: 1 });
    const [holder] = await registerPeople(db, m.id, 1);
    const [waiting] = await registerPeople(db, m.id, 1, 'waiting', 'next');
    const exported = await exportRegistrations(urbis.ctx, holder!);
    assert.deepEqual(
      (exported.meetingRegistrations as { meeting: string; status: string }[]).map((r) => [r.meeting, r.status]),
      [[`Registration test meeting ${m.number}`, 'registered']],
    );
    await eraseRegistrations(urbis.ctx, holder!);
    const left = await db
      .selectFrom('meeting_registrations')
      .select(['user_id', 'status'])
      .where('meeting_id', '=', m.id)
      .execute();
    assert.deepEqual(left, [{ user_id: waiting, status: 'registered' }]);
  });
});
