// The register's topics, both engines: the filter form offers the most carried few (and any the
// filter names beside them), however many topics the platform has; the topics page and
// `/api/v1/funding/topics` list every one with how many published items carry it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildTestApp, forEachEngine } from '../../../test/helpers/app.js';
import { ensureTags, setTaggings } from '../tags/index.js';
import { TOPICS_IN_FORM, type TopicShown } from './funding.reads.js';

const topicBoxes = (html: string) =>
  [...html.matchAll(/<input type="checkbox" id="field-topic-([a-z0-9-]+)"/g)].map((m) => m[1]);

forEachEngine('funding: the register’s topics', (engine) => {
  test('the form offers the most carried, the topics page all of them', async (t) => {
    const { app, ctx } = await buildTestApp(t, engine, { demo: true });
    const before = JSON.parse((await app.inject('/api/v1/funding/topics')).body) as { items: TopicShown[] };
    assert.ok(before.items.length > 0);

    // Twenty more topics, each on one published item (fewer than any demo topic that two carry).
    const item = await ctx.db
      .selectFrom('funding_opportunities')
      .select(['id', 'created_at'])
      .where('state', '=', 'published')
      .orderBy('id')
      .executeTakeFirstOrThrow();
    const own = await ctx.db
      .selectFrom('taggings')
      .select('tag_id')
      .where('subject_type', '=', 'opportunity')
      .where('subject_id', '=', item.id)
      .execute();
    const extra = await ensureTags(
      ctx.db,
      Array.from({ length: 20 }, (_, i) => `Rare topic ${String(i + 1).padStart(2, '0')}`),
      'en',
    );
    await setTaggings(ctx.db, {
      type: 'opportunity',
      id: item.id,
      tagIds: [...own.map((r) => r.tag_id), ...extra],
      publishedAt: item.created_at,
      isPublic: true,
      partnershipId: null,
    });

    const apiTopics = async (lang: string) =>
      (
        JSON.parse(
          (await app.inject({ url: '/api/v1/funding/topics', headers: { 'accept-language': lang } })).body,
        ) as { items: TopicShown[] }
      ).items;
    const res = await app.inject('/api/v1/funding/topics');
    assert.equal(res.statusCode, 200);
    const { items } = JSON.parse(res.body) as { items: TopicShown[] };
    assert.equal(items.length, before.items.length + 20);
    const counts = items.map((tag) => tag.items);
    assert.deepEqual(
      counts,
      [...counts].sort((a, b) => b - a),
      'the most carried first',
    );
    assert.ok(counts.every((n) => n >= 1));
    const digital = items.find((tag) => tag.slug === 'digital-transition');
    const carrying = JSON.parse(
      (
        await app.inject(
          '/api/v1/funding?topic=digital-transition&limit=100&' +
            'status=forthcoming&status=open&status=closing_soon&status=closed',
        )
      ).body,
    ) as { total: number };
    assert.equal(digital?.items, carrying.total, 'the count is that of the register filtered by it');

    for (const lang of ['en', 'cs']) {
      const html = (await app.inject(`/${lang}/funding`)).body;
      const offered = topicBoxes(html);
      const top = (await apiTopics(lang)).slice(0, TOPICS_IN_FORM).map((tag) => tag.slug);
      assert.deepEqual([...offered].sort(), [...top].sort(), `${lang}: the most carried`);
      assert.equal(offered.length, TOPICS_IN_FORM);
      assert.match(html, new RegExp(`href="/${lang}/funding/topics"`));
      const page = await app.inject(`/${lang}/funding/topics`);
      assert.equal(page.statusCode, 200);
      for (const tag of items) assert.ok(page.body.includes(`href="/${lang}/funding?topic=${tag.slug}"`), tag.slug);
    }
    // A topic the filter names is offered (checked) beside the most carried.
    const rare = items.at(-1)!.slug;
    const filtered = (await app.inject(`/en/funding?topic=${rare}`)).body;
    assert.ok(topicBoxes(filtered).includes(rare));
    assert.match(filtered, new RegExp(`id="field-topic-${rare}" name="topic" value="${rare}" checked`));
    assert.equal(topicBoxes(filtered).length, TOPICS_IN_FORM + 1);
  });
});
