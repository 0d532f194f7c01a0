// A newcomer's way into a partnership, in Chromium with JavaScript disabled and with the
// keyboard alone: register, confirm from the mail in the outbox, sign in, ask to join the
// Digital Transition Partnership; a coordinator accepts; the new member reads the
// members-only page. Every page on the way is checked with axe-core.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { createUser } from '../../src/modules/accounts/index.js';
import { partnershipIdOf, putPerson } from '../../src/modules/partnerships/membership.queries.js';
import { checkAxe, describeInBrowser, typeInto } from '../helpers/browser.js';

/** Focuses a button by its name and presses Enter. */
async function press(page: Page, name: string): Promise<void> {
  await page.getByRole('button', { name, exact: true }).focus();
  // The form's submission is a navigation: wait for it, not for the page already loaded.
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.keyboard.press('Enter')]);
}

/** The one-time link in the newest mail of the outbox that contains `marker`. */
function linkFromOutbox(dataDir: string, marker: RegExp): string {
  const outbox = path.join(dataDir, 'outbox');
  const mails = readdirSync(outbox)
    .sort()
    .reverse()
    .map((file) =>
      readFileSync(path.join(outbox, file), 'utf8')
        .replace(/=\r?\n/g, '')
        .replace(/=3D/g, '='),
    );
  for (const mail of mails) {
    const match = marker.exec(mail);
    if (match) return new URL(match[0]).pathname;
  }
  assert.fail(`no mail in ${outbox} matches ${marker}`);
}

describeInBrowser('joining a partnership, from registration to members-only content', { demo: true }, (env) => {
  test(
    'register, confirm, sign in, ask to join; ' + 'a coordinator accepts; the member reads the working notes',
    async () => {
      const { urbis } = env;
      const db = urbis.ctx.db;
      const dtp = (await partnershipIdOf(db, 'digital-transition'))!;
      const coordinatorId = await createUser(db, {
        email: 'kaja.tamm@example.eu',
        handle: 'kaja-tamm',
        displayName: 'Kaja Tamm',
        password: 'coordinator password 1',
      });
      await putPerson(db, dtp, coordinatorId, 'coordinator');

      // 1. Register, in Czech.
      const newcomer = await env.newPage();
      await newcomer.goto('/cs/register');
      await checkAxe(newcomer);
      await typeInto(newcomer, 'Vaše jméno', 'Zdeňka Nováková');
      await typeInto(newcomer, 'E-mailová adresa', 'zdenka@example.eu');
      await typeInto(newcomer, 'Krátké jméno', 'zdenka');
      await typeInto(newcomer, 'Heslo', 'zelene mesto 2026 brno');
      await newcomer.getByRole('checkbox').focus();
      await newcomer.keyboard.press('Space');
      await press(newcomer, 'Založit účet');
      await checkAxe(newcomer);

      // 2. Confirm from the mail in the outbox.
      const confirm = linkFromOutbox(urbis.ctx.config.dataDir, /https?:\/\/[^\s"]+\/confirm\/[A-Za-z0-9_-]+/);
      await newcomer.goto(confirm);
      await checkAxe(newcomer);
      await press(newcomer, 'Potvrdit');
      assert.match(await newcomer.locator('main').innerText(), /potvrzena/);

      // 3. Sign in.
      await newcomer.goto('/cs/sign-in');
      await checkAxe(newcomer);
      await typeInto(newcomer, 'E-mailová adresa', 'zdenka@example.eu');
      await typeInto(newcomer, 'Heslo', 'zelene mesto 2026 brno');
      await press(newcomer, 'Přihlásit se');
      assert.match(await newcomer.locator('header').innerText(), /Zdeňka Nováková/);

      // 4. Ask to join.
      await newcomer.goto('/cs/partnerships/digital-transition');
      await checkAxe(newcomer);
      assert.equal(
        await newcomer.getByRole('link', { name: 'Working notes', exact: true }).count(),
        0,
        'not a member yet: the page is not listed',
      );
      await typeInto(newcomer, 'Zpráva koordinátorům (nepovinná)', 'Brno chce pomoci s akcí 2.');
      await press(newcomer, 'Požádat o členství');
      assert.match(await newcomer.locator('main').innerText(), /odeslána koordinátorům/);
      const before = await newcomer.goto('/cs/partnerships/digital-transition/pages/working-notes');
      assert.equal(before?.status(), 404);

      // 5. The coordinator accepts.
      const coordinator = await env.newPage();
      await coordinator.goto('/en/sign-in');
      await typeInto(coordinator, 'E-mail address', 'kaja.tamm@example.eu');
      await typeInto(coordinator, 'Password', 'coordinator password 1');
      await press(coordinator, 'Sign in');
      await coordinator.goto('/en/partnerships/digital-transition/manage');
      await checkAxe(coordinator);
      assert.match(await coordinator.locator('main').innerText(), /Brno chce pomoci s akcí 2\./);
      await press(coordinator, 'Accept Zdeňka Nováková');
      assert.match(await coordinator.locator('main').innerText(), /now a member/);
      await checkAxe(coordinator);

      // 6. The new member reads the members-only page (listed with the pages; its update is in the activity too).
      const after = await newcomer.goto('/cs/partnerships/digital-transition');
      assert.equal(after?.status(), 200);
      const pages = newcomer.getByRole('region', { name: 'Stránky', exact: true });
      await pages.getByRole('link', { name: 'Working notes', exact: true }).focus();
      await Promise.all([newcomer.waitForNavigation({ waitUntil: 'load' }), newcomer.keyboard.press('Enter')]);
      assert.match(newcomer.url(), /\/pages\/working-notes$/);
      assert.match(await newcomer.locator('main').innerText(), /Jen pro členy/);
      await checkAxe(newcomer);
    },
  );
});
