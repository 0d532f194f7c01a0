// The people pages in Chromium with JavaScript disabled: no WCAG 2.1 A/AA violation found by
// axe-core, valid HTML by the Nu HTML checker, and the settings form usable without a script.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { cookiesOf, csrfTokenOf } from '../../../test/helpers/app.js';
import { checkAxe, describeInBrowser, signInWithForm } from '../../../test/helpers/browser.js';
import { checkHtml, formatVnuMessage } from '../../../test/helpers/vnu.js';
import { DEMO_PASSWORD } from './index.js';

const EMAIL = 'eva-novotna@demo.urbis.eu';

const PUBLIC_PAGES = [
  '/en/people/eva-novotna',
  '/cs/people/kadri-saar',
  '/en/terms',
  '/cs/terms',
  '/en/privacy',
  '/cs/privacy',
];

const signIn = (page: Page) => signInWithForm(page, EMAIL, DEMO_PASSWORD);

describeInBrowser('the people pages, without JavaScript', { demo: true }, (env) => {
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
    'the profile settings, as they open and after a wrong submission, have no axe violation and work without ' +
      'JavaScript',
    async () => {
      const page = await env.newPage();
      try {
        await signIn(page);
        for (const path of ['/en/settings/profile', '/cs/settings/profile']) {
          assert.equal((await page.goto(path))?.status(), 200);
          await checkAxe(page);
        }
        await page.goto('/en/settings/profile');
        await page.fill('#field-displayName', '');
        await page.fill('#field-otherLanguages', 'uk, klingon');
        await page.fill('#field-newRoleTitle', 'Observer');
        const [response] = await Promise.all([
          page.waitForResponse((r) => r.request().method() === 'POST'),
          page.locator('main form button[type="submit"]').click(),
        ]);
        await page.waitForLoadState('load');
        assert.equal(response.status(), 400);
        assert.equal(await page.locator('.error-summary li a').count(), 3);
        assert.equal(await page.locator('#field-displayName[aria-invalid="true"]').count(), 1);
        await checkAxe(page);

        // Put right, the same form saves; the profile shows the change.
        await page.fill('#field-displayName', 'Eva Novotná');
        await page.fill('#field-otherLanguages', 'uk');
        await page.selectOption('#field-newOrganisation', 'eurocities');
        await page.check('#field-languages-de');
        await Promise.all([
          page.waitForURL('**/settings/profile?saved=1'),
          page.locator('main form button[type="submit"]').click(),
        ]);
        assert.match((await page.locator('[role="status"]').textContent()) ?? '', /saved/);
        await page.goto('/en/people/eva-novotna');
        const main = (await page.locator('main').textContent()) ?? '';
        assert.match(main, /EUROCITIES – Observer/);
        assert.match(main, /German/);
        assert.match(main, /Ukrainian/);
      } finally {
        await page.close();
      }
    },
  );

  test('every people page is valid HTML', async () => {
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
    const settings = await app.inject({ url: '/cs/settings/profile', headers: { cookie } });
    documents.settings = settings.body;
    const wrong = await app.inject({
      method: 'POST',
      url: '/cs/settings/profile',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({
        _csrf: csrfTokenOf(settings.body),
        displayName: '',
        locale: 'xx',
        languages: 'zz',
        bio: 'x'.repeat(2001),
        'organisation-0': 'estonia',
        'roleTitle-0': 'r'.repeat(101),
        newOrganisation: 'atlantis',
      }).toString(),
    });
    assert.equal(wrong.statusCode, 400);
    documents['settings with errors'] = wrong.body;
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
