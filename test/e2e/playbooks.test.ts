// Playbooks in Chromium with JavaScript disabled and the keyboard alone (issue 16, "Done when"): a
// coordinator builds a playbook from three lessons (sending it once with the same chapter twice and
// reading the message) and publishes it; Tereza Kolářová of Litomyšl, a small town of the demo, exports it
// white-labelled in Czech (her city's name with its diacritics, a PNG logo, her colours; refused first
// for too little contrast, with the ratio shown), the job runs, and the zip and the PDF download. The site
// unzipped and opened from disk shows her city's name, logo and colours on every page, passes axe and the
// Nu checker and loads nothing from elsewhere; the PDF has the same chapters. Then the same in English.
// axe checks every page of the platform on the way.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { jobHandlers } from '../../src/app.js';
import { JobRunner } from '../../src/core/jobs/queue.js';
import { createLogger } from '../../src/core/logger.js';
import { createUser } from '../../src/modules/accounts/index.js';
import { partnershipIdOf, putPerson } from '../../src/modules/partnerships/membership.queries.js';
import { DEMO_PASSWORD } from '../../src/modules/people/index.js';
import { activate, checkAxe, describeInBrowser, signInWithForm, tabUntil } from '../helpers/browser.js';
import { checkSiteFromDisk, makePng, pdfChapters, unzipTo } from '../support/playbook-export.js';

const LESSONS = {
  sofia: 'digital-skills-courses-in-community-centres-booked-by-phone',
  helsingborg: 'a-digital-competence-centre-in-the-library-run-with-residents',
  rome: 'a-quality-label-for-open-data-needs-a-named-owner-per-dataset',
};
const LOGO = makePng(64, 64, (x, y) => ((x - 32) ** 2 + (y - 32) ** 2 < 500 ? [200, 30, 40, 255] : [255, 255, 255, 0]));
const COLOURS = { primary: '#0b4f3c', onPrimary: '#ffffff', accent: '#0a5c8a' };

/** Focuses a control by its id, as Tab would, and types into it. */
async function typeAt(page: Page, id: string, text: string) {
  await page.locator(`#${id}`).focus();
  await page.keyboard.press('Control+A');
  await page.keyboard.type(text);
}

/** Tabs to the link to `suffix` and presses Enter: the file it downloads. */
async function download(page: Page, suffix: string): Promise<Buffer> {
  await tabUntil(page, (e) => e.tag === 'a' && (e.href ?? '').endsWith(suffix));
  const [file] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
  return readFileSync((await file.path())!);
}

