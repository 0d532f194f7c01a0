import assert from 'node:assert/strict';
import { test } from 'node:test';
import { csrfTokenOf, forEachEngine } from '../../../test/helpers/app.js';
import { createAccessToken } from '../../../test/support/accounts.js';
import { addMeeting } from '../../../test/support/meetings.js';
import { signInOnce, withPartnershipPeople } from '../../../test/support/partnerships.js';
import { parseCalendar } from './meetings.ics.test.js';
import { nowIso } from '../../core/db/dialect.js';

const FEED = '/en/partnerships/digital-transition/meetings.ics';

forEachEngine('meetings in calendars', (engine) => {
  test('the partnership feed parses, with the right times across summer time and what the reader sees', async (t) => {
    const { urbis, dtp } = await withPartnershipPeople(t, engine);
    const { db } = urbis.ctx;
    // Brussels: 25 March 2027 is still winter time (+01), 1 April summer time (+02); 28 October still summer
    // time, 2 November winter time again (the clocks go back on 31 October).
    const first = await addMeeting(db, dtp, {
      title: 'March, before',
      startsAt: '2027-03-25T09:00:00.000Z',
      endsAt: '2027-03-25T11:00:00.000Z',
    });
    await addMeeting(db, dtp, {
      title: 'April, after',
      startsAt: '2027-04-01T08:00:00.000Z',
      endsAt: '2027-04-01T10:00:00.000Z',
    });
    await addMeeting(db, dtp, {
      title: 'October, before',
      startsAt: '2027-10-28T08:00:00.000Z',
      endsAt: '2027-10-28T10:00:00.000Z',
    });
    await addMeeting(db, dtp, {
      title: 'November, after',
      startsAt: '2027-11-02T09:00:00.000Z',
      endsAt: '2027-11-02T11:00:00.000Z',
    });
    // New York moves its clocks on 14 March 2027: 09:00 EDT is 13:00 UTC.
    await addMeeting(db, dtp, {
      title: 'New York',
      timeZone: 'America/New_York',
      venue: 'Hall',
      address: '',
      city: 'New York',
      country: 'US',
      startsAt: '2027-03-18T13:00:00.000Z',
      endsAt: '2027-03-18T15:00:00.000Z',
    });
    await addMeeting(db, dtp, { title: 'Members only', membersOnly: true });

    const visitor = await urbis.app.inject(FEED);
    assert.equal(visitor.statusCode, 200);
    assert.match(String(visitor.headers['content-type']), /^text\/calendar; charset=utf-8/);
    const { calendar, events } = parseCalendar(visitor.body);
    assert.equal(calendar.getFirstPropertyValue('version'), '2.0');
    // The demo's meetings are there too; these are the test's.
    const mine = ['April, after', 'March, before', 'Members only', 'New York', 'November, after', 'October, before'];
    const byTitle = new Map(events.filter((e) => mine.includes(e.summary)).map((e) => [e.summary, e]));
    assert.deepEqual(
      [...byTitle.keys()].sort(),
      mine.filter((title) => title !== 'Members only'),
    );
    const local = (title: string) => byTitle.get(title)!.startDate.toString();
    const instant = (title: string) => byTitle.get(title)!.startDate.toJSDate().toISOString();
    assert.equal(local('March, before'), '2027-03-25T10:00:00');
    assert.equal(instant('March, before'), '2027-03-25T09:00:00.000Z');
    assert.equal(local('April, after'), '2027-04-01T10:00:00');
    assert.equal(instant('April, after'), '2027-04-01T08:00:00.000Z');
    assert.equal(local('October, before'), '2027-10-28T10:00:00');
    assert.equal(instant('October, before'), '2027-10-28T08:00:00.000Z');
    assert.equal(local('November, after'), '2027-11-02T10:00:00');
    assert.equal(instant('November, after'), '2027-11-02T09:00:00.000Z');
    assert.equal(local('New York'), '2027-03-18T09:00:00');
    assert.equal(instant('New York'), '2027-03-18T13:00:00.000Z');
    const march = byTitle.get('March, before')!;
    assert.equal(march.location, 'Résidence Palace, Rue de la Loi 155, Brussels, Belgium');
    assert.match(
      String(march.component.getFirstPropertyValue('url')),
      new RegExp(`/en/partnerships/digital-transition/meetings/${first.number}$`),
    );
    assert.equal(byTitle.get('New York')!.location, 'Hall, New York, United States');

    // A member sees the members-only meeting too; a visitor of the JSON twin sees what a visitor sees.
    const member = await urbis.app.inject({ url: FEED, headers: { cookie: await signInOnce(urbis, 'lotte') } });
    const theirs = parseCalendar(member.body).events;
    assert.ok(theirs.some((e) => e.summary === 'Members only'));
    assert.equal(theirs.length, events.length + 1);
    assert.match(String(member.headers['cache-control']), /private/);
    const api = await urbis.app.inject('/api/v1/partnerships/digital-transition/meetings.ics');
    assert.equal(api.statusCode, 200);
    assert.equal(parseCalendar(api.body).events.length, events.length);
    assert.equal((await urbis.app.inject('/en/partnerships/no-such-one/meetings.ics')).statusCode, 404);
  });

  test('SEQUENCE goes up when a meeting moves, a cancelled one says so, "Add to calendar" is one event', async (t) => {
    const { urbis, dtp } = await withPartnershipPeople(t, engine);
    const { db } = urbis.ctx;
    const { id, number } = await addMeeting(db, dtp, { title: 'Moving' });
    const hidden = await addMeeting(db, dtp, { title: 'Secret', membersOnly: true });
    const one = `/en/partnerships/digital-transition/meetings/${number}/calendar.ics`;
    const first = await urbis.app.inject(one);
    assert.equal(first.statusCode, 200);
    const [before] = parseCalendar(first.body).events;
    assert.equal(before!.sequence, 0);
    assert.match(String(first.headers['content-disposition']), /filename="Moving\.ics"/);

    // The meeting moves a day later (what the edit form does: the time changes, SEQUENCE goes up).
    const row = await db.selectFrom('meetings').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const later = (iso: string) => new Date(Date.parse(iso) + 86_400_000).toISOString();
    await db
      .updateTable('meetings')
      .set({ starts_at: later(row.starts_at), ends_at: later(row.ends_at), sequence: row.sequence + 1 })
      .where('id', '=', id)
      .execute();
    const [moved] = parseCalendar((await urbis.app.inject(one)).body).events;
    assert.equal(moved!.uid, before!.uid, 'the same event');
    assert.equal(moved!.sequence, 1);
    assert.equal(moved!.startDate.toJSDate().getTime() - before!.startDate.toJSDate().getTime(), 86_400_000);

    await db.updateTable('meetings').set({ status: 'cancelled', sequence: 2 }).where('id', '=', id).execute();
    const cancelled = parseCalendar((await urbis.app.inject(FEED)).body).events.find((e) => e.summary === 'Moving');
    assert.equal(cancelled!.component.getFirstPropertyValue('status'), 'CANCELLED');
    assert.equal(cancelled!.sequence, 2);

    // A members-only meeting: 404 to visitors and outsiders, there for members; the API twin alike.
    const secret = `/en/partnerships/digital-transition/meetings/${hidden.number}/calendar.ics`;
    assert.equal((await urbis.app.inject(secret)).statusCode, 404);
    const outsider = await signInOnce(urbis, 'milan');
    assert.equal((await urbis.app.inject({ url: secret, headers: { cookie: outsider } })).statusCode, 404);
    const member = await signInOnce(urbis, 'lotte');
    assert.equal((await urbis.app.inject({ url: secret, headers: { cookie: member } })).statusCode, 200);
    const apiSecret = `/api/v1/partnerships/digital-transition/meetings/${hidden.number}/calendar.ics`;
    assert.equal((await urbis.app.inject(apiSecret)).statusCode, 404);
    assert.equal(
      (await urbis.app.inject(`/api/v1/partnerships/digital-transition/meetings/999/calendar.ics`)).statusCode,
      404,
    );
  });

  test('a person’s private feed: their registrations, behind a token that can be replaced and revoked', async (t) => {
    const { urbis, dtp, ids } = await withPartnershipPeople(t, engine);
    const { db } = urbis.ctx;
    const registered = await addMeeting(db, dtp, { title: 'Registered', membersOnly: true });
    const waiting = await addMeeting(db, dtp, { title: 'Waiting' });
    await addMeeting(db, dtp, { title: 'Not mine' });
    for (const [meeting, status] of [
      [registered.id, 'registered'],
      [waiting.id, 'waiting'],
    ] as const) {
      await db
        .insertInto('meeting_registrations')
        .values({
          meeting_id: meeting,
          user_id: ids.member,
          status,
          attended: null,
          created_at: nowIso(),
          status_at: nowIso(),
        })
        .execute();
    }
    const cookie = await signInOnce(urbis, 'lotte');
    const settings = await urbis.app.inject({ url: '/en/settings/calendar', headers: { cookie } });
    assert.equal(settings.statusCode, 200);
    assert.match(settings.body, /no private address yet/);
    const make = () =>
      urbis.app.inject({
        method: 'POST',
        url: '/en/settings/calendar',
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ _csrf: csrfTokenOf(settings.body) }).toString(),
      });
    const made = await make();
    assert.equal(made.statusCode, 200);
    const address = /<code id="calendar-address">([^<]+)<\/code>/.exec(made.body)?.[1];
    assert.ok(address, 'the address is shown once');
    const path = new URL(address).pathname;
    assert.match(path, /^\/calendar\/[A-Za-z0-9_-]{43}\.ics$/);
    const stored = await db.selectFrom('meeting_calendar_tokens').selectAll().execute();
    assert.equal(stored.length, 1);
    assert.ok(!stored[0]!.token_hash.includes(path.slice(10, -4)), 'only a hash is kept');
    assert.doesNotMatch(
      (await urbis.app.inject({ url: '/en/settings/calendar', headers: { cookie } })).body,
      /calendar-address/,
    );

    const feed = await urbis.app.inject(path);
    assert.equal(feed.statusCode, 200);
    assert.equal(feed.headers['cache-control'], 'private, no-store');
    const summaries = parseCalendar(feed.body)
      .events.map((e) => e.summary)
      .sort();
    assert.deepEqual(summaries, ['Registered', 'Waiting list: Waiting']);

    // Leaving the partnership: its members-only meeting goes from the feed at once.
    await db
      .deleteFrom('partnership_people')
      .where('user_id', '=', ids.member)
      .where('partnership_id', '=', dtp)
      .execute();
    assert.deepEqual(
      parseCalendar((await urbis.app.inject(path)).body).events.map((e) => e.summary),
      ['Waiting list: Waiting'],
    );

    // A new address replaces the old one; revoking ends it.
    const again = await make();
    const second = new URL(/<code id="calendar-address">([^<]+)<\/code>/.exec(again.body)![1]!).pathname;
    assert.notEqual(second, path);
    assert.equal((await urbis.app.inject(path)).statusCode, 404, 'the old address is gone');
    assert.equal((await urbis.app.inject(second)).statusCode, 200);
    const revoke = await urbis.app.inject({
      method: 'POST',
      url: '/en/settings/calendar/revoke',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: csrfTokenOf(settings.body) }).toString(),
    });
    assert.equal(revoke.statusCode, 303);
    assert.equal((await urbis.app.inject(second)).statusCode, 404, 'a revoked address is a 404');
    assert.equal((await urbis.app.inject(`/calendar/${'A'.repeat(43)}.ics`)).statusCode, 404);
    assert.equal((await urbis.app.inject('/calendar/short.ics')).statusCode, 404);
    // Visitors are sent to sign in; the settings are no one else's business.
    assert.equal((await urbis.app.inject('/en/settings/calendar')).statusCode, 303);
  });

  test('the API makes and revokes the private address with a personal access token', async (t) => {
    const { urbis, ids } = await withPartnershipPeople(t, engine);
    const { token } = await createAccessToken(urbis.ctx, ids.member, 'calendar');
    const auth = { authorization: `Bearer ${token}` };
    const state = await urbis.app.inject({ url: '/api/v1/settings/calendar', headers: auth });
    assert.deepEqual(state.json(), { exists: false, createdAt: null });
    const made = await urbis.app.inject({
      method: 'POST',
      url: '/api/v1/settings/calendar',
      headers: auth,
      payload: {},
    });
    assert.equal(made.statusCode, 201);
    const { url } = made.json() as { url: string };
    assert.equal((await urbis.app.inject(new URL(url).pathname)).statusCode, 200);
    assert.equal((await urbis.app.inject({ url: '/api/v1/settings/calendar', headers: auth })).json().exists, true);
    assert.equal(
      (await urbis.app.inject({ method: 'DELETE', url: '/api/v1/settings/calendar', headers: auth })).statusCode,
      204,
    );
    assert.equal(
      (await urbis.app.inject({ method: 'DELETE', url: '/api/v1/settings/calendar', headers: auth })).statusCode,
      404,
    );
    assert.equal((await urbis.app.inject(new URL(url).pathname)).statusCode, 404);
    assert.equal((await urbis.app.inject('/api/v1/settings/calendar')).statusCode, 401);
  });
});
