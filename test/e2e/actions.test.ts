// The action plan in Chromium with JavaScript disabled and the keyboard alone, in English and Czech:
// a visitor opens the Digital Transition Partnership's Actions tab, filters the plan by status with
// the keyboard (the merged Action 12 alone), follows it to Action 11 it was merged into, then opens
// Action 4 and its history. axe-core checks every page, the Nu HTML checker the plan, an action and
// the history; the pages fit a phone's width.
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
/** Action 4's second deliverable in the demo, due 31 December 2019 and never completed there. */
const MODEL = 'The user-centric e-government model';
/** A tiny PDF, given as the model's evidence. */
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

describeInBrowser('the action plan', { demo: true }, (env) => {
  for (const lang of ['en', 'cs'] as const) {
    test(`${lang}: the plan filtered by keyboard, a merged action, an action and its history`, async () => {
      const { t } = env.urbis.ctx.i18n(lang);
      const page = await env.newPage();
      const documents: Record<string, string> = {};
      try {
        // From the hub's overview, the Actions tab.
        assert.equal((await page.goto(`/${lang}/partnerships/digital-transition`))?.status(), 200);
        await tabUntil(page, (e) => e.tag === 'a' && e.text.trim() === t('actions.hub.tab'));
        await enter(page);
        assert.match(page.url(), /\/actions$/);
        await checkAxe(page);
        documents['the plan'] = await page.content();
        assert.equal(await page.locator('main section h2').count(), 6, 'six themes');

        // Filter by status: the select reached by Tab, a choice by the arrow keys' letter, then Show.
        await tabUntil(page, (e) => e.id === 'field-status');
        await page.locator('#field-status').selectOption('merged');
        await tabUntil(page, (e) => e.tag === 'button' && e.text.trim() === t('actions.filter.apply'));
        await enter(page);
        assert.match(page.url(), /status=merged/);
        await checkAxe(page);
        const shown = await page.locator('main ul.list > li').count();
        assert.equal(shown, 1);
        await page.setViewportSize({ width: 390, height: 900 });
        await fitsWidth(page);
        await page.setViewportSize({ width: 1280, height: 900 });

        // Action 12, merged into 11: the page says so and links it.
        await tabUntil(page, (e) => e.tag === 'a' && e.text.includes(t('actions.numbered', { number: 12 })));
        await enter(page);
        assert.match(page.url(), /\/actions\/12$/);
        await checkAxe(page);
        await tabUntil(page, (e) => e.tag === 'a' && e.text.trim() === t('actions.numbered', { number: 11 }));
        await enter(page);
        assert.match(page.url(), /\/actions\/11$/);
        await checkAxe(page);

        // Action 4: the decision of the 11th meeting, and the history.
        assert.equal((await page.goto(`/${lang}${PLAN}/4`))?.status(), 200);
        await checkAxe(page);
        documents['Action 4'] = await page.content();
        const meetings = await page.locator('section[aria-labelledby="action-meetings"]').innerText();
        assert.ok(meetings.includes('two more cities'), meetings);
        await page.setViewportSize({ width: 390, height: 900 });
        await fitsWidth(page);
        await page.setViewportSize({ width: 1280, height: 900 });
        assert.equal((await page.goto(`/${lang}${PLAN}/4/history`))?.status(), 200);
        await checkAxe(page);
        documents['the history'] = await page.content();
        assert.ok((await page.locator('table tbody tr').count()) >= 3);
      } finally {
        await page.close();
      }
      for (const [name, errors] of Object.entries(await checkHtml(documents)))
        assert.deepEqual(errors.map(formatVnuMessage), [], `${lang}, ${name}: the Nu HTML checker`);
    });
  }
});

