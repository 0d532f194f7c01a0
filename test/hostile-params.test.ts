// Every id, cursor and limit of every route, from the route table and from the OpenAPI document, sent
// values no table holds (issue 11, finding 4): a 404 for a path, a 400 for a query, never a 5xx, on both
// engines, for a visitor and for a signed-in administrator (who may reach every page).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { DEMO_PASSWORD } from '../src/modules/people/index.js';
import { buildTestApp, forEachEngine } from './helpers/app.js';
import { Browser } from './support/accounts.js';

/** The values of the issue, as they go into an address (NUL percent-encoded). */
const HOSTILE = ['2147483648', '1e300', 'Infinity', '-1', '0.5', 'NaN', '%00', '-Infinity', '1e400', '3000000000'];
/**
 * For a `<ms>.<id>` cursor (`0.5` is one: the epoch and id 5), a time or an id out of range
 * instead; the other cursors (`<year>.<id>`, base64 JSON) take these besides.
 */
const HOSTILE_CURSORS = ['1.2147483648', '99999999999999999.1', '1.99999999999999999999', '1.0'];
const forTimeCursor = [...HOSTILE.filter((v) => v !== '0.5'), ...HOSTILE_CURSORS];

/** A real value for each path parameter, so that only the one under test is wrong. */
const FILL: Record<string, string> = {
  lang: 'en',
  code: 'cs',
  file: 'none.css',
  handle: 'admin',
  token: 'x'.repeat(43),
  post: 'luxembourg-meeting-on-implementing-and-scaling-up-the-actions',
  page: 'about',
  id: '1',
  filename: 'file.png',
  // Action 4 and the 4th meeting of the demo's Digital Transition Partnership.
  number: '4',
};
const slugFor = (path: string): string =>
  path.includes('/organisations/') ? 'oulu' : path.includes('/tags/') ? 'meeting' : 'digital-transition';

/** Query parameters that routes read as ids, cursors and limits, by route (HTML and JSON twins). */
const QUERY_PARAMS: [route: RegExp, names: string[]][] = [
  [/^\/:lang\/partnerships$/, ['after', 'limit']],
  [/^\/:lang\/organisations$/, ['after', 'limit']],
  [/^\/:lang\/partnerships\/:slug\/news$/, ['after']],
  [/^\/:lang\/tags\/:slug$/, ['after']],
  [/^\/:lang\/tags$/, []],
  [/^\/:lang\/comments\/reported$/, ['before']],
  [/^\/:lang\/admin\/audit$/, ['before']],
  [/^\/:lang\/partnerships\/:slug\/audit$/, ['before']],
  [/^\/:lang\/notifications$/, ['after']],
  [/^\/:lang\/follows$/, ['after', 'limit']],
  [/^\/:lang\/activity$/, ['before']],
  // The comments under a post: which thread is open, and the page of the thread.
  [/^\/:lang\/partnerships\/:slug\/news\/:post$/, ['thread', 'comments_after', 'comments_before']],
];
/** Names tried on every other page: it may ignore them (200), never fail on them. */
const EVERY_NAME = ['after', 'before', 'limit', 'id', 'thread', 'comments_after', 'comments_before', 'page'];

interface Route {
  method: string;
  path: string;
}

/** The route table, read from Fastify's own print of it (one line per node, methods in brackets). */
function routesOf(app: FastifyInstance): Route[] {
  const routes: Route[] = [];
  const stack: { depth: number; path: string }[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const match = /^([│ ]*)[└├]── (.*?) \(([A-Z, ]+)\)$/.exec(line) ?? /^([│ ]*)[└├]── (.*)$/.exec(line);
    if (!match) continue;
    const depth = (match[1] ?? '').length / 4;
    while (stack.length > 0 && stack[stack.length - 1]!.depth >= depth) stack.pop();
    const parent = stack[stack.length - 1]?.path ?? '';
    const segment = match[2] ?? '';
    const path =
      parent === ''
        ? segment
        : parent.endsWith('/') && segment.startsWith('/')
          ? parent + segment.slice(1)
          : parent + segment;
    stack.push({ depth, path });
    for (const method of (match[3] ?? '').split(', ').filter(Boolean))
      if (method !== 'HEAD') routes.push({ method, path: path.startsWith('/') ? path : `/${path}` });
  }
  return routes;
}

