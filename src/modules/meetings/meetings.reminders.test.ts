import assert from 'node:assert/strict';
import { test } from 'node:test';
import { nowIso } from '../../core/db/dialect.js';
import { JobRunner } from '../../core/jobs/queue.js';
import { createLogger } from '../../core/logger.js';
import type { Mail } from '../../core/mail/mailer.js';
import type { ModuleContext } from '../../core/module.js';
import { forEachEngine } from '../../../test/helpers/app.js';
import { addMeeting, hoursFromNow } from '../../../test/support/meetings.js';
import { withPartnershipPeople } from '../../../test/support/partnerships.js';
import { findMeetingById } from './meetings.queries.js';
import {
  MAIL_JOB,
  queueMailsAfterSave,
  queueMeetingChanged,
  reminderJobs,
  REMINDER_JOB,
  scheduleReminder,
} from './meetings.reminders.js';

/** A "process": the module's job handlers over a context whose mailer records (or refuses) what it is given. */
function processOn(ctx: ModuleContext, sent: Mail[], refuse = { times: 0 }) {
  const mailer = {
    async send(mail: Mail) {
      if (refuse.times > 0) {
        refuse.times--;
        throw new Error('mail server said no');
      }
      sent.push(mail);
    },
  };
  const own = { ...ctx, mailer };
  return new JobRunner(ctx.db, ctx.dialect, new Map(Object.entries(reminderJobs(own))), createLogger('silent'));
}

/** Makes every waiting job due now (as time passing would). */
const timePasses = (ctx: ModuleContext) =>
  ctx.db
    .updateTable('core_jobs')
    .set({ run_at: new Date(Date.now() - 1000).toISOString() })
    .where('status', '=', 'pending')
    .execute();

async function register(ctx: ModuleContext, meeting: number, user: number, status: 'registered' | 'waiting') {
  await ctx.db
    .insertInto('meeting_registrations')
    .values({ meeting_id: meeting, user_id: user, status, attended: null, created_at: nowIso(), status_at: nowIso() })
    .execute();
}

async function people(
  t: Parameters<typeof withPartnershipPeople>[0],
  engine: Parameters<typeof withPartnershipPeople>[1],
) {
  const got = await withPartnershipPeople(t, engine);
  // Kaja reads Czech; Lotte chose no language (English).
  await got.urbis.ctx.db.updateTable('users').set({ locale: 'cs' }).where('id', '=', got.ids.coordinator).execute();
  return got;
}

