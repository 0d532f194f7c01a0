import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Urbis } from '../../app.js';
import { forEachEngine } from '../../../test/helpers/app.js';
import { findComment } from './comments.queries.js';
import { post, setUp, THING } from '../../../test/support/comments.js';

const TIMES = 20;

const count = async (
  urbis: Urbis,
  table: 'comment_reports' | 'core_audit_log' | 'notifications',
  where: [string, unknown],
) =>
  Number(
    (
      await urbis.ctx.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where(where[0] as never, '=', where[1] as never)
        .executeTakeFirstOrThrow()
    ).n,
  );

const statuses = (responses: { statusCode: number }[]) =>
  [...new Set(responses.map((r) => r.statusCode))].sort((a, b) => a - b);

forEachEngine('comment writes that happen once, sent many times at once', (engine) => {
  test(`${TIMES} reports of one comment by one person at once: one report, no error`, async (t) => {
    const { urbis, as } = await setUp(t, engine, { URBIS_COMMENT_REPORT_LIMIT: '2' });
    const id = await post(await as('ana'), 'Many will click twice.');
    const ben = await as('ben');
    await ben.get(`/en/comments/${id}/report`);
    const answers = await Promise.all(
      Array.from({ length: TIMES }, () => ben.post(`/en/comments/${id}/report`, { reason: 'Rude' })),
    );
    assert.deepEqual(statuses(answers), [303], 'each is answered as a report taken');
    assert.equal(await count(urbis, 'comment_reports', ['comment_id', id]), 1);
    const row = await findComment(urbis.ctx.db, id);
    assert.equal(row?.report_count, 1, 'counted once');
    assert.equal(row?.hidden_at, null, 'one reporter does not reach a limit of two');
  });

  test(`${TIMES} hides of one comment at once: one audit record, one notification, no error`, async (t) => {
    const { urbis, ids, as } = await setUp(t, engine);
    const id = await post(await as('ana'), 'A remark a moderator will hide.');
    const mod = await as('mod');
    await mod.get(`/en/comments/${id}/hide`);
    const answers = await Promise.all(
      Array.from({ length: TIMES }, () => mod.post(`/en/comments/${id}/hide`, { reason: 'Off topic' })),
    );
    assert.ok(
      answers.every((a) => a.statusCode === 303 || a.statusCode === 404),
      `hidden, or already hidden: ${statuses(answers).join(', ')}`,
    );
    assert.equal(answers.filter((a) => a.statusCode === 303).length, 1, 'one of them hid it');
    assert.equal(await count(urbis, 'core_audit_log', ['action', 'comments.hide']), 1);
    assert.equal(await count(urbis, 'notifications', ['user_id', ids.ana]), 1);
    assert.equal((await findComment(urbis.ctx.db, id))?.hidden_by, ids.mod);
  });

  test(`${TIMES} "show again" of one hidden comment at once: one audit record, one notification`, async (t) => {
    const { urbis, ids, as } = await setUp(t, engine);
    const id = await post(await as('ana'), 'A remark hidden, then shown again.');
    const mod = await as('mod');
    assert.equal((await mod.post(`/en/comments/${id}/hide`, { reason: 'Off topic' }, THING)).statusCode, 303);
    await mod.get(`/en/comments/${id}/unhide`);
    const answers = await Promise.all(
      Array.from({ length: TIMES }, () => mod.post(`/en/comments/${id}/unhide`, { reason: 'On topic after all' })),
    );
    assert.ok(
      answers.every((a) => a.statusCode === 303 || a.statusCode === 404),
      statuses(answers).join(', '),
    );
    assert.equal(answers.filter((a) => a.statusCode === 303).length, 1, 'one of them showed it again');
    assert.equal(await count(urbis, 'core_audit_log', ['action', 'comments.unhide']), 1);
    assert.equal(await count(urbis, 'notifications', ['user_id', ids.ana]), 2, 'hidden, shown again: once each');
  });
});
