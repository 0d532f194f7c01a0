// Text no database should keep, and names that could pass for others (issue 11, finding 4): a NUL or a
// lone surrogate is refused (400, nothing stored) wherever text comes in; bidirectional controls and
// zero-width characters are stripped from names, titles and tags; a comment keeps them in its own
// paragraph. On both engines (PostgreSQL refused NUL with a 500, SQLite stored it).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Urbis } from '../src/app.js';
import { DEMO_PASSWORD } from '../src/modules/people/index.js';
import { buildTestApp, forEachEngine } from './helpers/app.js';
import { Browser, countRows, createAccessToken, registration } from './support/accounts.js';

const SEED_POST = 'luxembourg-meeting-on-implementing-and-scaling-up-the-actions';
const POSTS = '/api/v1/partnerships/digital-transition/posts';

async function adminOf(urbis: Urbis) {
  const row = await urbis.ctx.db
    .selectFrom('users')
    .select('id')
    .where('handle', '=', 'admin')
    .executeTakeFirstOrThrow();
  const { token } = await createAccessToken(urbis.ctx, row.id, 'hostile text');
  const browser = new Browser(urbis.app, { remoteAddress: '10.2.0.2' });
  assert.equal((await browser.signIn('admin@demo.urbis.eu', DEMO_PASSWORD)).statusCode, 303);
  const api = (method: 'POST' | 'GET', url: string, payload?: string) =>
    urbis.app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      ...(payload !== undefined ? { payload } : {}),
    });
  return { id: row.id, browser, api };
}

const displayName = async (urbis: Urbis, handle: string) =>
  (await urbis.ctx.db.selectFrom('users').select('display_name').where('handle', '=', handle).executeTakeFirst())
    ?.display_name;

const seedPostId = async (urbis: Urbis) =>
  (await urbis.ctx.db.selectFrom('news_posts').select('id').where('slug', '=', SEED_POST).executeTakeFirstOrThrow()).id;

// JSON with escapes, so that the lone surrogate reaches the server as one (as UTF-8 it could not be sent).
const NUL = '\\u0000';
const LONE = '\\ud800';

