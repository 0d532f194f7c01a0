// Organisations in Chromium with JavaScript disabled: an organisation's profile, a coordinator's
// list of affiliation claims and confirming one with the keyboard alone, proposing an organisation
// and the administrators' review list; in English and Czech, at 1280 and 390 px. axe-core and the
// Nu HTML checker find nothing, and nothing scrolls sideways.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createUser } from '../../src/modules/accounts/index.js';
import { DEMO_ADMIN, DEMO_PASSWORD } from '../../src/modules/people/index.js';
import { Browser } from '../support/accounts.js';
import {
  type BrowserSuite,
  checkAxe,
  describeInBrowser,
  fitsWidth,
  focused,
  hasVisibleFocus,
  signInWithForm,
} from '../helpers/browser.js';
import { checkHtml, formatVnuMessage } from '../helpers/vnu.js';

const PASSWORD = 'an officer of Oulu since 2018';
const COORDINATOR = 'kadri-saar@demo.urbis.eu';

/** Petra lists Oulu on her profile: a claim that waits for Oulu's side. */
async function petraClaimsOulu(env: BrowserSuite) {
  await createUser(env.urbis.ctx.db, {
    email: 'petra@example.eu',
    handle: 'petra-novak',
    displayName: 'Petra Novák',
    password: PASSWORD,
  });
  const petra = new Browser(env.urbis.app);
  assert.equal((await petra.signIn('petra@example.eu', PASSWORD)).statusCode, 303);
  const saved = await petra.post(
    '/en/settings/profile',
    { displayName: 'Petra Novák', newOrganisation: 'oulu' },
    '/en/settings/profile',
  );
  assert.equal(saved.statusCode, 303);
  return petra;
}