/** The route's address with every parameter filled, `hostile` in place of `name`. */
function address(path: string, name: string | null, hostile: string): string {
  return path.replace(/:([A-Za-z_]+)/g, (_all, param: string) =>
    param === name ? hostile : param === 'slug' ? slugFor(path) : (FILL[param] ?? 'x'),
  );
}

const refusal = (path: string, response: LightMyRequestResponse, expected: number[], what: string) => {
  assert.ok(response.statusCode < 500, `${what}: ${response.statusCode} ${response.body.slice(0, 300)}`);
  assert.ok(
    expected.includes(response.statusCode),
    `${what}: ${response.statusCode}, expected ${expected.join(' or ')}`,
  );
  if (path.startsWith('/api/') && response.statusCode >= 400)
    assert.match(String(response.headers['content-type']), /^application\/problem\+json/, what);
};

/**
 * Runs the checks a few at a time: PostgreSQL answers several requests at once (its pool), and the
 * checks are independent (each reads; the writes they try are refused).
 */
async function inPool(checks: readonly (() => Promise<void>)[], size = 6): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: size }, async () => {
      while (next < checks.length) await checks[next++]!();
    }),
  );
}

forEachEngine('hostile ids, cursors and limits in every route', (engine) => {
  test('every path parameter and every id, cursor and limit in a query: 400 or 404, never 5xx', async (t) => {
    const urbis = await buildTestApp(t, engine, { demo: true });
    const { app } = urbis;
    const admin = new Browser(app, { remoteAddress: '10.1.0.2' });
    assert.equal((await admin.signIn('admin@demo.urbis.eu', DEMO_PASSWORD)).statusCode, 303);
    const visitor = new Browser(app, { remoteAddress: '10.1.0.1' });
    const routes = routesOf(app);
    assert.ok(routes.length > 80, `the route table has ${routes.length} routes`);
    assert.ok(routes.some((r) => r.path === '/:lang/comments/:id/reply' && r.method === 'GET'));

    const send = (who: Browser, method: string, url: string) =>
      method === 'GET' ? who.get(url) : who.post(url, { body: 'x', reason: 'x', title: 'x' });
    // Both have their form token before requests go out several at a time.
    await visitor.get('/en/');
    await admin.get('/en/');
    const checks: (() => Promise<void>)[] = [];

    for (const route of routes) {
      for (const name of [...route.path.matchAll(/:([A-Za-z_]+)/g)].map((m) => m[1]!)) {
        for (const value of HOSTILE) {
          const url = address(route.path, name, value);
          const what = `${route.method} ${url} (${name})`;
          // A visitor is refused by the route's policy first (sign in, 401, or the form's missing token).
          checks.push(async () =>
            refusal(route.path, await send(visitor, route.method, url), [303, 400, 401, 403, 404], `visitor ${what}`),
          );
          const expected = name === 'file' || name === 'code' ? [303, 404] : [400, 404];
          checks.push(async () => refusal(route.path, await send(admin, route.method, url), expected, `admin ${what}`));
        }
      }
      if (route.method !== 'GET') continue;
      const declared = QUERY_PARAMS.find(([pattern]) => pattern.test(route.path))?.[1] ?? [];
      const timeCursor = /\/news$|\/tags\/:slug$|\/activity$/.test(route.path);
      for (const name of declared) {
        // The activity across partnerships pages back with a time cursor in `before`.
        const cursor = (name === 'after' || timeCursor) && !route.path.includes('notifications');
        const values = timeCursor && cursor ? forTimeCursor : [...HOSTILE, ...(cursor ? HOSTILE_CURSORS : [])];
        for (const value of values) {
          const url = `${address(route.path, null, '')}?${name}=${value}`;
          checks.push(async () => refusal(route.path, await visitor.get(url), [303, 400], `visitor GET ${url}`));
          checks.push(async () => refusal(route.path, await admin.get(url), [400], `admin GET ${url}`));
        }
      }
      for (const value of HOSTILE) {
        const query = EVERY_NAME.filter((n) => !declared.includes(n))
          .map((n) => `${n}=${value}`)
          .join('&');
        const url = `${address(route.path, null, '')}?${query}`;
        for (const [who, browser] of [
          ['visitor', visitor],
          ['admin', admin],
        ] as const) {
          checks.push(async () => {
            const response = await browser.get(url);
            assert.ok(
              response.statusCode < 500,
              `${who} GET ${url}: ${response.statusCode} ${response.body.slice(0, 300)}`,
            );
          });
        }
      }
    }
    await inPool(checks);
  });

  test('every id, cursor and limit parameter of the OpenAPI document: 400 or 404 problems, never 5xx', async (t) => {
    const urbis = await buildTestApp(t, engine, { demo: true });
    const { app } = urbis;
    const admin = new Browser(app, { remoteAddress: '10.1.0.3' });
    assert.equal((await admin.signIn('admin@demo.urbis.eu', DEMO_PASSWORD)).statusCode, 303);
    const document = (await app.inject('/api/openapi.json')).json() as {
      paths: Record<
        string,
        Record<string, { parameters?: { name: string; in: string; schema?: { type?: string; pattern?: string } }[] }>
      >;
    };
    let tried = 0;
    for (const [template, operations] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        const parameters = operation.parameters ?? [];
        const fill = (name: string | null, value: string) =>
          template.replace(/\{([A-Za-z_]+)\}/g, (_all, param: string) =>
            param === name ? value : param === 'slug' ? slugFor(template) : (FILL[param] ?? 'x'),
          );
        for (const parameter of parameters) {
          const pattern = parameter.schema?.pattern ?? '';
          // A cursor that is a slug (the tags' list) takes numbers as slugs: only a NUL is wrong in it.
          const slugLike = pattern.startsWith('^[a-z0-9]');
          const numeric =
            ['id', 'after', 'before', 'limit'].includes(parameter.name) || parameter.schema?.type === 'integer';
          const values =
            !numeric || slugLike
              ? ['%00']
              : pattern.includes('\\.')
                ? forTimeCursor
                : [...HOSTILE, ...(parameter.name === 'after' ? HOSTILE_CURSORS : [])];
          for (const value of values) {
            // The comments' list needs its other parameters right, so that only this one is wrong.
            const others =
              template !== '/api/v1/comments' ? '' : parameter.name === 'id' ? '&type=post' : '&type=post&id=1';
            const url =
              parameter.in === 'path'
                ? fill(parameter.name, value)
                : `${fill(null, '')}?${parameter.name}=${value}${others}`;
            const verb = method.toUpperCase();
            const response = verb === 'GET' ? await admin.get(url) : await admin.post(url, { reason: 'x', body: 'x' });
            refusal(
              url,
              response,
              parameter.in === 'path' ? [404] : [400],
              `${verb} ${url} (${parameter.in} ${parameter.name})`,
            );
            tried++;
          }
        }
      }
    }
    assert.ok(tried > 100, `${tried} requests`);
  });
});

