// Editing the funding register in Chromium with JavaScript disabled and the keyboard alone, in English
// and Czech: a funding editor opens the form of a new item, ticks who may apply with the space bar,
// saves with a budget that is not a number and reads the error summary, then saves it; the item's
// history says it was added. A member of a partnership suggests an item and sees it waiting; the editor
// accepts it from the review queue. axe-core checks every page; the Nu HTML checker the forms.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { createUser } from '../../src/modules/accounts/index.js';
import { partnershipIdOf, putPerson } from '../../src/modules/partnerships/membership.queries.js';
import { checkAxe, describeInBrowser, enter, signInWithForm, tabUntil } from '../helpers/browser.js';
import { checkHtml, formatVnuMessage } from '../helpers/vnu.js';

/** Focuses a control by its id, as Tab would, and types into it. */
async function typeAt(page: Page, id: string, text: string) {
  await page.locator(`#${id}`).focus();
  await page.keyboard.press('Control+A');
  await page.keyboard.type(text);
}

/** Tabs to the button or link with this text and presses Enter. */
async function press(page: Page, text: string) {
  await tabUntil(page, (e) => (e.tag === 'button' || e.tag === 'a') && e.text.trim() === text, 400);
  await enter(page);
}

for (const lang of ['en', 'cs'] as const) {
  describeInBrowser(`editing the funding register (${lang})`, { demo: true }, (env) => {
    test(`${lang}: an editor adds an item by keyboard; a member suggests one; the editor accepts it`, async () => {
      const { db } = env.urbis.ctx;
      const { t } = env.urbis.ctx.i18n(lang);
      const password = 'funding editor of the demo 2026';
      const editor = await createUser(db, {
        email: `${lang}-editor@example.eu`,
        handle: `${lang}-editor`,
        displayName: lang === 'en' ? 'Helga Sørensen' : 'Věra Kučerová',
        password,
      });
      await db
        .insertInto('funding_editors')
        .values({ user_id: editor, granted_at: new Date().toISOString(), granted_by: null })
        .execute();
      const member = await createUser(db, {
        email: `${lang}-member@example.eu`,
        handle: `${lang}-member`,
        displayName: lang === 'en' ? 'Tomasz Wójcik' : 'Ondřej Malý',
        password,
      });
      await putPerson(db, (await partnershipIdOf(db, 'digital-transition'))!, member, 'member');
      const title = lang === 'en' ? 'Green squares for small towns' : 'Zelená náměstí pro malá města';
      const suggestion = lang === 'en' ? 'Library data prize' : 'Cena za data knihoven';
      const documents: Record<string, string> = {};
      const page = await env.newPage();
      try {
        await signInWithForm(page, `${lang}-editor@example.eu`, password);
        assert.equal((await page.goto(`/${lang}/funding/new`))?.status(), 200);
        await checkAxe(page);
        documents['the new item'] = await page.content();
        await typeAt(page, 'field-title', title);
        await typeAt(page, 'field-summary', lang === 'en' ? 'Grants for shade and water.' : 'Granty na stín a vodu.');
        await page.locator('#field-opens_at').fill('2031-03-01T09:00');
        await page.locator('#field-deadline_0_at').fill('2031-06-30T17:00');
        // Who may apply: cities, small ones, in two countries (a checkbox ticked with the space bar).
        await page.locator('#field-eligible_kinds-city').focus();
        await page.keyboard.press('Space');
        await page.locator('#field-eligible_sizes-small').focus();
        await page.keyboard.press('Space');
        await typeAt(page, 'field-eligible_countries', 'CZ, SK');
        await typeAt(page, 'field-budget_eur', lang === 'en' ? 'two million' : 'dva miliony');
        await page.locator('#field-explanation').focus();
        await press(page, t('funding.edit.create'));
        assert.equal(await page.locator('.error-summary').count(), 1);
        assert.ok((await page.locator('#field-budget_eur-error').innerText()).length > 0);
        assert.equal(await page.locator('#field-title').inputValue(), title, 'what was typed is kept');
        await checkAxe(page);
        documents['the new item with a mistake'] = await page.content();
        await typeAt(page, 'field-budget_eur', '2000000');
        await page.locator('#field-explanation').focus();
        await press(page, t('funding.edit.create'));
        const id = Number(/\/funding\/(\d+)/.exec(page.url())?.[1]);
        assert.ok(id > 0, page.url());
        assert.equal((await page.goto(`/${lang}/funding/${id}/history`))?.status(), 200);
        await checkAxe(page);
        assert.ok((await page.locator('main').innerText()).includes(t('funding.history.added')));
        const item = await db
          .selectFrom('funding_opportunities')
          .selectAll()
          .where('id', '=', id)
          .executeTakeFirstOrThrow();
        assert.equal(Number(item.budget_eur), 2_000_000);

        // A member suggests an item.
        const other = await env.newPage();
        try {
          await signInWithForm(other, `${lang}-member@example.eu`, password);
          assert.equal((await other.goto(`/${lang}/funding/suggest`))?.status(), 200);
          await checkAxe(other);
          documents['the suggestion form'] = await other.content();
          await typeAt(other, 'field-title', suggestion);
          await typeAt(other, 'field-summary', lang === 'en' ? 'For open library data.' : 'Za otevřená data knihoven.');
          await other.locator('#field-kind').selectOption('prize');
          await other.locator('#field-explanation').focus();
          await press(other, t('funding.suggest.send'));
          assert.match(other.url(), /\/funding\/suggestions\?done=sent$/);
          await checkAxe(other);
          const mine = await other.locator('main').innerText();
          assert.ok(mine.includes(suggestion) && mine.includes(t('funding.state.suggested')), mine);
        } finally {
          await other.close();
        }

        // The editor accepts it from the queue.
        assert.equal((await page.goto(`/${lang}/funding/review`))?.status(), 200);
        await checkAxe(page);
        documents['the review queue'] = await page.content();
        await press(page, t('funding.review.accept', { title: suggestion }));
        assert.match(page.url(), /\/funding\/review\?done=accepted$/);
        await checkAxe(page);
        const accepted = await db
          .selectFrom('funding_opportunities')
          .select('state')
          .where('title', '=', suggestion)
          .executeTakeFirstOrThrow();
        assert.equal(accepted.state, 'published');
      } finally {
        await page.close();
      }
      for (const [name, errors] of Object.entries(await checkHtml(documents)))
        assert.deepEqual(errors.map(formatVnuMessage), [], `${lang}, ${name}: the Nu HTML checker`);
    });
  });
}
