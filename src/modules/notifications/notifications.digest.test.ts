// Mail by each person's choice, on both engines: a kind at once, in the daily or weekly digest, or
// never; digests grouped by partnership and then kind, each item once, never twice across runs,
// never empty; the recurring job and its keyset batches; the unsubscribe headers of every mail.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Kysely } from 'kysely';
import { jobHandlers, type Urbis } from '../../app.js';
import type { Database } from '../../core/db/types.js';
import { JobRunner } from '../../core/jobs/queue.js';
import { createLogger } from '../../core/logger.js';
import { readOutbox } from '../../../test/helpers/mail.js';
import { forEachEngine } from '../../../test/helpers/app.js';
import { MEMBERS_ONLY, SEED, setUp } from '../../../test/support/news.js';
import { createUser } from '../accounts/index.js';
import { notify } from './index.js';
import { declaredKinds, saveChoices } from './notifications.delivery.js';
import { buildDigestBatch, DIGEST_JOB, DIGEST_MAIL_JOB, nextDigestAt, scheduleDigest } from './notifications.digest.js';

const partnershipId = async (db: Kysely<Database>, slug: string) =>
  (await db.selectFrom('partnerships').select('id').where('slug', '=', slug).executeTakeFirstOrThrow()).id;
const postId = async (db: Kysely<Database>, path: string) =>
  (await db.selectFrom('news_posts').select('id').where('slug', '=', path.split('/').pop()!).executeTakeFirstOrThrow())
    .id;

/** Runs the jobs that are due, as `urbis serve` does every two seconds. */
const runJobs = (urbis: Urbis) =>
  new JobRunner(urbis.ctx.db, urbis.ctx.dialect, jobHandlers(urbis.ctx), createLogger('silent')).runDue(500);

const mailsTo = (urbis: Urbis, email: string) => readOutbox(urbis.ctx.config.dataDir).filter((m) => m.to === email);

const jobsOf = async (urbis: Urbis, kind: string) =>
  (await urbis.ctx.db.selectFrom('core_jobs').select(['payload', 'status']).where('kind', '=', kind).execute()).map(
    (j) => ({
      status: j.status,
      payload: (typeof j.payload === 'string' ? JSON.parse(j.payload) : j.payload) as Record<string, unknown>,
    }),
  );

/** A person's choice for some kinds, as the settings page saves it. */
const choose = (urbis: Urbis, userId: number, choices: Record<string, 'immediately' | 'daily' | 'weekly' | 'never'>) =>
  saveChoices(urbis.ctx.db, declaredKinds(urbis.ctx.modules), userId, new Map(Object.entries(choices)));

const REPLY_KIND = 'comments\\.notification\\.reply';

const digest = (urbis: Urbis, period: 'daily' | 'weekly') => buildDigestBatch(urbis.ctx, period, 0);

