// Planning meetings on both engines: the coordinator's forms and the API (numbered in series,
// participants, tags, audited once), bad input answered at the field or as a problem with nothing
// stored, the calendar sequence going up only when the meeting moves, cancelling once, and the
// agenda (items, sub-items, speakers, order). Everyone else gets the 404 of a missing page.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { forEachEngine } from '../../../test/helpers/app.js';
import { countRows, createAccessToken } from '../../../test/support/accounts.js';
import { addMeeting } from '../../../test/support/meetings.js';
import { setUp } from '../../../test/support/news.js';
import { partnershipIdOf } from '../partnerships/index.js';
import * as q from './meetings.queries.js';

const BASE = '/en/partnerships/digital-transition/meetings';
const FORM = {
  title: 'Working meeting on data spaces',
  starts_at: '2031-03-30T09:30',
  ends_at: '2031-03-30T16:00',
  time_zone: 'Europe/Tallinn',
  venue: 'Kultuurikatel',
  address: 'Põhja puiestee 27a',
  city: 'Tallinn',
  country: 'ee',
  online_url: '',
  host: 'estonia',
  organisations: 'oulu\nsofia',
  people: '@kaja',
  description: 'What **data spaces** mean for cities.',
  tags: 'data, meeting',
  lang: 'en',
  registration_open: 'on',
  capacity: '20',
  registration_deadline: '2031-03-23T17:00',
};

