import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { connectDatabase } from '../../core/db/connect.js';
import { buildTestApp, csrfTokenOf, forEachEngine } from '../../../test/helpers/app.js';
import { CORPORA } from '../../../test/helpers/corpora.js';
import { authenticate, createUser } from './index.js';
import { loadActor, safeNextPath } from './accounts.service.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const CORPUS_DIR = path.join(CORPORA, 'PayloadsAllTheThings/Open Redirect/Intruder');
const ORIGIN = 'http://localhost:3000';
const PASSWORD = 'correct horse battery staple';

function openRedirectPayloads(): string[] {
  return ['Open-Redirect-payloads.txt', 'openredirects.txt'].flatMap((file) =>
    readFileSync(path.join(CORPUS_DIR, file), 'utf8')
      .split('\n')
      .filter((line) => line !== ''),
  );
}

function isSameSitePath(location: string): boolean {
  if (!location.startsWith('/') || location.startsWith('//') || location.includes('\\')) return false;
  return new URL(location, ORIGIN).origin === ORIGIN;
}

/** A browser's cookies: later Set-Cookie headers replace or delete earlier ones. */
class CookieJar {
  private readonly cookies = new Map<string, string>();
  take(response: { headers: Record<string, unknown> }): this {
    const raw = response.headers['set-cookie'];
    for (const line of Array.isArray(raw) ? raw : raw ? [String(raw)] : []) {
      const [pair = '', ...attributes] = String(line).split(';');
      const name = pair.slice(0, pair.indexOf('='));
      const value = pair.slice(pair.indexOf('=') + 1);
      const expired = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a)) || value === '';
      if (expired) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return this;
  }
  get(name: string): string | undefined {
    return this.cookies.get(name);
  }
  set(name: string, value: string): this {
    this.cookies.set(name, value);
    return this;
  }
  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }
}

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

/** Opens the sign-in page like a browser, then posts the form with its token. */
async function signIn(app: FastifyInstance, fields: Record<string, string>, jar = new CookieJar(), lang = 'en') {
  const page = await app.inject({ url: `/${lang}/sign-in`, headers: { cookie: jar.header() } });
  jar.take(page);
  const response = await app.inject({
    method: 'POST',
    url: `/${lang}/sign-in`,
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: jar.header() },
    payload: form({ _csrf: csrfTokenOf(page.body), ...fields }),
  });
  jar.take(response);
  return { response, jar };
}

/** The text of a field's error message in a rendered form. */
function fieldError(html: string, field: string): string | undefined {
  return new RegExp(`<p class="field__error" id="field-${field}-error">([^<]*)</p>`).exec(html)?.[1];
}

function inputValue(html: string, field: string): string | undefined {
  return new RegExp(`<input[^>]*\\bname="${field}"[^>]*>`).exec(html)?.[0].match(/\bvalue="([^"]*)"/)?.[1];
}

