// The action dashboards in Chromium with JavaScript disabled and the keyboard alone, in English and
// Czech: a visitor follows the plan's link to the Digital Transition Partnership's dashboard, then
// the site navigation's "Actions" to the platform's. Each chart is drawn as SVG hidden from
// assistive technology beside a table with the same numbers (caption, headers); axe-core checks
// both pages, the Nu HTML checker their HTML; they fit a phone's width, and print without the
// navigation, with their charts and tables.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { checkHtml, formatVnuMessage } from '../helpers/vnu.js';
import { checkAxe, describeInBrowser, enter, fitsWidth, tabUntil } from '../helpers/browser.js';

const PLAN = '/partnerships/digital-transition/actions';

/** Every chart has its table beside it, hidden from assistive technology; every table a caption and headers. */
async function chartsWithTables(page: Page): Promise<void> {
  const pairs = page.locator('.chart-pair');
  const count = await pairs.count();
  assert.ok(count >= 3, `charts: ${count}`);
  for (let i = 0; i < count; i++) {
    const pair = pairs.nth(i);
    assert.equal(await pair.locator('svg').getAttribute('aria-hidden'), 'true');
    assert.equal(await pair.locator('table caption').count(), 1);
    assert.ok((await pair.locator('table th[scope="col"]').count()) >= 2);
  }
}

/** Printed: the charts and tables are there, the site's and the hub's navigation are not. */
async function prints(page: Page): Promise<void> {
  await page.emulateMedia({ media: 'print' });
  try {
    assert.ok(await page.locator('.chart-pair svg').first().isVisible(), 'a chart prints');
    assert.ok(await page.locator('.chart-pair table').first().isVisible(), 'a table prints');
    assert.equal(await page.locator('.site-nav').isVisible(), false, 'no site navigation on paper');
    const hub = page.locator('.hub-nav');
    if ((await hub.count()) > 0) assert.equal(await hub.first().isVisible(), false, 'no hub navigation on paper');
  } finally {
    await page.emulateMedia({ media: 'screen' });
  }
}

describeInBrowser('the action dashboards', { demo: true }, (env) => {
  for (const lang of ['en', 'cs'] as const) {
    test(`${lang}: the partnership's dashboard from its plan, the platform's from the navigation`, async () => {
      const { t } = env.urbis.ctx.i18n(lang);
      const page = await env.newPage();
      const documents: Record<string, string> = {};
      try {
        assert.equal((await page.goto(`/${lang}${PLAN}`))?.status(), 200);
        await tabUntil(page, (e) => e.tag === 'a' && e.text.trim() === t('actions.dashboard.link'));
        await enter(page);
        assert.match(page.url(), /\/actions\/dashboard$/);
        assert.equal(await page.locator('h1').innerText(), t('actions.dashboard.heading'));
        await checkAxe(page);
        await chartsWithTables(page);
        documents['the partnership dashboard'] = await page.content();
        // A late deliverable links its action.
        const late = page.locator('section[aria-labelledby="late"] table a').first();
        assert.match((await late.getAttribute('href')) ?? '', new RegExp(`^/${lang}${PLAN}/\\d+$`));
        await prints(page);
        await page.setViewportSize({ width: 390, height: 900 });
        await fitsWidth(page);
        await page.setViewportSize({ width: 1280, height: 900 });

        // The platform's, from the site navigation.
        await tabUntil(page, (e) => e.tag === 'a' && e.text.trim() === t('actions.nav'));
        await enter(page);
        assert.match(page.url(), new RegExp(`/${lang}/actions$`));
        assert.equal(await page.locator('h1').innerText(), t('actions.platform.title'));
        await checkAxe(page);
        await chartsWithTables(page);
        documents['the platform dashboard'] = await page.content();
        await prints(page);
        await page.setViewportSize({ width: 390, height: 900 });
        await fitsWidth(page);
        await page.setViewportSize({ width: 1280, height: 900 });
      } finally {
        await page.close();
      }
      for (const [name, errors] of Object.entries(await checkHtml(documents)))
        assert.deepEqual(errors.map(formatVnuMessage), [], `${lang}, ${name}: the Nu HTML checker`);
    });
  }
});