forEachEngine('meeting reminders by mail', (engine) => {
  test('a reminder goes out once to each registered person, in their language, also after a restart', async (t) => {
    const { urbis, dtp, ids } = await people(t, engine);
    const { ctx } = urbis;
    assert.equal(ctx.config.meetingReminderHours, 24);
    const { id } = await addMeeting(ctx.db, dtp, {
      title: 'Scaling up',
      startsAt: '2030-03-28T09:00:00.000Z', // 10:00 in Brussels (winter time)
      endsAt: '2030-03-28T11:00:00.000Z',
      timeZone: 'Europe/Brussels',
    });
    await register(ctx, id, ids.member, 'registered');
    await register(ctx, id, ids.coordinator, 'registered');
    await register(ctx, id, ids.outsider, 'waiting');
    const meeting = (await findMeetingById(ctx.db, id))!;

    // Queued once however often it is asked for (the plan, then each registration).
    assert.equal(await scheduleReminder(ctx.db, ctx.config, meeting), true);
    assert.equal(await scheduleReminder(ctx.db, ctx.config, meeting), false);
    const job = await ctx.db
      .selectFrom('core_jobs')
      .selectAll()
      .where('kind', '=', REMINDER_JOB)
      .executeTakeFirstOrThrow();
    assert.equal(new Date(job.run_at).toISOString(), '2030-03-27T09:00:00.000Z', '24 hours before');

    // The search index's upkeep, queued by the same writes, is not this runner's: out of the way.
    await ctx.db.deleteFrom('core_jobs').where('kind', '=', 'search.index').execute();
    const sent: Mail[] = [];
    const first = processOn(ctx, sent);
    assert.equal(await first.runDue(), 0, 'not before its time');
    await timePasses(ctx);
    await first.runDue();
    await first.runDue();
    assert.equal(sent.length, 2, 'the registered, not the waiting list');
    const english = sent.find((m) => m.lang === 'en')!;
    const czech = sent.find((m) => m.lang === 'cs')!;
    assert.equal(english.to, 'lotte@example.eu');
    assert.equal(czech.to, 'kaja@example.eu');
    assert.match(english.subject, /^Reminder: Scaling up, /);
    assert.match(english.text, /Starts: .*28 March 2030, 10:00/);
    assert.match(english.text, /\/en\/partnerships\/digital-transition\/meetings\/\d+\/calendar\.ics/);
    assert.match(czech.subject, /^Připomínka: Scaling up/);
    assert.match(czech.text, /Začátek: .*10:00/);

    // A restart: a new process on the same database, with the mail jobs as if their runner had
    // died after sending (still "running", lease run out), and the reminder asked for again.
    await ctx.db
      .updateTable('core_jobs')
      .set({ status: 'running', run_at: new Date(Date.now() - 1000).toISOString() })
      .where('kind', '=', MAIL_JOB)
      .execute();
    assert.equal(await scheduleReminder(ctx.db, ctx.config, meeting), false);
    const again: Mail[] = [];
    const second = processOn({ ...ctx }, again);
    assert.equal(await second.runDue(), 2, 'the jobs are taken again');
    assert.deepEqual(again, [], 'and send nothing twice');
    const log = await ctx.db.selectFrom('meeting_mail_log').selectAll().execute();
    assert.equal(log.length, 2);
  });

  test('a mail the server refused is retried with back-off and goes out once', async (t) => {
    const { urbis, dtp, ids } = await people(t, engine);
    const { ctx } = urbis;
    const { id } = await addMeeting(ctx.db, dtp, { startsAt: hoursFromNow(2) });
    await register(ctx, id, ids.member, 'registered');
    const meeting = (await findMeetingById(ctx.db, id))!;
    const before = Date.now();
    await scheduleReminder(ctx.db, ctx.config, meeting);
    const reminder = await ctx.db.selectFrom('core_jobs').select('run_at').executeTakeFirstOrThrow();
    assert.ok(Date.parse(reminder.run_at) - before < 5000, 'less than 24 hours to go: at once');
    const sent: Mail[] = [];
    const refuse = { times: 1 };
    const runner = processOn(ctx, sent, refuse);
    await runner.runDue(); // the reminder queues the mail, which fails once
    assert.equal(sent.length, 0);
    const failed = await ctx.db
      .selectFrom('core_jobs')
      .selectAll()
      .where('kind', '=', MAIL_JOB)
      .executeTakeFirstOrThrow();
    assert.equal(failed.status, 'pending');
    assert.equal(failed.attempts, 1);
    assert.match(failed.last_error ?? '', /said no/);
    assert.ok(Date.parse(failed.run_at) >= Date.now() + 50_000, 'retried about a minute later');
    assert.equal((await ctx.db.selectFrom('meeting_mail_log').selectAll().execute()).length, 0, 'not marked sent');
    assert.equal(await runner.runDue(), 0);
    await timePasses(ctx);
    await runner.runDue();
    await runner.runDue();
    assert.equal(sent.length, 1);
    assert.equal(sent[0]!.to, 'lotte@example.eu');
  });

  test('a moved or cancelled meeting tells the registered and waiting once; the old reminder is silent', async (t) => {
    const { urbis, dtp, ids } = await people(t, engine);
    const { ctx } = urbis;
    const { id } = await addMeeting(ctx.db, dtp, { title: 'Moving', startsAt: hoursFromNow(72) });
    await register(ctx, id, ids.member, 'registered');
    await register(ctx, id, ids.outsider, 'waiting');
    await scheduleReminder(ctx.db, ctx.config, (await findMeetingById(ctx.db, id))!);

    // The meeting moves a day later (what the edit does, in its transaction).
    await ctx.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('meetings')
        .set((eb) => ({ starts_at: hoursFromNow(96), ends_at: hoursFromNow(98), sequence: eb('sequence', '+', 1) }))
        .where('id', '=', id)
        .execute();
      await queueMailsAfterSave(trx, ctx.config, { id, sequence: 0 });
      await queueMeetingChanged(trx, ctx.config, (await findMeetingById(trx, id))!); // a double submit
    });
    const sent: Mail[] = [];
    const runner = processOn(ctx, sent);
    await timePasses(ctx);
    while ((await runner.runDue()) > 0) await timePasses(ctx);
    const subjects = sent.map((m) => `${m.to} ${m.subject}`).sort();
    assert.deepEqual(subjects, [
      'lotte@example.eu Changed: Moving',
      'lotte@example.eu Reminder: Moving, ' +
        sent
          .find((m) => m.subject.startsWith('Reminder'))!
          .subject.split(', ')
          .slice(1)
          .join(', '),
      'milan@example.eu Changed: Moving',
    ]);
    assert.equal(sent.filter((m) => m.subject.startsWith('Reminder')).length, 1, 'one reminder: the new time’s');
    assert.match(
      sent.find((m) => m.subject.startsWith('Reminder'))!.subject,
      new RegExp(String(new Date(hoursFromNow(96)).getUTCFullYear())),
    );

    // Cancelled: everyone registered or waiting hears it once.
    sent.length = 0;
    await ctx.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('meetings')
        .set((eb) => ({ status: 'cancelled', sequence: eb('sequence', '+', 1) }))
        .where('id', '=', id)
        .execute();
      await queueMeetingChanged(trx, ctx.config, (await findMeetingById(trx, id))!);
    });
    while ((await runner.runDue()) > 0) await timePasses(ctx);
    assert.deepEqual(sent.map((m) => `${m.to} ${m.subject}`).sort(), [
      'lotte@example.eu Cancelled: Moving',
      'milan@example.eu Cancelled: Moving',
    ]);
  });

  test('no mail to someone who left the partnership of a members-only meeting, or cancelled', async (t) => {
    const { urbis, dtp, ids } = await people(t, engine);
    const { ctx } = urbis;
    const { id } = await addMeeting(ctx.db, dtp, { startsAt: hoursFromNow(3), membersOnly: true });
    await register(ctx, id, ids.member, 'registered');
    await register(ctx, id, ids.coordinator, 'registered');
    await scheduleReminder(ctx.db, ctx.config, (await findMeetingById(ctx.db, id))!);
    const sent: Mail[] = [];
    const runner = processOn(ctx, sent);
    assert.equal(await runner.runDue(1), 1); // the reminder alone: two mail jobs queued
    // Before they run, Lotte leaves the partnership and Kaja cancels her registration.
    await ctx.db.deleteFrom('partnership_people').where('user_id', '=', ids.member).execute();
    await ctx.db
      .updateTable('meeting_registrations')
      .set({ status: 'cancelled' })
      .where('user_id', '=', ids.coordinator)
      .execute();
    assert.equal(await runner.runDue(), 2);
    assert.deepEqual(sent, []);
  });
});
