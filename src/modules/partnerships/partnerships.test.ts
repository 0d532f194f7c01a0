import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildTestApp, forEachEngine } from '../../../test/helpers/app.js';

forEachEngine('partnerships', (engine) => {
  test('the home page lists the demo partnerships in English, with Czech titles in Czech', async (t) => {
    const { app } = await buildTestApp(t, engine, { demo: true });
    const en = await app.inject('/en/');
    assert.equal(en.statusCode, 200);
    assert.match(en.body, /Digital Transition/);
    const cs = await app.inject('/cs/');
    assert.equal(cs.statusCode, 200);
    assert.match(cs.body, /<html lang="cs"/);
    assert.match(cs.body, /Digitální transformace/);
  });

  test('the list is keyset-paginated in the API and the next cursor leads to the rest', async (t) => {
    const { app } = await buildTestApp(t, engine, { demo: true });
    const first = (await app.inject('/api/v1/partnerships?limit=15')).json();
    assert.equal(first.items.length, 15);
    assert.ok(first.next);
    const second = (await app.inject(`/api/v1/partnerships?limit=15&after=${first.next}`)).json();
    assert.equal(second.items.length, 5);
    assert.equal(second.next, null);
    const slugs = new Set([...first.items, ...second.items].map((p: { slug: string }) => p.slug));
    assert.equal(slugs.size, 20);
  });

  test('a partnership is served as HTML and as JSON, in the reader’s language', async (t) => {
    const { app } = await buildTestApp(t, engine, { demo: true });
    const html = await app.inject('/cs/partnerships/digital-transition');
    assert.equal(html.statusCode, 200);
    assert.match(html.body, /<h1 class="hub__title">Digitální transformace<\/h1>/);
    const json = await app.inject({
      url: '/api/v1/partnerships/digital-transition',
      headers: { 'accept-language': 'cs' },
    });
    assert.equal(json.statusCode, 200);
    assert.equal(json.json().title, 'Digitální transformace');
    assert.equal(json.json().lang, 'cs');
    assert.deepEqual(json.json().languages, ['en', 'cs']);
  });

  test('an unknown partnership is a 404 page, and a problem document in the API', async (t) => {
    const { app } = await buildTestApp(t, engine, { demo: true });
    const html = await app.inject('/en/partnerships/no-such-thing');
    assert.equal(html.statusCode, 404);
    assert.match(html.headers['content-type'] as string, /text\/html/);
    const api = await app.inject('/api/v1/partnerships/no-such-thing');
    assert.equal(api.statusCode, 404);
    assert.match(api.headers['content-type'] as string, /application\/problem\+json/);
    assert.equal(api.json().status, 404);
  });
});
