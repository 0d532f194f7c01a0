// Issue 15's journey in Chromium with JavaScript disabled and the keyboard alone, in English and
// Czech (each language its own demo): Tereza Kolářová, the demo's member of a small Czech town,
// signs in, asks the register for what her organisation may apply for and gets only that; follows a
// topic from "What I follow"; an editor adds an item of that topic and the job queue puts a mail to
// her in the outbox; Action 4's page lists the funding that fits it with its reasons. axe-core
// checks every page.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { jobHandlers } from '../../src/app.js';
import { JobRunner } from '../../src/core/jobs/queue.js';
import { createLogger } from '../../src/core/logger.js';
import { findUserByHandle } from '../../src/modules/accounts/index.js';
import { loadOpportunities } from '../../src/modules/funding/funding.queries.js';
import { createOpportunity } from '../../src/modules/funding/funding.service.js';
import { statusAt } from '../../src/modules/funding/funding.status.js';
import { DEMO_PASSWORD } from '../../src/modules/people/index.js';
import { checkAxe, describeInBrowser, enter, signInWithForm, tabUntil } from '../helpers/browser.js';
import { readOutbox } from '../helpers/mail.js';

const TEREZA = 'tereza-kolarova@demo.urbis.eu';
const TOPIC = 'digital-transition';

/** Does a dimension's list allow a value (an empty list allows anyone)? */
const allows = (list: readonly string[], value: string) => list.length === 0 || list.includes(value);

/** Presses the key until the focused select's value is `value` (the keyboard's way to choose). */
async function chooseByKeyboard(page: Page, selector: string, value: string): Promise<void> {
  const select = page.locator(selector);
  for (let i = 0; i < 400 && (await select.inputValue()) !== value; i++) await page.keyboard.press('ArrowDown');
  assert.equal(await select.inputValue(), value);
}

for (const lang of ['en', 'cs'] as const) {
  describeInBrowser(`the funding pipeline, ${lang}`, { demo: true }, (env) => {
    test(`${lang}: for my organisation, following a topic, a mail, and the funding that fits an action`, async () => {
      const ctx = env.urbis.ctx;
      const { t } = ctx.i18n(lang);
      const page = await env.newPage();
      try {
        await signInWithForm(page, TEREZA, DEMO_PASSWORD);

        // 1. "For my organisation": only what a small Czech city may apply for, and all of it.
        assert.equal((await page.goto(`/${lang}/funding`))?.status(), 200);
        await checkAxe(page);
        await tabUntil(page, (e) => e.tag === 'input' && e.id === 'field-for');
        await page.keyboard.press('Space');
        await tabUntil(page, (e) => e.tag === 'button');
        await enter(page);
        assert.match(page.url(), /[?&]for=me(&|$)/);
        const shown = (await page.locator('ul.cards .card__title a').allInnerTexts()).map((s) => s.trim());
        const ids = (
          await ctx.db.selectFrom('funding_opportunities').select('id').where('state', '=', 'published').execute()
        ).map((r) => r.id);
        const now = new Date();
        const fitting = (await loadOpportunities(ctx.db, ids))
          .filter((o) => statusAt(o, now, ctx.config.fundingClosingSoonDays) !== 'closed')
          .filter((o) => allows(o.eligibility.kinds, 'city') && allows(o.eligibility.countries, 'CZ'))
          .filter((o) => allows(o.eligibility.sizes, 'small'))
          .map((o) => o.title);
        assert.ok(fitting.length > 3 && fitting.length <= 20, 'the demo has a page of them');
        assert.deepEqual([...shown].sort(), [...fitting].sort());
        assert.ok(shown.includes('Smart villages and small towns: digital services'));
        assert.ok(!shown.includes('5G corridors along transport routes'), 'for member states and agencies only');
        assert.ok(!shown.includes('Transfer Networks') || fitting.includes('Transfer Networks'));
        await checkAxe(page);

        // 2. Following a topic, from "What I follow", by keyboard.
        assert.equal((await page.goto(`/${lang}/funding/following`))?.status(), 200);
        await checkAxe(page);
        await tabUntil(page, (e) => e.tag === 'select' && e.id === 'follow-topic');
        await chooseByKeyboard(page, '#follow-topic', TOPIC);
        await tabUntil(page, (e) => e.tag === 'button' && e.text.trim() === t('funding.follow.choose.topicButton'));
        await enter(page);
        assert.match(page.url(), /\/funding\/following/);
        assert.equal(await page.locator(`section[aria-labelledby="following-topic"]`).count(), 1);
        await checkAxe(page);

        // 3. An editor adds an item of that topic: the job queue mails her.
        const item = await createOpportunity(
          ctx.db,
          {
            kind: 'call',
            title: `Shared digital services for small towns (${lang})`,
            summary: 'Grants for small towns that run their digital services together.',
            lang: 'en',
            timeZone: 'Europe/Brussels',
            opensAt: new Date(now.getTime() - 86_400_000).toISOString(),
            deadlines: [{ at: new Date(now.getTime() + 40 * 86_400_000).toISOString() }],
            eligibility: { kinds: ['city'], sizes: ['small'] },
            tags: { labels: ['Digital transition'], lang: 'en' },
          },
          { userId: (await findUserByHandle(ctx.db, 'eva-novotna'))?.id ?? null, at: now.toISOString() },
        );
        const runner = new JobRunner(ctx.db, ctx.dialect, jobHandlers(ctx), createLogger('silent'));
        for (let i = 0; i < 3; i++) await runner.runDue(100);
        const mails = readOutbox(ctx.config.dataDir).filter((m) => m.to === TEREZA);
        assert.equal(mails.length, 1, 'one mail to her');
        assert.ok(mails[0]!.text.includes(item.title), 'it names the new item');
        assert.ok(mails[0]!.text.includes(`/funding/${item.id}`), 'and links it');

        // 4. Action 4's page: the funding that fits it, with the reasons.
        assert.equal((await page.goto(`/${lang}/partnerships/digital-transition/actions/4`))?.status(), 200);
        const section = page.locator('section[aria-labelledby="funding-fits"]');
        assert.equal(await section.locator('h2').innerText(), t('funding.match.title'));
        const first = await section.locator('.match__item').first().innerText();
        assert.match(first, new RegExp(t('funding.match.reason.topics')));
        await checkAxe(page);
      } finally {
        await page.close();
      }
    });
  });
}
