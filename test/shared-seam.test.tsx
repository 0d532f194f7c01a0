// The seam for fast pages (core/shared): cached reads keyed by typed dimensions and namespaced
// by module, clock-dependent reads kept per time bucket, fragments rendered once and filled
// per class of reader, and the guards that keep one reader's words out of what others get.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { VISITOR, type SignedIn } from '../src/core/auth/actor.js';
import { PageCache } from '../src/core/http/page-cache.js';
import type { ModuleContext } from '../src/core/module.js';
import { clockWatch } from '../src/core/shared/clock.js';
import { dim } from '../src/core/shared/dims.js';
import { defineFragment } from '../src/core/shared/fragments.js';
import { joinPieces, OwnHtml, PersonalText, type Placeable, SharedHtml } from '../src/core/shared/markers.js';
import { SharedMemo } from '../src/core/shared/memo.js';
import { defineReads, read, readClock } from '../src/core/shared/reads.js';
import { Personal, renderPage, Shared, Slot } from '../src/core/shared/render.js';
import type { PageContext } from '../src/core/views/page-context.js';

let generation = 0;
const memo = () => new SharedMemo(() => generation, { seconds: 3600, maxBytes: 10_000_000 });
const contextWith = (shared: SharedMemo) => ({ shared }) as unknown as ModuleContext;

const EVA: SignedIn = { kind: 'user', id: 7, handle: 'eva', displayName: 'Eva Novotná', isAdmin: false, locale: null };
const pageFor = (actor: PageContext['actor'], locale = 'en'): PageContext => ({
  locale,
  i18n: null as never,
  t: (key) => `${locale}:${key}`,
  path: '/somewhere',
  actor,
  languages: ['en', 'cs'],
  navigation: [],
  asset: (name) => `/assets/${name}`,
  csrfToken: () => 'token-of-this-reader',
  href: (path) => `/${locale}${path}`,
});

