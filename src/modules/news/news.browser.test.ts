// The news and tag pages in Chromium with JavaScript disabled: no WCAG 2.1 A/AA violation
// found by axe-core, valid HTML by the Nu HTML checker, and writing a post without a script.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { cookiesOf, csrfTokenOf } from '../../../test/helpers/app.js';
import { checkAxe, describeInBrowser, signInWithForm } from '../../../test/helpers/browser.js';
import { checkHtml, formatVnuMessage } from '../../../test/helpers/vnu.js';
import { DEMO_PASSWORD } from '../people/index.js';
import { SEED } from '../../../test/support/news.js';

// Eva Novotná (DG CNECT) is a member of the Digital Transition Partnership in the demo data.
const EMAIL = 'eva-novotna@demo.urbis.eu';
const PUBLIC_PAGES = [
  `/cs${SEED}`,
  `/en${SEED}`,
  '/en/partnerships/digital-transition/news',
  '/cs/partnerships/digital-transition/news',
  '/cs/tags/meeting',
  '/en/tags',
];
const MEMBER_PAGES = ['/en/partnerships/digital-transition/news/new', `/cs${SEED}/translate`];

const signIn = (page: Page) => signInWithForm(page, EMAIL, DEMO_PASSWORD);

describeInBrowser('the news and tag pages, without JavaScript', { demo: true }, (env) => {
  for (const path of PUBLIC_PAGES) {
    test(`${path} has no axe violation`, async () => {
      const page = await env.newPage();
      try {
        assert.equal((await page.goto(path))?.status(), 200);
        await checkAxe(page);
      } finally {
        await page.close();
      }
    });
  }

  test(
    'a member writes a post without JavaScript: the form, ' + 'its messages and the draft have no axe violation',
    async () => {
      const page = await env.newPage();
      try {
        await signIn(page);
        for (const path of MEMBER_PAGES) {
          assert.equal((await page.goto(path))?.status(), 200);
          await checkAxe(page);
        }
        await page.goto('/en/partnerships/digital-transition/news/new');
        const [response] = await Promise.all([
          page.waitForResponse((r) => r.request().method() === 'POST'),
          page.locator('main form button[type="submit"]').click(),
        ]);
        await page.waitForLoadState('load');
        assert.equal(response.status(), 400);
        assert.equal(await page.locator('.error-summary li a').count(), 2);
        await checkAxe(page);
        await page.fill('#field-title', 'Written in a browser');
        await page.fill('#field-body', 'A *short* post, with [a link](https://example.org).');
        await page.fill('#field-tags', 'browser, meeting');
        await Promise.all([
          page.waitForURL('**/news/written-in-a-browser'),
          page.locator('main form button[type="submit"]').click(),
        ]);
        assert.match((await page.locator('h1').textContent()) ?? '', /Written in a browser/);
        await checkAxe(page);
        // Its author withdraws the draft, by keyboard: the page that asks first, then the list.
        await page.locator('main a', { hasText: 'Delete this post' }).focus();
        await Promise.all([page.waitForURL('**/news/written-in-a-browser/delete'), page.keyboard.press('Enter')]);
        assert.equal(await page.locator('h1').textContent(), 'Delete this post?');
        await checkAxe(page);
        await page.locator('main form button[type="submit"]').focus();
        await Promise.all([
          page.waitForURL('**/partnerships/digital-transition/news?done=deleted'),
          page.keyboard.press('Enter'),
        ]);
        assert.equal(
          await page.locator('main a', { hasText: 'Written in a browser' }).count(),
          0,
          'gone from the list',
        );
        assert.equal((await page.locator('main .notice').textContent())?.trim(), 'The post was deleted.');
        await checkAxe(page);
      } finally {
        await page.close();
      }
    },
  );

  test('every news and tag page is valid HTML', async () => {
    const { app } = env.urbis;
    const documents: Record<string, string> = {};
    for (const path of PUBLIC_PAGES) documents[path] = (await app.inject(path)).body;
    const form = await app.inject('/en/sign-in');
    const signedIn = await app.inject({
      method: 'POST',
      url: '/en/sign-in',
      headers: { cookie: cookiesOf(form), 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({
        _csrf: csrfTokenOf(form.body),
        email: 'kadri-saar@demo.urbis.eu',
        password: DEMO_PASSWORD,
      }).toString(),
    });
    const cookie = `${cookiesOf(form)}; ${cookiesOf(signedIn)}`;
    for (const path of [
      ...MEMBER_PAGES,
      `/en${SEED}/edit`,
      `/cs${SEED}/delete`,
      '/en/partnerships/digital-transition/news/draft-lessons-for-small-towns',
    ]) {
      const response = await app.inject({ url: path, headers: { cookie } });
      assert.equal(response.statusCode, 200, path);
      documents[path] = response.body;
    }
    const newForm = documents[MEMBER_PAGES[0]!]!;
    const wrong = await app.inject({
      method: 'POST',
      url: '/en/partnerships/digital-transition/news',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({
        _csrf: csrfTokenOf(newForm),
        title: 't'.repeat(201),
        body: '',
        lang: 'xx',
      }).toString(),
    });
    assert.equal(wrong.statusCode, 400);
    documents['the post form with errors'] = wrong.body;
    const results = await checkHtml(documents);
    for (const [name, errors] of Object.entries(results)) {
      assert.deepEqual(
        errors.map(formatVnuMessage),
        [],
        `${name}: the Nu HTML checker found ${errors.length} error(s)`,
      );
    }
  });
});
