// The meetings list and a meeting's page, HTML and JSON, on both engines: upcoming and past around
// the clock (a meeting moves when it starts, also for visitors served from the page cache), the
// meeting's own time zone with the reader's time beside it, and members-only meetings invisible to
// everyone else (list, page, API, the overview's next meeting).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { forEachEngine } from '../../../test/helpers/app.js';
import { addMeeting, hoursFromNow } from '../../../test/support/meetings.js';
import { signInOnce, withPartnershipPeople } from '../../../test/support/partnerships.js';
import { clockWatch } from '../../core/shared/clock.js';
import { readClock } from '../../core/shared/reads.js';
import { VISITORS, type ContentAudience } from '../../core/module.js';
import { partnershipIdOf } from '../partnerships/index.js';
import { maySee } from './meetings.policy.js';
import * as q from './meetings.queries.js';

forEachEngine('meetings: list and page', (engine) => {
  test('upcoming and past by the clock; visitors see public meetings only; JSON twins', async (t) => {
    const { urbis, dtp } = await withPartnershipPeople(t, engine);
    const { app, ctx } = urbis;
    const soon = await addMeeting(ctx.db, dtp, {
      title: 'Soon in Lisbon',
      startsAt: hoursFromNow(0.5),
      timeZone: 'Europe/Lisbon',
    });
    const secret = await addMeeting(ctx.db, dtp, {
      title: 'Members-only workshop',
      membersOnly: true,
      startsAt: hoursFromNow(48),
    });
    const base = '/partnerships/digital-transition/meetings';

    const list = await app.inject(`/en${base}`);
    assert.equal(list.statusCode, 200);
    const upcoming = list.body.slice(
      list.body.indexOf('id="meetings-upcoming"'),
      list.body.indexOf('id="meetings-past"'),
    );
    assert.match(upcoming, /Soon in Lisbon/);
    assert.doesNotMatch(list.body, /Members-only workshop/);
    assert.match(list.body, new RegExp(`${soon.number}(st|nd|rd|th) meeting`));

    // The members-only meeting is a 404 to visitors, page and API, as a missing one.
    assert.equal((await app.inject(`/en${base}/${secret.number}`)).statusCode, 404);
    assert.equal((await app.inject(`/api/v1${base}/${secret.number}`)).statusCode, 404);
    assert.equal((await app.inject(`/en${base}/99999`)).statusCode, 404);
    const api = JSON.parse((await app.inject(`/api/v1${base}`)).body) as { upcoming: { title: string }[] };
    assert.ok(api.upcoming.some((m) => m.title === 'Soon in Lisbon'));
    assert.ok(!api.upcoming.some((m) => m.title === 'Members-only workshop'));

    // Members see it, in the list and on its page.
    const member = await signInOnce(urbis, 'lotte');
    const theirs = await app.inject({ url: `/en${base}`, headers: { cookie: member } });
    assert.match(theirs.body, /Members-only workshop/);
    const page = await app.inject({ url: `/en${base}/${secret.number}`, headers: { cookie: member } });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Members only/);

    // An outsider signed in: still a 404.
    const outsider = await signInOnce(urbis, 'milan');
    assert.equal(
      (await app.inject({ url: `/en${base}/${secret.number}`, headers: { cookie: outsider } })).statusCode,
      404,
    );

    // The meeting's page: in its own zone (Lisbon), and in the reader's (the platform's) beside it.
    const shown = await app.inject(`/en${base}/${soon.number}`);
    assert.equal(shown.statusCode, 200);
    assert.match(shown.body, /your time:/);
    const json = JSON.parse((await app.inject(`/api/v1${base}/${soon.number}`)).body) as Record<string, unknown>;
    assert.equal(json.timeZone, 'Europe/Lisbon');
    assert.equal(json.title, 'Soon in Lisbon');

    // A visitor's list is kept in the page cache no longer than the minute it was worked out in.
    const mark = clockWatch.mark();
    await app.inject(`/en${base}?after=${encodeURIComponent(`${Date.now()}.1`)}`);
    assert.ok(clockWatch.until(mark) <= (Math.floor(Date.now() / 60_000) + 1) * 60_000);
    // An hour later the meeting has started: it is past (for a reader whose page no cache holds: caches
    // keep pages until the end of the minute by the real clock, which the test does not move).
    const coordinator = await signInOnce(urbis, 'kaja');
    const real = readClock.now;
    readClock.now = () => real() + 3_600_000;
    t.after(() => (readClock.now = real));
    const later = await app.inject({ url: `/en${base}`, headers: { cookie: coordinator } });
    const upcomingLater = later.body.slice(
      later.body.indexOf('id="meetings-upcoming"'),
      later.body.indexOf('id="meetings-past"'),
    );
    assert.doesNotMatch(upcomingLater, /Soon in Lisbon/);
    assert.match(later.body.slice(later.body.indexOf('id="meetings-past"')), /Soon in Lisbon/);
  });

  test('the overview shows the next meeting the reader may see; Czech ordinals', async (t) => {
    const { urbis, dtp } = await withPartnershipPeople(t, engine);
    const { app, ctx } = urbis;
    await addMeeting(ctx.db, dtp, { title: 'Members first', membersOnly: true, startsAt: hoursFromNow(5) });
    const open = await addMeeting(ctx.db, dtp, { title: 'Open to all', startsAt: hoursFromNow(10) });
    const overview = await app.inject('/en/partnerships/digital-transition');
    assert.match(overview.body, /Next meeting/);
    assert.match(overview.body, /Open to all/);
    assert.doesNotMatch(overview.body, /Members first/);
    const member = await signInOnce(urbis, 'lotte');
    const theirs = await app.inject({ url: '/en/partnerships/digital-transition', headers: { cookie: member } });
    assert.match(theirs.body, /Members first/);
    const czech = await app.inject(`/cs/partnerships/digital-transition/meetings/${open.number}`);
    assert.match(czech.body, new RegExp(`${open.number}\\. setkání`));
  });

  test('the demo: the 11th with its agenda, participants and news post; comments on a meeting', async (t) => {
    const { urbis } = await withPartnershipPeople(t, engine);
    const { app } = urbis;
    const eleventh = await app.inject('/en/partnerships/digital-transition/meetings/11');
    assert.equal(eleventh.statusCode, 200);
    const text = eleventh.body.replace(/<[^>]+>/g, ' ').replace(/[\u00a0\u202f\s]+/g, ' ');
    assert.match(text, /11th meeting/);
    assert.match(text, /Thursday, 14 February 2019, 09:30 CET – Friday, 15 February 2019, 13:00 CET/);
    assert.match(text, /The Digital Cities Challenge/);
    for (const who of ['ESPON', 'European Commission – Data Unit', 'DG GROW', 'Sofia', 'Luxembourg'])
      assert.ok(text.includes(who), who);
    assert.match(
      eleventh.body,
      /href="\/en\/partnerships\/digital-transition\/news\/luxembourg-meeting-on-implementing/,
    );
    const json = JSON.parse((await app.inject('/api/v1/partnerships/digital-transition/meetings/11')).body) as {
      agenda: { title: string; items: unknown[] }[];
      news: unknown[];
    };
    assert.ok(json.agenda.some((item) => item.title === 'Status of the actions' && item.items.length === 3));
    assert.equal(json.news.length, 1);

    // A member asks a question under the upcoming meeting; it shows under it.
    const member = await signInOnce(urbis, 'lotte');
    const page = await app.inject({
      url: '/en/partnerships/digital-transition/meetings/13',
      headers: { cookie: member },
    });
    const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
    const id = /name="type" value="meeting"[^>]*>\s*<input type="hidden" name="id" value="(\d+)"/.exec(page.body)?.[1];
    assert.ok(id, 'the comment form names the meeting');
    const posted = await app.inject({
      method: 'POST',
      url: '/en/comments',
      headers: { cookie: member, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({
        _csrf: token,
        type: 'meeting',
        id,
        body: 'Will the slides be shared?',
      }).toString(),
    });
    assert.equal(posted.statusCode, 303);
    const after = await app.inject('/en/partnerships/digital-transition/meetings/13');
    assert.match(after.body, /Will the slides be shared\?/);
  });

  test('maySee and visibleMeetings agree for every audience', async (t) => {
    const { urbis, dtp } = await withPartnershipPeople(t, engine);
    const { db } = urbis.ctx;
    const air = (await partnershipIdOf(db, 'air-quality'))!;
    const ids: number[] = [];
    for (const p of [dtp, air])
      for (const membersOnly of [false, true]) ids.push((await addMeeting(db, p, { membersOnly })).id);
    const meetings = await q.findMeetingsByIds(db, ids);
    const audiences: ContentAudience[] = [
      VISITORS,
      { membersOf: [dtp], editorOf: [], userId: 1 },
      { membersOf: [], editorOf: [air], userId: null },
      { membersOf: 'all', editorOf: 'all', userId: null },
    ];
    for (const audience of audiences) {
      const rows = await db
        .selectFrom('meetings')
        .select('id')
        .where('id', 'in', ids)
        .where(q.visibleMeetings(audience))
        .execute();
      const byFilter = rows.map((r) => r.id).sort((a, b) => a - b);
      const byRule = meetings
        .filter((m) => maySee(audience, m))
        .map((m) => m.id)
        .sort((a, b) => a - b);
      assert.deepEqual(byFilter, byRule, JSON.stringify(audience));
    }
  });
});
