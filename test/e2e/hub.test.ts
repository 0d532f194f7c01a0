// A partnership's hub, in Chromium with JavaScript disabled: the overview and every page that
// shares its frame (members, news, pages, a page), in English and Czech, at 1280 and 390 px,
// for a visitor and for a signed-in person who is not a member. axe-core and the Nu HTML checker
// find nothing; nothing scrolls sideways; at 1280 px the overview has two columns and at 390 px
// one; the keyboard reaches every tab of the sub-navigation, with a visible focus.
//
// With URBIS_SCREENSHOTS=1 it also writes docs/screenshots/hub.png: the English overview at
// 1280 px as a visitor sees the demo (`URBIS_SCREENSHOTS=1 node scripts/test.mjs e2e/hub`).
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { createUser } from '../../src/modules/accounts/index.js';
import {
  checkAxe,
  describeInBrowser,
  fitsWidth,
  focused,
  hasVisibleFocus,
  signInWithForm,
} from '../helpers/browser.js';
import { checkHtml, formatVnuMessage } from '../helpers/vnu.js';

const DTP = '/partnerships/digital-transition';
/** Every page in the partnership's frame, and the tab that is its section. */
const PAGES: [string, string][] = [
  ['', ''],
  ['/news', '/news'],
  ['/meetings', '/meetings'],
  ['/funding', '/funding'],
  ['/lessons', '/lessons'],
  ['/members', '/members'],
  ['/pages', '/pages'],
  ['/pages/about', '/pages'],
];
const TABS = {
  en: ['Overview', 'News', 'Meetings', 'Actions', 'Funding', 'Lessons', 'Members', 'Pages'],
  cs: ['Přehled', 'Novinky', 'Setkání', 'Akce', 'Financování', 'Poučení', 'Členové', 'Stránky'],
} as const;
const PASSWORD = 'a city officer in Brno 2026';

/** The sub-navigation's tabs as `label` or `label (current)`. */
async function tabsOf(page: Page): Promise<string[]> {
  return page
    .locator('nav.hub-nav a')
    .evaluateAll((links) =>
      links.map(
        (a) => `${a.textContent}${a.getAttribute('aria-current') ? ` (${a.getAttribute('aria-current')})` : ''}`,
      ),
    );
}

describeInBrowser('a partnership’s hub', { demo: true }, (env) => {
  test('every page of a partnership, en and cs, 1280 and 390 px, visitor or signed in: axe, width, tabs', async () => {
    await createUser(env.urbis.ctx.db, {
      email: 'zdenka@example.eu',
      handle: 'zdenka',
      displayName: 'Zdeňka Nováková',
      password: PASSWORD,
    });
    const signedIn = await env.newPage();
    await signInWithForm(signedIn, 'zdenka@example.eu', PASSWORD);
    const visitor = await env.newPage();
    try {
      for (const page of [visitor, signedIn]) {
        for (const width of [1280, 390]) {
          await page.setViewportSize({ width, height: 900 });
          for (const lang of ['en', 'cs'] as const) {
            for (const [path, section] of PAGES) {
              const url = `/${lang}${DTP}${path}`;
              const response = await page.goto(url);
              assert.equal(response?.status(), 200, url);
              await checkAxe(page);
              await fitsWidth(page);
              const expected = TABS[lang].map((label, i) => {
                const at = ['', '/news', '/meetings', '/actions', '/funding', '/lessons', '/members', '/pages'][i];
                return at === path ? `${label} (page)` : at === section ? `${label} (true)` : label;
              });
              assert.deepEqual(await tabsOf(page), expected, url);
            }
            // The overview: two columns side by side at 1280 px, one under the other at 390 px.
            await page.goto(`/${lang}${DTP}`);
            const recent = await page.locator('#hub-news').boundingBox();
            const side = await page.locator('#hub-coordinators').boundingBox();
            const activity = await page.locator('#hub-activity').boundingBox();
            assert.ok(recent && side && activity);
            if (width === 1280) {
              assert.ok(side.x > recent.x + recent.width, 'the coordinators are beside the news');
              assert.ok(activity.x === recent.x && activity.y > recent.y, 'the activity is under the news');
            } else {
              assert.ok(side.x === recent.x && side.y > recent.y, 'one column: the coordinators under the news');
              assert.ok(activity.y > side.y, 'then the activity');
            }
          }
        }
      }
      // How to join: a visitor is asked to sign in; a signed-in person who is not a member has the form.
      await visitor.goto(`/en${DTP}`);
      assert.equal(await visitor.locator('#hub-join ~ p a[href*="/sign-in?next="]').count(), 1);
      await signedIn.goto(`/en${DTP}`);
      assert.equal(await signedIn.getByRole('button', { name: 'Ask to join', exact: true }).count(), 1);

      if (process.env.URBIS_SCREENSHOTS) {
        await visitor.setViewportSize({ width: 1280, height: 900 });
        await visitor.goto(`/en${DTP}`);
        const file = fileURLToPath(new URL('../../docs/screenshots/hub.png', import.meta.url));
        await visitor.screenshot({ path: file, fullPage: true });
      }
    } finally {
      await visitor.close();
      await signedIn.close();
    }
  });

  test('the keyboard reaches every tab of the sub-navigation, in order, with a visible focus (390 px)', async () => {
    const page = await env.newPage();
    try {
      await page.setViewportSize({ width: 390, height: 800 });
      await page.goto(`/cs${DTP}/members`);
      const reached: string[] = [];
      for (let i = 0; i < 60 && reached.length < TABS.cs.length; i++) {
        await page.keyboard.press('Tab');
        const element = await focused(page);
        if (element?.path.includes('nav.hub-nav')) {
          assert.ok(hasVisibleFocus(element), `no visible focus on ${element.path}`);
          reached.push(element.text);
        }
      }
      assert.deepEqual(reached, [...TABS.cs]);
      // Enter follows the tab.
      await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.keyboard.press('Enter')]);
      assert.equal(new URL(page.url()).pathname, `/cs${DTP}/pages`);
    } finally {
      await page.close();
    }
  });

  test('the Nu HTML checker finds no error on the hub’s pages, en and cs', async () => {
    const documents: Record<string, string> = {};
    for (const lang of ['en', 'cs'])
      for (const [path] of PAGES) {
        const response = await env.urbis.app.inject(`/${lang}${DTP}${path}`);
        assert.equal(response.statusCode, 200);
        documents[`/${lang}${DTP}${path}`] = response.body;
      }
    const results = await checkHtml(documents);
    for (const [name, errors] of Object.entries(results)) assert.deepEqual(errors.map(formatVnuMessage), [], name);
  });
});
