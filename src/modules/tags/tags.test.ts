import assert from 'node:assert/strict';
import { test } from 'node:test';
import { XMLParser } from 'fast-xml-parser';
import { registeredModules } from '../../modules.js';
import { defineModule } from '../../core/module.js';
import { buildTestApp, forEachEngine } from '../../../test/helpers/app.js';
import { SEED, setUp } from '../../../test/support/news.js';
import { ensureTags, setTagLabel, setTaggings, tagsOf } from './index.js';

/** A content type of a module of its own, to show that tag pages list every type: notes 1 to 25 are for everyone. */
const notesModule = defineModule({
  id: 'notes',
  contentTypes: {
    note: {
      describe: async (_ctx, ids) =>
        new Map(
          ids
            .filter((id) => id <= 25)
            .map((id) => [id, { title: `Note ${id}`, path: `/notes/${id}`, lang: 'fr', summary: 'Une note' }]),
        ),
      visibleIds: (db) =>
        db
          .selectFrom('taggings')
          .select('subject_id')
          .where('subject_type', '=', 'note')
          .where('subject_id', '<=', 25)
          .$asScalar(),
    },
  },
});

forEachEngine('tags', (engine) => {
  test(
    'tags are created on the fly, found again by label or slug, and read in the reader’s language where a label ' +
      'exists',
    async (t) => {
      const { ctx } = await buildTestApp(t, engine);
      const [a, b] = await ensureTags(ctx.db, ['Open data', 'Smart city'], 'en');
      assert.ok(a && b && a !== b);
      assert.deepEqual(await ensureTags(ctx.db, ['open DATA', '  Open   data ', 'smart-city'], 'en'), [a, b]);
      // A Czech label that slugs the same joins the tag; a new Czech one is a new tag.
      const [c] = await ensureTags(ctx.db, ['Otevřená data'], 'cs');
      assert.notEqual(c, a);
      await setTagLabel(ctx.db, a, 'cs', 'Otevřená data (OD)');
      await setTaggings(ctx.db, {
        type: 'post',
        id: 7,
        tagIds: [b, a],
        publishedAt: new Date().toISOString(),
        isPublic: true,
        partnershipId: null,
      });
      const cs = await tagsOf(ctx.db, 'post', [7], 'cs');
      assert.deepEqual(cs.get(7), [
        { slug: 'smart-city', label: 'Smart city', lang: 'en' },
        { slug: 'open-data', label: 'Otevřená data (OD)', lang: 'cs' },
      ]);
      const [odd] = await ensureTags(ctx.db, ['"><'], 'en');
      const { slug } = await ctx.db.selectFrom('tags').select('slug').where('id', '=', odd!).executeTakeFirstOrThrow();
      assert.match(slug, /^tag-[0-9a-f]{10}$/);
    },
  );

  test(
    'a tag page lists everything tagged, of every type, newest first, one page at a time; ' +
      'the API and the feed agree',
    async (t) => {
      const urbis = await buildTestApp(t, engine, { demo: true, modules: [...registeredModules, notesModule] });
      const { db } = urbis.ctx;
      const [tag] = await ensureTags(db, ['paging'], 'en');
      const base = Date.parse('2020-01-01T00:00:00Z');
      for (let i = 1; i <= 25; i++) {
        await setTaggings(db, {
          type: 'note',
          id: i,
          tagIds: [tag!],
          publishedAt: new Date(base + i * 60_000).toISOString(),
          isPublic: true,
          partnershipId: null,
        });
      }
      // Not for everyone, or not yet out: never listed.
      await setTaggings(db, {
        type: 'note',
        id: 100,
        tagIds: [tag!],
        publishedAt: new Date(base).toISOString(),
        isPublic: false,
        partnershipId: null,
      });
      await setTaggings(db, {
        type: 'note',
        id: 101,
        tagIds: [tag!],
        publishedAt: '2999-01-01T00:00:00.000Z',
        isPublic: true,
        partnershipId: null,
      });
      // A post of the news module with the same tag, older than every note.
      const seed = await urbis.app.inject(`/api/v1${SEED.replace('/news/', '/posts/')}`);
      assert.equal(seed.statusCode, 200);
      const postId = (
        await db
          .selectFrom('news_posts')
          .select('id')
          .where('slug', '=', SEED.split('/').pop()!)
          .executeTakeFirstOrThrow()
      ).id;
      await setTaggings(db, {
        type: 'post',
        id: postId,
        tagIds: [tag!],
        publishedAt: '2019-03-12T15:39:00.000Z',
        isPublic: true,
        partnershipId: null,
      });

      const first = (await urbis.app.inject('/api/v1/tags/paging')).json();
      assert.equal(first.items.length, 20);
      assert.deepEqual(
        first.items.slice(0, 2).map((i: { title: string }) => i.title),
        ['Note 25', 'Note 24'],
      );
      assert.ok(first.next);
      const second = (await urbis.app.inject(`/api/v1/tags/paging?after=${first.next}`)).json();
      assert.deepEqual(
        second.items.map((i: { type: string; title: string }) => `${i.type}:${i.title}`),
        [
          'note:Note 5',
          'note:Note 4',
          'note:Note 3',
          'note:Note 2',
          'note:Note 1',
          'post:Luxembourg meeting on implementing and scaling up the actions',
        ],
      );
      assert.equal(second.next, null);
      const html = await urbis.app.inject(`/cs/tags/paging?after=${first.next}`);
      assert.match(html.body, /<a href="\/cs\/notes\/5" lang="fr">Note 5<\/a>/);
      assert.match(html.body, /Novinky · /);
      assert.match(html.body, /Setkání v Lucemburku/);
      const feed = new XMLParser().parse((await urbis.app.inject('/en/tags/paging.atom')).body) as {
        feed: { title: string; entry: { title: string }[] };
      };
      assert.equal(feed.feed.title, 'Urbis: paging');
      assert.equal(feed.feed.entry.length, 26);
      assert.equal(feed.feed.entry[0]?.title, 'Note 25');
      const list = (await urbis.app.inject('/api/v1/tags')).json();
      assert.ok(list.items.some((i: { slug: string }) => i.slug === 'paging'));
      assert.equal((await urbis.app.inject('/en/tags/no-such-tag')).statusCode, 404);
      assert.equal((await urbis.app.inject('/en/tags/no-such-tag.atom')).statusCode, 404);
    },
  );

  test(
    'administrators rename a tag in each language and merge tags, ' + 'with an audit record; nobody else may',
    async (t) => {
      const { urbis, as } = await setUp(t, engine);
      assert.equal((await as.coordinator.get('/en/tags/luxembourg/edit')).statusCode, 404);
      assert.equal(
        (await as.coordinator.post('/en/tags/luxembourg', { label_en: 'x' }, '/en/tags/luxembourg')).statusCode,
        404,
      );
      assert.equal((await as.admin.get('/en/tags/luxembourg/edit')).statusCode, 200);
      const empty = await as.admin.post(
        '/en/tags/luxembourg',
        { label_en: '', label_cs: '' },
        '/en/tags/luxembourg/edit',
      );
      assert.equal(empty.statusCode, 400);
      assert.match(empty.body, /at least one language/);
      const renamed = await as.admin.post(
        '/en/tags/luxembourg',
        { label_en: 'Luxembourg (city)', label_cs: 'Lucemburk (město)' },
        '/en/tags/luxembourg/edit',
      );
      assert.equal(renamed.statusCode, 303);
      assert.match((await as.visitor.get(`/cs${SEED}`)).body, />Lucemburk \(město\)</);
      assert.match((await as.visitor.get(`/en${SEED}`)).body, />Luxembourg \(city\)</);

      assert.equal(
        (await as.admin.post('/en/tags/luxembourg/merge', { into: 'no-such-tag' }, '/en/tags/luxembourg/edit'))
          .statusCode,
        400,
      );
      assert.equal(
        (await as.admin.post('/en/tags/luxembourg/merge', { into: 'luxembourg' }, '/en/tags/luxembourg/edit'))
          .statusCode,
        400,
      );
      const merged = await as.admin.post('/en/tags/luxembourg/merge', { into: 'meeting' }, '/en/tags/luxembourg/edit');
      assert.equal(merged.statusCode, 303);
      assert.equal(merged.headers.location, '/en/tags/meeting');
      assert.equal((await as.visitor.get('/en/tags/luxembourg')).statusCode, 404);
      const post = (await as.visitor.get(`/api/v1${SEED.replace('/news/', '/posts/')}`)).json();
      assert.deepEqual(
        post.tags.map((tag: { slug: string }) => tag.slug),
        ['meeting', 'digital-transition', 'implementation', 'digital-cities-challenge', 'dg-cnect'],
      );
      const audit = await urbis.ctx.db
        .selectFrom('core_audit_log')
        .select(['action', 'subject_id'])
        .where('action', 'like', 'tags.%')
        .orderBy('id')
        .execute();
      assert.deepEqual(audit, [
        { action: 'tags.rename', subject_id: 'luxembourg' },
        { action: 'tags.merge', subject_id: 'meeting' },
      ]);
    },
  );
});
