// Update reminders to action leads by mail, on both engines: the sweep queued once per period (and
// not at all when off), a mail to each lead of a stale action or one with a late deliverable, in
// their language, once per state (a second sweep sends nothing; a restart, a retry after a refused
// send, nothing twice), nothing to people who are not leads (a contributor's, a non-member with a
// confirmed affiliation, an unconfirmed claim), and nothing once the action is up to date.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadConfig } from '../../core/config.js';
import type { Mail } from '../../core/mail/mailer.js';
import type { ModuleContext } from '../../core/module.js';
import { forEachEngine } from '../../../test/helpers/app.js';
import { recordingProcess } from '../../../test/support/mail.js';
import { setUp } from '../../../test/support/news.js';
import { partnershipIdOf } from '../partnerships/index.js';
import * as q from './actions.queries.js';
import { reminderJobs, reminderState, remindLeads, scheduleSweep, sweep, SWEEP_JOB } from './actions.reminders.js';
import { changeAction } from './actions.service.js';

/** A "process": the module's job handlers over a context whose mailer records (or refuses) what it is given. */
const processOn = (ctx: ModuleContext, sent: Mail[], refuse = { times: 0 }) =>
  recordingProcess(ctx, reminderJobs, sent, refuse);

/** Makes every waiting job due now (as time passing, or the back-off running out, would). */
const timePasses = (ctx: ModuleContext) =>
  ctx.db
    .updateTable('core_jobs')
    .set({ run_at: new Date(Date.now() - 1000).toISOString() })
    .where('status', '=', 'pending')
    .where('kind', '!=', SWEEP_JOB)
    .execute();

async function claim(ctx: ModuleContext, userId: number, slug: string, status: 'confirmed' | 'pending' = 'confirmed') {
  const org = await ctx.db.selectFrom('organisations').select('id').where('slug', '=', slug).executeTakeFirstOrThrow();
  await ctx.db
    .insertInto('organisation_claims')
    .values({ user_id: userId, organisation_id: org.id, status, created_at: new Date().toISOString() })
    .execute();
}

test('config: reminders every 7 days about actions not updated for 90, unless told; 0 turns them off', () => {
  const base = { URBIS_DATA_DIR: '/tmp/urbis-config-test', URBIS_SECRET: 'x'.repeat(40) };
  assert.equal(loadConfig(base).actionReminderDays, 7);
  assert.equal(loadConfig(base).actionStaleDays, 90);
  assert.equal(loadConfig({ ...base, URBIS_ACTION_REMINDER_DAYS: '0' }).actionReminderDays, 0);
  assert.equal(loadConfig({ ...base, URBIS_ACTION_STALE_DAYS: '30' }).actionStaleDays, 30);
  for (const [name, value] of [
    ['URBIS_ACTION_REMINDER_DAYS', 'weekly'],
    ['URBIS_ACTION_REMINDER_DAYS', '366'],
    ['URBIS_ACTION_STALE_DAYS', '0'],
    ['URBIS_ACTION_STALE_DAYS', '3651'],
  ] as const) {
    assert.throws(
      () => loadConfig({ ...base, [name]: value }),
      (e: Error) => e.message.includes(name),
      `${name}=${value}`,
    );
  }
});

