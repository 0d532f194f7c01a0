// The site with the keyboard alone, in Chromium with JavaScript disabled: the skip link,
// the language switcher, signing in, and a visible focus on everything Tab reaches.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { createUser } from '../../src/modules/accounts/index.js';
import { describeInBrowser, focused, hasVisibleFocus, type FocusedElement } from '../helpers/browser.js';

/** Presses Tab until `wanted` holds for the focused element; fails listing what was reached. */
async function tabUntil(page: Page, wanted: (element: FocusedElement) => boolean, limit = 40): Promise<FocusedElement> {
  const reached: string[] = [];
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    const element = await focused(page);
    if (element && wanted(element)) return element;
    reached.push(element ? `${element.tag} "${element.text}"${element.href ? ` (${element.href})` : ''}` : '(nothing)');
  }
  assert.fail(`not reached after ${limit} Tabs; the focus went to:\n  ${reached.join('\n  ')}`);
}

/** Every element the Tab key reaches on the page, once around, in order. */
async function tabStops(page: Page, limit = 150): Promise<FocusedElement[]> {
  const stops: FocusedElement[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    const element = await focused(page);
    if (!element) {
      if (stops.length > 0) return stops; // past the last one: the focus left the page
      continue;
    }
    const key = `${element.path}|${element.href}|${element.text}`;
    if (seen.has(key)) return stops; // around again
    seen.add(key);
    stops.push(element);
  }
  return stops;
}

function describeStop(element: FocusedElement): string {
  return (
    `${element.path}${element.href ? ` (${element.href})` : ''} "${element.text}": ` +
    `outline ${element.outlineStyle} ${element.outlineWidth}, box-shadow ${element.boxShadow}`
  );
}

describeInBrowser('the site with the keyboard alone, without JavaScript', { demo: true }, (env) => {
  test(
    'the first Tab on the home page focuses the skip link, ' + 'and Enter moves the focus to the main content',
    async () => {
      const page = await env.newPage();
      await page.goto('/en/');
      await page.keyboard.press('Tab');
      const first = await focused(page);
      assert.ok(first, 'the first Tab focused nothing');
      assert.equal(first.href, '#main', `the first Tab focused ${first.path} instead of the skip link`);
      assert.equal(first.text, 'Skip to main content');
      assert.ok(hasVisibleFocus(first), `the skip link shows no focus: ${describeStop(first)}`);
      await page.keyboard.press('Enter');
      const after = await focused(page);
      assert.equal(after?.id, 'main', `Enter on the skip link moved the focus to ${after ? after.path : 'nothing'}`);
      // …and the next Tab goes on from the main content, not back to the header.
      await page.keyboard.press('Tab');
      const next = await focused(page);
      assert.ok(
        next?.path.includes('main#main'),
        `the Tab after the skip link went to ${next ? next.path : 'nothing'}`,
      );
      await page.close();
    },
  );

  test('Tab reaches the language switcher, and Enter on “Čeština” shows the home page in Czech', async () => {
    const page = await env.newPage();
    await page.goto('/en/');
    const czech = await tabUntil(page, (e) => e.lang === 'cs' && e.path.includes('language-switcher'));
    assert.equal(czech.text, 'Čeština');
    assert.ok(hasVisibleFocus(czech), `the language link shows no focus: ${describeStop(czech)}`);
    await Promise.all([page.waitForURL((url) => url.pathname === '/cs/'), page.keyboard.press('Enter')]);
    assert.equal(await page.locator('html').getAttribute('lang'), 'cs');
    assert.equal(await page.locator('.language-switcher [aria-current="true"]').textContent(), 'Čeština');
    await page.close();
  });

  test(
    'the sign-in form can be filled in and sent with the keyboard alone, ' + 'and the header then shows who signed in',
    async () => {
      await createUser(env.urbis.ctx.db, {
        email: 'keyboard.user@example.org',
        handle: 'keyboard-user',
        displayName: 'Klára Klávesnicová',
        password: 'a long enough passphrase',
      });
      const page = await env.newPage();
      await page.goto('/en/');
      const link = await tabUntil(page, (e) => e.href === '/en/sign-in');
      assert.equal(link.text, 'Sign in');
      await Promise.all([page.waitForURL((url) => url.pathname === '/en/sign-in'), page.keyboard.press('Enter')]);
      const email = await tabUntil(page, (e) => e.id === 'field-email');
      assert.ok(hasVisibleFocus(email), `the e-mail field shows no focus: ${describeStop(email)}`);
      await page.keyboard.type('keyboard.user@example.org');
      await page.keyboard.press('Tab');
      assert.equal(
        (await focused(page))?.id,
        'field-password',
        'Tab from the e-mail field does not go to the password',
      );
      await page.keyboard.type('a long enough passphrase');
      await page.keyboard.press('Tab');
      const button = await focused(page);
      assert.equal(
        button?.tag,
        'button',
        `Tab from the password went to ${button ? button.path : 'nothing'}, not the button`,
      );
      assert.ok(hasVisibleFocus(button), `the submit button shows no focus: ${describeStop(button)}`);
      await Promise.all([page.waitForURL((url) => url.pathname === '/en/'), page.keyboard.press('Enter')]);
      assert.equal((await page.locator('.site-account__name').textContent())?.trim(), 'Klára Klávesnicová');
      await page.close();
    },
  );

  for (const path of ['/en/', '/en/partnerships', '/en/sign-in', '/cs/partnerships/digital-transition']) {
    test(`every element Tab reaches on ${path} shows where the focus is`, async () => {
      const page = await env.newPage();
      await page.goto(path);
      const stops = await tabStops(page);
      assert.ok(stops.length >= 5, `Tab reached only ${stops.length} element(s) on ${path}`);
      const hidden = stops.filter((e) => !hasVisibleFocus(e));
      assert.deepEqual(
        hidden.map(describeStop),
        [],
        `${hidden.length} of ${stops.length} focusable elements on ${path} show no focus`,
      );
      await page.close();
    });
  }
});
