// Importing into the funding register in Chromium with the keyboard alone (but the file chooser,
// which the browser draws itself: the file is set on the focused input), in English and Czech: an
// administrator sends a file with a bad row as a dry run (the default) and reads the refused row in
// the report's table, sends a good file as a dry run, then (the box now unticked) as an import.
// axe-core checks every page, the Nu HTML checker the form and the reports.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { checkHtml, formatVnuMessage } from '../helpers/vnu.js';
import { activate, checkAxe, describeInBrowser, signInWithForm, tabUntil } from '../helpers/browser.js';

const file = (id: string, programme: string) =>
  Buffer.from(
    '\uFEFFexternal_id,programme,kind,title,summary,deadlines\r\n' +
      `${id},${programme},call,Smart benches for small towns,An invented call,2031-03-31T17:00|Stage 1\r\n`,
  );

/** Tabs to the file input and gives it a file, as the chooser would. */
async function chooseFile(page: Page, buffer: Buffer): Promise<void> {
  await tabUntil(page, (e) => e.id === 'field-file');
  await page.locator('#field-file').setInputFiles({ name: 'items.csv', mimeType: 'text/csv', buffer });
}

describeInBrowser('importing into the funding register', { demo: true }, (env) => {
  for (const lang of ['en', 'cs'] as const) {
    test(`${lang}: an administrator checks a file, reads the refused row, imports a good one by keyboard`, async () => {
      const { t } = env.urbis.ctx.i18n(lang);
      const page = await env.newPage();
      const documents: Record<string, string> = {};
      try {
        await signInWithForm(page, 'admin@demo.urbis.eu', 'urbis-demo-2026');
        assert.equal((await page.goto(`/${lang}/funding/import`))?.status(), 200);
        await checkAxe(page);
        documents['the form'] = await page.content();
        assert.ok(await page.locator('#field-dry_run').isChecked(), 'a dry run first');

        await chooseFile(page, file(`e2e-${lang}`, 'no-such-programme'));
        await activate(page, t('funding.import.send'));
        const refused = await page.locator('main').innerText();
        assert.ok(refused.includes(t('funding.import.verdict.dryRunRefused')), refused);
        assert.ok(refused.includes(t('funding.import.problem.unknownProgramme', { slug: 'no-such-programme' })));
        assert.equal(await page.locator('#import-problems-caption').count(), 1);
        await checkAxe(page);
        documents['the refused rows'] = await page.content();

        await chooseFile(page, file(`e2e-${lang}`, 'horizon-europe'));
        await activate(page, t('funding.import.send'));
        assert.ok((await page.locator('main').innerText()).includes(t('funding.import.verdict.dryRun')));
        await checkAxe(page);
        documents['the dry run'] = await page.content();
        assert.equal(await page.locator('#field-dry_run').isChecked(), false, 'the import next');

        await chooseFile(page, file(`e2e-${lang}`, 'horizon-europe'));
        await activate(page, t('funding.import.send'));
        assert.ok((await page.locator('main').innerText()).includes(t('funding.import.verdict.stored')));
        await checkAxe(page);
        documents['the import'] = await page.content();
      } finally {
        await page.close();
      }
      for (const [name, errors] of Object.entries(await checkHtml(documents)))
        assert.deepEqual(errors.map(formatVnuMessage), [], `${lang}, ${name}: the Nu HTML checker`);
    });
  }
});
