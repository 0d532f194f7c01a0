// "Reports on meeting" on the news post form (meetings' `postRelations`), in Chromium with
// JavaScript disabled, in English and Czech, at 1280 and 390 px: a member reaches the field with
// Tab, chooses the 11th meeting with the arrow keys, saves with Enter, finds "Reports on: the 11th
// meeting (…)" under the post and follows it to the meeting with the keyboard. axe-core and the
// Nu HTML checker find nothing (the form, its message for a value that is no meeting, the post).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { createUser } from '../../src/modules/accounts/index.js';
import { partnershipIdOf, putPerson } from '../../src/modules/partnerships/membership.queries.js';
import { Browser } from '../support/accounts.js';
import { checkAxe, describeInBrowser, enter, fitsWidth, signInWithForm, tabUntil } from '../helpers/browser.js';
import { checkHtml, formatVnuMessage } from '../helpers/vnu.js';

const NEWS = '/partnerships/digital-transition/news';
const MEETINGS = '/partnerships/digital-transition/meetings';
const EMAIL = 'jonas@example.eu';
const PASSWORD = 'a member in Kaunas 2026';
const WORDS = {
  en: { title: 'Title', body: 'Text', field: 'Reports on meeting', create: 'Save as draft', line: 'Reports on:' },
  cs: {
    title: 'Název',
    body: 'Text',
    field: 'Zpráva ze setkání',
    create: 'Uložit jako koncept',
    line: 'Zpráva ze setkání:',
  },
} as const;

/** Arrow Down on the focused `<select>` until it holds `value` (as a keyboard user chooses, without opening it). */
async function chooseByKeyboard(page: Page, value: string): Promise<void> {
  const select = page.locator('#field-meeting');
  for (let i = 0; i < 30 && (await select.inputValue()) !== value; i++) await page.keyboard.press('ArrowDown');
  assert.equal(await select.inputValue(), value);
}

describeInBrowser('news: the meeting a post reports on', { demo: true }, (env) => {
  let ready: Promise<void> | undefined;
  const setUp = () =>
    (ready ??= (async () => {
      const db = env.urbis.ctx.db;
      const id = await createUser(db, {
        email: EMAIL,
        handle: 'jonas',
        displayName: 'Jonas Petraitis',
        password: PASSWORD,
      });
      await putPerson(db, (await partnershipIdOf(db, 'digital-transition'))!, id, 'member');
    })());

  test('choose the 11th meeting by keyboard, save, follow the line to it; en, cs; 1280, 390 px; axe', async () => {
    await setUp();
    const page = await env.newPage();
    try {
      await signInWithForm(page, EMAIL, PASSWORD);
      let n = 0;
      for (const width of [1280, 390]) {
        await page.setViewportSize({ width, height: 900 });
        for (const lang of ['en', 'cs'] as const) {
          const w = WORDS[lang];
          n += 1;
          assert.equal((await page.goto(`/${lang}${NEWS}/new`))?.status(), 200);
          await checkAxe(page);
          await fitsWidth(page);
          await page.getByLabel(w.title, { exact: true }).focus();
          await page.keyboard.type(`Back from Luxembourg ${n}`);
          await page.getByLabel(w.body, { exact: true }).focus();
          await page.keyboard.type('What the 11th meeting agreed.');
          // From the text, Tab reaches the field (its label names it), then the arrows choose.
          const field = await tabUntil(page, (e) => e.id === 'field-meeting', 10);
          assert.equal(field.tag, 'select');
          assert.equal(await page.getByLabel(w.field, { exact: true }).getAttribute('id'), 'field-meeting');
          await chooseByKeyboard(page, '11');
          await tabUntil(page, (e) => e.tag === 'button' && e.text === w.create, 10);
          await enter(page);
          assert.match(page.url(), new RegExp(`/${lang}${NEWS}/back-from-luxembourg-${n}$`));
          const line = page.locator('main p.meta', { hasText: w.line });
          assert.equal(await line.count(), 1);
          await checkAxe(page);
          await fitsWidth(page);
          // The line's link, by Tab and Enter, leads to the meeting.
          const link = await tabUntil(page, (e) => e.tag === 'a' && (e.href ?? '').endsWith(`${MEETINGS}/11`));
          assert.equal(link.href, `/${lang}${MEETINGS}/11`);
          await enter(page);
          assert.match(page.url(), new RegExp(`/${lang}${MEETINGS}/11$`));
        }
      }
    } finally {
      await page.close();
    }
  });

  test('the Nu HTML checker: the form, its message for a value that is no meeting, the post', async () => {
    await setUp();
    const jonas = new Browser(env.urbis.app, { remoteAddress: '10.0.8.2' });
    assert.equal((await jonas.signIn(EMAIL, PASSWORD)).statusCode, 303);
    const documents: Record<string, string> = {};
    const written = await jonas.post(
      `/en${NEWS}`,
      { title: 'Checked with its meeting', body: 'Checked.', lang: 'en', meeting: '11' },
      `/en${NEWS}/new`,
    );
    assert.equal(written.statusCode, 303);
    const post = String(written.headers.location).replace(/^\/en/, '');
    for (const lang of ['en', 'cs']) {
      for (const url of [`/${lang}${NEWS}/new`, `/${lang}${post}`, `/${lang}${post}/edit`]) {
        const response = await jonas.get(url);
        assert.equal(response.statusCode, 200, url);
        documents[url] = response.body;
      }
      const wrong = await jonas.post(
        `/${lang}${NEWS}`,
        { title: 'x', body: 'y', lang: 'en', meeting: '99999' },
        `/${lang}${NEWS}/new`,
      );
      assert.equal(wrong.statusCode, 400);
      documents[`${lang}: the form with the meeting's message`] = wrong.body;
    }
    const results = await checkHtml(documents);
    for (const [name, errors] of Object.entries(results)) assert.deepEqual(errors.map(formatVnuMessage), [], name);
  });
});
