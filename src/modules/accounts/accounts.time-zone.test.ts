// Settings → time zone, on both engines: the form (a grouped select, the platform's zone first),
// the API twin (GET, PUT) with a personal access token and with a session, unknown zones refused
// at the field and as a 400 problem with nothing stored, visitors sent to sign in or answered 401.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Urbis } from '../../app.js';
import { buildTestApp, csrfTokenOf, forEachEngine } from '../../../test/helpers/app.js';
import { Browser, createAccessToken, fieldError, STRONG_PASSWORD } from '../../../test/support/accounts.js';
import { createUser } from './index.js';
import { eraseAccountData, exportAccountData } from './personal-data.js';

async function withPerson(t: Parameters<typeof buildTestApp>[0], engine: Parameters<typeof buildTestApp>[1]) {
  const urbis = await buildTestApp(t, engine);
  const id = await createUser(urbis.ctx.db, {
    email: 'aino@example.eu',
    handle: 'aino',
    displayName: 'Aino Virtanen',
    password: STRONG_PASSWORD,
  });
  const browser = new Browser(urbis.app);
  assert.equal((await browser.signIn('aino@example.eu', STRONG_PASSWORD)).statusCode, 303);
  return { urbis, id, browser };
}

const storedZone = async (urbis: Urbis, id: number) =>
  (await urbis.ctx.db.selectFrom('users').select('time_zone').where('id', '=', id).executeTakeFirstOrThrow()).time_zone;

/** The option the select shows as chosen. */
const selected = (html: string) =>
  /<option value(?:="([^"]*)")? selected/.exec(html)?.[1] ?? (/<option value selected/.test(html) ? '' : undefined);