forEachEngine('accounts', (engine) => {
  async function setup(t: Parameters<typeof buildTestApp>[0]) {
    const urbis = await buildTestApp(t, engine);
    const userId = await createUser(urbis.ctx.db, {
      email: 'Ada@Example.eu',
      handle: 'ada',
      displayName: 'Ada Lovelace',
      password: PASSWORD,
    });
    const count = async (table: 'core_sessions' | 'users') =>
      Number(
        (await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(urbis.ctx.db)).rows[0]?.n,
      );
    return { ...urbis, userId, count };
  }

  test('signing in with the right e-mail and password gives 303 to the home page and a session cookie', async (t) => {
    const { app, count } = await setup(t);
    const { response, jar } = await signIn(app, { email: 'ada@example.eu', password: PASSWORD });
    assert.equal(response.statusCode, 303);
    assert.equal(response.headers.location, '/en/');
    const setCookie = [response.headers['set-cookie']]
      .flat()
      .map(String)
      .find((c) => c.startsWith('urbis_session='));
    assert.ok(setCookie, 'a session cookie is set');
    assert.match(setCookie, /HttpOnly/i);
    assert.match(setCookie, /SameSite=Lax/i);
    assert.match(setCookie, /Path=\//);
    assert.match(setCookie, /Max-Age=\d+/);
    assert.equal(await count('core_sessions'), 1);
    const home = await app.inject({ url: '/en/', headers: { cookie: jar.header() } });
    assert.match(home.body, /Ada Lovelace/);
    assert.match(home.body, /action="\/en\/sign-out"/);
    assert.doesNotMatch(home.body, /href="\/en\/sign-in"/);
  });

  test(
    'someone already signed in who opens the sign-in or registration page is sent on: ' + 'to a safe `next`, else home',
    async (t) => {
      const { app } = await setup(t);
      const { jar } = await signIn(app, { email: 'ada@example.eu', password: PASSWORD });
      const open = (url: string) => app.inject({ url, headers: { cookie: jar.header() } });
      const cases: [string, string][] = [
        ['/en/sign-in', '/en/'],
        ['/cs/sign-in', '/cs/'],
        ['/en/sign-in?next=%2Fen%2Fnotifications', '/en/notifications'],
        ['/en/sign-in?next=%2F%2Fevil.example%2F', '/en/'],
        ['/en/sign-in?next=https%3A%2F%2Fevil.example%2F', '/en/'],
        ['/en/register', '/en/'],
      ];
      for (const [url, location] of cases) {
        const response = await open(url);
        assert.equal(response.statusCode, 303, url);
        assert.equal(response.headers.location, location, url);
      }
      assert.equal((await app.inject({ url: '/en/sign-in' })).statusCode, 200, 'a visitor gets the form');
    },
  );

  test('the e-mail address is matched whatever its case and surrounding spaces', async (t) => {
    const { app } = await setup(t);
    const { response } = await signIn(app, { email: '  ADA@example.EU ', password: PASSWORD });
    assert.equal(response.statusCode, 303);
  });

  test(
    'the session id changes at sign-in: a cookie planted before is not kept, ' + 'and the database holds only its hash',
    async (t) => {
      const { app, ctx, count } = await setup(t);
      const planted = 'attacker-chosen-session-value-0123456789abcdef';
      const jar = new CookieJar().set('urbis_session', planted);
      const { response } = await signIn(app, { email: 'ada@example.eu', password: PASSWORD }, jar);
      assert.equal(response.statusCode, 303);
      const issued = jar.get('urbis_session');
      assert.ok(issued && issued !== planted, 'a new session id');
      assert.ok(issued.length >= 40, 'a long random id');
      const planter = await app.inject({ url: '/en/', headers: { cookie: `urbis_session=${planted}` } });
      assert.doesNotMatch(planter.body, /Ada Lovelace/, 'the planted value signs nobody in');
      // A second sign-in elsewhere gets a session of its own.
      const other = await signIn(app, { email: 'ada@example.eu', password: PASSWORD });
      assert.ok(other.jar.get('urbis_session'));
      assert.notEqual(other.jar.get('urbis_session'), issued);
      assert.equal(await count('core_sessions'), 2);
      const stored = await sql<{ n: number }>`select count(*) as n from core_sessions where id = ${issued}`.execute(
        ctx.db,
      );
      assert.equal(Number(stored.rows[0]?.n), 0, 'the cookie value itself is not stored');
    },
  );

  test('signing out deletes the session, so replaying the old cookie is treated as a visitor', async (t) => {
    const { app, count } = await setup(t);
    const { jar } = await signIn(app, { email: 'ada@example.eu', password: PASSWORD });
    const stolen = jar.header();
    const oldSession = jar.get('urbis_session');
    const home = await app.inject({ url: '/en/', headers: { cookie: jar.header() } });
    jar.take(home);
    assert.equal(await count('core_sessions'), 1);
    const out = await app.inject({
      method: 'POST',
      url: '/en/sign-out',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: jar.header() },
      payload: form({ _csrf: csrfTokenOf(home.body) }),
    });
    assert.equal(out.statusCode, 303);
    assert.equal(out.headers.location, '/en/');
    jar.take(out);
    assert.equal(jar.get('urbis_session'), undefined, 'the browser is told to drop the cookie');
    assert.equal(await count('core_sessions'), 0, 'the session is gone from the database');
    const replay = await app.inject({ url: '/en/', headers: { cookie: stolen } });
    assert.equal(replay.statusCode, 200);
    assert.doesNotMatch(replay.body, /Ada Lovelace/);
    assert.match(replay.body, /href="\/en\/sign-in"/, 'a visitor is offered to sign in');
    // The old cookie does not open the sign-in-only actions either.
    const again = await signIn(
      app,
      { email: 'ada@example.eu', password: PASSWORD },
      new CookieJar().set('urbis_session', oldSession ?? ''),
    );
    assert.equal(again.response.statusCode, 303, 'with a dead cookie one can sign in again as a visitor');
  });

  test('signing out needs the CSRF token: without it the session stays', async (t) => {
    const { app, count } = await setup(t);
    const { jar } = await signIn(app, { email: 'ada@example.eu', password: PASSWORD });
    const out = await app.inject({
      method: 'POST',
      url: '/en/sign-out',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: jar.header() },
      payload: '',
    });
    assert.equal(out.statusCode, 403);
    assert.equal(await count('core_sessions'), 1);
  });

  test(
    'a wrong password and an unknown e-mail get the same message and status, keep the typed e-mail, ' +
      'and set no session',
    async (t) => {
      const { app, count } = await setup(t);
      const wrongPassword = await signIn(app, { email: 'ada@example.eu', password: 'not the password at all' });
      const unknownEmail = await signIn(app, { email: 'nobody@example.eu', password: PASSWORD });
      for (const [what, { response, jar }, email] of [
        ['wrong password', wrongPassword, 'ada@example.eu'],
        ['unknown e-mail', unknownEmail, 'nobody@example.eu'],
      ] as const) {
        assert.equal(response.statusCode, 400, what);
        assert.equal(
          fieldError(response.body, 'email'),
          'The e-mail address or the password is not right. Check both and try again.',
          what,
        );
        assert.equal(
          fieldError(response.body, 'password'),
          undefined,
          `${what}: the password field is not singled out`,
        );
        assert.equal(inputValue(response.body, 'email'), email, `${what}: the e-mail is kept`);
        assert.ok(!inputValue(response.body, 'password'), `${what}: the password is not sent back`);
        assert.ok(
          !response.body.includes('not the password at all') && !response.body.includes(PASSWORD),
          `${what}: nowhere`,
        );
        assert.equal(jar.get('urbis_session'), undefined, `${what}: no session cookie`);
        assert.match(response.body, /<title>Error: Sign in/, `${what}: the title says there is an error`);
      }
      // Apart from the typed address and the form token, the two answers are the same page.
      const normalise = (html: string, email: string) =>
        html.replaceAll(email, 'EMAIL').replace(/name="_csrf" value="[^"]+"/, '');
      assert.equal(
        normalise(wrongPassword.response.body, 'ada@example.eu'),
        normalise(unknownEmail.response.body, 'nobody@example.eu'),
      );
      assert.equal(await count('core_sessions'), 0);
    },
  );

  test('an empty form gets a message at each field and a summary that links to them', async (t) => {
    const { app, count } = await setup(t);
    const { response } = await signIn(app, { email: '', password: '' });
    assert.equal(response.statusCode, 400);
    assert.equal(fieldError(response.body, 'email'), 'Enter a value.');
    assert.equal(fieldError(response.body, 'password'), 'Enter a value.');
    assert.match(response.body, /There are 2 problems/);
    assert.match(response.body, /href="#field-email"/);
    assert.match(response.body, /href="#field-password"/);
    assert.match(response.body, /id="field-email"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*id="field-email"/);
    const cs = await signIn(app, { email: 'not an address', password: '' }, new CookieJar(), 'cs');
    assert.equal(cs.response.statusCode, 400);
    assert.match(cs.response.body, /Vyskytly se 2 problémy/);
    assert.equal(fieldError(cs.response.body, 'email'), 'Zadejte e-mailovou adresu, například jmeno@example.eu.');
    assert.equal(fieldError(cs.response.body, 'password'), 'Vyplňte hodnotu.');
    assert.equal(await count('core_sessions'), 0);
  });

  test('after signing in, next= is followed only when it is a path on this site', async (t) => {
    const { app } = await setup(t);
    const cases: [next: string, expected: string][] = [
      ['/en/partnerships', '/en/partnerships'],
      ['/cs/partnerships/digital-transition?tab=news', '/cs/partnerships/digital-transition?tab=news'],
      ['//evil.example/steal', '/en/'],
      ['https://evil.example/', '/en/'],
      ['/\\evil.example', '/en/'],
      ['javascript:alert(1)', '/en/'],
      ['/%0d%0aSet-Cookie:x=1', '/%0d%0aSet-Cookie:x=1'],
      ['/〱evil.example', '/en/'],
    ];
    for (const [next, expected] of cases) {
      const { response } = await signIn(
        app,
        { email: 'ada@example.eu', password: PASSWORD, next },
        new CookieJar(),
        'en',
      );
      assert.equal(response.statusCode, 303, next);
      assert.equal(response.headers.location, expected, next);
      assert.equal(
        response.headers['set-cookie'] &&
          [response.headers['set-cookie']].flat().some((c) => String(c).startsWith('x=')),
        false,
      );
    }
  });

  test(
    'every open-redirect payload as next= on the sign-in ' + 'page leaves only a same-site path in the form',
    async (t) => {
      const { app } = await setup(t);
      const escaped: string[] = [];
      for (const payload of openRedirectPayloads()) {
        for (const query of [payload, encodeURIComponent(payload)]) {
          const response = await app.inject(`/en/sign-in?next=${query}`);
          // A NUL in the address is refused outright (core/http/validation.ts): nothing to follow.
          if (response.statusCode === 400 && /%00/.test(query)) continue;
          if (response.statusCode !== 200) {
            escaped.push(`${JSON.stringify(query)} → ${response.statusCode}`);
            continue;
          }
          const next = /<input type="hidden" name="next" value="([^"]*)"/.exec(response.body)?.[1];
          const decoded = next
            ?.replaceAll('&amp;', '&')
            .replaceAll('&quot;', '"')
            .replaceAll('&lt;', '<')
            .replaceAll('&gt;', '>');
          if (decoded !== undefined && !isSameSitePath(decoded))
            escaped.push(`${JSON.stringify(query)} → next=${decoded}`);
        }
      }
      assert.deepEqual(escaped, []);
    },
  );

  test('an extra is_admin=1 (or role=admin) in the sign-in form changes nothing', async (t) => {
    const { app, ctx, userId, count } = await setup(t);
    const before = await ctx.db.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirstOrThrow();
    const usersBefore = await count('users');
    const { response, jar } = await signIn(app, {
      email: 'ada@example.eu',
      password: PASSWORD,
      is_admin: '1',
      isAdmin: 'true',
      role: 'admin',
      id: '999',
    });
    assert.equal(response.statusCode, 303);
    const after = await ctx.db.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirstOrThrow();
    assert.deepEqual(after, before);
    assert.equal(await count('users'), usersBefore);
    const actor = await loadActor(ctx.db, userId);
    assert.equal(actor?.kind === 'user' && actor.isAdmin, false);
    assert.ok(jar.get('urbis_session'));
  });

  test('a signed-in user who posts the sign-in form again is refused and keeps their session', async (t) => {
    const { app, count } = await setup(t);
    const { jar } = await signIn(app, { email: 'ada@example.eu', password: PASSWORD });
    const page = await app.inject({ url: '/en/', headers: { cookie: jar.header() } });
    const again = await app.inject({
      method: 'POST',
      url: '/en/sign-in',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: jar.header() },
      payload: form({ _csrf: csrfTokenOf(page.body), email: 'ada@example.eu', password: PASSWORD }),
    });
    assert.equal(again.statusCode, 404);
    assert.equal(await count('core_sessions'), 1);
  });

  test('after 10 attempts in a minute, sign-in is refused with 429 even with the right password', async (t) => {
    const { app, count } = await setup(t);
    const jar = new CookieJar();
    const page = await app.inject('/en/sign-in');
    jar.take(page);
    const token = csrfTokenOf(page.body);
    const post = (password: string) =>
      app.inject({
        method: 'POST',
        url: '/en/sign-in',
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: jar.header() },
        payload: form({ _csrf: token, email: 'ada@example.eu', password }),
      });
    for (let i = 1; i <= 10; i++) assert.equal((await post(`guess number ${i}`)).statusCode, 400, `attempt ${i}`);
    const blocked = await post(PASSWORD);
    assert.equal(blocked.statusCode, 429);
    assert.ok(Number(blocked.headers['retry-after']) > 0);
    assert.equal(await count('core_sessions'), 0);
  });

  test('the sign-in page is not cached and its form posts back with a token', async (t) => {
    const { app } = await setup(t);
    const page = await app.inject('/cs/sign-in');
    assert.equal(page.statusCode, 200);
    assert.equal(page.headers['cache-control'], 'no-store');
    assert.match(page.body, /<form method="post" action="\/cs\/sign-in"/);
    assert.match(page.body, /autocomplete="current-password"/i);
    assert.ok(csrfTokenOf(page.body));
    assert.match(String(page.headers['set-cookie']), /urbis_csrf=[^;]+;.*HttpOnly/i);
  });
});