describe('reads', () => {
  test('keys name every dimension, and refuse values a dimension does not take', async () => {
    const ctx = contextWith(memo());
    const calls: string[] = [];
    const reads = defineReads('meetings', {
      list: read({
        key: { partnership: dim.id, audience: dim.oneOf('public', 'members'), after: dim.optional(dim.text) },
        load: (_ctx, k) => {
          calls.push(`${k.partnership}/${k.audience}/${k.after ?? ''}`);
          return `${k.audience} list of ${k.partnership}`;
        },
      }),
    });
    assert.equal(
      await reads.list.get(ctx, { partnership: 1, audience: 'public', after: undefined }),
      'public list of 1',
    );
    assert.equal(
      await reads.list.get(ctx, { partnership: 1, audience: 'members', after: undefined }),
      'members list of 1',
    );
    assert.equal(
      await reads.list.get(ctx, { partnership: 1, audience: 'public', after: undefined }),
      'public list of 1',
    );
    // A cursor that looks like the key's own punctuation is still only text.
    await reads.list.get(ctx, { partnership: 1, audience: 'public', after: '),members(' });
    assert.deepEqual(calls, ['1/public/', '1/members/', '1/public/),members(']);
    await assert.rejects(reads.list.get(ctx, { partnership: -1, audience: 'public', after: undefined }), TypeError);
    await assert.rejects(
      reads.list.get(ctx, { partnership: 1, audience: 'all' as never, after: undefined }),
      TypeError,
    );
  });

  test('two modules may name a read alike: each has its own namespace', async () => {
    const ctx = contextWith(memo());
    const a = defineReads('news', { byId: read({ key: { id: dim.id }, load: () => 'a post' }) });
    const b = defineReads('meetings', { byId: read({ key: { id: dim.id }, load: () => 'a meeting' }) });
    assert.equal(await a.byId.get(ctx, { id: 1 }), 'a post');
    assert.equal(await b.byId.get(ctx, { id: 1 }), 'a meeting');
    assert.equal(a.byId.name, 'news.byId');
  });

  test(
    'a clock-dependent read changes bucket when its time passes, ' + 'and tells the page cache until when it holds',
    async (t) => {
      let now = Date.UTC(2026, 11, 6, 10, 0, 10);
      const real = readClock.now;
      readClock.now = () => now;
      t.after(() => (readClock.now = real));
      const ctx = contextWith(memo());
      const meetingStarts = Date.UTC(2026, 11, 6, 10, 1, 30);
      const loads: { now: number; until: number }[] = [];
      const reads = defineReads('meetings', {
        upcoming: read({
          key: { partnership: dim.id },
          clock: 60,
          load: (_ctx, _k, time) => {
            loads.push({ now: time.now.getTime(), until: time.until.getTime() });
            // Upcoming: starts at or after the end of the bucket (never shown once it started).
            return meetingStarts >= time.until.getTime() ? ['11th meeting'] : [];
          },
        }),
      });
      const mark = clockWatch.mark();
      assert.deepEqual(await reads.upcoming.get(ctx, { partnership: 1 }), ['11th meeting']);
      assert.equal(clockWatch.until(mark), Date.UTC(2026, 11, 6, 10, 1, 0), 'the page holds until the bucket ends');
      now += 20_000;
      assert.deepEqual(await reads.upcoming.get(ctx, { partnership: 1 }), ['11th meeting']);
      assert.equal(loads.length, 1, 'the same bucket: kept');
      now = Date.UTC(2026, 11, 6, 10, 1, 5);
      assert.deepEqual(
        await reads.upcoming.get(ctx, { partnership: 1 }),
        [],
        'the next bucket: the meeting starts in it',
      );
      assert.equal(loads.length, 2, 'worked out again in the next bucket');
      assert.deepEqual(loads[1], { now, until: Date.UTC(2026, 11, 6, 10, 2, 0) });
      assert.equal(clockWatch.until(clockWatch.mark()), Infinity, 'nothing used since: no limit');
    },
  );

  test('a page cached for visitors is kept no longer than the clock-dependent values it shows', () => {
    let now = 1_000_000;
    const cache = new PageCache({ seconds: 60, maxBytes: 1e6, sessionCookie: 's', headers: [], now: () => now });
    const request = { method: 'GET', url: '/en/meetings', headers: {} } as never;
    cache.store('/en/meetings', '<p>upcoming</p>', cache.generation, now + 5_000);
    const sent = { setHeader() {}, writeHead() {}, end() {}, statusCode: 0 } as never;
    assert.equal(cache.tryServe(request, sent), true);
    now += 5_000;
    assert.equal(cache.tryServe(request, sent), false, 'gone when the bucket ended');
    cache.store('/en/meetings', '<p>upcoming</p>', cache.generation, -Infinity);
    assert.equal(cache.size, 0, 'more clock values than the watch remembers: not kept at all');
  });
});

