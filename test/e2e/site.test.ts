// The public pages, in Chromium with JavaScript disabled: no WCAG 2.1 A/AA violation found
// by axe-core, and no error from the Nu HTML checker on the HTML as served.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import type { Page } from 'playwright-core';
import type { Urbis } from '../../src/app.js';
import { cookiesOf, csrfTokenOf } from '../helpers/app.js';
import { checkAxe, describeInBrowser } from '../helpers/browser.js';
import { checkHtml, formatVnuMessage, type VnuMessage } from '../helpers/vnu.js';

interface Checked {
  /** The page, as it reads in a test name. */
  name: string;
  path: string;
  status: number;
  /** Submit the page's form empty, and check the page that comes back. */
  submitEmpty?: boolean;
}

const PAGES: Checked[] = [
  { name: 'the English home page', path: '/en/', status: 200 },
  { name: 'the Czech home page', path: '/cs/', status: 200 },
  { name: 'the English list of partnerships', path: '/en/partnerships', status: 200 },
  { name: 'a partnership in Czech', path: '/cs/partnerships/digital-transition', status: 200 },
  // The activity across partnerships, a person's profile with what they did, a post with related content.
  { name: 'the Czech activity page', path: '/cs/activity', status: 200 },
  { name: 'a profile with its activity', path: '/en/people/eva-novotna', status: 200 },
  {
    name: 'a post with related content',
    path: '/en/partnerships/digital-transition/news/luxembourg-meeting-on-implementing-and-scaling-up-the-actions',
    status: 200,
  },
  { name: 'the English accessibility statement', path: '/en/accessibility', status: 200 },
  { name: 'the Czech API page', path: '/cs/api', status: 200 },
  { name: 'the English sign-in page', path: '/en/sign-in', status: 200 },
  { name: 'the sign-in page submitted empty', path: '/en/sign-in', status: 400, submitEmpty: true },
  { name: 'the page-not-found page', path: '/en/no-such-page', status: 404 },
  { name: 'the unknown-language page', path: '/xx/', status: 404 },
];

/** A page with known faults, to show that each check can fail. */
const BROKEN =
  '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Broken</title></head>' +
  '<body><main><img src="/favicon.ico"><p>Text</div></main></body></html>';

/** The HTML as the server sends it (not the browser's DOM), for the HTML checker. */
async function servedHtml(urbis: Urbis, page: Checked): Promise<string> {
  const first = await urbis.app.inject(page.path);
  if (!page.submitEmpty) {
    assert.equal(first.statusCode, page.status, `${page.path} answered ${first.statusCode}`);
    return first.body;
  }
  const response = await urbis.app.inject({
    method: 'POST',
    url: page.path,
    headers: { cookie: cookiesOf(first), 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ _csrf: csrfTokenOf(first.body), email: '', password: '' }).toString(),
  });
  assert.equal(response.statusCode, page.status, `POST ${page.path} answered ${response.statusCode}`);
  return response.body;
}

/** Opens the page in the browser (submitting its form empty when asked). */
async function open(newPage: () => Promise<Page>, checked: Checked): Promise<Page> {
  const page = await newPage();
  const response = await page.goto(checked.path);
  if (checked.submitEmpty) {
    const [submitted] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST'),
      page.locator('main form button[type="submit"]').click(),
    ]);
    await page.waitForLoadState('load');
    assert.equal(submitted.status(), checked.status);
  } else {
    assert.equal(response?.status(), checked.status, `${checked.path} answered ${response?.status()}`);
  }
  return page;
}

describeInBrowser('the public pages, without JavaScript', { demo: true }, (env) => {
  let validation: Promise<Record<string, VnuMessage[]>>;
  before(() => {
    // One JVM for every page; each test below waits for it.
    validation = Promise.all(PAGES.map(async (p) => [p.name, await servedHtml(env.urbis, p)] as const)).then((pairs) =>
      checkHtml({ ...Object.fromEntries(pairs), broken: BROKEN }),
    );
    validation.catch(() => {});
  });

  for (const checked of PAGES) {
    test(`${checked.name} has no axe violation`, async () => {
      const page = await open(env.newPage, checked);
      try {
        await checkAxe(page);
      } finally {
        await page.close();
      }
    });

    test(`${checked.name} is valid HTML`, async () => {
      const errors = (await validation)[checked.name] ?? [];
      assert.deepEqual(
        errors.map(formatVnuMessage),
        [],
        `${checked.path}: the Nu HTML checker found ${errors.length} error(s)`,
      );
    });
  }

  test('the checks can fail: a missing alt text is an axe violation, a stray end tag an HTML error', async () => {
    const page = await env.newPage();
    try {
      await page.route('**/broken-fixture', (route) =>
        route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: BROKEN }),
      );
      await page.goto('/broken-fixture');
      await assert.rejects(checkAxe(page), /image-alt/);
    } finally {
      await page.close();
    }
    const errors = (await validation).broken ?? [];
    assert.ok(
      errors.some((e) => /Stray end tag “div”/.test(e.message)),
      errors.map(formatVnuMessage).join('\n'),
    );
  });

  test('the sign-in page submitted empty shows an error summary and an error at each field', async () => {
    const page = await open(
      env.newPage,
      PAGES.find((p) => p.submitEmpty)!,
    );
    try {
      assert.match(await page.title(), /^\S+/);
      assert.equal(await page.locator('.error-summary li a').count(), 2);
      assert.equal(await page.locator('#field-email[aria-invalid="true"]').count(), 1);
      assert.equal(await page.locator('#field-password[aria-invalid="true"]').count(), 1);
      assert.equal(await page.locator('#field-email-error').count(), 1);
      assert.equal(await page.locator('#field-password-error').count(), 1);
    } finally {
      await page.close();
    }
  });

  test(
    'a page is not blank without JavaScript: ' + 'the home page shows its heading and the demo partnerships',
    async () => {
      const page = await env.newPage();
      try {
        await page.goto('/en/');
        assert.ok((await page.locator('main h1').count()) >= 1);
        assert.match((await page.locator('main').textContent()) ?? '', /Digital Transition/);
      } finally {
        await page.close();
      }
    },
  );
});
