// The news forms of issue 12, in Chromium with JavaScript disabled, in English and Czech, at
// 1280 and 390 px: a coordinator writes a post with its first attachment chosen on the new
// post's form, schedules it, finds "Reschedule" and "Unschedule" on it and unschedules it with
// the keyboard, and opens the translation form, whose original stands beside the form on a wide
// screen and above it on a phone. axe-core and the Nu HTML checker find nothing; nothing
// scrolls sideways.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { createUser } from '../../src/modules/accounts/index.js';
import { partnershipIdOf, putPerson } from '../../src/modules/partnerships/membership.queries.js';
import { Browser } from '../support/accounts.js';
import {
  checkAxe,
  describeInBrowser,
  fitsWidth,
  focused,
  hasVisibleFocus,
  signInWithForm,
} from '../helpers/browser.js';
import { checkHtml, formatVnuMessage } from '../helpers/vnu.js';

const NEWS = '/partnerships/digital-transition/news';
const EMAIL = 'marta@example.eu';
const PASSWORD = 'a coordinator in Tartu 2026';
const WORDS = {
  en: {
    title: 'Title',
    body: 'Text',
    file: 'File',
    create: 'Save as draft',
    at: 'Publish at',
    schedule: 'Schedule',
    reschedule: 'Reschedule',
    unschedule: 'Unschedule',
    scheduled: 'Scheduled for 12 March 2030, 16:39',
    draft: 'Draft',
    original: 'The original, in English',
  },
  cs: {
    title: 'Název',
    body: 'Text',
    file: 'Soubor',
    create: 'Uložit jako koncept',
    at: 'Zveřejnit v',
    schedule: 'Naplánovat',
    reschedule: 'Přeplánovat',
    unschedule: 'Zrušit naplánování',
    scheduled: 'Naplánováno na 12. 3. 2030 16:39',
    draft: 'Koncept',
    original: 'Originál v jazyce angličtina',
  },
} as const;

/** Types into a field reached by focus, as a keyboard user does. */
async function type(page: Page, field: Locator, text: string): Promise<void> {
  await field.focus();
  await page.keyboard.type(text);
}

/** Presses Enter on `target` (reached by focus, with a visible focus) and waits for the page it leads to. */
async function enter(page: Page, target: Locator): Promise<void> {
  await target.focus();
  const element = await focused(page);
  assert.ok(element && hasVisibleFocus(element), `a visible focus on ${element?.path}`);
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.keyboard.press('Enter')]);
}

