// "Your time" in the reader's own time zone, on both engines: a meeting in Lisbon shown to readers
// who chose Tallinn, New York, Lisbon or nothing, and to a visitor (the platform's zone, Brussels),
// fetched in turns, so that a shared fragment kept for one reader's zone is never shown to another;
// a changed zone shows at once, also to a reader whose page the lane for signed-in readers keeps.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Urbis } from '../../app.js';
import { csrfTokenOf, forEachEngine } from '../../../test/helpers/app.js';
import { signInOnce, withPartnershipPeople } from '../../../test/support/partnerships.js';
import { insertMeeting, nextNumber } from './meetings.queries.js';

/** 10:00 in Lisbon (WET): 11:00 in Brussels, 12:00 in Tallinn, 05:00 in New York, 19:00 in Tokyo. */
const STARTS = '2030-01-15T10:00:00.000Z';
const ENDS = '2030-01-15T12:00:00.000Z';

async function lisbonMeeting(urbis: Urbis, partnershipId: number): Promise<number> {
  const number = await nextNumber(urbis.ctx.db, partnershipId);
  const id = await insertMeeting(urbis.ctx.db, {
    partnershipId,
    number,
    originalLang: 'en',
    title: 'Data spaces in Lisbon',
    description: '',
    startsAt: STARTS,
    endsAt: ENDS,
    timeZone: 'Europe/Lisbon',
    venue: 'Câmara Municipal',
    address: 'Praça do Município',
    city: 'Lisbon',
    country: 'PT',
    onlineUrl: null,
    hostOrganisationId: null,
    membersOnly: false,
    registrationOpen: false,
    capacity: null,
    registrationDeadline: null,
    createdBy: null,
  });
  assert.ok(id !== null);
  return number;
}

/** Chooses a zone through the settings form ('' is the platform's). */
async function chooseZone(urbis: Urbis, cookie: string, zone: string) {
  const form = await urbis.app.inject({ url: '/en/settings/time-zone', headers: { cookie } });
  const saved = await urbis.app.inject({
    method: 'POST',
    url: '/en/settings/time-zone',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ time_zone: zone, _csrf: csrfTokenOf(form.body) }).toString(),
  });
  assert.equal(saved.statusCode, 303, `saving ${zone}`);
}

/** What "When" says on a meeting's page, as text. */
const whenOf = (html: string) => {
  const from = html.indexOf('<dd>', html.indexOf('class="meeting__facts"'));
  return html.slice(from, html.indexOf('</dd>', from)).replace(/<[^>]+>/g, '');
};

/** The list item of the Lisbon meeting, as text. */
const itemOf = (html: string) => {
  const at = html.indexOf('Data spaces in Lisbon');
  return html.slice(html.lastIndexOf('<li>', at), html.indexOf('</li>', at)).replace(/<[^>]+>/g, '');
};

