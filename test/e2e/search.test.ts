// Search in Chromium with JavaScript disabled and the keyboard alone: a visitor looks for the seed post
// in Czech without diacritics and finds it (its Czech title, the words marked), narrows by tag and by
// year through the facets' links, then the same in English; a query of punctuation only asks for a
// word. axe-core checks every page.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { activate, checkAxe, describeInBrowser, enter, typeInto } from '../helpers/browser.js';

const CASES = [
  { lang: 'cs', query: 'setkani v lucemburku', title: 'Setkání v Lucemburku o provádění a rozšiřování akcí' },
  {
    lang: 'en',
    query: 'luxembourg implementing',
    title: 'Luxembourg meeting on implementing and scaling up the actions',
  },
] as const;

const titles = async (page: Page) => page.locator('.search-hits h3 a').allInnerTexts();

describeInBrowser('search', { demo: true }, (env) => {
  for (const { lang, query, title } of CASES) {
    test(`${lang}: a visitor finds the seed post, narrows by tag and year, by keyboard`, async () => {
      const { t } = env.urbis.ctx.i18n(lang);
      const page = await env.newPage();
      try {
        assert.equal((await page.goto(`/${lang}/search`))?.status(), 200);
        assert.ok((await page.locator('main').innerText()).includes(t('search.typeAWord').slice(0, 20)));
        await checkAxe(page);
        await typeInto(page, t('search.label'), query);
        await enter(page);
        assert.match(page.url(), /\/search\?q=/);
        assert.ok((await titles(page)).includes(title), `found: ${(await titles(page)).join(' | ')}`);
        assert.ok((await page.locator('.search-hits mark').count()) > 0, 'the matching words are marked');
        await checkAxe(page);

        await activate(page, '#meeting');
        assert.match(page.url(), /[?&]tag=meeting/);
        assert.ok((await titles(page)).includes(title));
        const tagged = await titles(page);
        await checkAxe(page);

        await activate(page, '2019');
        assert.match(page.url(), /[?&]year=2019/);
        assert.match(page.url(), /[?&]tag=meeting/, 'the tag stays chosen');
        assert.ok((await titles(page)).includes(title));
        assert.ok((await titles(page)).length <= tagged.length);
        for (const time of await page
          .locator('.search-hits time')
          .evaluateAll((ts) => ts.map((e) => e.getAttribute('datetime'))))
          assert.match(String(time), /^2019-/);
        await checkAxe(page);

        // Nothing but punctuation: a clear request for a word, no error.
        assert.equal((await page.goto(`/${lang}/search?q=${encodeURIComponent('"*()&|!')}`))?.status(), 200);
        assert.ok((await page.locator('main').innerText()).includes(t('search.typeAWord').slice(0, 20)));
        await checkAxe(page);
      } finally {
        await page.close();
      }
    });
  }
});
