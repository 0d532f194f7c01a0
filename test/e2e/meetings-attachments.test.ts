// A meeting's files, in Chromium with JavaScript disabled and the keyboard alone (but the file
// chooser, which the browser draws itself: the file is set on the focused input), in English and in
// Czech: a coordinator opens the demo's 11th meeting, follows the link to its files, adds slides (a
// refused file first: said at the field), finds them on the meeting's page, and deletes them.
// axe-core checks every page on the way, and the Nu HTML checker the files page (with a file, and
// with a refused one) and the meeting's page; the files page fits a phone's width.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { checkHtml, formatVnuMessage } from '../helpers/vnu.js';
import {
  activate,
  checkAxe,
  describeInBrowser,
  enter,
  fitsWidth,
  signInWithForm,
  tabUntil,
  typeInto,
} from '../helpers/browser.js';
import { addPerson } from '../support/partnerships.js';

const PASSWORD = 'a coordinator from Lyon 2026';
const ELEVENTH = '/partnerships/digital-transition/meetings/11';
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

/** Tabs to the file input and gives it a file, as the chooser would. */
async function chooseFile(page: Page, file: { name: string; mimeType: string; buffer: Buffer }): Promise<void> {
  await tabUntil(page, (e) => e.id === 'field-file');
  await page.locator('#field-file').setInputFiles(file);
}

describeInBrowser('a meeting’s files', { demo: true }, (env) => {
  const amelie = { handle: 'amelie', displayName: 'Amélie Roux', password: PASSWORD };
  let ready: Promise<number> | undefined;
  const setUp = () => (ready ??= addPerson(env.urbis.ctx.db, 'digital-transition', amelie, 'coordinator'));

  for (const lang of ['en', 'cs'] as const) {
    test(`${lang}: a coordinator adds slides to the 11th meeting and deletes them, by keyboard`, async () => {
      await setUp();
      const { t } = env.urbis.ctx.i18n(lang);
      const page = await env.newPage();
      const documents: Record<string, string> = {};
      try {
        await signInWithForm(page, 'amelie@example.eu', PASSWORD);
        assert.equal((await page.goto(`/${lang}${ELEVENTH}`))?.status(), 200);
        await activate(page, t('meetings.attachments.editLink'));
        assert.match(page.url(), /\/meetings\/11\/attachments$/);
        await checkAxe(page);
        assert.equal(await page.locator('table tbody tr').count(), 1, 'the demo agenda');

        // A refused file: the form comes back with the message at the field.
        await chooseFile(page, { name: 'logo.svg', mimeType: 'image/svg+xml', buffer: Buffer.from('<svg/>') });
        await activate(page, t('meetings.attachments.upload'));
        assert.match((await page.locator('#field-file-error').innerText()).trim(), /logo\.svg/);
        assert.equal(await page.locator('#field-file').getAttribute('aria-invalid'), 'true');
        await checkAxe(page);
        documents['the files page with a refused file'] = await page.content();

        // The slides: the file, the kind chosen with the arrow keys, a description.
        const name = `slides-${lang}.pdf`;
        await chooseFile(page, { name, mimeType: 'application/pdf', buffer: PDF });
        await page.getByLabel(t('meetings.attachments.kind'), { exact: true }).focus();
        await page.keyboard.press('ArrowDown');
        await typeInto(page, t('meetings.attachments.description'), 'Status of the actions');
        await activate(page, t('meetings.attachments.upload'));
        assert.match(page.url(), /\/attachments\?done=added$/);
        assert.ok((await page.locator('main').innerText()).includes(t('meetings.attachments.done.added')));
        assert.equal(await page.locator('table tbody tr').count(), 2);
        await checkAxe(page);
        documents['the files page'] = await page.content();
        await page.setViewportSize({ width: 390, height: 900 });
        await fitsWidth(page);
        await page.setViewportSize({ width: 1280, height: 900 });

        // On the meeting's page, for readers: the name, the kind, the type and size.
        assert.equal((await page.goto(`/${lang}${ELEVENTH}`))?.status(), 200);
        const files = await page.locator('section[aria-labelledby="meeting-files"]').innerText();
        assert.ok(files.includes(name), files);
        assert.ok(files.includes(t('meetings.attachments.kind.slides')), files);
        assert.ok(files.includes(t('meetings.attachments.type.pdf')), files);
        await checkAxe(page);
        documents['the meeting’s page'] = await page.content();

        // Deleted with its own button (the second in the list).
        await page.goto(`/${lang}${ELEVENTH}/attachments`);
        const deleteText = t('meetings.attachments.delete');
        await tabUntil(page, (e) => e.tag === 'button' && e.text === deleteText);
        await tabUntil(page, (e) => e.tag === 'button' && e.text === deleteText);
        await enter(page);
        assert.match(page.url(), /\/attachments\?done=deleted$/);
        assert.equal(await page.locator('table tbody tr').count(), 1);
        await checkAxe(page);
      } finally {
        await page.close();
      }
      assert.equal(Object.keys(documents).length, 3);
      for (const [name, errors] of Object.entries(await checkHtml(documents)))
        assert.deepEqual(errors.map(formatVnuMessage), [], `${lang}, ${name}: the Nu HTML checker`);
    });
  }
});
