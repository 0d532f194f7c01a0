import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compileErrors, validate } from '@readme/openapi-parser';
import { buildTestApp, forEachEngine } from '../../../test/helpers/app.js';

interface OpenApiOperation {
  summary?: string;
  tags?: string[];
  parameters?: { in: string; name: string; required?: boolean }[];
  responses?: Record<
    string,
    { content?: Record<string, { schema?: { type?: string; properties?: Record<string, unknown> } }> }
  >;
}
type OpenApiDocument = {
  openapi: string;
  info: { title: string };
  paths: Record<string, Record<string, OpenApiOperation>>;
};

forEachEngine('site', (engine) => {
  test('/api/openapi.json is a valid OpenAPI 3.1 document', async (t) => {
    const { app } = await buildTestApp(t, engine);
    const response = await app.inject('/api/openapi.json');
    assert.equal(response.statusCode, 200);
    assert.match(String(response.headers['content-type']), /^application\/json/);
    const document = response.json() as OpenApiDocument;
    assert.equal(document.openapi, '3.1.0');
    const result = await validate(structuredClone(document) as never);
    assert.ok(result.valid, result.valid ? '' : compileErrors(result));
    assert.deepEqual(result.warnings, []);
  });

  test('the OpenAPI document lists the partnership endpoints with their parameters and response schemas', async (t) => {
    const { app } = await buildTestApp(t, engine);
    const { paths } = (await app.inject('/api/openapi.json')).json() as OpenApiDocument;
    const list = paths['/api/v1/partnerships']?.get;
    const one = paths['/api/v1/partnerships/{slug}']?.get;
    assert.ok(list, 'GET /api/v1/partnerships is documented');
    assert.ok(one, 'GET /api/v1/partnerships/{slug} is documented');
    assert.ok(list.summary);
    assert.deepEqual(list.tags, ['partnerships']);
    assert.deepEqual((list.parameters ?? []).map((p) => `${p.in}:${p.name}`).sort(), ['query:after', 'query:limit']);
    assert.deepEqual(
      (one.parameters ?? []).map((p) => `${p.in}:${p.name}:${p.required}`),
      ['path:slug:true'],
      'only the slug; the API has no {lang}',
    );
    const listSchema = list.responses?.['200']?.content?.['application/json']?.schema;
    assert.equal(listSchema?.type, 'object');
    assert.deepEqual(Object.keys(listSchema?.properties ?? {}).sort(), ['items', 'next']);
    const oneSchema = one.responses?.['200']?.content?.['application/json']?.schema;
    assert.ok(
      oneSchema?.properties &&
        'slug' in oneSchema.properties &&
        'title' in oneSchema.properties &&
        'languages' in oneSchema.properties,
    );
    // Pages, the health check and the document itself are not API endpoints.
    assert.deepEqual(
      Object.keys(paths).filter((p) => !p.startsWith('/api/v1/')),
      [],
    );
  });

  test('the readable API page lists every endpoint of the document, in the reader’s language', async (t) => {
    const { app } = await buildTestApp(t, engine);
    const { paths } = (await app.inject('/api/openapi.json')).json() as OpenApiDocument;
    const operations = Object.entries(paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
    );
    assert.ok(operations.length >= 2);
    const page = await app.inject('/en/api');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<h1>Open data and API<\/h1>/);
    assert.match(page.body, /href="\/api\/openapi\.json"/);
    assert.match(page.body, /<code>\/api\/v1\/partnerships<\/code>/);
    assert.match(page.body, /<code>\/api\/v1\/partnerships\/\{slug\}<\/code>/);
    assert.ok(
      page.body.includes(`<caption>${operations.length} endpoints</caption>`),
      `the caption counts ${operations.length} endpoints`,
    );
    for (const operation of operations) {
      const [method, path] = operation.split(' ');
      assert.ok(page.body.includes(`<code>${path}</code></th><td>${method}</td>`), `the page lists ${operation}`);
    }
    const cs = await app.inject('/cs/api');
    assert.match(cs.body, /<html lang="cs"/);
    assert.match(cs.body, /Otevřená data a API/);
    assert.match(cs.body, /<code>\/api\/v1\/partnerships\/\{slug\}<\/code>/);
  });

  test('the home and accessibility pages are there in each language', async (t) => {
    const { app } = await buildTestApp(t, engine);
    for (const [url, text] of [
      ['/en/', 'Partnerships that turn plans into change'],
      ['/en/accessibility', 'Accessibility statement'],
      ['/cs/accessibility', '<html lang="cs"'],
    ] as const) {
      const response = await app.inject(url);
      assert.equal(response.statusCode, 200, url);
      assert.ok(response.body.includes(text), `${url} shows ${text}`);
      assert.match(response.body, /<link rel="alternate" hreflang="cs"/i, `${url} names its Czech twin`);
    }
  });

  test('the home page offers every language, each named in itself, by the switcher that keeps the page', async (t) => {
    const { app } = await buildTestApp(t, engine);
    const en = await app.inject('/en/accessibility');
    assert.match(en.body, /href="\/language\/cs\?path=%2Faccessibility"[^>]*>Čeština</);
    const cs = await app.inject('/cs/accessibility');
    assert.match(cs.body, /href="\/language\/en\?path=%2Faccessibility"[^>]*>English</);
  });
});
