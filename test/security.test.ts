import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { sql } from 'kysely';
import { anyone } from '../src/core/auth/policy.js';
import { defineModule } from '../src/core/module.js';
import { registeredModules } from '../src/modules.js';
import { createUser } from '../src/modules/accounts/index.js';
import { buildTestApp, cookiesOf, csrfTokenOf, forEachEngine } from './helpers/app.js';
import { CORPORA } from './helpers/corpora.js';

const ORIGIN = 'http://localhost:3000';
const CORPUS_DIR = path.join(CORPORA, 'PayloadsAllTheThings/Open Redirect/Intruder');
const PUBLIC = new URL('../public/', import.meta.url);

/** Every line of the public open-redirect payload lists (test/corpora/). */
function openRedirectPayloads(): string[] {
  const lines: string[] = [];
  for (const file of ['Open-Redirect-payloads.txt', 'openredirects.txt']) {
    lines.push(
      ...readFileSync(path.join(CORPUS_DIR, file), 'utf8')
        .split('\n')
        .filter((line) => line !== ''),
    );
  }
  return lines;
}

/** True for a Location that stays on this site: a path, never `//host`, never a scheme. */
function isSameSitePath(location: string): boolean {
  if (!location.startsWith('/') || location.startsWith('//') || location.includes('\\')) return false;
  // A browser resolves it against the page; it must land on the same origin.
  return new URL(location, ORIGIN).origin === ORIGIN;
}

const SECRET_DETAIL = 'connection to db-internal.example:5432 refused for user urbis_owner';
let undeclaredCalls = 0;

/** Routes that only tests have: one that fails, one that echoes JSON, and some that forget their policy. */
const probeModule = defineModule({
  id: 'probe',
  routes(app) {
    app.get('/:lang/probe/fail', { config: { policy: anyone } }, async () => {
      throw new Error(SECRET_DETAIL);
    });
    app.get('/api/v1/probe/fail', { config: { policy: anyone } }, async () => {
      throw new TypeError(SECRET_DETAIL);
    });
    app.post('/api/v1/probe/echo', { config: { policy: anyone } }, async (request) => ({ received: request.body }));
    app.get('/:lang/probe/undeclared', async () => {
      undeclaredCalls++;
      return 'served';
    });
    app.get('/probe/undeclared', async () => {
      undeclaredCalls++;
      return 'served';
    });
    app.get('/api/v1/probe/undeclared', async () => {
      undeclaredCalls++;
      return { served: true };
    });
  },
});
const withProbes = [...registeredModules, probeModule];

const cspOf = (headers: Record<string, unknown>) => String(headers['content-security-policy'] ?? '');

