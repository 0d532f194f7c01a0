// An action's comments and history compared, in Chromium with JavaScript disabled and the keyboard
// alone, in English and Czech: a member of the Digital Transition Partnership opens Action 4 (its
// related news, its comments), writes a comment by keyboard and sees it under the action; then, on
// the history, picks two versions with the form and compares them, and follows "compare with the
// one before" from the timeline. axe-core checks every page, the Nu HTML checker the action with its
// comments, the history and the comparison; the comparison fits a phone's width.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createUser } from '../../src/modules/accounts/index.js';
import { partnershipIdOf, putPerson } from '../../src/modules/partnerships/membership.queries.js';
import { checkHtml, formatVnuMessage } from '../helpers/vnu.js';
import {
  checkAxe,
  describeInBrowser,
  enter,
  fitsWidth,
  signInWithForm,
  tabUntil,
  typeInto,
} from '../helpers/browser.js';

const PLAN = '/partnerships/digital-transition/actions';

describeInBrowser('an action’s comments and its versions compared', { demo: true }, (env) => {
  for (const lang of ['en', 'cs'] as const) {
    test(`${lang}: a member comments by keyboard, then compares two versions`, async () => {
      const { db } = env.urbis.ctx;
      const { t } = env.urbis.ctx.i18n(lang);
      const dtp = (await partnershipIdOf(db, 'digital-transition'))!;
      const password = 'a member from Brno 2026';
      const id = await createUser(db, {
        email: `${lang}-history@example.eu`,
        handle: `${lang}-history`,
        displayName: lang === 'en' ? 'Aino Virtanen' : 'Jana Horáková',
        password,
      });
      await putPerson(db, dtp, id, 'member');
      const words =
        lang === 'en' ? 'Could the catalogue list Czech services too?' : 'Mohl by katalog uvést i české služby?';
      const page = await env.newPage();
      const documents: Record<string, string> = {};
      try {
        await signInWithForm(page, `${lang}-history@example.eu`, password);
        assert.equal((await page.goto(`/${lang}${PLAN}/4`))?.status(), 200);
        await checkAxe(page);
        assert.ok((await page.locator('#action-news').innerText()).includes(t('actions.section.news')));
        // The comment field, reached by Tab; the button by Tab; Enter sends it.
        await tabUntil(page, (e) => e.tag === 'textarea');
        await typeInto(page, env.urbis.ctx.i18n(lang).t('comments.form.label'), words);
        await tabUntil(page, (e) => e.tag === 'button' && e.text.trim() === t('comments.form.submit'));
        await enter(page);
        assert.match(page.url(), /\/actions\/4/);
        assert.ok((await page.locator('#comments').innerText()).includes(words));
        await checkAxe(page);
        documents['the action with comments'] = await page.content();

        // The history: the picker's two latest chosen; the first version against the latest.
        assert.equal((await page.goto(`/${lang}${PLAN}/4/history`))?.status(), 200);
        await checkAxe(page);
        documents['the history'] = await page.content();
        await tabUntil(page, (e) => e.id === 'field-from');
        await page.locator('#field-from').selectOption('1');
        await tabUntil(page, (e) => e.tag === 'button' && e.text.trim() === t('actions.compare.submit'));
        await enter(page);
        assert.match(page.url(), /\/history\/compare\?from=1&to=\d+$/);
        await checkAxe(page);
        documents['the comparison'] = await page.content();
        const main = await page.locator('main').innerText();
        assert.ok(main.includes(t('actions.compare.change.changed')), 'changes said in words');
        assert.ok((await page.locator('main table').count()) >= 5);
        await page.setViewportSize({ width: 390, height: 900 });
        await fitsWidth(page);
        await page.setViewportSize({ width: 1280, height: 900 });

        // Back on the history, "compare with the one before" from the timeline's second row.
        await page.goto(`/${lang}${PLAN}/4/history`);
        await tabUntil(
          page,
          (e) => e.tag === 'a' && e.text.trim() === t('actions.compare.withPrevious', { version: 2 }),
        );
        await enter(page);
        assert.match(page.url(), /\/history\/compare\?from=1&to=2$/);
        await checkAxe(page);
      } finally {
        await page.close();
      }
      for (const [name, errors] of Object.entries(await checkHtml(documents)))
        assert.deepEqual(errors.map(formatVnuMessage), [], `${lang}, ${name}: the Nu HTML checker`);
    });
  }
});
