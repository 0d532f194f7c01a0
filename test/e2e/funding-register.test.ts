// The register in Chromium with JavaScript disabled and the keyboard alone, in English and Czech: a
// visitor ticks a topic and a kind in the filter form by keyboard, sends it, reads the filtered list,
// and goes on to an item's page; axe-core checks each page.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkAxe, describeInBrowser, enter, tabUntil } from '../helpers/browser.js';

describeInBrowser('the funding register', { demo: true }, (env) => {
  for (const lang of ['en', 'cs'] as const) {
    test(`${lang}: the filter form by keyboard, the list, an item's page`, async () => {
      const { t } = env.urbis.ctx.i18n(lang);
      const page = await env.newPage();
      try {
        assert.equal((await page.goto(`/${lang}/funding`))?.status(), 200);
        assert.equal(await page.locator('h1').innerText(), t('funding.register.heading'));
        await checkAxe(page);

        // Tick "Call for proposals" and a topic with the space bar, then send the form with Enter.
        await tabUntil(page, (e) => e.tag === 'input' && (e.path ?? '').includes('field-kind-call'));
        await page.keyboard.press('Space');
        await tabUntil(page, (e) => e.tag === 'input' && (e.path ?? '').includes('field-topic-digital-transition'));
        await page.keyboard.press('Space');
        await tabUntil(page, (e) => e.tag === 'button' && e.text.trim() === t('funding.register.apply'));
        await enter(page);
        const url = new URL(page.url());
        assert.deepEqual(url.searchParams.getAll('kind'), ['call']);
        assert.deepEqual(url.searchParams.getAll('topic'), ['digital-transition']);
        const items = page.locator('main .cards > li');
        assert.ok((await items.count()) > 0);
        for (const text of await items.allInnerTexts()) assert.match(text, new RegExp(t('funding.kind.call')));
        assert.ok(await page.locator('#field-kind-call').isChecked());
        await checkAxe(page);

        // On to the first item, by keyboard.
        const first = (await items.first().locator('h3 a').innerText()).trim();
        await tabUntil(page, (e) => e.tag === 'a' && e.text.trim() === first);
        await enter(page);
        assert.match(page.url(), new RegExp(`/${lang}/funding/\\d+$`));
        assert.equal((await page.locator('h1').innerText()).trim(), first);
        assert.ok(await page.getByRole('heading', { name: t('funding.item.deadlines') }).isVisible());
        await checkAxe(page);

        assert.equal((await page.goto(`/${lang}/funding/programmes/urbact-iv`))?.status(), 200);
        await checkAxe(page);
        // Every topic of the register, each a link to it filtered.
        assert.equal((await page.goto(`/${lang}/funding/topics`))?.status(), 200);
        assert.ok(await page.locator(`table a[href="/${lang}/funding?topic=digital-transition"]`).isVisible());
        await checkAxe(page);
      } finally {
        await page.close();
      }
    });
  }
});
