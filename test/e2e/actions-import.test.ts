// Importing actions in Chromium with JavaScript disabled and the keyboard alone (but the file
// chooser, which the browser draws itself: the file is set on the focused input), in English and
// Czech: a coordinator follows "Import actions" from the plan, sends a small CSV file as a dry run
// (the default), reads the report row by row, sends it again as an import (now preselected), and
// finds the new action in the plan. axe-core checks every page, the Nu HTML checker the form and
// the reports; the report fits a phone's width.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { checkHtml, formatVnuMessage } from '../helpers/vnu.js';
import { activate, checkAxe, describeInBrowser, fitsWidth, signInWithForm, tabUntil } from '../helpers/browser.js';
import { addPerson } from '../support/partnerships.js';

const PASSWORD = 'a coordinator from Oulu 2026';
const PLAN = '/partnerships/digital-transition/actions';

/** A small plan file: a new action with a deliverable, in the export's columns. */
const file = (number: number, title: string) =>
  Buffer.from(
    '\uFEFFkind,number,theme,title,status,progress,starts_on,ends_on,leads,type,due_on\r\n' +
      `action,${number},Emerging technologies,${title},planned,0,2020-01-01,2020-12-31,oulu,,\r\n` +
      `deliverable,${number},,"A report, in two parts",planned,,,,,report,2020-06-30\r\n`,
  );

/** Tabs to the file input and gives it a file, as the chooser would. */
async function chooseFile(page: Page, buffer: Buffer): Promise<void> {
  await tabUntil(page, (e) => e.id === 'field-file');
  await page.locator('#field-file').setInputFiles({ name: 'plan.csv', mimeType: 'text/csv', buffer });
}

describeInBrowser('importing actions', { demo: true }, (env) => {
  const coordinator = { handle: 'aino-import', displayName: 'Aino Virtanen', password: PASSWORD };
  let ready: Promise<number> | undefined;
  const setUp = () => (ready ??= addPerson(env.urbis.ctx.db, 'digital-transition', coordinator, 'coordinator'));

  for (const [i, lang] of (['en', 'cs'] as const).entries()) {
    test(`${lang}: a coordinator checks a file with a dry run, then imports it, by keyboard`, async () => {
      await setUp();
      const { t } = env.urbis.ctx.i18n(lang);
      const number = 30 + i;
      const title = lang === 'en' ? 'Digital twins of small towns' : 'Digitální dvojčata malých měst';
      const page = await env.newPage();
      const documents: Record<string, string> = {};
      try {
        await signInWithForm(page, 'aino-import@example.eu', PASSWORD);
        assert.equal((await page.goto(`/${lang}${PLAN}`))?.status(), 200);
        await activate(page, t('actions.transfer.importLink'));
        assert.match(page.url(), /\/actions\/import$/);
        await checkAxe(page);
        documents['the form'] = await page.content();
        assert.ok(await page.locator('#field-mode-dry_run').isChecked(), 'a dry run first');

        await chooseFile(page, file(number, title));
        await activate(page, t('actions.transfer.import.send'));
        const report = await page.locator('main').innerText();
        assert.ok(report.includes(t('actions.transfer.verdict.dryRun')), report);
        assert.ok(report.includes(t('actions.transfer.would.created')), report);
        await checkAxe(page);
        documents['the dry run'] = await page.content();
        await page.setViewportSize({ width: 390, height: 900 });
        await fitsWidth(page);
        await page.setViewportSize({ width: 1280, height: 900 });

        // After a clean dry run, the import is chosen already: the file again, and send.
        assert.ok(await page.locator('#field-mode-import').isChecked(), 'the import next');
        await chooseFile(page, file(number, title));
        await activate(page, t('actions.transfer.import.send'));
        assert.ok((await page.locator('main').innerText()).includes(t('actions.transfer.verdict.stored')));
        await checkAxe(page);
        documents['the import'] = await page.content();

        assert.equal((await page.goto(`/${lang}${PLAN}/${number}`))?.status(), 200);
        assert.ok((await page.locator('main').innerText()).includes('A report, in two parts'));
        await checkAxe(page);
      } finally {
        await page.close();
      }
      for (const [name, errors] of Object.entries(await checkHtml(documents)))
        assert.deepEqual(errors.map(formatVnuMessage), [], `${lang}, ${name}: the Nu HTML checker`);
    });
  }
});