describeInBrowser('news forms: a first attachment, scheduling, translating', { demo: true }, (env) => {
  let ready: Promise<void> | undefined;
  const setUp = () =>
    (ready ??= (async () => {
      const db = env.urbis.ctx.db;
      const id = await createUser(db, { email: EMAIL, handle: 'marta', displayName: 'Marta Kask', password: PASSWORD });
      await putPerson(db, (await partnershipIdOf(db, 'digital-transition'))!, id, 'coordinator');
    })());

  test('write with an attachment, schedule, unschedule; en and cs, 1280 and 390 px; keyboard and axe', async () => {
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
          // The new post's form, with a file chosen.
          assert.equal((await page.goto(`/${lang}${NEWS}/new`))?.status(), 200);
          await checkAxe(page);
          await fitsWidth(page);
          await type(page, page.getByLabel(w.title, { exact: true }), `Lab notes ${n}`);
          await type(page, page.getByLabel(w.body, { exact: true }), 'What the lab *found*.');
          await page.getByLabel(w.file, { exact: true }).setInputFiles({
            name: `notes-${n}.txt`,
            mimeType: 'text/plain',
            buffer: Buffer.from(`Notes of the lab, part ${n}.\n`),
          });
          await enter(page, page.getByRole('button', { name: w.create, exact: true }));
          assert.match(page.url(), new RegExp(`/${lang}${NEWS}/lab-notes-${n}$`));
          assert.equal(await page.locator(`main a[download]`, { hasText: `notes-${n}.txt` }).count(), 1);

          // Scheduled: the date the EU way, and the forms that reschedule and unschedule.
          await page.getByLabel(w.at, { exact: true }).fill('2030-03-12T16:39');
          await enter(page, page.getByRole('button', { name: w.schedule, exact: true }));
          const main = await page.locator('main').innerText();
          assert.ok(main.replace(/[\u00a0\u202f]/g, ' ').includes(w.scheduled), main);
          assert.equal(await page.getByRole('button', { name: w.reschedule, exact: true }).count(), 1);
          assert.equal(await page.getByRole('button', { name: w.unschedule, exact: true }).count(), 1);
          await checkAxe(page);
          await fitsWidth(page);
          await enter(page, page.getByRole('button', { name: w.unschedule, exact: true }));
          assert.ok((await page.locator('main').innerText()).includes(w.draft));
          assert.equal(await page.getByRole('button', { name: w.schedule, exact: true }).count(), 1);
        }
      }
    } finally {
      await page.close();
    }
  });

  test('the translation form: the original beside it at 1280 px, above it at 390 px, en and cs', async () => {
    await setUp();
    const page = await env.newPage();
    try {
      await signInWithForm(page, EMAIL, PASSWORD);
      const post = `${NEWS}/kick-off-in-oulu`;
      for (const width of [1280, 390]) {
        await page.setViewportSize({ width, height: 900 });
        for (const lang of ['en', 'cs'] as const) {
          assert.equal((await page.goto(`/${lang}${post}/translate?to=cs`))?.status(), 200);
          await checkAxe(page);
          await fitsWidth(page);
          const original = page.locator('section.translate__original');
          assert.equal(await original.locator('h2').innerText(), WORDS[lang].original);
          assert.equal(await original.locator('[lang="en"]').count(), 1, 'the original is marked as English');
          const left = await original.boundingBox();
          const right = await page.locator('section.translate__form').boundingBox();
          assert.ok(left && right);
          if (width === 1280) assert.ok(right.x >= left.x + left.width, 'side by side');
          else assert.ok(right.x === left.x && right.y >= left.y + left.height, 'one above the other');
        }
      }
    } finally {
      await page.close();
    }
  });

  test('the Nu HTML checker: the new post form (and its messages), a scheduled post, translating', async () => {
    await setUp();
    const marta = new Browser(env.urbis.app, { remoteAddress: '10.0.7.2' });
    assert.equal((await marta.signIn(EMAIL, PASSWORD)).statusCode, 303);
    const documents: Record<string, string> = {};
    const written = await marta.post(
      `/en${NEWS}`,
      { title: 'For the checker', body: 'Checked.', lang: 'en' },
      `/en${NEWS}/new`,
    );
    const post = String(written.headers.location).replace(/^\/en/, '');
    await marta.post(`/en${post}/publish`, { schedule: 'yes', publish_at: '2030-03-12T16:39' }, `/en${post}`);
    for (const lang of ['en', 'cs']) {
      for (const url of [
        `/${lang}${NEWS}/new`,
        `/${lang}${post}`,
        `/${lang}${NEWS}/kick-off-in-oulu/translate?to=cs`,
      ]) {
        const response = await marta.get(url);
        assert.equal(response.statusCode, 200, url);
        documents[url] = response.body;
      }
      const wrong = await marta.post(`/${lang}${NEWS}`, { title: '', body: '', lang: 'en' }, `/${lang}${NEWS}/new`);
      assert.equal(wrong.statusCode, 400);
      documents[`${lang}: the new post form with its messages`] = wrong.body;
      const noTime = await marta.post(
        `/${lang}${post}/publish`,
        { schedule: 'yes', publish_at: '' },
        `/${lang}${post}`,
      );
      assert.equal(noTime.statusCode, 400);
      documents[`${lang}: scheduling without a time`] = noTime.body;
    }
    const results = await checkHtml(documents);
    for (const [name, errors] of Object.entries(results)) assert.deepEqual(errors.map(formatVnuMessage), [], name);
  });
});
