// Search in Chromium with JavaScript disabled and the keyboard alone: a visitor looks for the seed post
// in Czech without diacritics and finds it (its Czech title, the words marked), narrows by tag and by
// year through the facets' links, then the same in English; a query of punctuation only asks for a
// word. axe-core checks every page.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { createUser } from '../../src/modules/accounts/index.js';
import {
  activate,
  checkAxe,
  describeInBrowser,
  enter,
  fitsWidth,
  signInWithForm,
  tabUntil,
  typeInto,
} from '../helpers/browser.js';

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

// The header's search box (issue 17): on every page, the same for every reader; a visitor and a
// signed-in coordinator (with their own header items) at 1,100 px keep the header on one line; at
// 320 px the box is in the menu, which opens with the keyboard; Tab to it, type, Enter: the search
// page, its own field filled in. axe on every page.
describeInBrowser('the header’s search box', { demo: true }, (env) => {
  test('keyboard only, 1,100 and 320 px, signed out and in, en and cs', async () => {
    const db = env.urbis.ctx.db;
    const password = 'a coordinator searching in 2026';
    const vera = await createUser(db, {
      email: 'vera.search@example.eu',
      handle: 'vera-search',
      displayName: 'Věra Nováková-Hrubá',
      password,
    });
    const dtp = await db
      .selectFrom('partnerships')
      .select('id')
      .where('slug', '=', 'digital-transition')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('partnership_people')
      .values({ partnership_id: dtp.id, user_id: vera, role: 'coordinator', joined_at: new Date().toISOString() })
      .execute();
    for (const signedIn of [false, true]) {
      for (const [lang, width] of [
        ['en', 1100],
        ['cs', 1100],
        ['en', 320],
        ['cs', 320],
      ] as const) {
        const { t } = env.urbis.ctx.i18n(lang);
        const { query, title } = CASES.find((c) => c.lang === lang)!;
        const page = await env.newPage();
        try {
          await page.setViewportSize({ width, height: 800 });
          if (signedIn) await signInWithForm(page, 'vera.search@example.eu', password);
          await page.goto(`/${lang}/partnerships/digital-transition`);
          await fitsWidth(page);
          const header = await page.locator('.site-header__inner').boundingBox();
          if (width === 320)
            assert.ok(header && header.height < 80, `${lang}: a one-line header (${header?.height} px)`);
          else {
            // Wide, the box takes no line of its own: it shares one with the reader's own links, the
            // account or the languages, under the navigation (whose seven links fill a line at 1,100 px);
            // its field and button stay on one line.
            const form = (await page.locator('.site-search').boundingBox())!;
            const field = (await page.locator('#site-search-q').boundingBox())!;
            const button = (await page.locator('.site-search__button').boundingBox())!;
            assert.ok(Math.abs(field.y - button.y) < 2, 'the field and its button side by side');
            const middle = (b: { y: number; height: number }) => b.y + b.height / 2;
            const beside = await page.locator('.site-mine, .site-account, .language-switcher').evaluateAll((all) =>
              all.map((e) => {
                const r = e.getBoundingClientRect();
                return { y: r.y, height: r.height };
              }),
            );
            assert.ok(
              beside.some((b) => Math.abs(middle(b) - middle(form)) < 12),
              `${lang}, signed in ${signedIn}: the box shares its line (${JSON.stringify([form, beside])})`,
            );
          }
          assert.equal(await page.locator('.site-nav a[href$="/search"]').count(), 0, 'no “Search” link any more');
          const box = page.locator('#site-search-q');
          assert.equal(await box.count(), 1);
          assert.equal(await page.locator('label[for="site-search-q"]').textContent(), t('search.header.label'));
          if (width === 320) {
            assert.equal(await box.isVisible(), false, 'in the closed menu');
            await tabUntil(page, (e) => e.tag === 'summary' && e.text === t('core.layout.menu'));
            await page.keyboard.press('Enter');
          }
          assert.ok(await box.isVisible());
          await checkAxe(page);
          await tabUntil(page, (e) => e.tag === 'input' && e.id === 'site-search-q');
          await page.keyboard.type(query);
          await enter(page);
          assert.equal(new URL(page.url()).pathname, `/${lang}/search`);
          assert.ok((await titles(page)).includes(title), `found: ${(await titles(page)).join(' | ')}`);
          assert.equal(await page.locator('#search-q').inputValue(), query, 'the search page fills in its own field');
          assert.equal(
            await page.locator('#site-search-q').inputValue(),
            '',
            'the header’s box stays the same for all',
          );
          await fitsWidth(page);
          await checkAxe(page);
          // The button searches too (Tab from the field, Enter).
          await page.goto(`/${lang}/`);
          if (width === 320) {
            await tabUntil(page, (e) => e.tag === 'summary' && e.text === t('core.layout.menu'));
            await page.keyboard.press('Enter');
          }
          await tabUntil(page, (e) => e.tag === 'input' && e.id === 'site-search-q');
          await page.keyboard.type(query);
          await tabUntil(page, (e) => e.tag === 'button' && e.text === t('search.nav'));
          await enter(page);
          assert.ok((await titles(page)).includes(title));
        } finally {
          await page.close();
        }
      }
    }
  });
});