forEachEngine('notifications by each person’s choice', (engine) => {
  test('at once, daily, weekly or never, per person and kind; every mail unsubscribes in one click', async (t) => {
    const { urbis, ids } = await setUp(t, engine);
    const db = urbis.ctx.db;
    const dtp = await partnershipId(db, 'digital-transition');
    const post = { type: 'post', id: await postId(db, SEED) };
    const reply = (subject: string, n: number) => ({
      kind: 'comments.notification.reply',
      subject,
      path: `${SEED}#comment-${n}`,
      about: post,
      partnershipId: dtp,
    });
    await choose(urbis, ids.coordinator, { 'comments.notification.reply': 'immediately' });
    await choose(urbis, ids.otherMember, { 'comments.notification.reply': 'never' });
    await choose(urbis, ids.outsider, { 'comments.notification.reply': 'weekly' });
    // A kind mailed at once by default, which Lotte turned to the daily digest.
    await choose(urbis, ids.member, { 'partnerships.notification.joinApproved': 'daily' });
    for (const [i, who] of [ids.member, ids.coordinator, ids.otherMember, ids.outsider].entries())
      assert.ok(await notify(urbis.ctx, who, reply('x', i + 1)));
    await notify(urbis.ctx, ids.member, {
      kind: 'partnerships.notification.joinApproved',
      subject: 'Digital Transition',
      path: '/partnerships/digital-transition',
      partnershipId: dtp,
    });
    // Pavel's default (at once) for a report stands: his choice was for replies only.
    await notify(urbis.ctx, ids.otherMember, {
      kind: 'comments.notification.reported',
      subject: 'x',
      path: `${SEED}#comment-9`,
      about: post,
      partnershipId: dtp,
    });
    const atOnce = await jobsOf(urbis, 'notifications.mail');
    assert.equal(atOnce.length, 2, 'Kaja’s reply and Pavel’s report are mailed at once');
    const mailed = await db
      .selectFrom('notifications')
      .select(['user_id', 'kind'])
      .where('mailed_at', 'is not', null)
      .execute();
    assert.deepEqual(
      mailed.map((n) => `${n.user_id} ${n.kind}`).sort(),
      [`${ids.coordinator} comments.notification.reply`, `${ids.otherMember} comments.notification.reported`].sort(),
      'a note mailed at once is marked as mailed: no digest takes it',
    );

    assert.deepEqual(await digest(urbis, 'daily'), { next: null, queued: 1 }, 'Lotte’s daily digest only');
    assert.deepEqual(await digest(urbis, 'weekly'), { next: null, queued: 1 }, 'Milan’s weekly digest');
    await runJobs(urbis);

    const [kaja, ...moreKaja] = mailsTo(urbis, 'kaja@example.eu');
    assert.ok(kaja && moreKaja.length === 0);
    const unsubscribe = kaja.headers['list-unsubscribe'];
    assert.match(
      unsubscribe ?? '',
      new RegExp(
        `^<${urbis.ctx.config.baseUrl}/en/notifications/unsubscribe/${ids.coordinator}~${REPLY_KIND}~[\\w-]{43}>$`,
      ),
    );
    assert.equal(kaja.headers['list-unsubscribe-post'], 'List-Unsubscribe=One-Click');
    assert.ok(kaja.text.includes(`Stop mails like this one: ${unsubscribe!.slice(1, -1)}`), kaja.text);
    assert.ok(kaja.text.includes(`${urbis.ctx.config.baseUrl}/en/notifications/settings`));

    const [lotte, ...moreLotte] = mailsTo(urbis, 'lotte@example.eu');
    assert.ok(lotte && moreLotte.length === 0, 'one digest');
    assert.match(lotte.subject, /^Your daily digest: 2 notifications – Urbis$/);
    assert.match(
      lotte.headers['list-unsubscribe'] ?? '',
      new RegExp(`/en/notifications/unsubscribe/${ids.member}~daily~`),
    );
    assert.equal(lotte.headers['list-unsubscribe-post'], 'List-Unsubscribe=One-Click');
    assert.match(lotte.text, /Stop this digest: http/);
    assert.ok(lotte.text.includes(`${urbis.ctx.config.baseUrl}/en${SEED}#comment-1`), lotte.text);
    assert.ok(lotte.text.includes(`${urbis.ctx.config.baseUrl}/en/partnerships/digital-transition\n`));

    const [milan] = mailsTo(urbis, 'milan@example.eu');
    assert.match(milan?.subject ?? '', /^Your weekly digest: 1 notification – Urbis$/);
    assert.equal(mailsTo(urbis, 'pavel@example.eu').length, 1, 'Pavel: his report at once, never his reply');
    assert.equal(
      (await db.selectFrom('notifications').select('id').where('mailed_at', 'is', null).execute()).length,
      1,
      'only the reply Pavel gets never by mail is left unmailed',
    );
  });

  test('a digest: by partnership, then kind, each item once with its link; no repeats across runs', async (t) => {
    const { urbis, ids } = await setUp(t, engine);
    const db = urbis.ctx.db;
    await db.updateTable('users').set({ locale: 'cs' }).where('id', '=', ids.member).execute();
    const dtp = await partnershipId(db, 'digital-transition');
    const air = await partnershipId(db, 'air-quality');
    const post = { type: 'post', id: await postId(db, SEED) };
    const note = (kind: string, path: string, partnership: number | null, subject = 'x') =>
      notify(urbis.ctx, ids.member, { kind, subject, path, partnershipId: partnership });
    await note('comments.notification.comment', '/a/1', dtp, 'První');
    await note('comments.notification.reply', '/a/2', dtp, 'Druhý');
    await note('comments.notification.comment', '/a/3', air, 'Třetí');
    await note('comments.notification.reply', '/a/4', null, 'Čtvrtý');
    // The same item told twice (edited, then published): one line.
    await note('comments.notification.comment', '/a/5', dtp, 'Pátý');
    await note('comments.notification.reply', '/a/5', dtp, 'Pátý');
    // About content: named as it is now, in Czech where it has a Czech title.
    await notify(urbis.ctx, ids.member, {
      kind: 'comments.notification.comment',
      subject: 'stale title',
      path: `${SEED}#comment-7`,
      about: post,
      partnershipId: dtp,
    });
    assert.deepEqual(await digest(urbis, 'daily'), { next: null, queued: 1 });
    await runJobs(urbis);
    const [mail, ...more] = mailsTo(urbis, 'lotte@example.eu');
    assert.ok(mail && more.length === 0);
    assert.equal(mail.headers['content-language'], 'cs');
    assert.match(mail.subject, /^Váš denní přehled: 6 oznámení – Urbis$/);
    const text = mail.text;
    const at = (s: string) => {
      const i = text.indexOf(s);
      assert.ok(i >= 0, `${s} in\n${text}`);
      return i;
    };
    const base = `${urbis.ctx.config.baseUrl}/cs`;
    // Partnerships by title (Czech: "Digitální transformace", "Kvalita ovzduší"), then the rest.
    assert.ok(at('Digitální transformace\n===') < at('Kvalita ovzduší\n==='));
    assert.ok(at('Kvalita ovzduší\n===') < at('Jinde na platformě Urbis\n==='));
    // Within a partnership, kinds in the order comments declares them: replies, then comments.
    const dtpPart = text.slice(at('Digitální transformace\n==='), at('Kvalita ovzduší\n==='));
    assert.ok(dtpPart.indexOf('Odpovědi na vaše komentáře:') < dtpPart.indexOf('Komentáře k tomu, co jste napsali:'));
    assert.ok(dtpPart.includes(`${base}/a/1\n`) && dtpPart.includes(`${base}/a/2\n`));
    assert.equal(text.split(`${base}/a/5\n`).length, 2, 'the item told twice is there once');
    assert.ok(!dtpPart.includes('stale title'), 'content is named as it is now');
    assert.ok(dtpPart.includes(`${base}${SEED}#comment-7`));
    assert.ok(text.slice(at('Kvalita ovzduší\n===')).includes(`${base}/a/3\n`));
    assert.ok(text.slice(at('Jinde na platformě Urbis')).includes(`${base}/a/4\n`));
    assert.match(text, /^Dobrý den, Lotte Verbeek,\n\nposíláme váš denní přehled/);
    assert.match(text, /Už neposílat tento přehled: http/);

    // The next run: nothing new, no mail; then only what is new.
    assert.deepEqual(await digest(urbis, 'daily'), { next: null, queued: 0 });
    await note('comments.notification.reply', '/a/6', dtp, 'Šestý');
    assert.deepEqual(await digest(urbis, 'daily'), { next: null, queued: 1 });
    await runJobs(urbis);
    const second = mailsTo(urbis, 'lotte@example.eu').find((m) => m !== mail && m.text !== mail.text);
    assert.ok(second, 'a second digest');
    assert.match(second.subject, /: 1 oznámení – Urbis$/);
    assert.ok(second.text.includes(`${base}/a/6\n`));
    for (const old of ['/a/1', '/a/2', '/a/3', '/a/4', '/a/5'])
      assert.ok(!second.text.includes(`${base}${old}\n`), `${old} is not told again`);
    assert.equal(mailsTo(urbis, 'lotte@example.eu').length, 2);
  });

  test('never an empty digest: what one may no longer see is left out, and then there is no mail', async (t) => {
    const { urbis, ids } = await setUp(t, engine);
    const db = urbis.ctx.db;
    const dtp = await partnershipId(db, 'digital-transition');
    const secret = { type: 'post', id: await postId(db, MEMBERS_ONLY) };
    const told = (userId: number, n: number) =>
      notify(urbis.ctx, userId, {
        kind: 'comments.notification.comment',
        subject: 'x',
        path: `${MEMBERS_ONLY}#comment-${n}`,
        about: secret,
        partnershipId: dtp,
      });
    assert.ok(await told(ids.member, 1));
    assert.ok(await told(ids.otherMember, 2));
    // Lotte leaves before the digest is built; Pavel after it was built, before it is sent.
    await db.deleteFrom('partnership_people').where('user_id', '=', ids.member).execute();
    assert.deepEqual(await digest(urbis, 'daily'), { next: null, queued: 1 }, 'Pavel’s only');
    await db.deleteFrom('partnership_people').where('user_id', '=', ids.otherMember).execute();
    await runJobs(urbis);
    assert.equal(readOutbox(urbis.ctx.config.dataDir).length, 0, 'no mail, not even an empty one');
    const left = await db
      .selectFrom('notifications')
      .select('user_id')
      .where('mailed_at', 'is', null)
      .where('user_id', 'in', [ids.member, ids.otherMember])
      .execute();
    assert.deepEqual(
      left.map((n) => n.user_id),
      [ids.member],
      'Lotte’s note waits (she may see it again if she rejoins); Pavel’s went into the digest that was not sent',
    );
  });

  test('the recurring job: at the hour, daily and on Mondays; queued once; people in keyset batches', async (t) => {
    const { urbis } = await setUp(t, engine);
    const db = urbis.ctx.db;
    assert.equal(urbis.ctx.config.digestHour, 6);
    const thursday = new Date('2026-12-10T05:59:00Z');
    assert.equal(nextDigestAt('daily', 6, thursday).toISOString(), '2026-12-10T06:00:00.000Z');
    assert.equal(nextDigestAt('daily', 6, new Date('2026-12-10T06:00:00Z')).toISOString(), '2026-12-11T06:00:00.000Z');
    assert.equal(nextDigestAt('weekly', 6, thursday).toISOString(), '2026-12-14T06:00:00.000Z');
    assert.equal(nextDigestAt('weekly', 6, new Date('2026-12-14T06:00:00Z')).toISOString(), '2026-12-21T06:00:00.000Z');
    assert.equal(await scheduleDigest(urbis.ctx, 'daily', thursday), true);
    assert.equal(await scheduleDigest(urbis.ctx, 'daily', thursday), false, 'queued once');

    // Five people with a daily note each, in batches of two: three batches, each person once.
    const people: number[] = [];
    for (let i = 0; i < 5; i += 1) {
      const id = await createUser(db, {
        email: `p${i}@example.eu`,
        handle: `person${i}`,
        displayName: `Person ${i}`,
        password: 'a long enough password for tests',
      });
      people.push(id);
      await notify(urbis.ctx, id, { kind: 'comments.notification.reply', subject: `S${i}`, path: `/s/${i}` });
    }
    let after = people[0]! - 1;
    let batches = 0;
    let queued = 0;
    for (;;) {
      const batch = await buildDigestBatch(urbis.ctx, 'daily', after, 2);
      batches += 1;
      queued += batch.queued;
      if (batch.next === null) break;
      after = batch.next;
    }
    assert.equal(batches, 3);
    assert.equal(queued, 5);

    // Through the queue: a run due now schedules the next and works through every batch.
    await notify(urbis.ctx, people[0]!, { kind: 'comments.notification.reply', subject: 'again', path: '/s/again' });
    await db
      .insertInto('core_jobs')
      .values({
        kind: DIGEST_JOB,
        payload: JSON.stringify({ period: 'daily', at: Date.now() - 1000 }),
        status: 'pending',
        run_at: new Date(Date.now() - 1000).toISOString(),
        attempts: 0,
        last_error: null,
        created_at: new Date().toISOString(),
        finished_at: null,
        once_key: null,
      })
      .execute();
    await runJobs(urbis);
    const runs = await jobsOf(urbis, DIGEST_JOB);
    assert.ok(
      runs.some((j) => j.status === 'pending' && j.payload.period === 'daily' && Number(j.payload.at) > Date.now()),
      'the next daily run is queued',
    );
    const digests = (await jobsOf(urbis, DIGEST_MAIL_JOB)).filter((j) => people.includes(Number(j.payload.user)));
    assert.equal(digests.length, 6);
    assert.equal(mailsTo(urbis, 'p0@example.eu').length, 2);
    assert.match(mailsTo(urbis, 'p0@example.eu').at(-1)?.text ?? '', /\/en\/s\/again\n/);
  });
});
