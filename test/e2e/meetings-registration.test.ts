// Registration for a meeting and what came of it, in Chromium with JavaScript disabled and the
// keyboard alone, in English and in Czech: a member registers for a 20-seat meeting whose 20 seats
// were taken (set up in the database), lands on the waiting list, clearly told so, and has the
// seat when one of the twenty cancels; after the meeting the coordinator records the minutes and
// a decision, which the meeting page shows. Every page on the way is checked with axe-core.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { createUser } from '../../src/modules/accounts/index.js';
import { partnershipIdOf, putPerson } from '../../src/modules/partnerships/membership.queries.js';
import { checkAxe, describeInBrowser, enter, signInWithForm, tabUntil, typeInto } from '../helpers/browser.js';
import { inHours, openMeeting, registerPeople } from '../support/meetings-registration.js';

const PASSWORD = 'a member from Tallinn 2026';
/** The password `registerPeople` gives the people it makes. */
const SEAT_PASSWORD = 'a long enough password';

/** Tabs to the button or link with exactly this text and presses Enter. */
async function activate(page: Page, text: string): Promise<void> {
  await tabUntil(page, (e) => (e.tag === 'button' || e.tag === 'a') && e.text.trim() === text);
  await enter(page);
}

describeInBrowser('registering for a meeting, the waiting list, and the minutes', { demo: true }, (env) => {
  for (const lang of ['en', 'cs'] as const) {
    test(`${lang}: the 21st goes on the waiting list and moves up; the coordinator records the minutes`, async () => {
      const { urbis } = env;
      const db = urbis.ctx.db;
      const { t } = urbis.ctx.i18n(lang);
      const dtp = (await partnershipIdOf(db, 'digital-transition'))!;
      const person = async (handle: string, name: string, role: 'member' | 'coordinator') => {
        const id = await createUser(db, {
          email: `${handle}@example.eu`,
          handle,
          displayName: name,
          password: PASSWORD,
        });
        await putPerson(db, dtp, id, role);
        return id;
      };
      await person(`${lang}-coordinator`, lang === 'en' ? 'Kadri Saarland' : 'Jitka Horáková', 'coordinator');
      await person(`${lang}-member`, lang === 'en' ? 'Lotte Verbeek' : 'Zdeňka Nováková', 'member');
      const meeting = await openMeeting(db, dtp, { capacity: 20 });
      await registerPeople(db, meeting.id, 20, 'registered', `${lang}-seat`);
      const address = `/${lang}/partnerships/digital-transition/meetings/${meeting.number}`;

      // 1. The member registers: every seat is taken, so the waiting list, said as such.
      const member = await env.newPage();
      await signInWithForm(member, `${lang}-member@example.eu`, PASSWORD);
      await member.goto(address);
      await checkAxe(member);
      assert.match(
        await member.locator('main').innerText(),
        new RegExp(t('meetings.reg.seats', { registered: 20, capacity: 20, waiting: 0 }).replace(/[.()]/g, '\\$&')),
      );
      await activate(member, t('meetings.reg.joinWaiting'));
      assert.ok((await member.locator('main').innerText()).includes(t('meetings.reg.done.waiting', { position: 1 })));
      await checkAxe(member);

      // 2. One of the twenty cancels: the member has the seat.
      const holder = await env.newPage();
      await signInWithForm(holder, `${lang}-seat-1@example.eu`, SEAT_PASSWORD);
      await holder.goto(address);
      await activate(holder, t('meetings.reg.cancel'));
      assert.ok((await holder.locator('main').innerText()).includes(t('meetings.reg.done.unregistered')));
      await checkAxe(holder);
      await member.goto(address);
      assert.ok((await member.locator('main').innerText()).includes(t('meetings.reg.mine.registered')));

      // 3. After the meeting, the coordinator records the minutes and a decision.
      await db
        .updateTable('meetings')
        .set({ starts_at: inHours(-26), ends_at: inHours(-24) })
        .where('id', '=', meeting.id)
        .execute();
      const coordinator = await env.newPage();
      await signInWithForm(coordinator, `${lang}-coordinator@example.eu`, PASSWORD);
      await coordinator.goto(address);
      await checkAxe(coordinator);
      await activate(coordinator, t('meetings.minutes.edit'));
      await checkAxe(coordinator);
      const minutes = lang === 'en' ? 'We reviewed the status of the actions.' : 'Probrali jsme stav akcí.';
      const decision = lang === 'en' ? 'Scale up the Digital Cities Challenge.' : 'Rozšířit Digital Cities Challenge.';
      await typeInto(coordinator, t('meetings.minutes.minutes'), minutes);
      await typeInto(coordinator, t('meetings.minutes.decisionN', { n: 1 }), decision);
      await activate(coordinator, t('meetings.minutes.save'));
      const text = await coordinator.locator('main').innerText();
      assert.ok(text.includes(t('meetings.minutes.saved')));
      assert.ok(text.includes(minutes));
      assert.ok(text.includes(decision));
      await checkAxe(coordinator);

      // The list of registrations with attendance, for the coordinator.
      await coordinator.goto(`${address}/registrations`);
      await checkAxe(coordinator);
      await Promise.all([member.close(), holder.close(), coordinator.close()]);
    });
  }
});