// A lead updates Action 4 by keyboard (the journey): a member of the partnership whose
// affiliation with Estonia (a lead of Action 4) is confirmed looks at the plan's dashboard (Action 4
// not updated for years, its model late), opens the action, follows "Update this action", sets the
// progress, marks the model completed and writes an explanation; the action shows the new progress,
// the history the explanation, the comparison with the version before both changes, and the
// dashboard no longer lists the model as late nor Action 4 as stale; then, from the edit form, the
// lead attaches a PDF as the model's evidence. axe-core checks each page, the Nu HTML checker the
// form, the comparison, the dashboard and the evidence form.
// Each language on a demo of its own: the journey changes the data it then looks at.
for (const lang of ['en', 'cs'] as const) {
  describeInBrowser(`updating an action (${lang})`, { demo: true }, (env) => {
    test(`${lang}: a lead updates the progress with an explanation, by keyboard`, async () => {
      const { db } = env.urbis.ctx;
      const { t } = env.urbis.ctx.i18n(lang);
      const dtp = (await partnershipIdOf(db, 'digital-transition'))!;
      const password = 'a lead from Tallinn 2026';
      const id = await createUser(db, {
        email: `${lang}-lead@example.eu`,
        handle: `${lang}-lead`,
        displayName: lang === 'en' ? 'Kaisa Lepik' : 'Tereza Malá',
        password,
      });
      await putPerson(db, dtp, id, 'member');
      const estonia = await db
        .selectFrom('organisations')
        .select('id')
        .where('slug', '=', 'estonia')
        .executeTakeFirstOrThrow();
      await db
        .insertInto('organisation_claims')
        .values({ user_id: id, organisation_id: estonia.id, status: 'confirmed', created_at: new Date().toISOString() })
        .execute();
      const explanation = lang === 'en' ? 'Two pilot cities joined.' : 'Přidala se dvě pilotní města.';
      const page = await env.newPage();
      const documents: Record<string, string> = {};
      try {
        await signInWithForm(page, `${lang}-lead@example.eu`, password);
        // The dashboard before: Action 4's model is late, and Action 4 is not updated for 90 days.
        const dashboard = async () => {
          assert.equal((await page.goto(`/${lang}${PLAN}/dashboard`))?.status(), 200);
          await checkAxe(page);
          return {
            late: await page.locator('section[aria-labelledby="late"]').innerText(),
            stale: await page.locator('section[aria-labelledby="stale"] a').allInnerTexts(),
          };
        };
        const action4 = `${t('actions.numbered', { number: 4 })}: `;
        const before = await dashboard();
        assert.ok(before.late.includes(MODEL), before.late);
        assert.ok(
          before.stale.some((a) => a.startsWith(action4)),
          before.stale.join(' | '),
        );

        assert.equal((await page.goto(`/${lang}${PLAN}/4`))?.status(), 200);
        await tabUntil(page, (e) => e.tag === 'a' && e.text.trim() === t('actions.update.link'));
        await enter(page);
        assert.match(page.url(), /\/actions\/4\/update$/);
        await checkAxe(page);
        documents['the form'] = await page.content();
        await page.getByLabel(t('actions.update.progress'), { exact: true }).focus();
        await page.keyboard.press('Control+A');
        await page.keyboard.type('60');
        // The model (the second deliverable) is completed: its status chosen by keyboard.
        await page.getByLabel(t('actions.update.deliverableStatus', { deliverable: MODEL }), { exact: true }).focus();
        await page.keyboard.press('End');
        await page.keyboard.press('ArrowUp');
        assert.equal(
          await page.locator(':focus').inputValue(),
          'completed',
          'the status before the last (cancelled) is completed',
        );
        await typeInto(page, t('actions.update.explanation'), explanation);
        await tabUntil(page, (e) => e.tag === 'button' && e.text.trim() === t('actions.update.save'));
        await enter(page);
        assert.match(page.url(), /\/actions\/4$/);
        await checkAxe(page);
        assert.ok((await page.locator('main').innerText()).includes(t('actions.progressValue', { progress: 60 })));
        assert.equal((await page.goto(`/${lang}${PLAN}/4/history`))?.status(), 200);
        assert.ok((await page.locator('table tbody').innerText()).includes(explanation));
        await checkAxe(page);

        // The comparison of the new version with the one before says what changed, in words.
        const newest = (await db
          .selectFrom('action_versions')
          .innerJoin('actions', 'actions.id', 'action_versions.action_id')
          .select((eb) => eb.fn.max('action_versions.version').as('n'))
          .where('actions.partnership_id', '=', dtp)
          .where('actions.number', '=', 4)
          .executeTakeFirstOrThrow()) as { n: number };
        await tabUntil(
          page,
          (e) => e.tag === 'a' && e.text.trim() === t('actions.compare.withPrevious', { version: Number(newest.n) }),
        );
        await enter(page);
        assert.match(page.url(), /\/history\/compare\?/);
        await checkAxe(page);
        documents['the comparison'] = await page.content();
        // A row whose "Change" cell starts with "changed" ("unchanged" does not).
        const changed = t('actions.compare.change.changed');
        const changedRows = (await page.locator('main tr').allInnerTexts()).filter((r) =>
          r.split('\t').some((cell) => cell.trim().startsWith(changed)),
        );
        assert.ok(
          changedRows.some((r) => r.includes(t('actions.field.progress')) && r.includes('60')),
          changedRows.join(' | '),
        );
        assert.ok(
          changedRows.some((r) => r.includes(MODEL)),
          changedRows.join(' | '),
        );
        assert.ok(
          !changedRows.some((r) => r.includes('Catalogue of user journeys')),
          `what did not change is not said to: ${changedRows.join(' | ')}`,
        );

        // The dashboard after: the model is no longer late, and Action 4 is no longer stale.
        const after = await dashboard();
        documents['the dashboard'] = await page.content();
        assert.ok(!after.late.includes(MODEL), after.late);
        assert.ok(!after.stale.some((a) => a.startsWith(action4)), after.stale.join(' | '));

        // The lead attaches a PDF as the model's evidence, by keyboard, from the edit form.
        assert.equal((await page.goto(`/${lang}${PLAN}/4/edit`))?.status(), 200);
        const row = t('actions.edit.row.deliverables', { n: 2 });
        await tabUntil(page, (e) => e.tag === 'a' && e.text.trim() === t('actions.edit.attachFile', { row }), 400);
        await enter(page);
        assert.match(page.url(), /\/actions\/4\/deliverables\/1\/evidence$/);
        await checkAxe(page);
        documents['the evidence form'] = await page.content();
        await tabUntil(page, (e) => e.id === 'field-file');
        const file = { name: 'model.pdf', mimeType: 'application/pdf', buffer: PDF };
        await page.locator('#field-file').setInputFiles(file);
        await tabUntil(page, (e) => e.tag === 'button' && e.text.trim() === t('actions.evidence.upload'));
        await enter(page);
        assert.match(page.url(), /\/actions\/4(#action-deliverables)?$/);
        await checkAxe(page);
        assert.ok((await page.locator('main').innerText()).includes('model.pdf'));
      } finally {
        await page.close();
      }
      for (const [name, errors] of Object.entries(await checkHtml(documents)))
        assert.deepEqual(errors.map(formatVnuMessage), [], `${lang}, ${name}: the Nu HTML checker`);
    });
  });
}
