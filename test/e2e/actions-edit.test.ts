// Adding, editing and merging an action in Chromium with JavaScript disabled and the keyboard alone,
// in English and Czech: a coordinator follows "New action" from the plan, fills in the form (a lead
// organisation, a key activity) and adds it; follows "Edit this action", saves with a mistake and
// reads the error summary, then saves and asks for more rows; and merges it into Action 4. axe-core
// checks each form (the edit form also with its mistake) and the new action's page, the Nu HTML
// checker the forms; the new action's form fits a phone's width.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { createUser } from '../../src/modules/accounts/index.js';
import { partnershipIdOf, putPerson } from '../../src/modules/partnerships/membership.queries.js';
import { checkAxe, describeInBrowser, enter, fitsWidth, signInWithForm, tabUntil } from '../helpers/browser.js';
import { checkHtml, formatVnuMessage } from '../helpers/vnu.js';

const PLAN = '/partnerships/digital-transition/actions';

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

// A suite per language: each has the browser suite's time of its own on a busy machine.
for (const lang of ['en', 'cs'] as const) {
  describeInBrowser(`adding, editing and merging an action (${lang})`, { demo: true }, (env) => {
    test(`${lang}: a coordinator adds an action, edits it and merges it, by keyboard`, async () => {
      const { db } = env.urbis.ctx;
      const { t } = env.urbis.ctx.i18n(lang);
      const dtp = (await partnershipIdOf(db, 'digital-transition'))!;
      const password = 'a coordinator from Oulu 2026';
      const id = await createUser(db, {
        email: `${lang}-planner@example.eu`,
        handle: `${lang}-planner`,
        displayName: lang === 'en' ? 'Aino Virtanen' : 'Jana Nováková',
        password,
      });
      await putPerson(db, dtp, id, 'coordinator');
      const title = lang === 'en' ? 'Open data portals for small towns' : 'Portály otevřených dat pro malá města';
      const page = await env.newPage();
      const documents: Record<string, string> = {};
      try {
        await signInWithForm(page, `${lang}-planner@example.eu`, password);
        assert.equal((await page.goto(`/${lang}${PLAN}`))?.status(), 200);
        await press(page, t('actions.edit.title.new'));
        assert.match(page.url(), /\/actions\/new$/);
        await checkAxe(page);
        documents['the new action'] = await page.content();
        await page.setViewportSize({ width: 390, height: 900 });
        await fitsWidth(page);
        await page.setViewportSize({ width: 1280, height: 900 });

        await typeAt(page, 'field-title', title);
        await page.locator('#field-organisation_0_organisation').focus();
        await page.locator('#field-organisation_0_organisation').selectOption('estonia');
        await typeAt(page, 'field-activity_0_title', lang === 'en' ? 'Survey the towns' : 'Průzkum mezi městy');
        await typeAt(
          page,
          'field-support_needed',
          lang === 'en' ? 'A town to pilot it.' : 'Město pro pilotní projekt.',
        );
        // From the last field before the buttons, as a keyboard user who filled in the form would be.
        await page.locator('#field-explanation').focus();
        await press(page, t('actions.edit.create'));
        assert.match(page.url(), /\/actions\/\d+$/);
        const number = Number(/\/actions\/(\d+)$/.exec(page.url())![1]);
        await checkAxe(page);
        const main = await page.locator('main').innerText();
        assert.ok(main.includes(title), main);
        assert.ok(main.includes(t('actions.section.support')));

        // Editing: a mistake first (no title), said in the summary and at the field; then saved, asking for more rows.
        await press(page, t('actions.edit.link'));
        assert.match(page.url(), new RegExp(`/actions/${number}/edit$`));
        await checkAxe(page);
        documents['the edit form'] = await page.content();
        await typeAt(page, 'field-title', ' ');
        await page.keyboard.press('Backspace');
        await page.locator('#field-explanation').focus();
        await press(page, t('actions.edit.save'));
        assert.equal(await page.locator('.error-summary').count(), 1);
        await checkAxe(page);
        documents['the edit form with a mistake'] = await page.content();
        await typeAt(page, 'field-title', `${title} (2)`);
        await typeAt(page, 'field-activity_1_title', lang === 'en' ? 'Build the portal' : 'Vytvořit portál');
        await page.locator('#field-explanation').focus();
        await press(page, t('actions.edit.saveAndMore'));
        assert.match(page.url(), new RegExp(`/actions/${number}/edit\\?more=1$`));
        assert.equal(await page.locator('#field-activity_4_title').count(), 1, 'three empty rows');

        // Merging it into Action 4.
        assert.equal((await page.goto(`/${lang}${PLAN}/${number}`))?.status(), 200);
        await press(page, t('actions.merge.link'));
        assert.match(page.url(), new RegExp(`/actions/${number}/merge$`));
        await checkAxe(page);
        documents['the merge form'] = await page.content();
        await page.locator('#field-into').focus();
        await page.locator('#field-into').selectOption('4');
        await press(page, t('actions.merge.save'));
        assert.match(page.url(), new RegExp(`/actions/${number}$`));
        const merged = await page.locator('main').innerText();
        assert.ok(merged.includes(t('actions.mergedInto', { number })), merged);
      } finally {
        await page.close();
      }
      for (const [name, errors] of Object.entries(await checkHtml(documents)))
        assert.deepEqual(errors.map(formatVnuMessage), [], `${lang}, ${name}: the Nu HTML checker`);
    });
  });
}