describeInBrowser('organisations: profiles, claims and proposals', { demo: true }, (env) => {
  test('a coordinator confirms a claim with the keyboard; the pages pass axe, 1280 and 390 px, en and cs', async () => {
    await petraClaimsOulu(env);
    const page = await env.newPage();
    const visitor = await env.newPage();
    try {
      // A visitor does not see Petra on Oulu's page yet.
      await visitor.goto('/en/organisations/oulu');
      assert.equal(await visitor.locator('a[href="/en/people/petra-novak"]').count(), 0);

      await signInWithForm(page, COORDINATOR, DEMO_PASSWORD);
      for (const width of [1280, 390]) {
        await page.setViewportSize({ width, height: 900 });
        for (const lang of ['en', 'cs']) {
          for (const path of ['/organisations/oulu', '/organisations/oulu/claims', '/organisations/claims']) {
            const response = await page.goto(`/${lang}${path}`);
            assert.equal(response?.status(), 200, path);
            await checkAxe(page);
            await fitsWidth(page);
          }
        }
      }
      await page.goto('/en/organisations/oulu');
      assert.match((await page.locator('main').textContent()) ?? '', /1 waiting for a decision/);
      assert.match((await page.locator('main').textContent()) ?? '', /Digital Transition/);

      // Keyboard only: Tab to "Confirm Petra Novák", with a visible focus, and press Enter.
      await page.setViewportSize({ width: 390, height: 900 });
      await page.goto('/en/organisations/oulu/claims');
      let reached = false;
      for (let i = 0; i < 80 && !reached; i++) {
        await page.keyboard.press('Tab');
        const element = await focused(page);
        if (element?.text === 'Confirm Petra Novák') {
          assert.ok(hasVisibleFocus(element), 'a visible focus on the button');
          reached = true;
        }
      }
      assert.ok(reached, 'the keyboard reaches the confirm button');
      await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.keyboard.press('Enter')]);
      assert.equal(new URL(page.url()).search, '?done=confirmed');
      assert.match((await page.locator('.notice').textContent()) ?? '', /The claim is confirmed/);
      await checkAxe(page);

      // Now a visitor sees her there, and Oulu on her profile.
      await visitor.goto('/en/organisations/oulu');
      assert.equal(await visitor.locator('main a[href="/en/people/petra-novak"]').count(), 1);
      await visitor.goto('/cs/people/petra-novak');
      assert.equal(await visitor.locator('main a[href="/cs/organisations/oulu"]').count(), 1);
      await checkAxe(visitor);
    } finally {
      await page.close();
      await visitor.close();
    }
  });

  test('proposing an organisation and the administrators’ review list pass axe, en and cs, both widths', async () => {
    await createUser(env.urbis.ctx.db, {
      email: 'ota@example.eu',
      handle: 'ota-kral',
      displayName: 'Ota Král',
      password: PASSWORD,
    });
    const page = await env.newPage();
    const admin = await env.newPage();
    try {
      await signInWithForm(page, 'ota@example.eu', PASSWORD);
      for (const width of [1280, 390]) {
        await page.setViewportSize({ width, height: 900 });
        for (const lang of ['en', 'cs']) {
          await page.goto(`/${lang}/organisations/propose`);
          await checkAxe(page);
          await fitsWidth(page);
          // An empty name: the error summary and the field's message.
          const [response] = await Promise.all([
            page.waitForResponse((r) => r.request().method() === 'POST'),
            page.locator('main form button[type="submit"]').click(),
          ]);
          await page.waitForLoadState('load');
          assert.equal(response.status(), 400);
          assert.equal(await page.locator('.error-summary a[href="#field-name"]').count(), 1);
          await checkAxe(page);
          await fitsWidth(page);
        }
      }
      await page.goto('/en/organisations/propose');
      await page.fill('#field-name', 'Statutární město Jihlava');
      await page.selectOption('#field-country', 'CZ');
      await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.locator('#field-name').press('Enter')]);
      assert.equal(new URL(page.url()).pathname, '/en/organisations/statutarni-mesto-jihlava');
      assert.match((await page.locator('main').textContent()) ?? '', /waiting for review/);
      await checkAxe(page);

      await signInWithForm(admin, DEMO_ADMIN.email, DEMO_PASSWORD);
      for (const width of [1280, 390]) {
        await admin.setViewportSize({ width, height: 900 });
        for (const lang of ['en', 'cs']) {
          await admin.goto(`/${lang}/organisations/proposals`);
          await checkAxe(admin);
          await fitsWidth(admin);
        }
      }
      await admin.goto('/en/organisations/proposals');
      await Promise.all([
        admin.waitForNavigation({ waitUntil: 'load' }),
        admin.getByRole('button', { name: 'Approve Statutární město Jihlava' }).click(),
      ]);
      assert.match((await admin.locator('.notice').textContent()) ?? '', /approved/);
      await checkAxe(admin);
    } finally {
      await page.close();
      await admin.close();
    }
  });

  test('the Nu HTML checker finds no error on the organisation, claims, proposal and review pages', async () => {
    const documents: Record<string, string> = {};
    const kadri = new Browser(env.urbis.app);
    assert.equal((await kadri.signIn(COORDINATOR, DEMO_PASSWORD)).statusCode, 303);
    const admin = new Browser(env.urbis.app);
    assert.equal((await admin.signIn(DEMO_ADMIN.email, DEMO_PASSWORD)).statusCode, 303);
    for (const lang of ['en', 'cs']) {
      documents[`${lang} organisation`] = (await env.urbis.app.inject(`/${lang}/organisations/oulu`)).body;
      documents[`${lang} claims`] = (await kadri.get(`/${lang}/organisations/oulu/claims`)).body;
      documents[`${lang} all claims`] = (await kadri.get(`/${lang}/organisations/claims`)).body;
      documents[`${lang} propose`] = (await kadri.get(`/${lang}/organisations/propose`)).body;
      documents[`${lang} propose, wrong`] = (await kadri.post(`/${lang}/organisations/propose`, { name: '' })).body;
      documents[`${lang} proposals`] = (await admin.get(`/${lang}/organisations/proposals`)).body;
    }
    const results = await checkHtml(documents);
    for (const [name, errors] of Object.entries(results)) assert.deepEqual(errors.map(formatVnuMessage), [], name);
  });
});