forEachEngine('actions: update reminders to leads', (engine) => {
  test('the sweep is queued once per period, and not at all when reminders are off', async (t) => {
    const { urbis } = await setUp(t, engine);
    const { ctx } = urbis;
    const now = new Date('2030-01-01T10:00:00Z');
    assert.equal(await scheduleSweep(ctx.db, { actionReminderDays: 7, actionStaleDays: 90 }, now), true);
    assert.equal(await scheduleSweep(ctx.db, { actionReminderDays: 7, actionStaleDays: 90 }, now), false);
    const [job] = await ctx.db.selectFrom('core_jobs').selectAll().where('kind', '=', SWEEP_JOB).execute();
    assert.ok(
      job && Date.parse(job.run_at) > now.getTime() && Date.parse(job.run_at) <= now.getTime() + 7 * 86_400_000,
    );
    assert.equal(await scheduleSweep(ctx.db, { actionReminderDays: 0, actionStaleDays: 90 }, now), false);
    // The sweep queues its next run itself, before anything else.
    const { own } = processOn(ctx, []);
    await sweep(own, { period: 1 }, new Date(Date.parse(job.run_at) + 1000));
    assert.equal((await ctx.db.selectFrom('core_jobs').select('id').where('kind', '=', SWEEP_JOB).execute()).length, 2);
  });

  test('each lead once per state, in their language; nobody else; nothing once up to date', async (t) => {
    const { urbis, ids } = await setUp(t, engine);
    const { ctx } = urbis;
    const dtp = (await partnershipIdOf(ctx.db, 'digital-transition'))!;
    const four = (await q.findActionByNumber(ctx.db, dtp, 4))!;
    // Pavel (a member, Czech) works for Oulu, a lead of Action 4: confirmed. Lotte's claim on Estonia
    // (the other lead) is pending; Milan works for Oulu but is not a member of the partnership.
    await ctx.db.updateTable('users').set({ locale: 'cs' }).where('id', '=', ids.otherMember).execute();
    await claim(ctx, ids.otherMember, 'oulu');
    await claim(ctx, ids.member, 'estonia', 'pending');
    await claim(ctx, ids.outsider, 'oulu');

    // The demo's Action 4 was last updated in 2019, and its model was due at the end of 2019.
    const state = (await reminderState(ctx.db, ctx.config, four))!;
    assert.equal(state.stale, true);
    assert.deepEqual(
      state.late.map((d) => d.title),
      ['The user-centric e-government model'],
    );

    const sent: Mail[] = [];
    const refuse = { times: 1 };
    const { own, runner } = processOn(ctx, sent, refuse);
    assert.ok((await sweep(own, {})) >= 1);
    await runner.runDue(500);
    // The first send was refused: its key was taken back, and the retry sends it.
    await timePasses(ctx);
    await runner.runDue(500);
    const mine = (who: number) =>
      sent.filter(
        (m) => m.to === `${who === ids.otherMember ? 'pavel' : who === ids.member ? 'lotte' : 'milan'}@example.eu`,
      );
    const aboutFour = mine(ids.otherMember).filter((m) => m.subject.startsWith('Akce 4:'));
    assert.equal(aboutFour.length, 1, 'one mail to Pavel about Action 4');
    const mail = aboutFour[0]!;
    assert.equal(mail.lang, 'cs');
    assert.equal(mail.subject, 'Akce 4: prosíme o aktualizaci');
    assert.match(mail.text, /Dobrý den, Pavel Dvořák,/);
    assert.match(mail.text, /Od .* nebyla aktualizována\./);
    assert.match(
      mail.text,
      /Jeden výstup je po termínu: „The user-centric e-government model“, termín 31\. 12\. 2019\./,
    );
    assert.match(mail.text, /\/cs\/partnerships\/digital-transition\/actions\/4\/update/);
    assert.equal(mine(ids.member).length, 0, 'a pending claim is no lead');
    assert.equal(mine(ids.outsider).length, 0, 'a non-member is no lead');
    const log = await ctx.db.selectFrom('action_mail_log').selectAll().where('user_id', '=', ids.otherMember).execute();
    assert.ok(log.some((l) => l.key.startsWith(`actions.reminder-mail:${four.id}:`)));

    // Another sweep (the next period, or a restart): the same state, no second mail.
    const before = sent.length;
    await sweep(own, { period: 999_999 });
    await runner.runDue(500);
    await timePasses(ctx);
    await runner.runDue(500);
    assert.equal(sent.length, before);

    // Updated, with no deliverable late any more: nothing to ask.
    await changeAction(
      ctx.db,
      four.id,
      {
        deliverables: [
          { title: 'Catalogue of user journeys', type: 'report', dueOn: '2019-01-31', status: 'completed' },
          { title: 'The user-centric e-government model', type: 'guide', dueOn: '2019-12-31', status: 'completed' },
        ],
      },
      { userId: ids.coordinator, at: new Date().toISOString() },
    );
    assert.equal(await reminderState(ctx.db, ctx.config, (await q.findActionById(ctx.db, four.id))!), null);
    await sweep(own, { period: 1_000_000 });
    await runner.runDue(500);
    assert.equal(sent.filter((m) => m.subject.startsWith('Akce 4:')).length, 1);

    // Hostile payloads do nothing (and fail nothing).
    const handlers = reminderJobs(own);
    for (const payload of [
      null,
      'x',
      { action: 'x' },
      { action: -1, user: 1, state: 'v1' },
      { action: four.id, user: ids.otherMember, state: 5 },
    ]) {
      await handlers['actions.reminder']!(payload);
      await handlers['actions.reminder-mail']!(payload);
    }
  });

  test('an English lead reads English; the mail of a state that changed meanwhile is not sent', async (t) => {
    const { urbis, ids } = await setUp(t, engine);
    const { ctx } = urbis;
    const dtp = (await partnershipIdOf(ctx.db, 'digital-transition'))!;
    const four = (await q.findActionByNumber(ctx.db, dtp, 4))!;
    await claim(ctx, ids.member, 'estonia');
    const sent: Mail[] = [];
    const { own, runner } = processOn(ctx, sent);
    // The action's job queued the mail; then the action is updated before the mail goes.
    await remindLeads(own, { action: four.id });
    await changeAction(ctx.db, four.id, { progress: 30 }, { userId: ids.coordinator, at: new Date().toISOString() });
    await runner.runDue(500);
    const lotte = () => sent.filter((m) => m.to === 'lotte@example.eu' && m.subject.startsWith('Action 4:'));
    assert.equal(lotte().length, 0, 'a state gone is not mailed');
    // The next sweep asks about the new state (still a late deliverable), in English.
    await sweep(own, { period: 5 });
    await runner.runDue(500);
    const [mail] = lotte();
    assert.ok(mail);
    assert.equal(mail.subject, 'Action 4: an update, please');
    assert.match(
      mail.text,
      /One deliverable is past its due date: “The user-centric e-government model”, due 31 December 2019\./,
    );
    assert.doesNotMatch(mail.text, /has not been updated/);
  });
});
