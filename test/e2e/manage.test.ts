// Managing a partnership of 40 people, and leaving one, in Chromium with JavaScript disabled:
// the manage page (the table of people with its filters and one save, the requests, the
// invitations), the question before leaving and an invitation with a personal message, in
// English and Czech, at 1280 and 390 px. axe-core and the Nu HTML checker find nothing; nothing
// scrolls sideways (the table scrolls in its own region); the keyboard alone filters the table,
// changes a role and saves, and leaves a partnership after the question.
//
// With URBIS_SCREENSHOTS=1 it also writes docs/screenshots/manage.png: the English manage page
// at 1280 px as a coordinator sees the demo (`URBIS_SCREENSHOTS=1 node scripts/test.mjs e2e/manage`).
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { createUser } from '../../src/modules/accounts/index.js';
import { partnershipIdOf, putPerson, roleOf } from '../../src/modules/partnerships/membership.queries.js';
import { Browser } from '../support/accounts.js';
import { checkAxe, describeInBrowser, enter, fitsWidth, signInWithForm, tabUntil } from '../helpers/browser.js';
import { checkHtml, formatVnuMessage } from '../helpers/vnu.js';

const DTP = '/partnerships/digital-transition';
const PASSWORD = 'the partnership of forty people';

/** The newest invitation link mailed to an address. */
function invitationLink(dataDir: string, email: string): string {
  const outbox = path.join(dataDir, 'outbox');
  const mails = existsSync(outbox)
    ? readdirSync(outbox)
        .sort()
        .reverse()
        .map((f) =>
          readFileSync(path.join(outbox, f), 'utf8')
            .replace(/=\r?\n/g, '')
            .replace(/=3D/g, '='),
        )
    : [];
  for (const mail of mails) {
    const match = /https?:\/\/\S+\/invitations\/[A-Za-z0-9_-]+/.exec(mail);
    if (match && mail.toLowerCase().includes(`to: ${email}`)) return new URL(match[0]).pathname;
  }
  assert.fail(`no invitation to ${email}`);
}