forEachEngine('meetings: the reader’s own time zone', (engine) => {
  test('own time beside the meeting’s for each reader, the platform’s for visitors; never crossed', async (t) => {
    const { urbis, dtp } = await withPartnershipPeople(t, engine);
    const number = await lisbonMeeting(urbis, dtp);
    const page = `/en/partnerships/digital-transition/meetings/${number}`;
    const list = '/en/partnerships/digital-transition/meetings';

    const readers = {
      tallinn: await signInOnce(urbis, 'lotte'),
      newYork: await signInOnce(urbis, 'milan'),
      lisbon: await signInOnce(urbis, 'ines'),
      none: await signInOnce(urbis, 'kaja'),
      visitor: '',
    };
    await chooseZone(urbis, readers.tallinn, 'Europe/Tallinn');
    await chooseZone(urbis, readers.newYork, 'America/New_York');
    await chooseZone(urbis, readers.lisbon, 'Europe/Lisbon');

    const expected: Record<keyof typeof readers, { when: RegExp; item: RegExp; never: RegExp }> = {
      tallinn: {
        when: /\(your time: 15 January 2030, 12:00 EET – 14:00 EET\)/,
        item: /10:00 WET \(your time: 12:00 EET\)/,
        never: /GMT-5|CET/,
      },
      newYork: {
        when: /\(your time: 15 January 2030, 05:00 GMT-5 – 07:00 GMT-5\)/,
        item: /10:00 WET \(your time: 05:00 GMT-5\)/,
        never: /EET|CET/,
      },
      // The reader's zone is the meeting's: one time only.
      lisbon: { when: /^Tuesday, 15 January 2030, 10:00 WET – 12:00 WET$/, item: /10:00 WET ·/, never: /your time/ },
      none: {
        when: /\(your time: 15 January 2030, 11:00 CET – 13:00 CET\)/,
        item: /10:00 WET \(your time: 11:00 CET\)/,
        never: /EET|GMT-5/,
      },
      visitor: {
        when: /\(your time: 15 January 2030, 11:00 CET – 13:00 CET\)/,
        item: /10:00 WET \(your time: 11:00 CET\)/,
        never: /EET|GMT-5/,
      },
    };

    // In turns, twice: each reader's page is made while the others' variants are kept.
    for (let round = 0; round < 2; round++) {
      for (const [who, cookie] of Object.entries(readers) as [keyof typeof readers, string][]) {
        const headers = cookie ? { cookie } : {};
        const shown = await urbis.app.inject({ url: page, headers });
        assert.equal(shown.statusCode, 200);
        const when = whenOf(shown.body);
        assert.match(when, expected[who].when, `${who}, round ${round}: ${when}`);
        assert.doesNotMatch(when, expected[who].never, `${who}, round ${round}: ${when}`);

        const listed = await urbis.app.inject({ url: list, headers });
        assert.equal(listed.statusCode, 200);
        const item = itemOf(listed.body);
        assert.match(item, expected[who].item, `${who}, round ${round}: ${item}`);
        assert.doesNotMatch(item, expected[who].never, `${who}, round ${round}: ${item}`);
      }
    }

    // The JSON twin is the same for everyone: instants and the meeting's zone.
    const json = JSON.parse(
      (await urbis.app.inject({ url: `/api/v1${page.slice(3)}`, headers: { cookie: readers.tallinn } })).body,
    );
    assert.equal(json.startsAt, STARTS);
    assert.equal(json.timeZone, 'Europe/Lisbon');

    // In Czech too, from the Czech catalog.
    const czech = await urbis.app.inject({ url: `/cs${page.slice(3)}`, headers: { cookie: readers.tallinn } });
    assert.match(whenOf(czech.body), /\(váš čas: .*12:00 GMT\+2/);
  });

  test('a changed zone shows at once, also where the lane kept the page', async (t) => {
    const { urbis, dtp } = await withPartnershipPeople(t, engine);
    const number = await lisbonMeeting(urbis, dtp);
    const page = `/en/partnerships/digital-transition/meetings/${number}`;
    const cookie = await signInOnce(urbis, 'lotte');
    const lane = urbis.app.personalLane;

    assert.match(whenOf((await urbis.app.inject({ url: page, headers: { cookie } })).body), /11:00 CET/);
    const hits = lane.hits;
    assert.match(whenOf((await urbis.app.inject({ url: page, headers: { cookie } })).body), /11:00 CET/);
    assert.equal(lane.hits, hits + 1, 'the page again, from the lane');

    // Through the API with the session (and its form token), as a script in the page would.
    const form = await urbis.app.inject({ url: '/en/settings/time-zone', headers: { cookie } });
    const put = await urbis.app.inject({
      method: 'PUT',
      url: '/api/v1/settings/time-zone',
      headers: { cookie, 'x-csrf-token': csrfTokenOf(form.body) },
      payload: { timeZone: 'Asia/Tokyo' },
    });
    assert.equal(put.statusCode, 200, put.body);
    const after = whenOf((await urbis.app.inject({ url: page, headers: { cookie } })).body);
    assert.match(after, /\(your time: 15 January 2030, 19:00 GMT\+9 – 21:00 GMT\+9\)/);
    assert.equal(lane.hits, hits + 1, 'not the kept page');

    // Back to the platform's, through the form.
    await chooseZone(urbis, cookie, '');
    assert.match(whenOf((await urbis.app.inject({ url: page, headers: { cookie } })).body), /11:00 CET – 13:00 CET/);
  });
});