describe('fragments', () => {
  const comments = new Map([
    [1, { author: 7, text: 'Eva asks about the call.' }],
    [2, { author: 9, text: 'Ben answers with a link.' }],
  ]);
  let renders = 0;
  const thread = defineFragment('comments', 'thread-test', {
    key: { subject: dim.id },
    load: () => comments,
    render: (all, page) => {
      renders++;
      return (
        <ol>
          {[...all].map(([id, c]) => (
            <li>
              <p>{c.text}</p>
              <Slot
                name={`a${id}`}
                options={{
                  reply: <a href={page.href(`/comments/${id}/reply`)}>{page.t('reply')}</a>,
                  edit: <a>edit</a>,
                }}
                around={(links) => <div class="actions">{links}</div>}
              />
            </li>
          ))}
        </ol>
      );
    },
  });
  const mine = (actor: PageContext['actor'], slot: string) =>
    actor.kind === 'user' && comments.get(Number(slot.slice(1)))?.author === actor.id;
  const filling = (actor: PageContext['actor']) => ({
    sharedAs: actor.kind,
    own: (slot: string) => mine(actor, slot),
    pick: (slot: string) => (actor.kind !== 'user' ? null : mine(actor, slot) ? ['reply', 'edit'] : ['reply']),
  });
  const htmlOf = (placed: Placeable | Placeable[]) =>
    (Array.isArray(placed) ? placed : [placed]).map((p) => p.html).join('');

  test(
    'rendered once per language and generation, ' +
      'filled once per class of reader, and a reader’s own slots for them alone',
    async () => {
      const ctx = contextWith(memo());
      renders = 0;
      const ben: SignedIn = { ...EVA, id: 12, displayName: 'Ben' };
      const cy: SignedIn = { ...EVA, id: 11, displayName: 'Cy' };
      const forBen = (await thread.get(ctx, pageFor(ben), { subject: 1 }))!.fill(filling(ben));
      const forCy = (await thread.get(ctx, pageFor(cy), { subject: 1 }))!.fill(filling(cy));
      const forEva = (await thread.get(ctx, pageFor(EVA), { subject: 1 }))!.fill(filling(EVA));
      const forVisitor = (await thread.get(ctx, pageFor(VISITOR), { subject: 1 }))!.fill(filling(VISITOR));
      assert.equal(renders, 1, 'one rendering for every reader of the language');
      assert.ok(forBen instanceof SharedHtml);
      assert.equal(forBen, forCy, 'two readers of one class share the filled HTML (and its compressed bytes)');
      // The author: the class's filling in pieces around her own comment's slot, which is hers alone.
      assert.ok(Array.isArray(forEva));
      assert.deepEqual(
        forEva.map((p) => p.constructor),
        [SharedHtml, OwnHtml, SharedHtml],
      );
      assert.match(forEva[1]!.html, /en:reply<\/a><a>edit<\/a>/, 'her own comment offers edit, to her');
      assert.equal(htmlOf(forEva).match(/>edit</g)?.length, 1, 'and only hers');
      const again = (await thread.get(ctx, pageFor(EVA), { subject: 1 }))!.fill(filling(EVA)) as Placeable[];
      assert.equal(again[0], forEva[0], 'the pieces around her slot are made once');
      assert.equal(htmlOf(forEva).replace('<a>edit</a>', ''), htmlOf(forBen), 'the rest is what her class reads');
      assert.doesNotMatch(htmlOf(forBen), /edit/);
      assert.match(htmlOf(forBen), /<div class="actions"><a href="\/en\/comments\/1\/reply">en:reply<\/a><\/div>/);
      assert.doesNotMatch(htmlOf(forVisitor), /actions/, 'nothing picked, nothing around it');
      await thread.get(ctx, pageFor(ben, 'cs'), { subject: 1 });
      assert.equal(renders, 2, 'another language, another rendering');
      generation++;
      await thread.get(ctx, pageFor(ben), { subject: 1 });
      assert.equal(renders, 3, 'after a write, rendered anew');
    },
  );

  test('nothing of a reader can get into a fragment: a form token or <Personal> there fails loudly', async () => {
    const ctx = contextWith(memo());
    const leaky = defineFragment('news', 'leaky', {
      key: {},
      load: () => ({}),
      render: (_props, page) => <input value={page.csrfToken()} />,
    });
    await assert.rejects(leaky.get(ctx, pageFor(EVA), {}), /no form token/);
    const personal = defineFragment('news', 'personal', {
      key: {},
      load: () => ({}),
      render: () => (
        <p>
          <Personal>Eva</Personal>
        </p>
      ),
    });
    await assert.rejects(personal.get(ctx, pageFor(EVA), {}), /nothing personal/);
    const named = defineFragment('news', 'named', {
      key: {},
      load: () => ({}),
      render: (_props, page) => <p>{page.actor.kind}</p>,
    });
    assert.equal((await named.get(ctx, pageFor(EVA), {}))!.html.html, '<p>visitor</p>', 'rendered as for a visitor');
  });

  test('a page is cut into what readers share, the shared HTML, and the reader’s own words', async () => {
    const ctx = contextWith(memo());
    const rendered = (await thread.get(ctx, pageFor(EVA), { subject: 2 }))!;
    const shared = rendered.fill(filling({ ...EVA, id: 99 }));
    const own = rendered.fill(filling(EVA));
    const pieces = renderPage(
      <main>
        <p>
          Signed in as <Personal>{EVA.displayName}</Personal>
        </p>
        <Shared html={shared} />
        <Shared html={own} />
      </main>,
    );
    assert.deepEqual(pieces.slice(0, 4), [
      '<!DOCTYPE html><main><p>Signed in as ',
      new PersonalText('Eva Novotná'),
      '</p>',
      shared,
    ]);
    assert.ok(Array.isArray(own));
    assert.deepEqual(pieces.slice(4, 7), [own[0], new PersonalText(own[1]!.html), own[2]], 'her slot as her own words');
    assert.equal(
      joinPieces(pieces),
      `<!DOCTYPE html><main><p>Signed in as Eva Novotná</p>${htmlOf(shared)}${htmlOf(own)}</main>`,
    );
  });
});