/** The issue's own examples, one by one: what each gives now. */
forEachEngine('the hostile numbers of issue 11', (engine) => {
  test('ids, cursors and limits out of range', async (t) => {
    const urbis = await buildTestApp(t, engine, { demo: true });
    const admin = new Browser(urbis.app, { remoteAddress: '10.1.0.4' });
    assert.equal((await admin.signIn('admin@demo.urbis.eu', DEMO_PASSWORD)).statusCode, 303);
    const cases: [string, number][] = [
      ['/api/v1/posts/3000000000/comments', 404],
      ['/en/comments/999999999999/reply', 404],
      ['/api/v1/partnerships?after=99999999999999999999', 400],
      ['/api/v1/partnerships?after=2017.99999999999999999999', 400],
      ['/en/admin/audit?before=3000000000', 400],
      ['/api/v1/partnerships?limit=Infinity', 400],
      ['/api/v1/partnerships?limit=1e400', 400],
      ['/api/v1/partnerships?limit=-Infinity', 400],
      ['/api/v1/organisations?limit=Infinity', 400],
      ['/api/v1/partnerships/digital-transition/posts?after=99999999999999999.1', 400],
      ['/api/v1/tags/meeting?after=1.3000000000', 400],
      ['/api/v1/comments/reported?before=3000000000', 400],
    ];
    for (const [url, status] of cases) {
      const response = await admin.get(url);
      assert.equal(response.statusCode, status, `${url}: ${response.body.slice(0, 200)}`);
    }
    // A 400 says which parameter, in the reader's language.
    const problem = (await admin.get('/api/v1/partnerships?limit=Infinity')).json();
    assert.equal(problem.status, 400);
    assert.ok(
      problem.errors.some((e: { pointer: string }) => e.pointer === '/query/limit'),
      JSON.stringify(problem),
    );
    const czech = await admin.get('/cs/admin/audit?before=3000000000');
    assert.equal(czech.statusCode, 400);
    assert.match(czech.body, /neplatný parametr: „before“/);
    // A number the address writes as a fraction is not a whole number, even one that rounds to it.
    for (const url of [
      '/api/v1/comments?type=post&id=1&after=1.99999999999999999999',
      '/api/v1/comments?type=post&id=0x1',
    ])
      assert.equal((await admin.get(url)).statusCode, 400, url);
    assert.equal((await admin.get('/api/v1/posts/1.99999999999999999999/comments')).statusCode, 404);
    // Ids in a body: out of range is a field problem (a 400), for the JSON API and the form alike.
    for (const id of ['3000000000', '1e300', '0.5', '-1']) {
      const json = await admin.post('/api/v1/comments', { type: 'post', id, body: 'Hello.' });
      assert.equal(json.statusCode, 400, `id=${id}: ${json.body.slice(0, 200)}`);
      assert.ok(
        json.json().errors.some((e: { pointer: string }) => e.pointer === '/body/id'),
        json.body,
      );
      const form = await admin.post('/en/comments', { type: 'post', id, body: 'Hello.' });
      assert.equal(form.statusCode, 404, `form id=${id}`);
    }
    // Good values still work.
    assert.equal((await admin.get('/api/v1/partnerships?limit=2')).json().items.length, 2);
    assert.equal((await admin.get('/en/admin/audit?before=2147483647')).statusCode, 200);
  });

  test('a multipart form without a boundary is a 400', async (t) => {
    const urbis = await buildTestApp(t, engine);
    for (const type of [
      'multipart/form-data',
      'multipart/form-data; boundary=',
      'multipart/form-data; charset=utf-8',
    ]) {
      const response = await urbis.app.inject({
        method: 'POST',
        url: '/en/sign-in',
        headers: { 'content-type': type },
        payload: 'email=a@b.eu&password=x',
      });
      assert.equal(response.statusCode, 400, `${type}: ${response.body.slice(0, 200)}`);
      assert.match(response.body, /no boundary/);
    }
    // With one, a body that is not a form (cut short, or anything else) is a 400 too.
    for (const payload of ['--x1\r\nContent-Disposition: form-data; name="email"\r\n\r\na@b.eu', 'garbage']) {
      const response = await urbis.app.inject({
        method: 'POST',
        url: '/en/sign-in',
        headers: { 'content-type': 'multipart/form-data; boundary=x1' },
        payload,
      });
      assert.equal(response.statusCode, 400, `${JSON.stringify(payload)}: ${response.body.slice(0, 200)}`);
      assert.match(response.body, /could not be read/);
    }
    // With a boundary it is read as before (and refused for its missing form token, not as malformed).
    const boundary = 'x1234';
    const form = await urbis.app.inject({
      method: 'POST',
      url: '/en/sign-in',
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: `--${boundary}\r\nContent-Disposition: form-data; name="email"\r\n\r\na@b.eu\r\n--${boundary}--\r\n`,
    });
    assert.equal(form.statusCode, 403);
  });
});