describeInBrowser('managing a partnership, and leaving one', { demo: true }, (env) => {
  const people = {
    kaja: { email: 'kaja.tamm@example.eu', name: 'Kaja Tamm', role: 'coordinator' },
    lotte: { email: 'lotte@example.eu', name: 'Lotte Verbeek', role: 'member' },
    nova: { email: 'nova@example.eu', name: 'Nova Novak', role: null },
  } as const;
  let dtp = 0;
  const ids: Record<string, number> = {};

  const setUp = async () => {
    if (dtp) return;
    const db = env.urbis.ctx.db;
    dtp = (await partnershipIdOf(db, 'digital-transition'))!;
    for (const [handle, p] of Object.entries(people)) {
      ids[handle] = await createUser(db, { email: p.email, handle, displayName: p.name, password: PASSWORD });
      if (p.role) await putPerson(db, dtp, ids[handle]!, p.role);
    }
  };

  test('manage, leave and invitation pages, en and cs, 1280 and 390 px: axe, width, the table’s region', async () => {
    await setUp();
    const kaja = await env.newPage();
    const lotte = await env.newPage();
    const nova = await env.newPage();
    try {
      await signInWithForm(kaja, people.kaja.email, PASSWORD);
      await signInWithForm(lotte, people.lotte.email, PASSWORD);
      await signInWithForm(nova, people.nova.email, PASSWORD);
      // An invitation with a personal message, for the invitation's page.
      await kaja.goto(`/en${DTP}/manage`);
      await kaja.getByLabel('Their e-mail address', { exact: true }).fill(people.nova.email);
      await kaja
        .getByLabel('Personal message (optional)', { exact: true })
        .fill('Welcome to the partnership!\nSee you in Oulu.');
      await Promise.all([kaja.waitForNavigation(), kaja.getByRole('button', { name: 'Send the invitation' }).click()]);
      assert.match(await kaja.locator('main').innerText(), /The invitation has been sent/);
      const link = invitationLink(env.urbis.ctx.config.dataDir, people.nova.email);

      for (const width of [1280, 390]) {
        for (const page of [kaja, lotte, nova]) await page.setViewportSize({ width, height: 900 });
        for (const lang of ['en', 'cs']) {
          for (const url of [`/${lang}${DTP}/manage`, `/${lang}${DTP}/manage?role=coordinator&q=a`]) {
            assert.equal((await kaja.goto(url))?.status(), 200, url);
            await checkAxe(kaja);
            await fitsWidth(kaja);
            // 40 rows and more: the table scrolls, if at all, in its own region, named by its caption.
            const rows = await kaja.locator('table.people-table tbody tr').count();
            if (!url.includes('?')) assert.ok(rows >= 40, `${rows} rows`);
            assert.equal(await kaja.locator('[role="region"][tabindex="0"] > table.people-table').count(), 1);
          }
          assert.equal((await lotte.goto(`/${lang}${DTP}/leave`))?.status(), 200);
          await checkAxe(lotte);
          await fitsWidth(lotte);
          assert.equal((await nova.goto(link.replace(/^\/[a-z]{2}\//, `/${lang}/`)))?.status(), 200);
          await checkAxe(nova);
          await fitsWidth(nova);
          assert.match(await nova.locator('main').innerText(), /See you in Oulu\./);
        }
      }
      // A save refused at a row (the last coordinator) shows the message there, with the error summary.
      await kaja.setViewportSize({ width: 390, height: 900 });
      await kaja.goto(`/en${DTP}/manage?role=coordinator`);
      for (const select of await kaja.locator('table.people-table select').all()) await select.selectOption('member');
      await Promise.all([kaja.waitForNavigation(), kaja.getByRole('button', { name: 'Save the changes' }).click()]);
      assert.match(await kaja.locator('.error-summary').innerText(), /needs at least one coordinator/);
      await checkAxe(kaja);
      await fitsWidth(kaja);

      if (process.env.URBIS_SCREENSHOTS) {
        await kaja.setViewportSize({ width: 1280, height: 900 });
        await kaja.goto(`/en${DTP}/manage`);
        const file = fileURLToPath(new URL('../../docs/screenshots/manage.png', import.meta.url));
        await kaja.screenshot({ path: file, fullPage: true });
      }
    } finally {
      await kaja.close();
      await lotte.close();
      await nova.close();
    }
  });

  test('with the keyboard alone: filter the table, change a role, save; en and cs', async () => {
    await setUp();
    const page = await env.newPage();
    try {
      await signInWithForm(page, people.kaja.email, PASSWORD);
      await page.setViewportSize({ width: 1280, height: 900 });
      await page.goto(`/en${DTP}/manage`);
      await tabUntil(page, (e) => e.path.includes('#field-filter-q'));
      await page.keyboard.type('verbeek');
      await enter(page);
      assert.equal(new URL(page.url()).searchParams.get('q'), 'verbeek');
      assert.deepEqual(await page.locator('table.people-table tbody th').allInnerTexts(), ['Lotte Verbeek']);
      // The table's region takes the focus (it can be scrolled with the arrow keys), then the row's select.
      await tabUntil(page, (e) => e.path.includes('[role="region"]') || e.path.includes('table-wrap'));
      await tabUntil(page, (e) => e.path.includes('#field-role-lotte'));
      await page.keyboard.type('Moder');
      await tabUntil(page, (e) => e.text === 'Save the changes');
      await enter(page);
      assert.match(await page.locator('main').innerText(), /Your changes have been saved/);
      assert.equal(await roleOf(env.urbis.ctx.db, dtp, ids.lotte!), 'moderator');

      await page.goto(`/cs${DTP}/manage?q=verbeek`);
      await tabUntil(page, (e) => e.path.includes('#field-role-lotte'));
      await page.keyboard.press('ArrowUp'); // from Moderátor to Člen
      await tabUntil(page, (e) => e.text === 'Uložit změny');
      await enter(page);
      assert.match(await page.locator('main').innerText(), /Změny byly uloženy/);
      assert.equal(await roleOf(env.urbis.ctx.db, dtp, ids.lotte!), 'member');
    } finally {
      await page.close();
    }
  });

  test('with the keyboard alone: leaving asks first; Cancel stays, Confirm leaves (cs, 390 px)', async () => {
    await setUp();
    const page = await env.newPage();
    try {
      await signInWithForm(page, people.lotte.email, PASSWORD);
      await page.setViewportSize({ width: 390, height: 800 });
      await page.goto(`/cs${DTP}`);
      await tabUntil(page, (e) => e.text === 'Opustit toto partnerství' || e.text.startsWith('Opustit'));
      await enter(page);
      assert.equal(new URL(page.url()).pathname, `/cs${DTP}/leave`);
      await tabUntil(page, (e) => e.text === 'Zrušit a zůstat');
      await enter(page);
      assert.equal(new URL(page.url()).pathname, `/cs${DTP}`);
      assert.equal(await roleOf(env.urbis.ctx.db, dtp, ids.lotte!), 'member', 'Cancel keeps the member');
      await page.goto(`/cs${DTP}/leave`);
      await tabUntil(page, (e) => e.text === 'Opustit partnerství');
      await enter(page);
      assert.match(await page.locator('main').innerText(), /Opustili jste partnerství/);
      assert.equal(await roleOf(env.urbis.ctx.db, dtp, ids.lotte!), null);
      await checkAxe(page);
    } finally {
      await putPerson(env.urbis.ctx.db, dtp, ids.lotte!, 'member');
      await page.close();
    }
  });

  test('the Nu HTML checker finds no error on the manage, leave and invitation pages, en and cs', async () => {
    await setUp();
    const kaja = new Browser(env.urbis.app, { remoteAddress: '10.0.9.2' });
    const lotte = new Browser(env.urbis.app, { remoteAddress: '10.0.9.3' });
    assert.equal((await kaja.signIn(people.kaja.email, PASSWORD)).statusCode, 303);
    assert.equal((await lotte.signIn(people.lotte.email, PASSWORD)).statusCode, 303);
    const documents: Record<string, string> = {};
    for (const lang of ['en', 'cs']) {
      for (const url of [`/${lang}${DTP}/manage`, `/${lang}${DTP}/manage?role=member&q=e`]) {
        const response = await kaja.get(url);
        assert.equal(response.statusCode, 200, url);
        documents[url] = response.body;
      }
      const refused = await kaja.post(`/${lang}${DTP}/people`, { 'was-lotte': 'member', 'role-lotte': 'chief' });
      assert.equal(refused.statusCode, 400);
      documents[`${lang}: a row refused`] = refused.body;
      const leave = await lotte.get(`/${lang}${DTP}/leave`);
      assert.equal(leave.statusCode, 200);
      documents[`/${lang}${DTP}/leave`] = leave.body;
    }
    const results = await checkHtml(documents);
    for (const [name, errors] of Object.entries(results)) assert.deepEqual(errors.map(formatVnuMessage), [], name);
  });
});