forEachEngine('meetings: planning', (engine) => {
  test('a coordinator plans the next meeting by form; bad input is said at the field and stores nothing', async (t) => {
    const { urbis, as } = await setUp(t, engine);
    const { db } = urbis.ctx;
    const dtp = (await partnershipIdOf(db, 'digital-transition'))!;
    const before = await countRows(db, 'meetings');

    // Members who do not coordinate, and outsiders, do not learn the form exists.
    for (const who of ['member', 'outsider'] as const) {
      assert.equal((await as[who].get(`${BASE}/new`)).statusCode, 404, who);
      assert.equal((await as[who].post(`${BASE}/new`, FORM, '/en/')).statusCode, 404, who);
    }
    assert.match((await as.visitor.get(`${BASE}/new`)).headers.location ?? '', /^\/en\/sign-in\?next=/);

    // End before start, an unknown zone: the form comes back with the messages at the fields.
    const bad = await as.coordinator.post(`${BASE}/new`, { ...FORM, ends_at: '2031-03-30T08:00' }, `${BASE}/new`);
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /id="field-ends_at-error"[^>]*>The end must be after the start\./);
    assert.match(bad.body, /value="Working meeting on data spaces"/);
    const zone = await as.coordinator.post(`${BASE}/new`, { ...FORM, time_zone: 'Mars/Olympus_Mons' }, `${BASE}/new`);
    assert.equal(zone.statusCode, 400);
    assert.match(zone.body, /id="field-time_zone-error"[^>]*>Enter a time zone by its name/);
    const nowhere = await as.coordinator.post(`${BASE}/new`, { ...FORM, city: '', online_url: '' }, `${BASE}/new`);
    assert.match(nowhere.body, /id="field-city-error"/);
    const unknown = await as.coordinator.post(`${BASE}/new`, { ...FORM, organisations: 'atlantis' }, `${BASE}/new`);
    assert.match(unknown.body, /Not in the organisations directory: atlantis/);
    assert.equal(await countRows(db, 'meetings'), before, 'nothing stored');

    const expected = await q.nextNumber(db, dtp);
    const made = await as.coordinator.post(`${BASE}/new`, FORM, `${BASE}/new`);
    assert.equal(made.statusCode, 303);
    assert.equal(made.headers.location, `${BASE}/${expected}?done=created`);
    const meeting = (await q.findMeetingByNumber(db, dtp, expected))!;
    // Wall-clock times in Tallinn (UTC+3 in summer time, which began on 30 March 2031 at 04:00).
    assert.equal(meeting.startsAt, '2031-03-30T06:30:00.000Z');
    assert.equal(meeting.country, 'EE');
    assert.equal(meeting.capacity, 20);
    assert.equal(meeting.registrationOpen, true);
    assert.equal(meeting.registrationDeadline, '2031-03-23T15:00:00.000Z');
    const page = await as.coordinator.get(`${BASE}/${expected}?done=created`);
    assert.match(page.body, /The meeting is planned\./);
    assert.match(page.body, /Oulu/);
    assert.match(page.body, /<strong>data spaces<\/strong>/);
    const audits = await db
      .selectFrom('core_audit_log')
      .select('action')
      .where('action', '=', 'meetings.create')
      .execute();
    assert.equal(audits.length, 1);
  });

  test('the API plans, changes and cancels; its problems name the fields; the sequence follows moves', async (t) => {
    const { urbis, ids } = await setUp(t, engine);
    const { app, ctx } = urbis;
    const { db } = ctx;
    const dtp = (await partnershipIdOf(db, 'digital-transition'))!;
    const { token } = await createAccessToken(ctx, ids.coordinator, 'planning');
    const memberToken = (await createAccessToken(ctx, ids.member, 'reading')).token;
    const api = (method: 'POST', url: string, body: unknown, bearer = token) =>
      app.inject({ method, url, headers: { authorization: `Bearer ${bearer}` }, payload: body as object });
    const apiBase = '/api/v1/partnerships/digital-transition/meetings';

    const bad = await api('POST', apiBase, { ...FORM, time_zone: 'Nowhere/Else', ends_at: 'soon' });
    assert.equal(bad.statusCode, 400);
    assert.match(String(bad.headers['content-type']), /application\/problem\+json/);
    const pointers = (JSON.parse(bad.body) as { errors: { pointer: string }[] }).errors.map((e) => e.pointer);
    assert.ok(pointers.includes('/body/time_zone'), pointers.join());
    assert.equal((await api('POST', apiBase, FORM, memberToken)).statusCode, 404);

    const created = await api('POST', apiBase, FORM);
    assert.equal(created.statusCode, 201);
    const body = JSON.parse(created.body) as { number: number; sequence: number; timeZone: string };
    assert.equal(body.sequence, 0);
    assert.equal(body.timeZone, 'Europe/Tallinn');
    assert.equal(created.headers.location, `${apiBase}/${body.number}`);

    // A new title only: the same sequence. A new time: one more.
    const renamed = await api('POST', `${apiBase}/${body.number}`, { ...FORM, title: 'Data spaces for cities' });
    assert.equal(renamed.statusCode, 200);
    assert.equal((JSON.parse(renamed.body) as { sequence: number }).sequence, 0);
    const moved = await api('POST', `${apiBase}/${body.number}`, { ...FORM, starts_at: '2031-03-30T10:00' });
    assert.equal((JSON.parse(moved.body) as { sequence: number }).sequence, 1);

    // Cancelled twice: once recorded, the sequence up once.
    const cancelled = await api('POST', `${apiBase}/${body.number}/cancel`, {});
    assert.equal(cancelled.statusCode, 200);
    await api('POST', `${apiBase}/${body.number}/cancel`, {});
    const stored = (await q.findMeetingByNumber(db, dtp, body.number))!;
    assert.equal(stored.status, 'cancelled');
    assert.equal(stored.sequence, 2);
    const cancels = await db
      .selectFrom('core_audit_log')
      .select('id')
      .where('action', '=', 'meetings.cancel')
      .execute();
    assert.equal(cancels.length, 1);
  });

  test('the agenda: items with times and speakers, sub-items, order; bad times said at the field', async (t) => {
    const { urbis, as } = await setUp(t, engine);
    const { db } = urbis.ctx;
    const dtp = (await partnershipIdOf(db, 'digital-transition'))!;
    const { number, id } = await addMeeting(db, dtp, { startsAt: '2031-05-06T07:00:00.000Z' });
    const agenda = `${BASE}/${number}/agenda`;
    assert.equal((await as.member.get(agenda)).statusCode, 404);

    const first = await as.coordinator.post(
      agenda,
      { title: 'Welcome', starts_at: '09:00', ends_at: '09:30', speakers: 'estonia, @kaja' },
      agenda,
    );
    assert.equal(first.statusCode, 303);
    await as.coordinator.post(agenda, { title: 'Status of the actions', starts_at: '09:30' }, agenda);
    const wrong = await as.coordinator.post(agenda, { title: 'Late', starts_at: '11:00', ends_at: '10:00' }, agenda);
    assert.equal(wrong.statusCode, 400);
    assert.match(wrong.body, /id="field-ends_at-error"[^>]*>The end must be after the start\./);
    const nobody = await as.coordinator.post(agenda, { title: 'Talk', speakers: '@nobody-here' }, agenda);
    assert.match(nobody.body, /id="field-speakers-error"/);

    const items = await db
      .selectFrom('meeting_agenda_items')
      .selectAll()
      .where('meeting_id', '=', id)
      .orderBy('position')
      .execute();
    assert.deepEqual(
      items.map((i) => i.title),
      ['Welcome', 'Status of the actions'],
    );
    // 09:00 in Brussels on 6 May (summer time) is 07:00 UTC.
    assert.equal(new Date(items[0]!.starts_at!).toISOString(), '2031-05-06T07:00:00.000Z');
    const parent = items[1]!.id;
    await as.coordinator.post(agenda, { title: 'Action 2', parent: String(parent) }, agenda);
    await as.coordinator.post(`${agenda}/${parent}/move`, { direction: 'up' }, agenda);

    const page = await as.visitor.get(`${BASE}/${number}`);
    const order = ['Status of the actions', 'Action 2', 'Welcome'].map((title) => page.body.indexOf(title));
    assert.ok(
      order.every((i, n) => i > 0 && (n === 0 || i > order[n - 1]!)),
      order.join(),
    );
    assert.match(page.body, /Speakers: <a href="\/en\/organisations\/estonia">Estonia<\/a>/);

    await as.coordinator.post(`${agenda}/${parent}/delete`, {}, agenda);
    const left = await db.selectFrom('meeting_agenda_items').select('title').where('meeting_id', '=', id).execute();
    assert.deepEqual(
      left.map((i) => i.title),
      ['Welcome'],
      'an item goes with its sub-items',
    );
  });
});