forEachEngine('accounts: one’s time zone', (engine) => {
  test('the form: the platform’s zone first, zones by region; saving, and back to the platform’s', async (t) => {
    const { urbis, id, browser } = await withPerson(t, engine);
    const page = await browser.get('/en/settings/time-zone');
    assert.equal(page.statusCode, 200);
    assert.match(String(page.headers['cache-control']), /no-store/);
    assert.match(page.body, /<option value(="")? selected[^>]*>The platform’s \(Europe\/Brussels\)<\/option>/);
    assert.match(page.body, /<optgroup label="Europe">[^]*?<option value="Europe\/Tallinn"[^>]*>Tallinn<\/option>/);
    assert.match(page.body, /<option value="America\/Argentina\/La_Rioja"[^>]*>Argentina – La Rioja</);
    // The settings navigation links the page, marked as the current one.
    assert.match(page.body, /<a href="\/en\/settings\/time-zone" aria-current="page">Time zone<\/a>/);
    assert.match((await browser.get('/en/settings/account')).body, /href="\/en\/settings\/time-zone"/);

    const saved = await browser.post('/en/settings/time-zone', { time_zone: 'Europe/Tallinn' });
    assert.equal(saved.statusCode, 303);
    assert.equal(saved.headers.location, '/en/settings/time-zone?saved=1');
    assert.equal(await storedZone(urbis, id), 'Europe/Tallinn');
    const again = await browser.get('/en/settings/time-zone?saved=1');
    assert.equal(selected(again.body), 'Europe/Tallinn');
    assert.match(again.body, /Your time zone has been saved/);

    // In Czech, from its catalog.
    const czech = await browser.get('/cs/settings/time-zone');
    assert.match(czech.body, /<optgroup label="Evropa">/);
    assert.match(czech.body, /Pásmo platformy \(Europe\/Brussels\)/);

    assert.equal((await browser.post('/en/settings/time-zone', { time_zone: 'UTC' })).statusCode, 303);
    assert.equal(await storedZone(urbis, id), 'UTC');
    assert.equal((await browser.post('/en/settings/time-zone', { time_zone: '' })).statusCode, 303);
    assert.equal(await storedZone(urbis, id), null);
    assert.equal(selected((await browser.get('/en/settings/time-zone')).body), '');
  });

  test('an unknown zone is refused at the field, and nothing is stored', async (t) => {
    const { urbis, id, browser } = await withPerson(t, engine);
    await browser.post('/en/settings/time-zone', { time_zone: 'Europe/Prague' }, '/en/settings/time-zone');
    for (const zone of ['Mars/Olympus_Mons', 'europe/prague', 'CET', '+01:00', 'x'.repeat(500)]) {
      const refused = await browser.post('/en/settings/time-zone', { time_zone: zone });
      assert.equal(refused.statusCode, 400, zone);
      if (process.env.TZ_DEBUG)
        console.log(refused.body.slice(refused.body.indexOf('<main'), refused.body.indexOf('<select')));
      assert.equal(fieldError(refused.body, 'time_zone'), 'Choose a time zone from the list.');
      assert.match(refused.body, /class="error-summary"/);
      // The list shows what is stored, not what was sent.
      assert.equal(selected(refused.body), 'Europe/Prague');
    }
    assert.equal(await storedZone(urbis, id), 'Europe/Prague');
    // NUL in a field is refused by the core; a form without the field at all, here.
    assert.equal((await browser.post('/en/settings/time-zone', { time_zone: 'UTC\u0000' })).statusCode, 400);
    assert.equal((await browser.post('/en/settings/time-zone', {})).statusCode, 400);
    assert.equal(await storedZone(urbis, id), 'Europe/Prague');
  });

  test('the API: GET and PUT with a token and with a session; unknown zones are a 400 problem', async (t) => {
    const { urbis, id, browser } = await withPerson(t, engine);
    const { token } = await createAccessToken(urbis.ctx, id, 'zones');
    const auth = { authorization: `Bearer ${token}` };
    const get = async () => {
      const response = await urbis.app.inject({ url: '/api/v1/settings/time-zone', headers: auth });
      assert.equal(response.statusCode, 200);
      return JSON.parse(response.body);
    };
    const put = (body: unknown, headers: Record<string, string> = auth) =>
      urbis.app.inject({ method: 'PUT', url: '/api/v1/settings/time-zone', headers, payload: body as object });

    assert.deepEqual(await get(), { timeZone: null, platformTimeZone: 'Europe/Brussels' });
    const chosen = await put({ timeZone: 'America/New_York' });
    assert.equal(chosen.statusCode, 200, chosen.body);
    assert.deepEqual(JSON.parse(chosen.body), { timeZone: 'America/New_York', platformTimeZone: 'Europe/Brussels' });
    assert.deepEqual(await get(), { timeZone: 'America/New_York', platformTimeZone: 'Europe/Brussels' });
    // The person's own description says it too.
    const me = await urbis.app.inject({ url: '/api/v1/me', headers: auth });
    assert.equal(JSON.parse(me.body).timeZone, 'America/New_York');
    // The page shows what the API chose.
    assert.equal(selected((await browser.get('/en/settings/time-zone')).body), 'America/New_York');

    for (const body of [{ timeZone: 'Mars/Olympus_Mons' }, { timeZone: 'america/new_york' }, { timeZone: ' UTC' }]) {
      const refused = await put(body);
      assert.equal(refused.statusCode, 400, JSON.stringify(body));
      assert.match(String(refused.headers['content-type']), /application\/problem\+json/);
      const problem = JSON.parse(refused.body);
      assert.equal(problem.errors[0].pointer, '/body/timeZone');
      assert.equal(problem.errors[0].detail, 'Choose a time zone from the list.');
    }
    for (const body of [{ timeZone: 42 }, {}, { timeZone: 'x'.repeat(65) }, { timeZone: 'UTC\u0000' }]) {
      assert.equal((await put(body)).statusCode, 400, JSON.stringify(body));
    }
    // A field the body does not have is dropped, never stored.
    assert.equal((await put({ timeZone: 'America/New_York', isAdmin: true })).statusCode, 200);
    assert.equal((await get()).timeZone, 'America/New_York');
    assert.equal(await storedZone(urbis, id), 'America/New_York');

    // With the session, the form token is needed as for any write.
    const cookie = browser.header();
    assert.equal((await put({ timeZone: 'UTC' }, { cookie })).statusCode, 403);
    const form = await browser.get('/en/settings/time-zone');
    const back = await put({ timeZone: null }, { cookie, 'x-csrf-token': csrfTokenOf(form.body) });
    assert.equal(back.statusCode, 200, back.body);
    assert.equal(await storedZone(urbis, id), null);
    // Empty is the platform's too.
    assert.equal((await put({ timeZone: 'UTC' })).statusCode, 200);
    assert.deepEqual(JSON.parse((await put({ timeZone: '' })).body).timeZone, null);
    assert.equal(await storedZone(urbis, id), null);

    // "Download my data" carries it; deleting the account forgets it.
    assert.equal((await put({ timeZone: 'Europe/Tallinn' })).statusCode, 200);
    const exported = (await exportAccountData(urbis.ctx, id)) as { account: { timeZone: string | null } };
    assert.equal(exported.account.timeZone, 'Europe/Tallinn');
    await eraseAccountData(urbis.ctx, id);
    assert.equal(await storedZone(urbis, id), null);
  });

  test('visitors are sent to sign in (page) or answered 401 (API)', async (t) => {
    const urbis = await buildTestApp(t, engine);
    const page = await urbis.app.inject('/en/settings/time-zone');
    assert.equal(page.statusCode, 303);
    assert.match(String(page.headers.location), /\/en\/sign-in\?next=/);
    assert.equal((await urbis.app.inject('/api/v1/settings/time-zone')).statusCode, 401);
    const put = await urbis.app.inject({
      method: 'PUT',
      url: '/api/v1/settings/time-zone',
      payload: { timeZone: 'UTC' },
    });
    assert.ok([401, 403].includes(put.statusCode), String(put.statusCode));
  });
});