forEachEngine('HTTP behaviour', (engine) => {
  // ── Languages ─────────────────────────────────────────────────────────────────────

  test('/ sends the reader to their language: the cookie first, then Accept-Language, then English', async (t) => {
    const { app } = await buildTestApp(t, engine);
    const location = async (headers: Record<string, string>) => {
      const response = await app.inject({ url: '/', headers });
      assert.equal(response.statusCode, 302);
      assert.match(String(response.headers.vary), /Cookie/);
      assert.match(String(response.headers.vary), /Accept-Language/);
      return response.headers.location;
    };
    assert.equal(await location({}), '/en/');
    assert.equal(await location({ 'accept-language': 'cs-CZ,cs;q=0.9,en;q=0.8' }), '/cs/');
    assert.equal(await location({ 'accept-language': 'de-DE,de;q=0.9' }), '/en/');
    assert.equal(await location({ cookie: 'urbis_lang=cs' }), '/cs/');
    assert.equal(
      await location({ cookie: 'urbis_lang=en', 'accept-language': 'cs' }),
      '/en/',
      'the cookie beats the header',
    );
    assert.equal(
      await location({ cookie: 'urbis_lang=xx', 'accept-language': 'cs' }),
      '/cs/',
      'an unknown cookie value is ignored',
    );
  });

  test('/cs redirects to /cs/, and the language in the address beats the cookie', async (t) => {
    const { app } = await buildTestApp(t, engine);
    const bare = await app.inject('/cs');
    assert.equal(bare.statusCode, 301);
    assert.equal(bare.headers.location, '/cs/');
    const page = await app.inject({ url: '/cs/', headers: { cookie: 'urbis_lang=en', 'accept-language': 'en' } });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<html lang="cs"/);
  });

  test('/language/cs?path=/partnerships remembers Czech in a cookie and shows the same page in Czech', async (t) => {
    const { app } = await buildTestApp(t, engine);
    const response = await app.inject('/language/cs?path=/partnerships');
    assert.equal(response.statusCode, 303);
    assert.equal(response.headers.location, '/cs/partnerships');
    const cookie = String(response.headers['set-cookie']);
    assert.match(cookie, /^urbis_lang=cs;/);
    assert.match(cookie, /Path=\//);
    assert.match(cookie, /SameSite=Lax/);
    assert.match(cookie, /Max-Age=\d{7,}/, 'remembered for long');
    const home = await app.inject({ url: '/', headers: { cookie: cookiesOf(response) } });
    assert.equal(home.headers.location, '/cs/');
  });

  test('the language switcher only accepts interface languages', async (t) => {
    const { app } = await buildTestApp(t, engine);
    const response = await app.inject('/language/xx?path=/partnerships');
    assert.equal(response.statusCode, 404);
    assert.equal(response.headers['set-cookie'], undefined);
  });

  test('every open-redirect payload in ?path= of the language switcher stays on this site under /cs/', async (t) => {
    const { app } = await buildTestApp(t, engine);
    const payloads = openRedirectPayloads();
    assert.ok(payloads.length > 250, `the corpus is there (${payloads.length} lines)`);
    const escaped: string[] = [];
    for (const payload of payloads) {
      // As the attacker writes it in a link, and as the server would see it once decoded.
      for (const query of [payload, encodeURIComponent(payload)]) {
        const response = await app.inject({ url: `/language/cs?path=${query}` });
        // A NUL in the address is refused outright (core/http/validation.ts): nothing to follow.
        if (response.statusCode === 400 && /%00/.test(query)) continue;
        const location = String(response.headers.location ?? '');
        if (response.statusCode !== 303 || !location.startsWith('/cs/') || !isSameSitePath(location)) {
          escaped.push(`${JSON.stringify(query)} → ${response.statusCode} ${location}`);
        }
      }
    }
    assert.deepEqual(escaped, []);
  });

  // ── Errors ────────────────────────────────────────────────────────────────────────

  test('an unknown address is a 404 page in the reader’s language', async (t) => {
    const { app } = await buildTestApp(t, engine);
    const cs = await app.inject('/cs/no-such-page');
    assert.equal(cs.statusCode, 404);
    assert.match(String(cs.headers['content-type']), /^text\/html/);
    assert.match(cs.body, /<html lang="cs"/);
    assert.match(cs.body, /Stránka nenalezena/);
    assert.match(cs.body, /href="\/cs\/"/, 'a way back home');
    const en = await app.inject('/en/no-such-page');
    assert.match(en.body, /Page not found/);
    const byHeader = await app.inject({ url: '/no-such-page', headers: { 'accept-language': 'cs' } });
    assert.equal(byHeader.statusCode, 404);
    assert.match(byHeader.body, /Stránka nenalezena/);
    const byCookie = await app.inject({ url: '/no-such-page', headers: { cookie: 'urbis_lang=cs' } });
    assert.match(byCookie.body, /Stránka nenalezena/);
  });

  test('/xx/ is a 404 that offers the real languages, /en/ and /cs/', async (t) => {
    const { app } = await buildTestApp(t, engine);
    for (const url of ['/xx/', '/xx/partnerships', '/de/']) {
      const response = await app.inject(url);
      assert.equal(response.statusCode, 404, url);
      assert.match(String(response.headers['content-type']), /^text\/html/);
      assert.match(response.body, /href="\/en\/"/, `${url} links to English`);
      assert.match(response.body, /href="\/cs\/"/, `${url} links to Czech`);
      assert.match(response.body, /Čeština/);
    }
  });

  test('an unknown API address is a 404 problem document with type, title, status and detail', async (t) => {
    const { app } = await buildTestApp(t, engine);
    const response = await app.inject('/api/v1/nothing');
    assert.equal(response.statusCode, 404);
    assert.match(String(response.headers['content-type']), /^application\/problem\+json/);
    const problem = response.json();
    assert.equal(problem.status, 404);
    assert.equal(problem.type, '/api/problems/not-found');
    assert.equal(problem.title, 'Page not found');
    assert.equal(typeof problem.detail, 'string');
    assert.ok(problem.detail.length > 10);
    const cs = await app.inject({ url: '/api/v1/nothing', headers: { 'accept-language': 'cs' } });
    assert.equal(cs.json().title, 'Stránka nenalezena', 'problems follow Accept-Language');
  });

  test('a malformed JSON body to an API route is a 400 problem, and the route never runs', async (t) => {
    const { app } = await buildTestApp(t, engine, { modules: withProbes });
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/probe/echo',
      headers: { 'content-type': 'application/json' },
      payload: '{"title": "unterminated',
    });
    assert.equal(response.statusCode, 400);
    assert.match(String(response.headers['content-type']), /^application\/problem\+json/);
    const problem = response.json();
    assert.equal(problem.status, 400);
    assert.equal(problem.type, '/api/problems/invalid-request');
    assert.equal(problem.detail, 'The request body is not valid JSON.');
    assert.equal(problem.received, undefined);
  });

  test('a body over 1 MiB is refused with 413 and a clear message, as a page and as a problem', async (t) => {
    const { app } = await buildTestApp(t, engine, { modules: withProbes });
    const big = 'x'.repeat(1024 * 1024 + 10);
    const form = await app.inject({
      method: 'POST',
      url: '/en/sign-in',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `email=a%40example.eu&password=${big}`,
    });
    assert.equal(form.statusCode, 413);
    assert.match(String(form.headers['content-type']), /^text\/html/);
    assert.match(form.body, /What you sent is too large\./);
    const api = await app.inject({
      method: 'POST',
      url: '/api/v1/probe/echo',
      headers: { 'content-type': 'application/json', 'accept-language': 'cs' },
      payload: JSON.stringify({ text: big }),
    });
    assert.equal(api.statusCode, 413);
    assert.equal(api.json().status, 413);
    assert.equal(api.json().type, '/api/problems/too-large');
    assert.equal(api.json().detail, 'Odeslaná data jsou příliš velká.');
  });

  test(
    'a form posted without a CSRF token, or with a wrong one, ' + 'gets a 403 page and nobody is signed in',
    async (t) => {
      const urbis = await buildTestApp(t, engine);
      const { app } = urbis;
      await createUser(urbis.ctx.db, {
        email: 'ada@example.eu',
        handle: 'ada',
        displayName: 'Ada',
        password: 'correct horse battery',
      });
      const form = await app.inject('/en/sign-in');
      const cookies = cookiesOf(form);
      const token = csrfTokenOf(form.body);
      const sessions = async () =>
        Number((await sql<{ n: number }>`select count(*) as n from core_sessions`.execute(urbis.ctx.db)).rows[0]?.n);
      const attempts = [
        { cookie: cookies, body: 'email=ada%40example.eu&password=correct+horse+battery', why: 'no token' },
        {
          cookie: cookies,
          body: `email=ada%40example.eu&password=correct+horse+battery&_csrf=${token.slice(0, -2)}xx`,
          why: 'a wrong token',
        },
        {
          cookie: '',
          body: `email=ada%40example.eu&password=correct+horse+battery&_csrf=${token}`,
          why: 'a token without its cookie',
        },
      ];
      for (const { cookie, body, why } of attempts) {
        const before = await sessions();
        const response = await app.inject({
          method: 'POST',
          url: '/en/sign-in',
          headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
          payload: body,
        });
        assert.equal(response.statusCode, 403, why);
        assert.match(String(response.headers['content-type']), /^text\/html/, why);
        assert.match(response.body, /This form has expired or did not come from this site/, why);
        assert.doesNotMatch(
          String(response.headers['set-cookie'] ?? ''),
          /urbis_session=[^;]/,
          `${why}: no session cookie`,
        );
        assert.equal(await sessions(), before, `${why}: nothing written`);
      }
      // The same request with the right token works, so the refusals above were about the token.
      const ok = await app.inject({
        method: 'POST',
        url: '/en/sign-in',
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookies },
        payload: `email=ada%40example.eu&password=correct+horse+battery&_csrf=${encodeURIComponent(token)}`,
      });
      assert.equal(ok.statusCode, 303);
      assert.equal(await sessions(), 1);
    },
  );

  test('a failure shows a reference id and never the error or a stack trace, as a page and as a problem', async (t) => {
    const { app } = await buildTestApp(t, engine, { modules: withProbes });
    const page = await app.inject({ url: '/cs/probe/fail' });
    assert.equal(page.statusCode, 500);
    assert.match(String(page.headers['content-type']), /^text\/html/);
    assert.match(page.body, /<html lang="cs"/);
    const pageRef = /referenční kód ([0-9a-f]{12})/.exec(page.body)?.[1];
    assert.ok(pageRef, 'the page quotes a reference');
    const api = await app.inject({ url: '/api/v1/probe/fail' });
    assert.equal(api.statusCode, 500);
    assert.match(String(api.headers['content-type']), /^application\/problem\+json/);
    const problem = api.json();
    assert.equal(problem.status, 500);
    assert.equal(problem.type, '/api/problems/internal-error');
    const apiRef = /reference ([0-9a-f]{12})/.exec(problem.detail)?.[1];
    assert.ok(apiRef, 'the problem quotes a reference');
    assert.notEqual(apiRef, pageRef, 'each failure has its own reference');
    for (const body of [page.body, api.body]) {
      assert.ok(!body.includes('db-internal'), 'the error message is not shown');
      assert.ok(!body.includes('TypeError'), 'the error class is not shown');
      assert.doesNotMatch(body, /\bat .+:\d+:\d+/, 'no stack trace');
      assert.doesNotMatch(body, /\.ts\b|node_modules/, 'no source paths');
      assert.doesNotMatch(body, /"stack"|"message"/, 'no error fields');
    }
    assert.equal(page.headers['cache-control'], 'no-store');
  });

  // ── Headers, assets, compression, health ──────────────────────────────────────────

  test(
    'every response carries a strict CSP without unsafe-inline, ' + 'nosniff, no framing and a referrer policy',
    async (t) => {
      const { app } = await buildTestApp(t, engine);
      for (const url of ['/en/', '/en/no-such-page', '/api/v1/partnerships', '/api/v1/nothing', '/', '/en/sign-in']) {
        const response = await app.inject(url);
        const csp = cspOf(response.headers);
        assert.match(csp, /default-src 'self'/, url);
        assert.match(csp, /script-src 'self'(;|$)/, url);
        assert.match(csp, /frame-ancestors 'none'/, url);
        assert.match(csp, /object-src 'none'/, url);
        assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/, url);
        assert.equal(response.headers['x-content-type-options'], 'nosniff', url);
        assert.equal(response.headers['referrer-policy'], 'strict-origin-when-cross-origin', url);
        assert.equal(response.headers['x-powered-by'], undefined, url);
      }
    },
  );

  test(
    'the security headers, exactly (as @fastify/helmet set them), on pages, errors, redirects and the API; ' +
      'HSTS only over HTTPS',
    async (t) => {
      const csp =
        "default-src 'self';script-src 'self';style-src 'self';img-src 'self' data:;font-src 'self';connect-src " +
        "'self';form-action 'self';frame-ancestors 'none';base-uri 'self';object-src 'none'";
      const common = {
        'cross-origin-opener-policy': 'same-origin',
        'cross-origin-resource-policy': 'same-origin',
        'origin-agent-cluster': '?1',
        'referrer-policy': 'strict-origin-when-cross-origin',
        'x-content-type-options': 'nosniff',
        'x-dns-prefetch-control': 'off',
        'x-download-options': 'noopen',
        'x-frame-options': 'SAMEORIGIN',
        'x-permitted-cross-domain-policies': 'none',
        'x-xss-protection': '0',
      };
      const expected = {
        http: { ...common, 'content-security-policy': csp, 'strict-transport-security': undefined },
        https: {
          ...common,
          'content-security-policy': `${csp};upgrade-insecure-requests`,
          'strict-transport-security': 'max-age=31536000; includeSubDomains',
        },
      };
      for (const scheme of ['http', 'https'] as const) {
        const { app } = await buildTestApp(t, engine, { env: { URBIS_BASE_URL: `${scheme}://urbis.example.eu` } });
        for (const url of [
          '/en/',
          '/en/no-such-page',
          '/xx/',
          '/',
          '/api/v1/nothing',
          '/healthz',
          '/assets/nothing.css',
        ]) {
          const response = await app.inject(url);
          for (const [name, value] of Object.entries(expected[scheme]))
            assert.equal(response.headers[name], value, `${scheme} ${url}: ${name}`);
        }
      }
    },
  );

  test('pages contain no inline script or style that the CSP would block', async (t) => {
    const { app } = await buildTestApp(t, engine, { demo: true });
    for (const url of ['/en/', '/cs/partnerships', '/en/sign-in', '/en/api', '/en/accessibility', '/en/nothing']) {
      const body = (await app.inject(url)).body;
      assert.doesNotMatch(body, /<script(?![^>]*\bsrc=)[^>]*>/i, `${url}: no inline script`);
      assert.doesNotMatch(body, /<style/i, `${url}: no style element`);
      assert.doesNotMatch(body, /\sstyle="/i, `${url}: no style attribute`);
      assert.doesNotMatch(body, /\son[a-z]+="/i, `${url}: no event handler attribute`);
    }
  });

  test('assets are served under hashed names, cached for a year, compressed as the browser accepts', async (t) => {
    const { app } = await buildTestApp(t, engine);
    const home = await app.inject('/en/');
    const href = /<link rel="stylesheet" href="(\/assets\/urbis\.[0-9a-f]{10}\.css)"/.exec(home.body)?.[1];
    assert.ok(href, 'the page links the stylesheet under a hashed name');
    const source = readFileSync(new URL('urbis.css', PUBLIC));

    const br = await app.inject({ url: href, headers: { 'accept-encoding': 'gzip, deflate, br' } });
    assert.equal(br.statusCode, 200);
    assert.equal(br.headers['cache-control'], 'public, max-age=31536000, immutable');
    assert.match(String(br.headers['content-type']), /^text\/css/);
    assert.equal(br.headers['content-encoding'], 'br');
    assert.match(String(br.headers.vary), /Accept-Encoding/);
    assert.deepEqual(brotliDecompressSync(br.rawPayload), source);

    const gzip = await app.inject({ url: href, headers: { 'accept-encoding': 'gzip' } });
    assert.equal(gzip.headers['content-encoding'], 'gzip');
    assert.deepEqual(gunzipSync(gzip.rawPayload), source);

    const plain = await app.inject({ url: href, headers: { 'accept-encoding': 'identity' } });
    assert.equal(plain.headers['content-encoding'], undefined);
    assert.deepEqual(plain.rawPayload, source);

    for (const missing of [
      '/assets/urbis.css',
      '/assets/urbis.0000000000.css',
      '/assets/..%2fpackage.json',
      '/assets/%2e%2e%2f%2e%2e%2fpackage.json',
    ]) {
      const response = await app.inject(missing);
      assert.equal(response.statusCode, 404, missing);
      assert.notEqual(
        response.headers['cache-control'],
        'public, max-age=31536000, immutable',
        `${missing}: a miss is not cached`,
      );
    }
  });

  test('a large HTML page is compressed with gzip or br when the browser asks, and not otherwise', async (t) => {
    const { app } = await buildTestApp(t, engine, { demo: true });
    const gzip = await app.inject({ url: '/en/partnerships', headers: { 'accept-encoding': 'gzip' } });
    assert.equal(gzip.statusCode, 200);
    assert.equal(gzip.headers['content-encoding'], 'gzip');
    const html = gunzipSync(gzip.rawPayload).toString('utf8');
    assert.ok(html.startsWith('<!DOCTYPE html>'));
    assert.ok(gzip.rawPayload.length < html.length / 2, 'it is smaller');
    const br = await app.inject({ url: '/en/partnerships', headers: { 'accept-encoding': 'br' } });
    assert.equal(br.headers['content-encoding'], 'br');
    assert.equal(brotliDecompressSync(br.rawPayload).toString('utf8'), html);
    const plain = await app.inject({ url: '/en/partnerships', headers: { 'accept-encoding': 'identity' } });
    assert.equal(plain.headers['content-encoding'], undefined);
    assert.equal(plain.body, html);
  });

  test('/healthz answers 200 when the database answers, and 503 when it does not', async (t) => {
    const urbis = await buildTestApp(t, engine);
    const ok = await urbis.app.inject('/healthz');
    assert.equal(ok.statusCode, 200);
    assert.deepEqual(ok.json(), { status: 'ok' });
    assert.equal(ok.headers['cache-control'], 'no-store');
    await urbis.ctx.db.destroy();
    const down = await urbis.app.inject('/healthz');
    assert.equal(down.statusCode, 503);
    assert.equal(down.json().status, 'unavailable');
  });

  // ── Rate limits and policies ──────────────────────────────────────────────────────

  test(
    'the sixth request in a minute from one address gets 429 with Retry-After, ' + 'in the reader’s language',
    async (t) => {
      const { app } = await buildTestApp(t, engine, { env: { URBIS_RATE_LIMIT: '5' } });
      // A visitor's page from the page cache is answered before the rate limiter (it costs
      // less than a refusal): fill the cache from another address first.
      assert.equal((await app.inject({ url: '/cs/accessibility', remoteAddress: '192.0.2.8' })).statusCode, 200);
      for (let i = 1; i <= 5; i++) {
        const response = await app.inject({ url: '/cs/sign-in' });
        assert.equal(response.statusCode, 200, `request ${i}`);
      }
      const limited = await app.inject({ url: '/cs/sign-in' });
      assert.equal(limited.statusCode, 429);
      const retryAfter = Number(limited.headers['retry-after']);
      assert.ok(retryAfter > 0 && retryAfter <= 60, `Retry-After: ${limited.headers['retry-after']}`);
      assert.match(String(limited.headers['content-type']), /^text\/html/);
      assert.match(limited.body, /<html lang="cs"/);
      assert.match(limited.body, /Z vaší adresy přišlo příliš mnoho požadavků\. Počkejte \d+ sekund/);
      const api = await app.inject({ url: '/api/v1/partnerships', headers: { 'accept-language': 'en' } });
      assert.equal(api.statusCode, 429);
      assert.equal(api.json().type, '/api/problems/too-many-requests');
      assert.match(api.json().detail, /^Too many requests from your address\. Wait \d+ seconds? and try again\.$/);
      assert.equal((await app.inject({ url: '/cs/accessibility' })).statusCode, 200, 'a cached page is still served');
      // Another address is not affected, and neither are the style sheets.
      const other = await app.inject({ url: '/cs/sign-in', remoteAddress: '192.0.2.7' });
      assert.equal(other.statusCode, 200);
      const css = /href="(\/assets\/[^"]+\.css)"/.exec(other.body)?.[1] ?? '';
      assert.equal((await app.inject(css)).statusCode, 200);
    },
  );

  test('a route a module registered without a policy refuses everyone, signed in or not, and never runs', async (t) => {
    const urbis = await buildTestApp(t, engine, { modules: withProbes });
    const { app } = urbis;
    await createUser(urbis.ctx.db, {
      email: 'root@example.eu',
      handle: 'root',
      displayName: 'Root',
      password: 'correct horse battery',
      isAdmin: true,
    });
    const form = await app.inject('/en/sign-in');
    const signIn = await app.inject({
      method: 'POST',
      url: '/en/sign-in',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookiesOf(form) },
      payload:
        'email=root%40example.eu&password=correct+horse+battery' +
        `&_csrf=${encodeURIComponent(csrfTokenOf(form.body))}`,
    });
    assert.equal(signIn.statusCode, 303);
    const admin = cookiesOf(signIn);
    undeclaredCalls = 0;
    for (const cookie of ['', admin]) {
      const who = cookie ? 'an administrator' : 'a visitor';
      const page = await app.inject({ url: '/en/probe/undeclared', headers: { cookie } });
      assert.equal(page.statusCode, 404, `${who}: page`);
      assert.match(page.body, /Page not found/, `${who}: not sent to sign in, which would not help`);
      const plain = await app.inject({ url: '/probe/undeclared', headers: { cookie } });
      assert.equal(plain.statusCode, 403, `${who}: plain route`);
      const head = await app.inject({ method: 'HEAD', url: '/en/probe/undeclared', headers: { cookie } });
      assert.equal(head.statusCode, 404, `${who}: HEAD`);
      const api = await app.inject({ url: '/api/v1/probe/undeclared', headers: { cookie } });
      assert.equal(api.statusCode, 404, `${who}: API`);
      assert.match(String(api.headers['content-type']), /^application\/problem\+json/);
    }
    assert.equal(undeclaredCalls, 0, 'the handler never ran');
  });
});
