// Settings → time zone in Chromium with JavaScript disabled, by keyboard alone: from the settings
// navigation to the form, a zone chosen by typing its city into the select, saved with Enter; no axe
// violation on the way, and the page valid HTML as served (also with its error).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createUser } from '../../src/modules/accounts/index.js';
import { Browser, STRONG_PASSWORD } from '../support/accounts.js';
import { checkAxe, describeInBrowser, enter, fitsWidth, signInWithForm, tabUntil } from '../helpers/browser.js';
import { checkHtml, formatVnuMessage } from '../helpers/vnu.js';

describeInBrowser('settings → time zone, without JavaScript', {}, (env) => {
  test('reached from the settings navigation, a zone chosen and saved by keyboard, no axe violation', async () => {
    await createUser(env.urbis.ctx.db, {
      email: 'keyboard-zone@example.eu',
      handle: 'keyboard-zone',
      displayName: 'Sofia Lindqvist',
      password: STRONG_PASSWORD,
    });
    const page = await env.newPage();
    try {
      await signInWithForm(page, 'keyboard-zone@example.eu', STRONG_PASSWORD);
      await page.goto('/en/settings/account');
      await tabUntil(page, (e) => e.tag === 'a' && e.href === '/en/settings/time-zone');
      await enter(page);
      assert.equal(new URL(page.url()).pathname, '/en/settings/time-zone');
      await checkAxe(page);
      await fitsWidth(page);

      await tabUntil(page, (e) => e.tag === 'select' && e.id === 'field-time_zone');
      await page.keyboard.type('Tallinn');
      assert.equal(await page.locator('#field-time_zone').inputValue(), 'Europe/Tallinn');
      await tabUntil(page, (e) => e.tag === 'button' && /Save time zone/.test(e.text));
      await enter(page);
      assert.equal(new URL(page.url()).pathname + new URL(page.url()).search, '/en/settings/time-zone?saved=1');
      assert.match((await page.locator('main').textContent()) ?? '', /Your time zone has been saved/);
      assert.equal(await page.locator('#field-time_zone').inputValue(), 'Europe/Tallinn');
      await checkAxe(page);

      await page.goto('/cs/settings/time-zone');
      await checkAxe(page);
    } finally {
      await page.close();
    }
  });

  test('the page is valid HTML as served: empty, saved, and with its error', async () => {
    const { app, ctx } = env.urbis;
    await createUser(ctx.db, {
      email: 'valid-zone@example.eu',
      handle: 'valid-zone',
      displayName: 'Valid Zone',
      password: STRONG_PASSWORD,
    });
    const user = new Browser(app);
    await user.signIn('valid-zone@example.eu', STRONG_PASSWORD);
    const documents: Record<string, string> = {
      'time zone': (await user.get('/en/settings/time-zone')).body,
      'time zone, error': (await user.post('/en/settings/time-zone', { time_zone: 'Mars/Olympus_Mons' })).body,
    };
    await user.post('/en/settings/time-zone', { time_zone: 'America/New_York' });
    documents['time zone, saved'] = (await user.get('/cs/settings/time-zone?saved=1')).body;
    const results = await checkHtml(documents);
    const problems = Object.entries(results).flatMap(([name, errors]) =>
      errors.map((e) => `${name}: ${formatVnuMessage(e)}`),
    );
    assert.deepEqual(problems, []);
  });
});