describeInBrowser('playbooks', { demo: true }, (env) => {
  /** The export's jobs, run as the queue runs them. */
  const runQueue = () =>
    new JobRunner(env.urbis.ctx.db, env.urbis.ctx.dialect, jobHandlers(env.urbis.ctx), createLogger('silent')).runDue();

  /**
   * Tereza asks for an export in `lang` on pages in `lang`, the job runs, she downloads both files;
   * the site from disk and the PDF are checked against the playbook's chapters.
   */
  async function exportAs(page: Page, slug: string, lang: 'cs' | 'en', city: string, chapters: string[]) {
    const { t } = env.urbis.ctx.i18n(lang);
    assert.equal((await page.goto(`/${lang}/playbooks/${slug}`))?.status(), 200);
    await checkAxe(page);
    await activate(page, t('playbooks.exports.link'));
    assert.match(page.url(), new RegExp(`/${lang}/playbooks/${slug}/exports$`));
    await checkAxe(page);
    await typeAt(page, 'field-name', city);
    await page.locator('#field-logo').setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: LOGO });
    // A colour picker takes `#rrggbb` typed into it as a keyboard user's choice.
    await page.locator('#field-primary').fill('#ffffff');
    await page.locator('#field-onPrimary').fill('#777777');
    await page.locator('#field-accent').fill(COLOURS.accent);
    await page.locator('#field-lang').focus();
    await page.locator('#field-lang').selectOption(lang);
    await activate(page, t('playbooks.exports.submit'));
    const refused = await page.locator('#field-onPrimary-error').innerText();
    assert.match(
      refused,
      lang === 'cs' ? /kontrast 4,4\s:\s1.*alespoň 4,5\s:\s1/ : /contrast of 4\.4:1.*at least 4\.5:1/,
    );
    assert.equal(await page.locator('.error-summary').count(), 1);
    await checkAxe(page);
    assert.equal(await page.locator('#field-name').inputValue(), city, 'what was typed is kept');
    await page.locator('#field-logo').setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: LOGO });
    await page.locator('#field-primary').fill(COLOURS.primary);
    await page.locator('#field-onPrimary').fill(COLOURS.onPrimary);
    await activate(page, t('playbooks.exports.submit'));
    assert.match(page.url(), new RegExp(`/${lang}/playbooks/${slug}/exports/\\d+$`));
    assert.ok((await page.locator('main').innerText()).includes(t('playbooks.exports.state.waiting')));
    await checkAxe(page);

    // Being made: its progress, read again with "Check again".
    const id = Number(page.url().split('/').pop());
    await env.urbis.ctx.db
      .updateTable('playbook_exports')
      .set({ state: 'building', progress: 30 })
      .where('id', '=', id)
      .execute();
    await activate(page, t('playbooks.exports.one.checkAgain'));
    assert.equal(await page.locator('progress').getAttribute('value'), '30');
    await checkAxe(page);
    assert.ok((await runQueue()) >= 1);
    await activate(page, t('playbooks.exports.one.checkAgain'));
    assert.ok((await page.locator('main').innerText()).includes(t('playbooks.exports.state.ready')));
    await checkAxe(page);
    const zip = await download(page, '/site.zip');
    const pdf = await download(page, '/playbook.pdf');

    const dir = mkdtempSync(path.join(tmpdir(), `urbis-playbook-${lang}-`));
    try {
      await unzipTo(zip, dir);
      const { pages } = await checkSiteFromDisk(env.browser, dir, { city, primary: COLOURS.primary, logo: true });
      assert.equal(pages.length, chapters.length + 1, `a page for the playbook and each chapter: ${pages.join(', ')}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const reading = await pdfChapters(pdf);
    for (const chapter of chapters) assert.ok(reading.outline.includes(chapter), `the PDF's outline has "${chapter}"`);
    assert.ok(reading.text.includes(city), 'the PDF names the city');
    assert.equal(reading.lang, lang);
  }

  test('a coordinator builds a playbook and publishes it; a small town exports it in Czech and English', async () => {
    const { db } = env.urbis.ctx;
    const { t } = env.urbis.ctx.i18n('en');
    const password = 'playbooks of the demo 2026';
    const coordinator = await createUser(db, {
      email: 'playbook-coordinator@example.eu',
      handle: 'playbook-coordinator',
      displayName: 'Sven Olsen',
      password,
    });
    await putPerson(db, (await partnershipIdOf(db, 'digital-transition'))!, coordinator, 'coordinator');
    const ids = Object.fromEntries(
      await Promise.all(
        Object.entries(LESSONS).map(async ([name, slug]) => {
          const row = await db.selectFrom('lessons').select('id').where('slug', '=', slug).executeTakeFirstOrThrow();
          return [name, row.id] as const;
        }),
      ),
    );
    const title = 'Digital help for residents of small towns';

    const page = await env.newPage();
    let slug = '';
    try {
      await signInWithForm(page, 'playbook-coordinator@example.eu', password);
      assert.equal((await page.goto('/en/lessons'))?.status(), 200);
      await activate(page, t('lessons.list.playbooks'));
      await checkAxe(page);
      await activate(page, t('playbooks.write.for', { partnership: 'Digital Transition' }));
      assert.match(page.url(), /\/en\/partnerships\/digital-transition\/playbooks\/new$/);
      await checkAxe(page);
      await typeAt(page, 'field-title', title);
      await typeAt(page, 'field-target', 'Small towns starting with digital services');
      await typeAt(page, 'field-introduction', 'Three cities, three ways to bring e-services to residents.');
      await typeAt(page, 'field-steps', 'Ask what residents miss\nOpen a help desk where people already go');
      // Two lessons with the same number first: the message says so at the chapters.
      await typeAt(page, `field-chapter-${ids.sofia}`, '1');
      await typeAt(page, `field-chapter-${ids.helsingborg}`, '1');
      await typeAt(page, `field-chapter-${ids.rome}`, '3');
      await activate(page, t('playbooks.write.save'));
      assert.match(await page.locator('#field-lessons-error').innerText(), /Two lessons have chapter number 1/);
      assert.equal(await page.locator('.error-summary').count(), 1);
      await checkAxe(page);
      await typeAt(page, `field-chapter-${ids.helsingborg}`, '2');
      await activate(page, t('playbooks.write.save'));
      assert.match(page.url(), /\/en\/playbooks\/digital-help-for-residents-of-small-towns$/);
      slug = page.url().split('/').pop()!;
      assert.ok((await page.locator('main').innerText()).includes(t('playbooks.state.draft')));
      await checkAxe(page);
      await activate(page, t('playbooks.publish.button'));
      assert.ok(!(await page.locator('main').innerText()).includes(t('playbooks.stateHint.draft')));
      const chapters = await page.locator('main ol').last().locator('li > a').allInnerTexts();
      assert.deepEqual(chapters, [
        'Digital skills courses in community centres, booked by phone',
        'A digital competence centre in the library, run with residents',
        'A quality label for open data needs a named owner per dataset',
      ]);
      // Its other pages: editing, and translating into Czech (chosen in the drop-down, as the arrow keys would).
      await activate(page, t('playbooks.edit.link'));
      await checkAxe(page);
      assert.equal(await page.locator(`#field-chapter-${ids.rome}`).inputValue(), '3');
      await page.goBack();
      await page.locator('#field-into').focus();
      await page.locator('#field-into').selectOption('cs');
      await activate(page, t('playbooks.translate.button'));
      assert.match(page.url(), /\/translations\/cs$/);
      await checkAxe(page);
    } finally {
      await page.close();
    }

    const tereza = await env.newPage();
    try {
      await signInWithForm(tereza, 'tereza-kolarova@demo.urbis.eu', DEMO_PASSWORD);
      // In Czech, the chapters not translated into it fall back to English (the Helsingborg one is in Czech).
      await exportAs(tereza, slug, 'cs', 'Město Litomyšl', [
        'Digital skills courses in community centres, booked by phone',
        'Centrum digitálních dovedností v knihovně, vedené s obyvateli',
        'A quality label for open data needs a named owner per dataset',
      ]);
      await exportAs(tereza, slug, 'en', 'Town of Litomyšl', [
        'Digital skills courses in community centres, booked by phone',
        'A digital competence centre in the library, run with residents',
        'A quality label for open data needs a named owner per dataset',
      ]);
      assert.equal((await tereza.goto(`/cs/playbooks/${slug}/exports`))?.status(), 200);
      assert.equal(await tereza.locator('main table tbody tr').count(), 2, 'both of her exports are listed');
      await checkAxe(tereza);
    } finally {
      await tereza.close();
    }
  });
});
