// The one rule of who sees a post, said twice (`maySee` for one post, `visiblePosts` for a
// query): both say the same for every kind of post and every kind of reader, on both engines.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildTestApp, forEachEngine } from '../../../test/helpers/app.js';
import { VISITORS, type ContentAudience } from '../../core/module.js';
import { createUser } from '../accounts/index.js';
import { partnershipIdOf } from '../partnerships/index.js';
import { maySee } from './news.policy.js';
import { findPostsByIds, insertPost, visiblePosts } from './news.queries.js';

forEachEngine('news: one visibility rule', (engine) => {
  test('maySee and visiblePosts agree on every post for every audience', async (t) => {
    const urbis = await buildTestApp(t, engine, { demo: true });
    const { db } = urbis.ctx;
    const a = (await partnershipIdOf(db, 'digital-transition'))!;
    const b = (await partnershipIdOf(db, 'air-quality'))!;
    const [u1, u2] = [
      await createUser(db, { email: 'u1@example.eu', handle: 'u1', displayName: 'U1', password: 'x'.repeat(20) }),
      await createUser(db, { email: 'u2@example.eu', handle: 'u2', displayName: 'U2', password: 'x'.repeat(20) }),
    ];
    const now = new Date();
    const past = new Date(now.getTime() - 3600_000).toISOString();
    const future = new Date(now.getTime() + 3600_000).toISOString();
    const ids: number[] = [];
    let n = 0;
    for (const partnershipId of [a, b])
      for (const authorId of [u1, u2])
        for (const membersOnly of [false, true])
          for (const [status, publishedAt] of [
            ['draft', null],
            ['published', past],
            ['published', future],
            ['published', now.toISOString()],
          ] as const)
            ids.push(
              await insertPost(db, {
                partnershipId,
                slug: `rule-${n++}`,
                authorId,
                originalLang: 'en',
                title: 'A rule',
                summary: '',
                body: '',
                status,
                membersOnly,
                publishedAt,
              }),
            );
    const posts = await findPostsByIds(db, ids);
    const audiences: ContentAudience[] = [
      VISITORS,
      { membersOf: [], editorOf: [], userId: u1 },
      { membersOf: [a], editorOf: [], userId: u2 },
      { membersOf: [a, b], editorOf: [a], userId: u1 },
      { membersOf: [b], editorOf: [b], userId: null },
      { membersOf: 'all', editorOf: 'all', userId: u2 },
      { membersOf: 'all', editorOf: [], userId: null },
    ];
    const counts = new Set<number>();
    for (const audience of audiences) {
      const rows = await db
        .selectFrom('news_posts')
        .select('id')
        .where('id', 'in', ids)
        .where(visiblePosts(audience, now))
        .orderBy('id')
        .execute();
      const expected = posts
        .filter((p) => maySee(audience, p, now.getTime()))
        .map((p) => p.id)
        .sort((x, y) => x - y);
      assert.deepEqual(
        rows.map((r) => r.id),
        expected,
        JSON.stringify(audience),
      );
      counts.add(expected.length);
    }
    // The audiences see different posts: from a few (visitors) to all of them (administrators).
    assert.ok(counts.size >= 5 && counts.has(ids.length), [...counts].join(' '));
  });
});
