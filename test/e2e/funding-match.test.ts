// Matching in Chromium with JavaScript disabled and the keyboard alone, in English and Czech: a
// visitor reads Action 4's page, finds "Funding that fits" with the e-government items its leads
// may apply for and the reasons in words, follows "All funding that fits" by keyboard to the whole
// list, then the hub's Funding tab. axe-core checks each page, the Nu HTML checker their HTML.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkHtml, formatVnuMessage } from '../helpers/vnu.js';
import { checkAxe, describeInBrowser, enter, tabUntil } from '../helpers/browser.js';

const ACTION = '/partnerships/digital-transition/actions/4';

describeInBrowser('funding that fits an action', { demo: true }, (env) => {
  for (const lang of ['en', 'cs'] as const) {
    test(`${lang}: an action's page lists fitting funding with its reasons, and leads to the whole list`, async () => {
      const { t } = env.urbis.ctx.i18n(lang);
      const page = await env.newPage();
      const documents: Record<string, string> = {};
      try {
        assert.equal((await page.goto(`/${lang}${ACTION}`))?.status(), 200);
        const section = page.locator('section[aria-labelledby="funding-fits"]');
        assert.equal(await section.locator('h2').innerText(), t('funding.match.title'));
        const first = section.locator('.match__item').first();
        assert.match(await first.innerText(), /European Digital Innovation Hubs/);
        assert.match(await first.innerText(), new RegExp(t('funding.match.reason.topics')));
        assert.match(await first.innerText(), /Oulu/);
        assert.equal(await section.getByText('Smart villages and small towns').count(), 0);
        await checkAxe(page);
        documents['the action'] = await page.content();

        await tabUntil(page, (e) => e.tag === 'a' && e.text.trim() === t('funding.match.all'));
        await enter(page);
        assert.match(page.url(), /\/actions\/4\/funding$/);
        assert.equal(
          await page.locator('h1').innerText(),
          t('funding.match.action.title', { action: t('funding.match.actionLabel', { number: 4 }) }),
        );
        assert.ok((await page.locator('.match__item').count()) >= 3);
        await checkAxe(page);
        documents['the action’s funding'] = await page.content();

        await tabUntil(
          page,
          (e) => e.tag === 'a' && (e.href ?? '').endsWith('/partnerships/digital-transition/funding'),
        );
        await enter(page);
        assert.match(page.url(), /\/partnerships\/digital-transition\/funding$/);
        assert.equal(await page.locator('h1').innerText(), t('funding.match.partnership.heading'));
        assert.match(
          await page.locator('.match__item').first().innerText(),
          new RegExp(t('funding.match.reason.actions')),
        );
        await checkAxe(page);
        documents['the hub’s funding'] = await page.content();
      } finally {
        await page.close();
      }
      for (const [name, errors] of Object.entries(await checkHtml(documents)))
        assert.deepEqual(errors.map(formatVnuMessage), [], `${lang}, ${name}: the Nu HTML checker`);
    });
  }
});
