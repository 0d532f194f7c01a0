// The register's pages wired together, both engines: an item's page shows "Edit" to editors only,
// "History" to whoever may see it, the follow button as the reader stands (a sign-in link for a
// visitor) and the other parts' sections (what it fits); the programme's page its follow button and
// "Edit" for editors; the register its feeds (<link rel="alternate"> and visible links), a topic's
// follow button when filtered by one topic, and each role's links. What is one reader's never
// reaches another: a visitor's page, kept in the page cache, never shows an editor's link.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { forEachEngine } from '../../../test/helpers/app.js';
import { setUpFunding } from '../../../test/support/funding-edit.js';
import { followAs } from '../../../test/support/funding-follow.js';

const EDITORS = ['Add an item', 'Add a programme', 'Review suggestions'];
const SUGGESTERS = ['Suggest an item', 'Your suggestions'];

/** The register's role links a page shows, by label, in the links' navigation. */
function linksOf(html: string): string[] {
  const nav = /<nav class="links"[^>]*>([\s\S]*?)<\/nav>/.exec(html)?.[1] ?? '';
  return [...nav.matchAll(/<a href="[^"]*">([^<]*)<\/a>/g)].map((m) => m[1]!);
}

forEachEngine('funding: the register’s links, follow buttons and sections', (engine) => {
  test('an item: Edit for editors only, History for its readers, follow state, what it fits', async (t) => {
    const { urbis, as, ids } = await setUpFunding(t, engine);
    const db = urbis.ctx.db;
    const item = await db
      .selectFrom('funding_opportunities')
      .select(['id', 'title'])
      .where('state', '=', 'published')
      .orderBy('id')
      .executeTakeFirstOrThrow();
    const path = `/en/funding/${item.id}`;
    const edit = `href="/en/funding/${item.id}/edit"`;
    const history = `href="/en/funding/${item.id}/history"`;

    // An editor first: their links must not stay for the visitors after them (the page cache).
    const asEditor = await as.editor.get(path);
    assert.equal(asEditor.statusCode, 200);
    assert.ok(asEditor.body.includes(edit), 'an editor gets Edit');
    assert.ok(asEditor.body.includes(history));
    assert.match(asEditor.body, /Follow this item/);
    assert.match(asEditor.body, /What it fits/);
    for (const round of ['first', 'cached']) {
      const visitor = await as.visitor.get(path);
      assert.equal(visitor.statusCode, 200, round);
      assert.ok(!visitor.body.includes(edit), `a visitor (${round}) gets no Edit`);
      assert.doesNotMatch(visitor.body, /Edit this item|Stop following|Follow this item/, round);
      assert.ok(visitor.body.includes(history), `a visitor (${round}) gets History`);
      assert.match(visitor.body, /Sign in to follow it by e-mail/, round);
      assert.ok(visitor.body.includes(`next=${encodeURIComponent(path)}`), round);
      assert.match(visitor.body, /What it fits/, round);
    }
    assert.ok((await as.admin.get(path)).body.includes(edit), 'an administrator gets Edit');

    // A member: no Edit; the button follows their own state, read fresh.
    const before = await as.member.get(path);
    assert.ok(!before.body.includes(edit));
    assert.ok(before.body.includes(history));
    assert.match(before.body, /Follow this item/);
    assert.doesNotMatch(before.body, /Stop following this item/);
    await followAs(urbis.ctx, ids.member, 'item', item.id);
    const after = await as.member.get(path);
    assert.match(after.body, /Stop following this item/);
    assert.match(after.body, /You follow it/);
    // The editor's own state is theirs: still not following.
    assert.doesNotMatch((await as.editor.get(path)).body, /Stop following this item/);
    // The button's form comes back to the item's page, and stops following.
    const stop = await as.member.post(
      '/en/funding/follows/remove',
      { type: 'item', key: String(item.id), back: path },
      path,
    );
    assert.equal(stop.statusCode, 303);
    assert.equal(stop.headers.location, path);
    assert.match((await as.member.get(path)).body, /Follow this item/);

    // The JSON twin carries none of the reader's own.
    const json = (await as.editor.get(`/api/v1/funding/${item.id}`)).json() as Record<string, unknown>;
    assert.equal(json.id, item.id);
    assert.ok(!('mayEdit' in json) && !('following' in json));
  });

  test('a programme: Edit for editors, its follow button', async (t) => {
    const { urbis, as, ids } = await setUpFunding(t, engine);
    const programme = await urbis.ctx.db
      .selectFrom('funding_programmes')
      .select(['id', 'slug'])
      .orderBy('id')
      .executeTakeFirstOrThrow();
    const path = `/en/funding/programmes/${programme.slug}`;
    const edit = `href="/en/funding/programmes/${programme.slug}/edit"`;
    assert.ok((await as.editor.get(path)).body.includes(edit));
    for (const round of ['first', 'cached']) {
      const visitor = await as.visitor.get(path);
      assert.equal(visitor.statusCode, 200);
      assert.ok(!visitor.body.includes(edit), round);
      assert.match(visitor.body, /Sign in to follow it by e-mail/, round);
    }
    const member = await as.member.get(path);
    assert.ok(!member.body.includes(edit));
    assert.match(member.body, /Follow this programme/);
    await followAs(urbis.ctx, ids.member, 'programme', programme.id);
    assert.match((await as.member.get(path)).body, /Stop following this programme/);
  });

  test('the register: feeds, a topic to follow, the links of each role', async (t) => {
    const { urbis, as } = await setUpFunding(t, engine);
    const topic = await urbis.ctx.db
      .selectFrom('tags')
      .innerJoin('taggings', 'taggings.tag_id', 'tags.id')
      .innerJoin('funding_opportunities as o', 'o.id', 'taggings.subject_id')
      .select('tags.slug')
      .where('taggings.subject_type', '=', 'opportunity')
      .where('o.state', '=', 'published')
      .orderBy('tags.slug')
      .executeTakeFirstOrThrow();

    // Editors first, then visitors: nothing of theirs stays in the cached page.
    const editor = (await as.editor.get('/en/funding')).body;
    assert.deepEqual(linksOf(editor), [...EDITORS, ...SUGGESTERS, 'What I follow']);
    assert.deepEqual(linksOf((await as.admin.get('/en/funding')).body), [
      ...EDITORS,
      ...SUGGESTERS,
      'Funding editors',
      'What I follow',
    ]);
    for (const round of ['first', 'cached']) {
      const visitor = await as.visitor.get('/en/funding');
      assert.equal(visitor.statusCode, 200);
      assert.deepEqual(linksOf(visitor.body), [], round);
      for (const label of [...EDITORS, ...SUGGESTERS, 'Funding editors', 'What I follow'])
        assert.ok(!visitor.body.includes(`>${label}<`), `${round}: ${label}`);
      assert.match(
        visitor.body,
        /<link rel="alternate" type="text\/calendar" href="\/en\/funding\/deadlines\.ics"/,
        round,
      );
      assert.match(
        visitor.body,
        /<link rel="alternate" type="application\/atom\+xml" href="\/en\/funding\/feed\.atom"/,
      );
      assert.match(visitor.body, /These deadlines in your calendar \(iCalendar\)/);
      assert.match(visitor.body, /New items as a feed \(Atom\)/);
      assert.doesNotMatch(visitor.body, /Follow the topic/, 'no topic: no button');
    }
    assert.deepEqual(linksOf((await as.member.get('/en/funding')).body), [...SUGGESTERS, 'What I follow']);
    assert.deepEqual(linksOf((await as.loner.get('/en/funding')).body), ['What I follow']);

    // Filtered by one topic: the calendar takes the same query, and the topic may be followed.
    const filtered = `/en/funding?topic=${topic.slug}`;
    const visitor = (await as.visitor.get(filtered)).body;
    assert.ok(visitor.includes(`type="text/calendar" href="/en/funding/deadlines.ics?topic=${topic.slug}"`));
    assert.match(visitor, /Sign in to follow it by e-mail/);
    const member = (await as.member.get(filtered)).body;
    assert.match(member, /Follow the topic /);
    const followed = await as.member.post(
      '/en/funding/follows',
      { type: 'topic', key: topic.slug, back: filtered },
      filtered,
    );
    assert.equal(followed.statusCode, 303);
    assert.equal(followed.headers.location, filtered);
    assert.match((await as.member.get(filtered)).body, /Stop following the topic /);
    // Two topics: no button (which one would it be?).
    const two = (await as.member.get(`${filtered}&topic=a-topic-nobody-uses`)).body;
    assert.doesNotMatch(two, /following the topic|Follow the topic/);
    // A topic no published item carries is none to follow.
    assert.doesNotMatch((await as.member.get('/en/funding?topic=a-topic-nobody-uses')).body, /Follow the topic/);
  });
});