describe('next= paths (unit)', () => {
  test('safeNextPath keeps same-site paths and replaces everything else, for every open-redirect payload', () => {
    assert.equal(safeNextPath('/en/partnerships?x=1#top', '/fallback'), '/en/partnerships?x=1#top');
    assert.equal(safeNextPath('', '/fallback'), '/fallback');
    assert.equal(safeNextPath(undefined, '/fallback'), '/fallback');
    assert.equal(safeNextPath(`/${'a'.repeat(2001)}`, '/fallback'), '/fallback');
    const escaped = openRedirectPayloads().flatMap((payload) => {
      const result = safeNextPath(payload, '/fallback');
      return result === '/fallback' || (isSameSitePath(result) && !/[^\x21-\x7e]/.test(result))
        ? []
        : [`${payload} → ${result}`];
    });
    assert.deepEqual(escaped, []);
  });
});

describe('urbis user create', () => {
  test(
    '--admin creates an administrator who can sign in; the same e-mail again fails with a clear line and exit ' +
      'code 1',
    async () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'urbis-cli-'));
      const run = (...args: string[]) =>
        spawnSync(process.execPath, ['bin/urbis.mjs', 'user', 'create', ...args], {
          cwd: ROOT,
          encoding: 'utf8',
          timeout: 60_000,
          env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? dir, URBIS_DATA_DIR: dir, LOG_LEVEL: 'warn' },
        });
      try {
        const first = run(
          '--admin',
          '--email',
          'a@example.eu',
          '--name',
          'Ada Example',
          '--password',
          'long enough password',
        );
        assert.equal(first.status, 0, first.stderr);
        assert.match(first.stdout, /Created administrator a@example\.eu/);
        assert.doesNotMatch(first.stdout, /long enough password/, 'a chosen password is not printed');

        const database = connectDatabase(path.join(dir, 'urbis.sqlite'));
        try {
          const id = await authenticate(database.db, 'a@example.eu', 'long enough password');
          assert.ok(id, 'the password works');
          const actor = await loadActor(database.db, id);
          assert.ok(actor?.kind === 'user' && actor.isAdmin, 'an administrator');
          assert.equal(actor.displayName, 'Ada Example');
        } finally {
          await database.close();
        }

        const second = run('--email', 'A@example.eu', '--name', 'Someone Else', '--password', 'another long password');
        assert.equal(second.status, 1);
        assert.equal(second.stdout, '');
        assert.match(second.stderr, /^The account was not created/);
        assert.match(second.stderr, /email: already has an account/);
        assert.doesNotMatch(second.stderr, /\bat .+:\d+:\d+|Error:/, 'no stack trace');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});
