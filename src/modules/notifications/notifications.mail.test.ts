import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Kysely } from 'kysely';
import type { Database } from '../../core/db/types.js';
import { jobHandlers, type Urbis } from '../../app.js';
import { JobRunner } from '../../core/jobs/queue.js';
import { createLogger } from '../../core/logger.js';
import { readOutbox } from '../../../test/helpers/mail.js';
import { forEachEngine } from '../../../test/helpers/app.js';
import { MEMBERS_ONLY, PASSWORD, setUp } from '../../../test/support/news.js';
import { createUser } from '../accounts/index.js';
import { notify } from './index.js';

/** A partnership's id by its slug. */
const partnershipId = async (db: Kysely<Database>, slug: string) =>
  (await db.selectFrom('partnerships').select('id').where('slug', '=', slug).executeTakeFirstOrThrow()).id;

/** Makes a person a member of a partnership with a role, as a coordinator would. */
const putPerson = async (db: Kysely<Database>, partnership: number, user: number, role: 'member' | 'moderator') =>
  db
    .insertInto('partnership_people')
    .values({ partnership_id: partnership, user_id: user, role, joined_at: new Date().toISOString() })
    .execute();

/** Runs the jobs that are due, as `urbis serve` does every two seconds. */
async function runJobs(urbis: Urbis): Promise<number> {
  const { db, dialect } = urbis.ctx;
  return new JobRunner(db, dialect, jobHandlers(urbis.ctx), createLogger('silent')).runDue(100);
}

const mailsTo = (urbis: Urbis, email: string) => readOutbox(urbis.ctx.config.dataDir).filter((m) => m.to === email);

const queued = async (urbis: Urbis) =>
  Number(
    (
      await urbis.ctx.db
        .selectFrom('core_jobs')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('kind', '=', 'notifications.mail')
        .executeTakeFirstOrThrow()
    ).n,
  );

