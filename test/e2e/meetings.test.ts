// Planning the next meeting, in Chromium with JavaScript disabled and the keyboard alone, in English
// and in Czech: a coordinator opens the partnership's meetings, plans the next one (a mistake first:
// the end before the start, said at the field), adds an agenda item with a time and a speaker and a
// sub-item under it, and finds them on the meeting's page. axe-core checks every page on the way;
// the meeting's page fits a phone's width.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { createUser } from '../../src/modules/accounts/index.js';
import { partnershipIdOf, putPerson } from '../../src/modules/partnerships/membership.queries.js';
import {
  checkAxe,
  describeInBrowser,
  enter,
  fitsWidth,
  signInWithForm,
  tabUntil,
  typeInto,
} from '../helpers/browser.js';

const PASSWORD = 'a coordinator from Sofia 2026';
const MEETINGS = '/partnerships/digital-transition/meetings';

/** Tabs to the button or link with exactly this text and presses Enter. */
async function activate(page: Page, text: string): Promise<void> {
  await tabUntil(page, (e) => (e.tag === 'button' || e.tag === 'a') && e.text.trim() === text);
  await enter(page);
}

/**
 * Types a date and time into a `datetime-local` field as a keyboard user does in Chromium (US
 * English: month, day, year, hour, minute, AM/PM, each segment moving on to the next, but the year).
 */
async function typeDateTime(page: Page, label: string, [date, time]: [string, string]): Promise<void> {
  const [y, m, d] = date.split('-');
  const [h, min] = time.split(':').map(Number) as [number, number];
  await page.getByLabel(label, { exact: true }).focus();
  const hour12 = String(h % 12 === 0 ? 12 : h % 12).padStart(2, '0');
  // The year takes up to six digits: the arrow key moves on to the hour.
  await page.keyboard.type(`${m}${d}${y}`);
  await page.keyboard.press('ArrowRight');
  await page.keyboard.type(`${hour12}${String(min).padStart(2, '0')}${h < 12 ? 'A' : 'P'}`);
}

/** Replaces what a field holds, by keyboard: focus, select all, type. */
async function retype(page: Page, label: string, text: string): Promise<void> {
  await page.getByLabel(label, { exact: true }).focus();
  await page.keyboard.press('Control+A');
  await page.keyboard.type(text);
}

describeInBrowser('planning a meeting and its agenda', { demo: true }, (env) => {
  let ready: Promise<void> | undefined;
  const setUp = () =>
    (ready ??= (async () => {
      const db = env.urbis.ctx.db;
      const id = await createUser(db, {
        email: 'vesela@example.eu',
        handle: 'vesela',
        displayName: 'Vesela Petrova',
        password: PASSWORD,
      });
      await putPerson(db, (await partnershipIdOf(db, 'digital-transition'))!, id, 'coordinator');
    })());

  for (const lang of ['en', 'cs'] as const) {
    test(`${lang}: a coordinator plans the next meeting with an agenda, by keyboard`, async () => {
      await setUp();
      const { t } = env.urbis.ctx.i18n(lang);
      const page = await env.newPage();
      try {
        await signInWithForm(page, 'vesela@example.eu', PASSWORD);
        assert.equal((await page.goto(`/${lang}${MEETINGS}`))?.status(), 200);
        await checkAxe(page);
        await activate(page, t('meetings.list.plan'));
        assert.match(page.url(), /\/meetings\/new$/);
        await checkAxe(page);

        const title = lang === 'en' ? 'Digital skills for everybody' : 'Digitální dovednosti pro každého';
        await typeInto(page, t('meetings.form.title'), title);
        await typeInto(page, t('meetings.form.city'), 'Sofia');
        await typeInto(page, t('meetings.form.country'), 'BG');
        await retype(page, t('meetings.form.zone'), 'Europe/Sofia');
        // A mistake: the end before the start. The form says so at the field and keeps what was typed.
        await typeDateTime(page, t('meetings.form.end'), ['2031-04-01', '08:00']);
        await typeDateTime(page, t('meetings.form.start'), ['2031-04-01', '09:30']);
        await activate(page, t('meetings.form.create'));
        assert.equal(
          (await page.locator('#field-ends_at-error').innerText()).trim(),
          t('meetings.form.endBeforeStart'),
        );
        assert.equal(await page.getByLabel(t('meetings.form.title'), { exact: true }).inputValue(), title);
        await checkAxe(page);
        await typeDateTime(page, t('meetings.form.end'), ['2031-04-01', '17:00']);
        await activate(page, t('meetings.form.create'));
        assert.match(page.url(), /\/meetings\/\d+\?done=created$/);
        const number = Number(/\/meetings\/(\d+)\?/.exec(page.url())![1]);
        assert.ok((await page.locator('main').innerText()).includes(t('meetings.done.created')));
        assert.equal(await page.locator('h1').innerText(), title);
        await checkAxe(page);

        // The agenda: an item with a time and a speaker, then a sub-item under it.
        await activate(page, t('meetings.agenda.editLink'));
        await checkAxe(page);
        await typeInto(page, t('meetings.agendaForm.title'), 'Status of the actions');
        await typeInto(page, t('meetings.agendaForm.start'), '10:00');
        await typeInto(page, t('meetings.agendaForm.end'), '11:30');
        await typeInto(page, t('meetings.agendaForm.speakers'), 'sofia, @vesela');
        await activate(page, t('meetings.agendaForm.addButton'));
        assert.ok((await page.locator('main').innerText()).includes(t('meetings.agendaForm.saved')));
        await typeInto(page, t('meetings.agendaForm.title'), 'Action 2: Digital Neighbourhood Instrument');
        // Under the first item: the second option of the place, chosen with the arrow key.
        await page.getByLabel(t('meetings.agendaForm.parent'), { exact: true }).focus();
        await page.keyboard.press('ArrowDown');
        await activate(page, t('meetings.agendaForm.addButton'));
        await checkAxe(page);

        assert.equal((await page.goto(`/${lang}${MEETINGS}/${number}`))?.status(), 200);
        const agenda = await page.locator('section.agenda').innerText();
        assert.ok(agenda.includes('Status of the actions') && agenda.includes('Vesela Petrova'), agenda);
        assert.equal(
          await page.locator('.agenda__sub .agenda__title').innerText(),
          'Action 2: Digital Neighbourhood Instrument',
        );
        assert.match(agenda, /10:00/);
        await checkAxe(page);
        await page.setViewportSize({ width: 390, height: 900 });
        await fitsWidth(page);
        await checkAxe(page);
      } finally {
        await page.close();
      }
    });
  }
});
