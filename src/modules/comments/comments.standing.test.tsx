import assert from 'node:assert/strict';
import { test } from 'node:test';
import { forEachEngine } from '../../../test/helpers/app.js';
import { Browser, STRONG_PASSWORD } from '../../../test/support/accounts.js';
import { ageAccounts, post, setUp, THING } from '../../../test/support/comments.js';
import { SEED, setUp as setUpNews } from '../../../test/support/news.js';
import { createUser } from '../accounts/index.js';
import { reportCounts } from './comments.policy.js';
import { findComment } from './comments.queries.js';

const QUEUE = '/en/comments/reported';
const queued = (html: string, id: number) => html.includes(`id="comment-${id}"`) || html.includes(`#comment-${id}"`);

test('a report counts towards hiding only from a confirmed account at least the configured days old', () => {
  const now = Date.parse('2026-12-06T12:00:00Z');
  const opened = (days: number, confirmed = true) => ({
    createdAt: new Date(now - days * 86_400_000).toISOString(),
    confirmedAt: confirmed ? new Date(now - days * 86_400_000 + 60_000).toISOString() : null,
  });
  assert.equal(reportCounts(opened(7), now, 7), true);
  assert.equal(reportCounts(opened(30), now, 7), true);
  assert.equal(reportCounts(opened(6.9), now, 7), false, 'too new');
  assert.equal(reportCounts(opened(0.001), now, 7), false, 'opened a minute ago');
  assert.equal(reportCounts(opened(30, false), now, 7), false, 'address never confirmed');
  assert.equal(reportCounts(null, now, 7), false, 'unknown or deleted');
  assert.equal(reportCounts(opened(0), now, 0), true, 'URBIS_COMMENT_REPORTER_DAYS=0: any confirmed account');
});

forEachEngine('who can hide a comment by reporting it', (engine) => {
  test(
    'three accounts opened a minute earlier do not hide a comment: their reports reach the moderators; ' +
      'three of standing do',
    async (t) => {
      const { urbis, as } = await setUp(t, engine);
      const id = await post(await as('ana'), 'An opinion some will not like.');
      for (const [i, handle] of ['new1', 'new2', 'new3'].entries()) {
        await createUser(urbis.ctx.db, {
          email: `${handle}@example.eu`,
          handle,
          displayName: `Newcomer ${i + 1}`,
          password: STRONG_PASSWORD,
        });
        const browser = new Browser(urbis.app, { remoteAddress: `10.0.1.${i + 2}` });
        assert.equal((await browser.signIn(`${handle}@example.eu`, STRONG_PASSWORD)).statusCode, 303);
        assert.equal((await browser.post(`/en/comments/${id}/report`, { reason: 'Hide it' }, THING)).statusCode, 303);
      }
      let row = await findComment(urbis.ctx.db, id);
      assert.equal(row?.report_count, 3, 'the reports are taken');
      assert.equal(row?.hidden_at, null, 'but do not hide it');
      assert.ok(!(await urbis.app.inject(THING)).body.includes('Hidden by a moderator'), 'visitors still read it');
      assert.ok(queued((await (await as('mod')).get(QUEUE)).body, id), 'the moderators see it in their queue');

      for (const who of ['ben', 'cy'] as const)
        assert.equal(
          (await (await as(who)).post(`/en/comments/${id}/report`, { reason: 'Rude' }, THING)).statusCode,
          303,
        );
      assert.equal((await findComment(urbis.ctx.db, id))?.hidden_at, null, 'two of standing are below the limit');
      assert.equal(
        (await (await as('dee')).post(`/en/comments/${id}/report`, { reason: 'Rude' }, THING)).statusCode,
        303,
      );
      row = await findComment(urbis.ctx.db, id);
      assert.ok(row?.hidden_at, 'the third of standing hides it');
      assert.equal(row?.hidden_by, null, 'automatically');
    },
  );

  test('comments of a moderator of the target or of a platform admin are never hidden by reports', async (t) => {
    const { urbis, as } = await setUp(t, engine, { URBIS_COMMENT_REPORT_LIMIT: '2' });
    const admin = await createUser(urbis.ctx.db, {
      email: 'root@example.eu',
      handle: 'root',
      displayName: 'Ada Admin',
      password: STRONG_PASSWORD,
      isAdmin: true,
    });
    await ageAccounts(urbis, [admin], 30);
    const root = new Browser(urbis.app, { remoteAddress: '10.0.2.2' });
    assert.equal((await root.signIn('root@example.eu', STRONG_PASSWORD)).statusCode, 303);
    const byModerator = await post(await as('mod'), 'A moderator’s firm word.');
    const byAdmin = await post(root, 'An administrator’s note.');
    const byMember = await post(await as('ana'), 'A member’s remark.');
    for (const id of [byModerator, byAdmin, byMember])
      for (const who of ['ben', 'cy'] as const)
        assert.equal(
          (await (await as(who)).post(`/en/comments/${id}/report`, { reason: 'Rude' }, THING)).statusCode,
          303,
        );
    for (const id of [byModerator, byAdmin]) {
      const row = await findComment(urbis.ctx.db, id);
      assert.equal(row?.report_count, 2);
      assert.equal(row?.hidden_at, null, `comment ${id} stays`);
    }
    assert.ok((await findComment(urbis.ctx.db, byMember))?.hidden_at, 'the same reports hide a member’s comment');
    const queue = (await (await as('mod')).get(QUEUE)).body;
    for (const id of [byModerator, byAdmin, byMember]) assert.ok(queued(queue, id), `comment ${id} is in the queue`);
  });

  test('a partnership coordinator’s comment under a post is not hidden by reports; a member’s is', async (t) => {
    const { urbis, as, ids } = await setUpNews(t, engine);
    await ageAccounts(urbis, Object.values(ids), 30);
    const write = async (who: 'coordinator' | 'member', body: string) => {
      const postId = Number(/name="id" value="(\d+)"/.exec((await as[who].get(`/en${SEED}`)).body)?.[1]);
      const sent = await as[who].post('/en/comments', { type: 'post', id: String(postId), body }, `/en${SEED}`);
      assert.equal(sent.statusCode, 303);
      return Number(/#comment-(\d+)$/.exec(String(sent.headers.location))?.[1]);
    };
    const byCoordinator = await write('coordinator', 'As the coordinator: the meeting moves to May.');
    const byMember = await write('member', 'As a member: I cannot come in May.');
    for (const id of [byCoordinator, byMember])
      for (const who of ['otherMember', 'outsider', 'admin'] as const)
        assert.equal(
          (await as[who].post(`/en/comments/${id}/report`, { reason: 'Wrong' }, `/en${SEED}`)).statusCode,
          303,
        );
    assert.equal((await findComment(urbis.ctx.db, byCoordinator))?.hidden_at, null, 'the coordinator’s stays');
    assert.equal((await findComment(urbis.ctx.db, byCoordinator))?.report_count, 3, 'reported, for the queue');
    assert.ok((await findComment(urbis.ctx.db, byMember))?.hidden_at, 'the member’s is hidden');
  });
});
