import assert from 'node:assert/strict';
import { test } from 'node:test';
import { forEachEngine } from '../../../test/helpers/app.js';
import { setUp, THING } from '../../../test/support/comments.js';
import { findComment, insertComment, insertReport } from './comments.queries.js';

const QUEUE = '/en/comments/reported';

forEachEngine('the moderation queue’s counts', (engine) => {
  test('a comment a moderator hid no longer counts its reports as open; reports after that do', async (t) => {
    const { urbis, ids, as } = await setUp(t, engine);
    const db = urbis.ctx.db;
    const at = (i: number) => new Date(Date.UTC(2026, 5, 1, 0, 0, i)).toISOString();
    const id = await insertComment(db, {
      subjectType: 'thing',
      subjectId: 1,
      parent: null,
      authorId: ids.ana,
      body: 'Buy cheap watches',
      lang: 'en',
      createdAt: at(0),
    });
    await insertReport(db, id, ids.ben, 'Spam', at(1));
    const mod = await as('mod');
    const before = (await mod.get('/api/v1/comments/reported')).json() as { items: { id: number; reports: number }[] };
    assert.equal(before.items.find((i) => i.id === id)?.reports, 1);
    assert.match((await mod.get(QUEUE)).body, /1 open report/);

    assert.equal((await mod.post(`/en/comments/${id}/hide`, { reason: 'Advertising' }, THING)).statusCode, 303);
    // Dealt with: the hidden comment stays listed (to be shown again), with no open report.
    const after = (await mod.get('/api/v1/comments/reported')).json() as { items: { id: number; reports: number }[] };
    assert.equal(after.items.find((i) => i.id === id)?.reports, 0);
    const page = await mod.get(QUEUE);
    assert.doesNotMatch(page.body, /1 open report/);
    assert.match(page.body, /Hidden by a moderator/);
    assert.equal((await findComment(db, id))?.report_count, 0);
  });
});