forEachEngine('notifications by e-mail', (engine) => {
  test('a reported comment: its moderators are told in the app and by mail, each in their language', async (t) => {
    const { urbis, as, ids } = await setUp(t, engine);
    const db = urbis.ctx.db;
    const dtp = await partnershipId(db, 'digital-transition');
    // Kaja, a coordinator, reads Czech; Oto moderates and chose no language (the site's: English).
    await db.updateTable('users').set({ locale: 'cs' }).where('id', '=', ids.coordinator).execute();
    const oto = await createUser(db, {
      email: 'oto@example.eu',
      handle: 'oto',
      displayName: 'Oto Lind',
      password: PASSWORD,
    });
    await putPerson(db, dtp, oto, 'moderator');
    const leaves = await createUser(db, {
      email: 'ula@example.eu',
      handle: 'ula',
      displayName: 'Ula Berg',
      password: PASSWORD,
    });
    await putPerson(db, dtp, leaves, 'moderator');

    const post = await db
      .selectFrom('news_posts')
      .select('id')
      .where('slug', '=', MEMBERS_ONLY.split('/').pop()!)
      .executeTakeFirstOrThrow();
    const written = await as.member.post(
      '/en/comments',
      { type: 'post', id: String(post.id), body: 'Off topic, and rude.' },
      `/en${MEMBERS_ONLY}`,
    );
    assert.equal(written.statusCode, 303);
    const comment = Number(/#comment-(\d+)$/.exec(String(written.headers.location))?.[1]);
    assert.equal(await queued(urbis), 0, 'a new comment is told in the app only');

    const reported = await as.otherMember.post(
      `/en/comments/${comment}/report`,
      { reason: 'Rude.' },
      `/en/comments/${comment}/report`,
    );
    assert.equal(reported.statusCode, 303);
    const told = await db
      .selectFrom('notifications')
      .select(['user_id', 'kind', 'path'])
      .where('kind', '=', 'comments.notification.reported')
      .execute();
    const toldIds = told.map((n) => n.user_id);
    for (const id of [ids.coordinator, oto, leaves]) assert.ok(toldIds.includes(id), `moderator ${id} is told`);
    for (const id of [ids.member, ids.otherMember, ids.outsider, ids.admin])
      assert.ok(!toldIds.includes(id), `${id}: not the author, the reporter, a member or an outsider`);
    assert.ok(told.every((n) => n.path === `${MEMBERS_ONLY}#comment-${comment}`));
    assert.equal(await queued(urbis), told.length, 'a mail queued for each');

    // A second report brings nothing new: the comment is in the queue already.
    await as.coordinator.post(
      `/en/comments/${comment}/report`,
      { reason: 'Agreed.' },
      `/en/comments/${comment}/report`,
    );
    assert.equal(await queued(urbis), told.length);

    // Ula leaves the partnership before the mail goes out: she may no longer see the post.
    await db.deleteFrom('partnership_people').where('user_id', '=', leaves).execute();
    await runJobs(urbis);

    const [czech, ...moreCzech] = mailsTo(urbis, 'kaja@example.eu');
    assert.ok(czech, 'the Czech-speaking coordinator got a mail');
    assert.equal(moreCzech.length, 0);
    assert.equal(czech.headers['content-language'], 'cs');
    assert.match(czech.subject, /^Komentář k „.+“ byl nahlášen – Urbis$/);
    assert.match(czech.text, /^Dobrý den, Kaja Tamm,/);
    assert.ok(czech.text.includes(`${urbis.ctx.config.baseUrl}/cs${MEMBERS_ONLY}#comment-${comment}`), czech.text);
    assert.ok(czech.text.includes(`${urbis.ctx.config.baseUrl}/cs/notifications`));

    const [english] = mailsTo(urbis, 'oto@example.eu');
    assert.ok(english, 'a moderator with no language of their own gets the site’s');
    assert.equal(english.headers['content-language'], 'en');
    assert.match(english.subject, /^A comment on “.+” was reported – Urbis$/);
    assert.ok(english.text.includes(`${urbis.ctx.config.baseUrl}/en${MEMBERS_ONLY}#comment-${comment}`));

    assert.equal(mailsTo(urbis, 'ula@example.eu').length, 0, 'no mail about what one may no longer see');
    for (const email of ['lotte@example.eu', 'pavel@example.eu', 'milan@example.eu', 'ines@example.eu'])
      assert.equal(mailsTo(urbis, email).length, 0, email);
    assert.equal(await runJobs(urbis), 0, 'each mail once');
  });

  test('asked to join: the Czech-speaking coordinator is mailed in Czech; the answer reaches the person', async (t) => {
    const { urbis, as, ids } = await setUp(t, engine);
    const db = urbis.ctx.db;
    await db.updateTable('users').set({ locale: 'cs' }).where('id', '=', ids.coordinator).execute();
    const start = '/en/partnerships/digital-transition';
    const asked = await as.outsider.post(`${start}/join`, { message: 'Brno would like to help.' }, start);
    assert.equal(asked.statusCode, 303);
    await runJobs(urbis);
    const [czech, ...more] = mailsTo(urbis, 'kaja@example.eu');
    assert.ok(czech, 'the coordinator is mailed');
    assert.equal(more.length, 0);
    assert.equal(czech.headers['content-language'], 'cs');
    assert.equal(czech.subject, 'Nová žádost o členství v partnerství Digitální transformace – Urbis');
    assert.ok(czech.text.includes(`${urbis.ctx.config.baseUrl}/cs/partnerships/digital-transition/manage#requests`));
    for (const email of ['lotte@example.eu', 'pavel@example.eu', 'milan@example.eu', 'ines@example.eu'])
      assert.equal(mailsTo(urbis, email).length, 0, `${email}: not a coordinator`);

    const request = await db
      .selectFrom('partnership_join_requests')
      .select('id')
      .where('user_id', '=', ids.outsider)
      .executeTakeFirstOrThrow();
    const decided = await as.coordinator.post(
      `${start}/requests/${request.id}`,
      { decision: 'approve' },
      `${start}/manage`,
    );
    assert.equal(decided.statusCode, 303);
    await runJobs(urbis);
    const [welcome] = mailsTo(urbis, 'milan@example.eu');
    assert.ok(welcome, 'the person is told by mail');
    assert.equal(welcome.headers['content-language'], 'en');
    assert.match(welcome.subject, /^Your request to join Digital Transition was accepted: welcome\. – Urbis$/);
    assert.match(
      welcome.text,
      /^Hello Milan Horák,\n\nYour request to join Digital Transition was accepted: welcome\.\n\n/,
    );
    assert.ok(welcome.text.includes(`${urbis.ctx.config.baseUrl}/en/partnerships/digital-transition\n`));
  });

  test('notify: immediate kinds are mailed, others not; nothing for whoever may not see the content', async (t) => {
    const { urbis, ids } = await setUp(t, engine);
    const db = urbis.ctx.db;
    const post = await db
      .selectFrom('news_posts')
      .select('id')
      .where('slug', '=', MEMBERS_ONLY.split('/').pop()!)
      .executeTakeFirstOrThrow();
    await db.updateTable('users').set({ locale: 'cs' }).where('id', '=', ids.coordinator).execute();
    const path = '/partnerships/digital-transition/manage#requests';
    assert.ok(
      await notify(urbis.ctx, ids.coordinator, {
        kind: 'partnerships.notification.joinRequest',
        subject: 'Digitální transformace',
        path,
      }),
    );
    await notify(urbis.ctx, ids.member, { kind: 'comments.notification.reply', subject: 'x', path: '/x' });
    assert.equal(await queued(urbis), 1, 'a reply is told in the app only');
    const about = { type: 'post', id: post.id };
    assert.equal(
      await notify(urbis.ctx, ids.outsider, {
        kind: 'comments.notification.reported',
        subject: 'x',
        path: '/x',
        about,
      }),
      false,
      'an outsider may not see a members-only post: not told',
    );
    assert.equal(await queued(urbis), 1);
    // Stored in a transaction that is rolled back: neither the note nor its mail.
    await assert.rejects(
      db.transaction().execute(async (trx) => {
        await notify({ ...urbis.ctx, db: trx }, ids.member, { kind: 'x', subject: 'y', path: '/y', mail: true });
        throw new Error('rolled back');
      }),
    );
    assert.equal(await queued(urbis), 1);

    await runJobs(urbis);
    const [mail, ...more] = mailsTo(urbis, 'kaja@example.eu');
    assert.equal(more.length, 0);
    assert.equal(mail?.headers['content-language'], 'cs');
    assert.ok(mail?.text.includes(`${urbis.ctx.config.baseUrl}/cs${path}`));
    assert.equal(readOutbox(urbis.ctx.config.dataDir).length, 1);
  });
});
