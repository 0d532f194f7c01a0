import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fromFlag } from '../../core/db/dialect.js';
import { forEachEngine } from '../../../test/helpers/app.js';
import { signInOnce, withPartnershipPeople } from '../../../test/support/partnerships.js';

const SEED = 'luxembourg-meeting-on-implementing-and-scaling-up-the-actions';

/** The related items' paths an item's page shows (the section's links), in order. */
function relatedLinks(html: string): string[] {
  const section = /<section class="related" aria-labelledby="related-heading">(.*?)<\/section>/s.exec(html)?.[1] ?? '';
  return [...section.matchAll(/<a href="([^"]*)"/g)].map(([, href]) => href!);
}

forEachEngine('related content under an item', (engine) => {
  test('items sharing tags, ranked by tags then partnership, only visible ones, never the item itself', async (t) => {
    const { urbis, dtp } = await withPartnershipPeople(t, engine);
    const db = urbis.ctx.db;
    const now = new Date().toISOString();
    const posts = await db
      .selectFrom('news_posts')
      .innerJoin('partnerships', 'partnerships.id', 'news_posts.partnership_id')
      .select([
        'news_posts.id',
        'news_posts.slug',
        'news_posts.partnership_id',
        'news_posts.members_only',
        'partnerships.slug as at',
      ])
      .where('status', '=', 'published')
      .where('published_at', '<=', now)
      .orderBy('news_posts.id')
      .execute();
    const seed = posts.find((p) => p.slug === SEED)!;
    const inDtp = posts.filter((p) => p.partnership_id === dtp && p.id !== seed.id && !fromFlag(p.members_only));
    const elsewhere = posts.filter((p) => p.partnership_id !== dtp && !fromFlag(p.members_only));
    const membersOnly = posts.find((p) => p.partnership_id === dtp && fromFlag(p.members_only))!;
    assert.ok(membersOnly && inDtp.length >= 4 && elsewhere.length >= 3, 'the demo has the posts this test needs');
    const path = (p: (typeof posts)[number]) => `/partnerships/${p.at}/news/${p.slug}`;

    // The index's tags, as this test sets them: only these documents have any.
    const docOf = async (id: number) =>
      (
        await db
          .selectFrom('search_documents')
          .select('id')
          .where('type', '=', 'post')
          .where('item_id', '=', id)
          .executeTakeFirstOrThrow()
      ).id;
    await db.deleteFrom('search_tags').execute();
    const tag = async (p: (typeof posts)[number], tags: string[]) => {
      const document = await docOf(p.id);
      await db
        .insertInto('search_tags')
        .values(tags.map((t) => ({ document_id: document, tag: t })))
        .execute();
    };
    const [three, two, oneHere, oneHereToo] = inDtp;
    const [oneThere, unrelated, oneThereToo] = elsewhere;
    await tag(seed, ['mobility', 'data', 'cities']);
    await tag(three!, ['mobility', 'data', 'cities', 'other']);
    await tag(membersOnly, ['mobility', 'data', 'cities']);
    await tag(two!, ['data', 'cities']);
    await tag(oneThere!, ['cities']);
    await tag(oneThereToo!, ['mobility']);
    await tag(oneHere!, ['data']);
    await tag(oneHereToo!, ['mobility']);
    await tag(unrelated!, ['elsewhere']);

    const member = await signInOnce(urbis, 'lotte');
    const api = async (cookie: string, type: string, id: number | string) =>
      urbis.app.inject({ url: `/api/v1/related/${type}/${id}`, headers: { cookie } });
    const related = async (cookie: string) => {
      const response = await api(cookie, 'post', seed.id);
      assert.equal(response.statusCode, 200, response.body);
      return (response.json() as { items: { path: string; sharedTags: number; type: string }[] }).items;
    };

    // A visitor: the most tags in common first; then the item's own partnership; at most five.
    const seen = await related('');
    assert.equal(seen.length, 5);
    assert.deepEqual(
      seen.slice(0, 2).map((i) => [i.path, i.sharedTags]),
      [
        [path(three!), 3],
        [path(two!), 2],
      ],
    );
    // Of the four with one tag in common, the two of the same partnership come first.
    const ones = seen.slice(2).map((i) => i.path);
    assert.ok(ones.every((p) => [path(oneHere!), path(oneHereToo!), path(oneThere!), path(oneThereToo!)].includes(p)));
    assert.ok(
      [path(oneHere!), path(oneHereToo!)].every((p) => ones.slice(0, 2).includes(p)),
      ones.join('\n'),
    );
    assert.ok(!seen.some((i) => i.path === path(seed) || i.path === path(membersOnly) || i.path === path(unrelated!)));

    // A member also sees the members-only post, first (three tags in common, same partnership, newer or not).
    const members = await related(member);
    assert.ok(
      members.slice(0, 2).some((i) => i.path === path(membersOnly)),
      members.map((i) => i.path).join('\n'),
    );

    // The post's page shows the same, under the post.
    const page = relatedLinks((await urbis.app.inject(`/en${path(seed)}`)).body);
    assert.deepEqual(
      page,
      seen.map((i) => `/en${i.path}`),
    );
    assert.ok(
      relatedLinks((await urbis.app.inject({ url: `/en${path(seed)}`, headers: { cookie: member } })).body).includes(
        `/en${path(membersOnly)}`,
      ),
    );
    // Czech: the heading and the type in Czech.
    assert.match((await urbis.app.inject(`/cs${path(seed)}`)).body, /<h2 id="related-heading">Související<\/h2>/);

    // Nothing related: no section, no heading.
    assert.doesNotMatch((await urbis.app.inject(`/en${path(unrelated!)}`)).body, /related-heading/);

    // The members-only post's related items: its members only; for anyone else it does not exist.
    assert.equal((await api('', 'post', membersOnly.id)).statusCode, 404);
    assert.equal((await api(member, 'post', membersOnly.id)).statusCode, 200);
    // A type no module has, an id that is not one: 404.
    for (const [type, id] of [
      ['nothing', seed.id],
      ['post', 999999],
      ['post', '0'],
      ['post', '2147483648'],
      ['post', '1e3'],
      ['post', 'x'],
      ['%00', seed.id],
    ] as const)
      assert.equal((await api('', type, id)).statusCode, 404, `${type}/${id}`);
  });
});
