// Lessons in Chromium with JavaScript disabled and the keyboard alone, in English and Czech: a member
// opens the partnership's Lessons tab, writes a lesson (sending it empty first and reading the error
// summary), sends it for review; a coordinator publishes it from its page; a visitor then finds it in
// the list, filtered, and reads it. axe-core checks every page.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { createUser } from '../../src/modules/accounts/index.js';
import { partnershipIdOf, putPerson } from '../../src/modules/partnerships/membership.queries.js';
import { activate, checkAxe, describeInBrowser, signInWithForm } from '../helpers/browser.js';

/** Focuses a control by its id, as Tab would, and types into it. */
async function typeAt(page: Page, id: string, text: string) {
  await page.locator(`#${id}`).focus();
  await page.keyboard.press('Control+A');
  await page.keyboard.type(text);
}

/** Focuses a drop-down, as Tab would, and picks an option (as the arrow keys would). */
async function choose(page: Page, id: string, value: string) {
  await page.locator(`#${id}`).focus();
  await page.locator(`#${id}`).selectOption(value);
}

describeInBrowser('lessons', { demo: true }, (env) => {
  for (const lang of ['en', 'cs'] as const) {
    const name = `${lang}: a member writes and sends a lesson by keyboard, a coordinator publishes it, a visitor`;
    test(name, async () => {
      const { db } = env.urbis.ctx;
      const { t } = env.urbis.ctx.i18n(lang);
      const password = 'lessons of the demo 2026';
      const dtp = (await partnershipIdOf(db, 'digital-transition'))!;
      for (const [role, name] of [
        ['member', lang === 'en' ? 'Marta Nowak' : 'Jana Dvořáková'],
        ['coordinator', lang === 'en' ? 'Sven Olsen' : 'Petr Král'],
      ] as const) {
        const id = await createUser(db, {
          email: `${lang}-${role}@example.eu`,
          handle: `${lang}-${role}-l`,
          displayName: name,
          password,
        });
        await putPerson(db, dtp, id, role);
      }
      const title = lang === 'en' ? 'Street libraries for old phones' : 'Pouliční knihovny starých telefonů';
      const page = await env.newPage();
      try {
        await signInWithForm(page, `${lang}-member@example.eu`, password);
        assert.equal((await page.goto(`/${lang}/partnerships/digital-transition/lessons`))?.status(), 200);
        await checkAxe(page);
        await activate(page, t('lessons.write.heading'));
        assert.match(page.url(), /\/lessons\/new$/);
        await checkAxe(page);
        // Sent empty: the summary lists the problems, each field says its own.
        await page.locator('#field-tags').focus();
        await activate(page, t('lessons.write.submit'));
        assert.equal(await page.locator('.error-summary').count(), 1);
        assert.ok((await page.locator('#field-title-error').innerText()).length > 0);
        await checkAxe(page);
        await typeAt(page, 'field-title', title);
        await choose(page, 'field-organisation', 'helsingborg');
        await typeAt(page, 'field-tried', lang === 'en' ? 'Boxes for old phones.' : 'Schránky na staré telefony.');
        await typeAt(page, 'field-worked', lang === 'en' ? 'Pupils took them.' : 'Žáci si je brali.');
        await typeAt(page, 'field-not_worked', lang === 'en' ? 'Chargers went missing.' : 'Nabíječky mizely.');
        await typeAt(page, 'field-replicate', lang === 'en' ? 'Keep chargers inside.' : 'Nabíječky nechte uvnitř.');
        await choose(page, 'field-effort', 'low');
        await typeAt(page, 'field-tags', lang === 'en' ? 'digital skills' : 'digitální dovednosti');
        // The action it came from: a checkbox ticked with the space bar.
        const action = page.locator('input[name="action"]').first();
        await action.focus();
        await page.keyboard.press('Space');
        assert.ok(await action.isChecked());
        await activate(page, t('lessons.write.submit'));
        assert.match(page.url(), new RegExp(`/${lang}/lessons/street-libraries|/${lang}/lessons/poulicni-knihovny`));
        assert.ok((await page.locator('main').innerText()).includes(t('lessons.state.submitted')));
        await checkAxe(page);
      } finally {
        await page.close();
      }

      const visitor = await env.newPage();
      try {
        const lessonPath = (
          await db.selectFrom('lessons').select('slug').where('title', '=', title).executeTakeFirstOrThrow()
        ).slug;
        assert.equal((await visitor.goto(`/${lang}/lessons/${lessonPath}`))?.status(), 404, 'not public yet');

        const coordinator = await env.newPage();
        try {
          await signInWithForm(coordinator, `${lang}-coordinator@example.eu`, password);
          assert.equal((await coordinator.goto(`/${lang}/lessons/${lessonPath}`))?.status(), 200);
          await checkAxe(coordinator);
          await activate(coordinator, t('lessons.review.publish'));
          assert.ok(!(await coordinator.locator('main').innerText()).includes(t('lessons.state.submitted')));
        } finally {
          await coordinator.close();
        }

        assert.equal((await visitor.goto(`/${lang}/lessons`))?.status(), 200);
        await checkAxe(visitor);
        await choose(visitor, 'field-country', 'SE');
        await activate(visitor, t('lessons.filter.apply'));
        assert.equal(new URL(visitor.url()).searchParams.get('country'), 'SE');
        await activate(visitor, title);
        assert.equal((await visitor.locator('h1').innerText()).trim(), title);
        await checkAxe(visitor);
      } finally {
        await visitor.close();
      }
    });
  }
});
