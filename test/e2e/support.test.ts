// Matchmaking in Chromium with JavaScript disabled and the keyboard alone, in English and Czech: a
// city's member (Sofia's, in the demo) opens the requests, asks peers for support by keyboard, reads
// the peers suggested with their reasons, and contacts one; its people get a mail. axe-core checks
// every page, the offers' too.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { jobHandlers } from '../../src/app.js';
import { JobRunner } from '../../src/core/jobs/queue.js';
import { createLogger } from '../../src/core/logger.js';
import { DEMO_PASSWORD } from '../../src/modules/people/index.js';
import { checkAxe, describeInBrowser, enter, signInWithForm, tabUntil } from '../helpers/browser.js';
import { readOutbox } from '../helpers/mail.js';

/** Focuses a control by its id, as Tab would, and types into it. */
async function typeAt(page: Page, id: string, text: string) {
  await page.locator(`#${id}`).focus();
  await page.keyboard.type(text);
}

/** Tabs to the button or link with this text and presses Enter. */
async function press(page: Page, text: string) {
  await tabUntil(page, (e) => (e.tag === 'button' || e.tag === 'a') && e.text.trim() === text, 400);
  await enter(page);
}

describeInBrowser('matchmaking', { demo: true }, (env) => {
  for (const lang of ['en', 'cs'] as const) {
    test(`${lang}: a city asks peers for support by keyboard, sees peers with reasons, contacts one`, async () => {
      const { t } = env.urbis.ctx.i18n(lang);
      const title = lang === 'en' ? 'Sharing 5G masts with operators' : 'Sdílení stožárů 5G s operátory';
      const page = await env.newPage();
      try {
        await signInWithForm(page, 'elena-dimitrova@demo.urbis.eu', DEMO_PASSWORD);
        assert.equal((await page.goto(`/${lang}/support`))?.status(), 200);
        assert.equal((await page.locator('h1').innerText()).trim(), t('support.requests.title'));
        await checkAxe(page);

        await press(page, t('support.requests.new'));
        assert.match(page.url(), new RegExp(`/${lang}/support/requests/new$`));
        await checkAxe(page);
        // Sent empty first: the summary names what is missing, at the fields.
        await press(page, t('support.request.send'));
        assert.ok(await page.locator('.error-summary').isVisible());
        await checkAxe(page);
        await typeAt(page, 'field-title', title);
        await typeAt(page, 'field-needed', lang === 'en' ? 'How did you agree the rent?' : 'Jak jste dohodli nájem?');
        await typeAt(page, 'field-tags', '5G');
        await press(page, t('support.request.send'));
        assert.match(page.url(), new RegExp(`/${lang}/support/requests/\\d+\\?done=created$`));
        assert.equal((await page.locator('h1').innerText()).trim(), title);

        // The peers, ranked, each with its reasons in words.
        const peers = page.locator('#support-peers ~ ol > li, section[aria-labelledby="support-peers"] ol > li');
        assert.ok((await peers.count()) > 0);
        const first = await peers.first().innerText();
        assert.match(first, /Oulu/);
        assert.ok(first.includes(t('support.evidence.offers', { count: 1 })), first);
        assert.ok(first.includes(t('support.reason.tags', { count: 1 })), first);
        await checkAxe(page);

        const before = readOutbox(env.urbis.ctx.config.dataDir).length;
        await press(page, t('support.peers.contact', { organisation: 'Oulu' }));
        assert.match(page.url(), /\?done=contacted$/);
        assert.ok(await page.getByText(t('support.contact.done')).isVisible());
        assert.ok((await page.locator('main').innerText()).includes(t('support.peers.contacted')));
        await checkAxe(page);
        const { db, dialect } = env.urbis.ctx;
        await new JobRunner(db, dialect, jobHandlers(env.urbis.ctx), createLogger('silent')).runDue(100);
        const mails = readOutbox(env.urbis.ctx.config.dataDir).slice(before);
        assert.ok(mails.some((m) => m.to === 'jussi-pelkonen@demo.urbis.eu' && m.text.includes(title)));

        // The offers, and one of them.
        assert.equal((await page.goto(`/${lang}/support/offers`))?.status(), 200);
        await checkAxe(page);
        await press(page, 'Running a 5G test network with local companies');
        assert.match(page.url(), new RegExp(`/${lang}/support/offers/\\d+$`));
        await checkAxe(page);
      } finally {
        await page.close();
      }
    });
  }
});
