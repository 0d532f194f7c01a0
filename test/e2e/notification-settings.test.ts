// Notification settings and one-click unsubscribe in Chromium with JavaScript disabled, by keyboard
// alone: from the notifications page to the settings, a kind turned to the weekly digest with the
// arrow keys and saved with Enter; a mailed unsubscribe link opened signed out, its button pressed;
// no axe violation on the way, and the pages valid HTML as served (also with an error).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createUser } from '../../src/modules/accounts/index.js';
import { notify, unsubscribeUrl } from '../../src/modules/notifications/index.js';
import { Browser, STRONG_PASSWORD } from '../support/accounts.js';
import { checkAxe, describeInBrowser, enter, fitsWidth, signInWithForm, tabUntil } from '../helpers/browser.js';
import { readOutbox } from '../helpers/mail.js';
import { checkHtml, formatVnuMessage } from '../helpers/vnu.js';
import { jobHandlers } from '../../src/app.js';
import { JobRunner } from '../../src/core/jobs/queue.js';
import { createLogger } from '../../src/core/logger.js';

const REPLY = 'comments.notification.reply';

describeInBrowser('notification settings and unsubscribe, without JavaScript', {}, (env) => {
  test('a kind turned to the weekly digest by keyboard; a mailed link stops a kind; no axe violation', async () => {
    const { ctx } = env.urbis;
    const id = await createUser(ctx.db, {
      email: 'keyboard-mail@example.eu',
      handle: 'keyboard-mail',
      displayName: 'Jonas Berg',
      password: STRONG_PASSWORD,
    });
    const page = await env.newPage();
    try {
      await signInWithForm(page, 'keyboard-mail@example.eu', STRONG_PASSWORD);
      await page.goto('/en/notifications');
      await tabUntil(page, (e) => e.tag === 'a' && e.href === '/en/notifications/settings');
      await enter(page);
      assert.equal(new URL(page.url()).pathname, '/en/notifications/settings');
      await checkAxe(page);
      await fitsWidth(page);
      // The reply kind's group: its checked radio (daily, the default) takes the focus; one arrow down is weekly.
      await tabUntil(page, (e) => e.tag === 'input' && e.id === `field-${REPLY}-daily`);
      await page.keyboard.press('ArrowDown');
      assert.equal(await page.locator(`input[name="${REPLY}"]:checked`).getAttribute('value'), 'weekly');
      await tabUntil(page, (e) => e.tag === 'button' && e.text === 'Save');
      await enter(page);
      assert.equal(new URL(page.url()).search, '?saved=1');
      assert.match((await page.locator('main').textContent()) ?? '', /Your notification settings are saved/);
      assert.equal(await page.locator(`input[name="${REPLY}"]:checked`).getAttribute('value'), 'weekly');
      await checkAxe(page);
      await page.goto('/cs/notifications/settings');
      await checkAxe(page);

      // A mail at once, and its unsubscribe link opened in a browser that is signed out.
      await notify(ctx, id, { kind: 'comments.notification.reported', subject: 'A post', path: '/partnerships' });
      await new JobRunner(ctx.db, ctx.dialect, jobHandlers(ctx), createLogger('silent')).runDue(10);
      const mail = readOutbox(ctx.config.dataDir).find((m) => m.to === 'keyboard-mail@example.eu');
      const link = /<([^>]+)>/.exec(mail?.headers['list-unsubscribe'] ?? '')?.[1];
      assert.ok(link, 'the mail names its unsubscribe link');
      const stranger = await env.newPage();
      try {
        await stranger.goto(new URL(link).pathname);
        assert.match((await stranger.locator('h1').textContent()) ?? '', /Stop these mails/);
        await checkAxe(stranger);
        await tabUntil(stranger, (e) => e.tag === 'button' && e.text === 'Stop these mails');
        await enter(stranger);
        assert.match((await stranger.locator('h1').textContent()) ?? '', /Mails stopped/);
        await checkAxe(stranger);
      } finally {
        await stranger.close();
      }
      await page.goto('/en/notifications/settings');
      assert.equal(
        await page.locator('input[name="comments.notification.reported"]:checked').getAttribute('value'),
        'never',
      );
    } finally {
      await page.close();
    }
  });

  test('the pages are valid HTML as served: settings, saved, with an error; the unsubscribe page', async () => {
    const { app, ctx } = env.urbis;
    const id = await createUser(ctx.db, {
      email: 'valid-mail@example.eu',
      handle: 'valid-mail',
      displayName: 'Valid Mail',
      password: STRONG_PASSWORD,
    });
    const user = new Browser(app);
    await user.signIn('valid-mail@example.eu', STRONG_PASSWORD);
    const documents: Record<string, string> = {
      settings: (await user.get('/en/notifications/settings')).body,
      'settings, error': (await user.post('/en/notifications/settings', { [REPLY]: 'hourly' })).body,
    };
    await user.post('/en/notifications/settings', { [REPLY]: 'never' });
    documents['settings, saved'] = (await user.get('/cs/notifications/settings?saved=1')).body;
    const link = new URL(unsubscribeUrl(ctx.config, 'en', id, 'daily')).pathname;
    documents.unsubscribe = (await new Browser(app).get(link)).body;
    documents['unsubscribe, done'] = (await app.inject({ method: 'POST', url: link })).body;
    const results = await checkHtml(documents);
    const problems = Object.entries(results).flatMap(([name, errors]) =>
      errors.map((e) => `${name}: ${formatVnuMessage(e)}`),
    );
    assert.deepEqual(problems, []);
  });
});
