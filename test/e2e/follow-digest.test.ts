// Issue 17's "done when" for following, in Chromium with JavaScript disabled and the keyboard alone:
// a member follows the Digital Transition Partnership from its hub, a coordinator writes and publishes
// a post there, the job queue tells the member and sends the daily digest, which holds the post once
// and links straight to it; the digest's one-click unsubscribe link, opened signed out, stops the
// digest. No axe violation on the way.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { jobHandlers } from '../../src/app.js';
import { enqueueJob, JobRunner } from '../../src/core/jobs/queue.js';
import { createLogger } from '../../src/core/logger.js';
import { createUser } from '../../src/modules/accounts/index.js';
import { partnershipIdOf, putPerson } from '../../src/modules/partnerships/membership.queries.js';
import { DIGEST_JOB } from '../../src/modules/notifications/notifications.digest.js';
import { checkAxe, describeInBrowser, enter, signInWithForm, tabUntil, typeInto } from '../helpers/browser.js';
import { readOutbox } from '../helpers/mail.js';

const HUB = '/partnerships/digital-transition';
const PASSWORD = 'a member in Tartu, 2026';
const TITLE = 'Open data portal goes live in Tartu';

describeInBrowser('following and the daily digest', { demo: true }, (env) => {
  test('a member follows the DTP; a coordinator posts; the digest holds the post once; unsubscribe works', async () => {
    const { ctx } = env.urbis;
    const { t } = ctx.i18n('en');
    const dtp = (await partnershipIdOf(ctx.db, 'digital-transition'))!;
    const member = await createUser(ctx.db, {
      email: 'liis-tamm@example.eu',
      handle: 'liis-tamm',
      displayName: 'Liis Tamm',
      password: PASSWORD,
      confirmed: true,
    });
    await putPerson(ctx.db, dtp, member, 'member');
    const coordinator = await createUser(ctx.db, {
      email: 'rein-kask@example.eu',
      handle: 'rein-kask',
      displayName: 'Rein Kask',
      password: PASSWORD,
      confirmed: true,
    });
    await putPerson(ctx.db, dtp, coordinator, 'coordinator');
    const runner = new JobRunner(ctx.db, ctx.dialect, jobHandlers(ctx), createLogger('silent'));
    const runJobs = async () => {
      for (let i = 0; i < 10; i++) await runner.runDue();
    };

    // 1. The member follows the partnership from its hub, by keyboard.
    const memberPage = await env.newPage();
    let coordinatorPage: Page | null = null;
    let visitor: Page | null = null;
    try {
      await signInWithForm(memberPage, 'liis-tamm@example.eu', PASSWORD);
      assert.equal((await memberPage.goto(`/en${HUB}`))?.status(), 200);
      await checkAxe(memberPage);
      await tabUntil(memberPage, (e) => e.tag === 'button' && e.text.trim() === t('follows.button.follow'));
      await enter(memberPage);
      assert.match(memberPage.url(), new RegExp(`/en${HUB}`));
      assert.equal(
        await memberPage.getByRole('button', { name: t('follows.button.unfollow'), exact: true }).count(),
        1,
        'the button says she follows it now',
      );
      await checkAxe(memberPage);
      assert.equal((await memberPage.goto('/en/follows'))?.status(), 200);
      assert.ok((await memberPage.locator('main').innerText()).includes('Digital Transition'));
      await checkAxe(memberPage);

      // 2. A coordinator writes a post and publishes it.
      coordinatorPage = await env.newPage();
      await signInWithForm(coordinatorPage, 'rein-kask@example.eu', PASSWORD);
      assert.equal((await coordinatorPage.goto(`/en${HUB}/news/new`))?.status(), 200);
      await typeInto(coordinatorPage, t('news.form.title'), TITLE);
      await typeInto(coordinatorPage, t('news.form.body'), 'The city opened its data portal to everyone.');
      await tabUntil(coordinatorPage, (e) => e.tag === 'button' && e.text.trim() === t('news.form.create'));
      await enter(coordinatorPage);
      await tabUntil(coordinatorPage, (e) => e.tag === 'button' && e.text.trim() === t('news.publish.now'));
      await enter(coordinatorPage);
      assert.ok((await coordinatorPage.locator('main').innerText()).includes(t('news.publish.done.published')));
      const postPath = new URL(coordinatorPage.url()).pathname;
      await checkAxe(coordinatorPage);

      // 3. The jobs: the followers are told; the daily digest gathers it into one mail.
      await runJobs();
      const notes = await ctx.db
        .selectFrom('notifications')
        .select(['kind', 'path'])
        .where('user_id', '=', member)
        .execute();
      assert.equal(notes.length, 1, 'told once');
      assert.equal(await mailsTo('liis-tamm@example.eu'), 0, 'a followed post is in the digest, not mailed at once');
      await enqueueJob(ctx.db, DIGEST_JOB, { period: 'daily', at: Date.now() });
      await runJobs();
      const digests = readOutbox(ctx.config.dataDir).filter((m) => m.to.includes('liis-tamm@example.eu'));
      assert.equal(digests.length, 1, 'one digest');
      const digest = digests[0]!;
      assert.equal(digest.text.split(TITLE).length - 1, 1, `the post once:\n${digest.text}`);
      assert.ok(digest.text.includes(postPath.replace(/^\/en/, '')), 'a link straight to the post');
      assert.match(digest.headers['list-unsubscribe-post'] ?? '', /List-Unsubscribe=One-Click/);
      const header = /<([^>]+)>/.exec(digest.headers['list-unsubscribe'] ?? '')?.[1];
      assert.ok(header, 'a List-Unsubscribe address');

      // A second run sends nothing more: no repeats, no empty digest.
      await enqueueJob(ctx.db, DIGEST_JOB, { period: 'daily', at: Date.now() });
      await runJobs();
      assert.equal(await mailsTo('liis-tamm@example.eu'), 1, 'no second digest');

      // 4. The unsubscribe link, opened signed out: its button stops the digest.
      const link = digest.text.match(/https?:\/\/\S+/g)?.find((l) => l.includes('/unsubscribe/'));
      assert.ok(link, `an unsubscribe link in:\n${digest.text}`);
      visitor = await env.newPage();
      const local = new URL(link);
      assert.equal((await visitor.goto(`${local.pathname}${local.search}`))?.status(), 200);
      await checkAxe(visitor);
      await tabUntil(visitor, (e) => e.tag === 'button' && e.text.trim() === t('notifications.unsubscribe.submit'));
      await enter(visitor);
      assert.ok(
        (await visitor.locator('main').innerText()).includes(
          t('notifications.unsubscribe.doneDigest', { period: 'daily' }).slice(0, 30),
        ),
      );
      await checkAxe(visitor);
      const choices = await ctx.db
        .selectFrom('notification_settings')
        .selectAll()
        .where('user_id', '=', member)
        .execute();
      assert.ok(
        choices.some((c) => c.delivery === 'never'),
        `a kind turned to never: ${JSON.stringify(choices)}`,
      );
    } finally {
      await memberPage.close();
      await coordinatorPage?.close();
      await visitor?.close();
    }

    async function mailsTo(address: string): Promise<number> {
      return readOutbox(ctx.config.dataDir).filter((m) => m.to.includes(address)).length;
    }
  });
});
