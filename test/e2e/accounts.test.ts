// An account's pages in Chromium with JavaScript disabled: register → confirm from the
// outbox mail → sign in → settings; no axe violation on the way, and valid HTML as served.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { createUser } from '../../src/modules/accounts/index.js';
import { Browser, registration, STRONG_PASSWORD } from '../support/accounts.js';
import { checkAxe, describeInBrowser } from '../helpers/browser.js';
import { linkIn, readOutbox } from '../helpers/mail.js';
import { checkHtml, formatVnuMessage } from '../helpers/vnu.js';

/** Clicks the main form's submit button and waits for the page that comes back. */
async function submit(page: Page, form = 'main form'): Promise<number> {
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST'),
    page.locator(`${form} button[type="submit"]`).first().click(),
  ]);
  await page.waitForLoadState('load');
  return response.status();
}

describeInBrowser('an account’s pages, without JavaScript', {}, (env) => {
  test('register → confirm from the outbox mail → sign in → settings: every page has no axe violation', async () => {
    const page = await env.newPage();
    try {
      await page.goto('/en/register');
      await checkAxe(page);
      assert.equal(await submit(page), 400);
      assert.equal(await page.locator('.error-summary li a').count(), 5);
      await checkAxe(page);

      await page.fill('#field-displayName', 'Jana Nováková');
      await page.fill('#field-email', 'jana@example.eu');
      await page.fill('#field-handle', 'jana');
      await page.fill('#field-password', STRONG_PASSWORD);
      await page.check('#field-terms');
      assert.equal(await submit(page), 200);
      assert.match((await page.locator('main').textContent()) ?? '', /Check your mail/);
      await checkAxe(page);

      const link = new URL(linkIn(readOutbox(env.urbis.ctx.config.dataDir)[0]!, '/confirm/'));
      await page.goto(link.pathname);
      await checkAxe(page);
      assert.equal(await submit(page), 200);
      assert.match((await page.locator('main').textContent()) ?? '', /Address confirmed/);
      await checkAxe(page);

      await page.goto('/en/sign-in');
      await page.fill('#field-email', 'jana@example.eu');
      await page.fill('#field-password', STRONG_PASSWORD);
      assert.equal(await submit(page), 303);
      assert.match((await page.locator('.site-account').textContent()) ?? '', /Jana Nováková/);

      for (const path of ['/en/settings/account', '/cs/settings/account', '/en/settings/privacy']) {
        await page.goto(path);
        await checkAxe(page);
      }
      await page.goto('/en/settings/tokens');
      await checkAxe(page);
      await page.fill('#field-name', 'Report script');
      assert.equal(await submit(page, 'main section form'), 200);
      assert.match((await page.locator('#new-token').textContent()) ?? '', /^urbis_/);
      await checkAxe(page);
    } finally {
      await page.close();
    }
  });

  test('the forgotten-password pages and a sign-in of an unconfirmed account have no axe violation', async () => {
    await new Browser(env.urbis.app).register(registration({ email: 'waiting@example.eu', handle: 'waiting' }));
    const page = await env.newPage();
    try {
      await page.goto('/en/sign-in');
      await page.fill('#field-email', 'waiting@example.eu');
      await page.fill('#field-password', STRONG_PASSWORD);
      assert.equal(await submit(page, 'main > div > form'), 403);
      await checkAxe(page);
      await page.goto('/cs/password/forgot');
      await checkAxe(page);
      await page.fill('#field-email', 'waiting@example.eu');
      assert.equal(await submit(page), 200);
      const mails = readOutbox(env.urbis.ctx.config.dataDir).filter((m) => m.to === 'waiting@example.eu');
      await page.goto(new URL(linkIn(mails[mails.length - 1]!, '/password/reset/')).pathname);
      await checkAxe(page);
    } finally {
      await page.close();
    }
  });

  test('every page of the accounts module is valid HTML as served', async () => {
    const { app, ctx } = env.urbis;
    await createUser(ctx.db, {
      email: 'valid@example.eu',
      handle: 'valid',
      displayName: 'Valid Person',
      password: STRONG_PASSWORD,
    });
    const visitor = new Browser(app);
    const documents: Record<string, string> = {
      register: (await visitor.get('/en/register')).body,
      'register, empty': (await visitor.register({})).body,
      'check your mail': (await visitor.register(registration({ email: 'valid2@example.eu', handle: 'valid2' }))).body,
      'forgot password': (await visitor.get('/cs/password/forgot')).body,
      'unknown link': (await visitor.get(`/en/confirm/${'x'.repeat(43)}`)).body,
    };
    const mails = readOutbox(ctx.config.dataDir).filter((m) => m.to === 'valid2@example.eu');
    documents['confirm'] = (await visitor.get(new URL(linkIn(mails[0]!, '/confirm/')).pathname)).body;
    documents['unconfirmed sign-in'] = (await new Browser(app).signIn('valid2@example.eu', STRONG_PASSWORD)).body;
    const user = new Browser(app, { userAgent: 'Mozilla/5.0 <test> & "quotes"' });
    await user.signIn('valid@example.eu', STRONG_PASSWORD);
    documents['settings: account'] = (await user.get('/en/settings/account')).body;
    documents['settings: account, errors'] = (await user.post('/en/settings/account/password', {})).body;
    documents['settings: tokens, created'] = (await user.post('/en/settings/tokens', { name: 'Script' })).body;
    documents['settings: tokens'] = (await user.get('/cs/settings/tokens')).body;
    documents['settings: privacy'] = (await user.get('/en/settings/privacy')).body;
    const results = await checkHtml(documents);
    const problems = Object.entries(results).flatMap(([name, errors]) =>
      errors.map((e) => `${name}: ${formatVnuMessage(e)}`),
    );
    assert.deepEqual(problems, []);
  });
});