forEachEngine('hostile text', (engine) => {
  test('a NUL or a lone surrogate is refused with a 400, and nothing is stored', async (t) => {
    const urbis = await buildTestApp(t, engine, { demo: true });
    const admin = await adminOf(urbis);
    const posts = await countRows(urbis.ctx.db, 'news_posts');
    const comments = await countRows(urbis.ctx.db, 'comments');
    const tags = await countRows(urbis.ctx.db, 'tags');
    const users = await countRows(urbis.ctx.db, 'users');
    const postId = await seedPostId(urbis);

    for (const bad of [NUL, LONE]) {
      // A post's title, its tags, a comment's body: the API.
      for (const [url, body, field] of [
        [POSTS, `{"title":"A${bad}B","body":"Body.","lang":"en"}`, 'title'],
        [POSTS, `{"title":"Fine","body":"Body.","lang":"en","tags":"one, tw${bad}o"}`, 'tags'],
        ['/api/v1/comments', `{"type":"post","id":${postId},"body":"Hello ${bad} there"}`, 'body'],
      ] as const) {
        const response = await admin.api('POST', url, body);
        assert.equal(response.statusCode, 400, `${url} ${body}: ${response.body.slice(0, 300)}`);
        const problem = response.json();
        assert.match(String(response.headers['content-type']), /^application\/problem\+json/);
        assert.ok(
          problem.errors?.some((e: { pointer: string }) => e.pointer === `/body/${field}`),
          JSON.stringify(problem),
        );
      }
    }
    // The HTML forms: a display name, a comment, a post's title.
    const before = await displayName(urbis, 'admin');
    const nul = '\u0000';
    const profile = await admin.browser.post(
      '/en/settings/profile',
      { displayName: `Demo${nul}Admin` },
      '/en/settings/profile',
    );
    assert.equal(profile.statusCode, 400);
    assert.match(profile.body, /cannot be kept/);
    assert.equal(await displayName(urbis, 'admin'), before);
    const comment = await admin.browser.post(
      '/en/comments',
      { type: 'post', id: String(postId), body: `Hi${nul}` },
      `/en/partnerships/digital-transition/news/${SEED_POST}`,
    );
    assert.equal(comment.statusCode, 400);
    const written = await admin.browser.post(
      '/en/partnerships/digital-transition/news',
      { title: `T${nul}`, body: 'Body.', lang: 'en' },
      '/en/partnerships/digital-transition/news/new',
    );
    assert.equal(written.statusCode, 400);
    const registered = await new Browser(urbis.app, { remoteAddress: '10.2.0.9' }).register(
      registration({ displayName: `Jana${nul}` }),
    );
    assert.equal(registered.statusCode, 400);
    // A NUL in an address: a 404 for a path, a 400 for a query.
    assert.equal((await admin.browser.get('/en/people/ad%00min')).statusCode, 404);
    assert.equal((await admin.browser.get('/en/partnerships?after=%00')).statusCode, 400);

    assert.equal(await countRows(urbis.ctx.db, 'news_posts'), posts);
    assert.equal(await countRows(urbis.ctx.db, 'comments'), comments);
    assert.equal(await countRows(urbis.ctx.db, 'tags'), tags);
    assert.equal(await countRows(urbis.ctx.db, 'users'), users);
  });

  test('bidirectional controls and zero-width characters are stripped from names, titles and tags', async (t) => {
    const urbis = await buildTestApp(t, engine, { demo: true });
    const admin = await adminOf(urbis);

    // A display name that would pass for another's.
    const saved = await admin.browser.post(
      '/en/settings/profile',
      { displayName: 'Demo\u200bAdmini\u202estrator\u2066\u2069\ufeff' },
      '/en/settings/profile',
    );
    assert.equal(saved.statusCode, 303, saved.body.slice(0, 300));
    assert.equal(await displayName(urbis, 'admin'), 'DemoAdministrator');
    // An emoji sequence keeps its joiner; a joiner between letters goes.
    await admin.browser.post(
      '/en/settings/profile',
      { displayName: 'Ana \u{1f469}\u200d\u{1f4bb} B\u200dC' },
      '/en/settings/profile',
    );
    assert.equal(await displayName(urbis, 'admin'), 'Ana \u{1f469}\u200d\u{1f4bb} BC');
    // At registration too.
    const visitor = new Browser(urbis.app, { remoteAddress: '10.2.0.8' });
    assert.equal(
      (await visitor.register(registration({ displayName: '\u200fJana\u200e Nováková\u061c' }))).statusCode,
      200,
    );
    assert.equal(await displayName(urbis, 'jana'), 'Jana Nováková');

    // A post's title and its tags, through the API.
    const created = await admin.api(
      'POST',
      POSTS,
      JSON.stringify({
        title: 'Smart\u200b cities\u202e report',
        body: 'Body keeps \u200b what it has.',
        lang: 'en',
        tags: 'green\u200c city, \u2067mobility\u2069',
      }),
    );
    assert.equal(created.statusCode, 201, created.body.slice(0, 300));
    const post = created.json();
    assert.equal(post.title, 'Smart cities report');
    assert.deepEqual(
      post.tags.map((tag: { label: string; slug: string }) => [tag.label, tag.slug]),
      [
        ['green city', 'green-city'],
        ['mobility', 'mobility'],
      ],
    );
    const stored = await urbis.ctx.db
      .selectFrom('news_posts')
      .select(['title', 'body'])
      .where('slug', '=', post.slug)
      .executeTakeFirstOrThrow();
    assert.equal(stored.title, 'Smart cities report');
    assert.equal(stored.body, 'Body keeps \u200b what it has.', 'a body is not a name: left as written');
    const labels = await urbis.ctx.db
      .selectFrom('tag_labels')
      .select('label')
      .where('label', 'like', '%mobility%')
      .execute();
    assert.deepEqual(
      labels.map((l) => l.label),
      ['mobility'],
    );
  });

  test('a comment keeps its bidirectional controls inside its own paragraph', async (t) => {
    const urbis = await buildTestApp(t, engine, { demo: true });
    const admin = await adminOf(urbis);
    const postId = await seedPostId(urbis);
    const body = 'quoting \u202etxet desrever\u202c here';
    const response = await admin.api('POST', '/api/v1/comments', JSON.stringify({ type: 'post', id: postId, body }));
    assert.equal(response.statusCode, 201, response.body.slice(0, 300));
    assert.equal(response.json().body, body);
    const page = (await urbis.app.inject(`/en/partnerships/digital-transition/news/${SEED_POST}`)).body;
    const at = page.indexOf('\u202e');
    assert.ok(at > 0, 'the comment is on the page');
    // The override opens and ends inside one <p> of the comment's body: it cannot turn the author's
    // name, the date or the links around it.
    const opened = page.lastIndexOf('<', at);
    assert.equal(page.slice(opened, opened + 3), '<p>');
    assert.ok(page.lastIndexOf('<div class="comment__body"', at) > page.lastIndexOf('</div>', at));
    const closed = page.indexOf('<', at);
    assert.equal(page.slice(closed, closed + 4), '</p>');
  });
});
