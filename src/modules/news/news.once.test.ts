import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'kysely';
import type { Urbis } from '../../app.js';
import { forEachEngine } from '../../../test/helpers/app.js';
import { partnershipIdOf } from '../partnerships/index.js';
import { createPost } from './news.service.js';
import { setUp } from '../../../test/support/news.js';

const TIMES = 20;
const NEWS = '/en/partnerships/digital-transition/news';

const count = async (urbis: Urbis, query: ReturnType<typeof sql<{ n: number }>>) =>
  Number((await query.execute(urbis.ctx.db)).rows[0]?.n);

const statuses = (answers: { statusCode: number }[]) => [...new Set(answers.map((a) => a.statusCode))].sort();

/** A draft by the coordinator, with its address. */
async function draft(urbis: Urbis, authorId: number, title: string) {
  const dtp = (await partnershipIdOf(urbis.ctx.db, 'digital-transition'))!;
  const post = await createPost(urbis.ctx, dtp, authorId, {
    title,
    summary: 'A summary.',
    body: 'A body.',
    lang: 'en',
    tags: [],
    membersOnly: false,
  });
  return { post, path: `${NEWS}/${post.slug}` };
}

forEachEngine('news writes that happen once, sent many times at once', (engine) => {
  test(`${TIMES} "publish now" of one draft at once: published once, one line in the activity stream`, async (t) => {
    const { urbis, as, ids } = await setUp(t, engine);
    const { post, path } = await draft(urbis, ids.coordinator, 'Published by many clicks');
    await as.coordinator.get(path);
    const answers = await Promise.all(Array.from({ length: TIMES }, () => as.coordinator.post(`${path}/publish`, {})));
    assert.deepEqual(statuses(answers), [303], 'no error');
    const lines = sql<{ n: number }>`select count(*) as n from partnership_activity
      where kind = 'newsPublished' and subject_id = ${post.id}`;
    assert.equal(await count(urbis, lines), 1);
  });

  test(`${TIMES} deletions of one post at once: one audit record, no error`, async (t) => {
    const { urbis, as, ids } = await setUp(t, engine);
    const { post, path } = await draft(urbis, ids.coordinator, 'Deleted by many clicks');
    await as.coordinator.get(`${path}/delete`);
    const answers = await Promise.all(Array.from({ length: TIMES }, () => as.coordinator.post(`${path}/delete`, {})));
    assert.ok(
      answers.every((a) => a.statusCode === 303 || a.statusCode === 404),
      statuses(answers).join(),
    );
    assert.equal(answers.filter((a) => a.statusCode === 303).length, 1, 'one of them deleted it');
    const audit = sql<{ n: number }>`select count(*) as n from core_audit_log
      where action = 'news.delete' and subject_id = ${String(post.id)}`;
    assert.equal(await count(urbis, audit), 1);
  });

  test(`${TIMES} posts of one title written at once: as many drafts, each with its own address`, async (t) => {
    const { urbis, as } = await setUp(t, engine);
    await as.member.get(`${NEWS}/new`);
    const answers = await Promise.all(
      Array.from({ length: TIMES }, (_, i) =>
        as.member.post(NEWS, { title: 'Notes from the meeting', body: `Notes, take ${i + 1}.`, lang: 'en' }),
      ),
    );
    assert.deepEqual(statuses(answers), [303], 'no error');
    const slugs = new Set(answers.map((a) => String(a.headers.location)));
    assert.equal(slugs.size, TIMES, 'each post has its own address');
    const stored = sql<{ n: number }>`select count(*) as n from news_posts where title = 'Notes from the meeting'`;
    assert.equal(await count(urbis, stored), TIMES);
  });
});
