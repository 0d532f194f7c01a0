// Search on the demo, on both engines: what each role finds is what the content types' one rule lets
// them see (a members-only post, a draft post, a lesson waiting for review, a draft playbook, a
// scheduled post), by the page and by the API; the index follows a post's creation, edit, scheduling and
// unscheduling, a change to members-only, and deletion (each after the job ran); and a rebuild gives
// the same index.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setUp, type Role } from '../../../test/support/news.js';
import { rebuildIndex, runIndexJob } from './index.js';
import { forEachEngine } from '../../../test/helpers/app.js';

type Who = Role | 'visitor';
const EVERYONE: Who[] = ['visitor', 'outsider', 'member', 'otherMember', 'coordinator', 'admin'];
const PARTNERSHIP = '/en/partnerships/digital-transition/news';

forEachEngine('search visibility', (engine) => {
  test('each role finds what it may see, by the page and the API; the index follows changes', async (t) => {
    const { urbis, as } = await setUp(t, engine);
    const ctx = urbis.ctx;
    const paths = async (who: Who, q: string) => {
      const response = await as[who].get(`/api/v1/search?q=${encodeURIComponent(q)}`);
      assert.equal(response.statusCode, 200);
      return (JSON.parse(response.body) as { results: { path: string }[] }).results.map((r) => r.path);
    };
    const page = async (who: Who, q: string) => {
      const response = await as[who].get(`/en/search?q=${encodeURIComponent(q)}`);
      assert.equal(response.statusCode, 200);
      return response.body;
    };
    /** Who finds `path` with `q`, by the API and the page (which must agree). */
    const finders = async (q: string, path: string) => {
      const found: Who[] = [];
      for (const who of EVERYONE) {
        const api = (await paths(who, q)).includes(path);
        const html = (await page(who, q)).includes(`href="/en${path}"`);
        assert.equal(html, api, `${who}: the page and the API agree on ${path}`);
        if (api) found.push(who);
      }
      return found;
    };

    await t.test('the demo is searchable at once: the seed post in Czech without diacritics', async () => {
      const cs = await as.visitor.get(`/cs/search?q=${encodeURIComponent('setkani v lucemburku')}`);
      assert.equal(cs.statusCode, 200);
      assert.match(cs.body, /Setkání v Lucemburku o provádění a rozšiřování akcí/);
      assert.match(cs.body, /<mark>/);
      assert.match(String(cs.headers['cache-control']), /no-cache/, 'a visitor’s page is revalidated');
      const signedIn = await as.member.get('/en/search?q=luxembourg');
      assert.match(String(signedIn.headers['cache-control']), /private/);
    });

    await t.test('a members-only post, a draft post, a lesson waiting for review', async () => {
      assert.deepEqual(
        await finders('notes for action leaders', '/partnerships/digital-transition/news/notes-for-action-leaders'),
        ['member', 'otherMember', 'coordinator', 'admin'],
      );
      assert.deepEqual(
        await finders(
          'draft lessons small towns',
          '/partnerships/digital-transition/news/draft-lessons-for-small-towns',
        ),
        ['coordinator', 'admin'],
      );
      assert.deepEqual(
        await finders(
          'neighbourhood help desks',
          '/lessons/neighbourhood-help-desks-with-the-5g-test-network-s-start-ups',
        ),
        ['coordinator', 'admin'],
      );
    });

    await t.test('a draft playbook: the coordinators', async () => {
      const lesson = await ctx.db
        .selectFrom('lessons')
        .select('id')
        .where('state', '=', 'published')
        .executeTakeFirstOrThrow();
      const NEW = '/en/partnerships/digital-transition/playbooks/new';
      const made = await as.coordinator.post(
        NEW,
        {
          title: 'Kvetinove louky pro male obce',
          target: 'Small towns',
          lang: 'en',
          introduction: 'Meadows instead of lawns.',
          steps: 'Stop mowing\nSow',
          [`chapter-${lesson.id}`]: '1',
        },
        NEW,
      );
      assert.equal(made.statusCode, 303);
      const path = made.headers.location!.replace(/^\/en/, '');
      assert.deepEqual(await finders('kvetinove louky', path), [], 'not before the job ran');
      await runIndexJob(ctx);
      assert.deepEqual(await finders('květinové louky', path), ['coordinator', 'admin']);
    });

    await t.test(
      'the index follows a post: written, edited, scheduled, unscheduled, members-only, deleted',
      async () => {
        const path = '/partnerships/digital-transition/news/zebra-crossings-that-talk';
        const written = await as.member.post(
          PARTNERSHIP,
          { title: 'Zebra crossings that talk', body: 'Sensors at the crossing.', lang: 'en', tags: 'mobility' },
          `${PARTNERSHIP}/new`,
        );
        assert.equal(written.statusCode, 303);
        assert.deepEqual(await finders('zebra crossings', path), [], 'not yet indexed');
        await runIndexJob(ctx);
        assert.deepEqual(await finders('zebra crossings', path), ['member', 'coordinator', 'admin'], 'a draft');

        const edit = await as.member.post(
          `/en${path}`,
          { title: 'Zebra crossings that talk', body: 'Loudspeakers at the kerb.', lang: 'en', tags: 'mobility' },
          `/en${path}/edit`,
        );
        assert.equal(edit.statusCode, 303);
        await runIndexJob(ctx);
        assert.deepEqual(await finders('loudspeakers kerb', path), ['member', 'coordinator', 'admin']);
        assert.deepEqual(await finders('sensors', path), [], 'the old words are gone');

        const scheduled = await as.coordinator.post(
          `/en${path}/publish`,
          { publish_at: '2999-01-01T10:00' },
          `/en${path}`,
        );
        assert.equal(scheduled.statusCode, 303);
        await runIndexJob(ctx);
        assert.deepEqual(await finders('loudspeakers', path), ['member', 'coordinator', 'admin'], 'scheduled: not out');
        assert.equal((await as.coordinator.post(`/en${path}/unschedule`, {}, `/en${path}`)).statusCode, 303);
        await runIndexJob(ctx);
        assert.equal((await as.coordinator.post(`/en${path}/publish`, {}, `/en${path}`)).statusCode, 303);
        await runIndexJob(ctx);
        assert.deepEqual(await finders('loudspeakers', path), EVERYONE, 'published');
        const year = JSON.parse((await as.visitor.get('/api/v1/search?q=loudspeakers')).body) as {
          facets: { year: { value: string }[] };
        };
        assert.deepEqual(
          year.facets.year.map((f) => f.value),
          [String(new Date().getUTCFullYear())],
        );

        const hidden = await as.member.post(
          `/en${path}`,
          { title: 'Zebra crossings that talk', body: 'Loudspeakers at the kerb.', lang: 'en', members_only: 'on' },
          `/en${path}/edit`,
        );
        assert.equal(hidden.statusCode, 303);
        await runIndexJob(ctx);
        assert.deepEqual(await finders('loudspeakers', path), ['member', 'otherMember', 'coordinator', 'admin']);

        assert.equal((await as.coordinator.post(`/en${path}/delete`, {}, `/en${path}`)).statusCode, 303);
        await runIndexJob(ctx);
        assert.deepEqual(await finders('loudspeakers', path), []);
        const left = await ctx.db.selectFrom('search_documents').select('id').where('path', '=', path).execute();
        assert.equal(left.length, 0, 'gone from the index');
      },
    );

    await t.test('a rebuild gives the same index', async () => {
      await runIndexJob(ctx);
      const snapshot = async () =>
        (
          await ctx.db
            .selectFrom('search_documents')
            .select(['type', 'item_id', 'title', 'body', 'tags', 'lang', 'year', 'path', 'partnership_id'])
            .orderBy('type')
            .orderBy('item_id')
            .execute()
        ).map((r) => JSON.stringify(r));
      const before = await snapshot();
      assert.ok(before.length > 25, `${before.length} documents`);
      for (const type of ['post', 'lesson', 'playbook', 'meeting'])
        assert.ok(
          before.some((d) => d.includes(`"type":"${type}"`)),
          type,
        );
      await rebuildIndex(ctx);
      assert.deepEqual(await snapshot(), before);
    });
  });
});
