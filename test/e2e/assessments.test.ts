// The self-assessment in Chromium with JavaScript disabled and the keyboard alone, in English and
// Czech: Tereza Kolářová (the demo's confirmed member of Litomyšl) starts an assessment, answers some
// questions with the arrow keys, saves a draft, tries to submit it half-filled (told what is missing,
// nothing lost), answers the rest and submits; the result has its chart and table and points to
// funding that fits its weakest dimensions. axe-core checks every page.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { checkAxe, describeInBrowser, enter, signInWithForm, tabUntil } from '../helpers/browser.js';

/** Answers the radio groups from the focused one on, each with `level` (arrow keys check as they move). */
async function answerFromHere(page: Page, count: number, level: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    if (i > 0) await page.keyboard.press('Tab');
    if (level === 0) await page.keyboard.press('Space');
    for (let k = 0; k < level; k++) await page.keyboard.press('ArrowDown');
  }
}

describeInBrowser('the self-assessment', { demo: true }, (env) => {
  for (const lang of ['en', 'cs'] as const) {
    test(`${lang}: filled in by keyboard, a draft, what is missing, the result and its pointers`, async () => {
      const { t } = env.urbis.ctx.i18n(lang);
      const page = await env.newPage();
      try {
        await signInWithForm(page, 'tereza-kolarova@demo.urbis.eu', 'urbis-demo-2026');
        assert.equal((await page.goto(`/${lang}/assessments`))?.status(), 200);
        assert.equal(await page.locator('h1').innerText(), t('assessments.list.title'));
        await checkAxe(page);

        // Start, by keyboard.
        const start = t('assessments.list.start', { organisation: 'Město Litomyšl' });
        await tabUntil(page, (e) => e.tag === 'button' && e.text.trim() === start);
        await enter(page);
        assert.match(page.url(), new RegExp(`/${lang}/assessments/\\d+$`));
        await checkAxe(page);
        const groups = await page.locator('fieldset.assessment-question').count();
        assert.equal(groups, 18);
        const firstIds = await page
          .locator('fieldset.assessment-question input[value="0"]')
          .evaluateAll((inputs) => inputs.map((i) => i.id));

        // The first five questions, level 2, then "Save as draft" (Enter on a radio would save too).
        await tabUntil(page, (e) => e.tag === 'input' && e.id === firstIds[0]);
        await answerFromHere(page, 5, 2);
        await tabUntil(page, (e) => e.tag === 'button' && e.text.trim() === t('assessments.form.save'));
        await enter(page);
        assert.match(page.url(), /\?saved=1$/);
        assert.ok(await page.getByText(t('assessments.form.saved')).isVisible());
        assert.ok(await page.locator(`#${firstIds[4]}-2`).isChecked());
        await checkAxe(page);

        // Submitting half-filled: each missing question is named, the answers stay.
        await tabUntil(page, (e) => e.tag === 'button' && e.text.trim() === t('assessments.form.submit'));
        await enter(page);
        assert.ok(await page.locator('.error-summary').isVisible());
        assert.equal(await page.locator('.error-summary li').count(), 13);
        assert.ok(await page.locator(`#${firstIds[0]}-2`).isChecked());
        await checkAxe(page);

        // The rest by keyboard: from the summary's first link to its question, then on through the groups.
        await tabUntil(page, (e) => e.tag === 'a' && (e.href ?? '').endsWith(`#${firstIds[5]}`));
        await page.keyboard.press('Enter');
        await tabUntil(page, (e) => e.tag === 'input' && e.id === firstIds[5]);
        await answerFromHere(page, 13, 2);
        await tabUntil(page, (e) => e.tag === 'button' && e.text.trim() === t('assessments.form.submit'));
        await enter(page);
        assert.match(page.url(), /\?submitted=1$/);
        assert.ok(await page.getByText(t('assessments.result.submitted')).isVisible());
        // Every dimension 50: the chart has its title, the table its numbers.
        assert.equal(await page.locator('svg[role="img"] title').textContent(), t('assessments.chart.title'));
        const scores = await page.locator('.chart-pair table tbody tr td:nth-child(2)').allInnerTexts();
        assert.deepEqual(scores, ['50', '50', '50', '50', '50', '50']);
        // The weakest (the first two, all being equal) point to open funding on their topics, and to their tags.
        const funding = page.locator('main ul.assessment-funding a');
        assert.ok((await funding.count()) > 0, 'funding that fits');
        assert.match((await funding.first().getAttribute('href')) ?? '', new RegExp(`^/${lang}/funding/\\d+$`));
        assert.ok(await page.locator(`main a[href="/${lang}/tags/digital-transition"]`).isVisible());
        await checkAxe(page);

        // On to the first item of funding, by keyboard.
        const title = (await funding.first().innerText()).trim();
        await tabUntil(page, (e) => e.tag === 'a' && e.text.trim() === title);
        await enter(page);
        assert.match(page.url(), new RegExp(`/${lang}/funding/\\d+$`));
      } finally {
        await page.close();
      }
    });
  }
});
