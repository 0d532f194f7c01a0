import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { SharedMemo, weightOf } from '../src/core/shared/memo.js';
import { MEMBERS_ONLY, SEED, setUp } from './support/news.js';
import { forEachEngine } from './helpers/app.js';

describe('shared memo: its own rules', () => {
  let generation = 0;
  let clock = 1_000_000;
  const make = (maxBytes = 1_000_000, seconds = 60) =>
    new SharedMemo(() => generation, { seconds, maxBytes, now: () => clock });
  const counter = () => {
    let calls = 0;
    return { make: () => `value ${++calls}`, calls: () => calls };
  };

  test('a value is computed once per generation, and again after a write', async () => {
    const memo = make();
    const c = counter();
    assert.equal(await memo.remember('k', c.make), 'value 1');
    assert.equal(await memo.remember('k', c.make), 'value 1');
    assert.equal(c.calls(), 1);
    assert.equal(memo.hits, 1);
    generation++;
    assert.equal(await memo.remember('k', c.make), 'value 2', 'a new generation computes anew');
    assert.equal(memo.size, 1);
  });

  test('a value computed while a write happened is used once, not kept', async () => {
    const memo = make();
    const value = await memo.remember('k', async () => {
      generation++;
      return 'seen during a write';
    });
    assert.equal(value, 'seen during a write');
    assert.equal(memo.size, 0);
    assert.equal(await memo.remember('k', () => 'after'), 'after');
    assert.equal(memo.size, 1);
  });

  test('values expire; nothing found is not kept; a memo that is off keeps nothing', async () => {
    const memo = make(1_000_000, 10);
    const c = counter();
    await memo.remember('k', c.make);
    clock += 10_001;
    assert.equal(await memo.remember('k', c.make), 'value 2', 'expired after the seconds');
    assert.equal(await memo.remember('missing', () => null), null);
    assert.equal(await memo.remember('missing', () => undefined), undefined);
    assert.equal(memo.size, 1, 'null and undefined are not kept');
    const off = SharedMemo.off();
    const d = counter();
    await off.remember('k', d.make);
    await off.remember('k', d.make);
    assert.equal(d.calls(), 2);
    assert.equal(off.size, 0);
    const zero = make(1_000_000, 0);
    await zero.remember('k', d.make);
    assert.equal(zero.size, 0, 'URBIS_PAGE_CACHE_SECONDS=0 turns it off');
  });

  test('memory is bounded: least recently used first; a value over a quarter of it is not kept', async () => {
    const value = 'x'.repeat(100);
    // Each value weighs what `weightOf` says, and its key twice its length.
    const memo = make(5 * (weightOf(value) + 4));
    for (let i = 0; i < 4; i++) await memo.remember(`k${i}`, () => value);
    await memo.remember('k0', () => 'recomputed');
    for (let i = 4; i < 8; i++) await memo.remember(`k${i}`, () => value);
    assert.equal(memo.size, 5);
    assert.equal(await memo.remember('k0', () => 'recomputed'), value, 'recently used: kept');
    assert.equal(await memo.remember('k1', () => 'recomputed'), 'recomputed', 'least recently used: dropped');
    const small = make(100);
    await small.remember('big', () => value);
    assert.equal(small.size, 0);
  });
});

forEachEngine('shared memo in the application', (engine) => {
  test('signed-in pages share rows between readers, and show every write at once', async (t) => {
    const { urbis, as, ids } = await setUp(t, engine);
    const { shared, db } = urbis.ctx;
    const url = `/en${SEED}`;
    const first = await as.member.get(url);
    assert.equal(first.statusCode, 200);
    const hits = shared.hits;
    const second = await as.otherMember.get(url);
    assert.equal(second.statusCode, 200);
    assert.ok(shared.hits > hits, 'the second reader used what the first one computed');

    // A change to the post, written straight to the database: the next reader sees it.
    await db
      .updateTable('news_posts')
      .set({ title: 'A title changed behind the memo' })
      .where('slug', '=', SEED.split('/').pop()!)
      .execute();
    const changed = await as.member.get(url);
    assert.match(changed.body, /A title changed behind the memo/);

    // A member who leaves loses the members-only post at once; back in, they see it again.
    const membersOnly = `/en${MEMBERS_ONLY}`;
    assert.equal((await as.member.get(membersOnly)).statusCode, 200);
    assert.equal((await as.member.get(membersOnly)).statusCode, 200);
    const role = await db
      .selectFrom('partnership_people')
      .selectAll()
      .where('user_id', '=', ids.member)
      .executeTakeFirstOrThrow();
    await db.deleteFrom('partnership_people').where('user_id', '=', ids.member).execute();
    assert.equal((await as.member.get(membersOnly)).statusCode, 404, 'no longer a member: not found');
    await db.insertInto('partnership_people').values(role).execute();
    assert.equal((await as.member.get(membersOnly)).statusCode, 200);
  });
});
