// Issue 11: sign-in limits (finding 6) and sessions and tokens (finding 9).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildTestApp, cookiesOf, csrfTokenOf, forEachEngine } from '../../../test/helpers/app.js';
import { linkIn, readOutbox } from '../../../test/helpers/mail.js';
import {
  Browser,
  countRows,
  createAccessToken,
  fieldError,
  pathOf,
  STRONG_PASSWORD,
} from '../../../test/support/accounts.js';
import { createUser } from './index.js';
import { attemptSubject } from './throttle.js';

const NEW_PASSWORD = 'a quiet morning in Brno tram';

forEachEngine('accounts: hardening (issue 11)', (engine) => {
  async function setup(t: Parameters<typeof buildTestApp>[0], env: Record<string, string> = {}) {
    const urbis = await buildTestApp(t, engine, { env });
    const userId = await createUser(urbis.ctx.db, {
      email: 'ada@example.eu',
      handle: 'ada',
      displayName: 'Ada Lovelace',
      password: STRONG_PASSWORD,
      isAdmin: true,
    });
    return { ...urbis, userId };
  }

  // ── Finding 6: sign-in limits ──────────────────────────────────────────────────────

  test('ten wrong passwords from one network (an IPv6 /64) refuse it only: the owner elsewhere signs in', async (t) => {
    const { app } = await setup(t);
    // Each guess from another address of one /64 (a holder of one can use them all); the route's own limit
    // (10 sign-ins a minute per address) does not refuse them.
    for (let i = 1; i <= 10; i++) {
      const from = { remoteAddress: `2001:db8:1:2::${i.toString(16)}` };
      const wrong = await new Browser(app, from).signIn('ada@example.eu', `guess ${i}`);
      assert.equal(wrong.statusCode, 400, `attempt ${i}`);
    }
    const attacker = await new Browser(app, { remoteAddress: '2001:db8:1:2:ffff::1' }).signIn(
      'ada@example.eu',
      STRONG_PASSWORD,
    );
    assert.equal(attacker.statusCode, 429, 'that network is slowed down, even with the right password');
    const retryAfter = Number(attacker.headers['retry-after']);
    assert.ok(retryAfter > 0 && retryAfter <= 1800, `Retry-After ${retryAfter}`);
    assert.match(fieldError(attacker.body, 'email') ?? '', /too many wrong passwords/);
    const owner = await new Browser(app, { remoteAddress: '198.51.100.7' }).signIn('ada@example.eu', STRONG_PASSWORD);
    assert.equal(owner.statusCode, 303, 'the owner from another address is not locked out');
    const neighbour = await new Browser(app, { remoteAddress: '2001:db8:1:3::1' }).signIn(
      'ada@example.eu',
      STRONG_PASSWORD,
    );
    assert.equal(neighbour.statusCode, 303, 'nor from the next /64');
  });

  test(
    'wrong passwords sent at once from 130 addresses: each is counted before it is checked, ' +
      'at most 100 are checked in an hour, and the owner’s own browser still signs in',
    async (t) => {
      const { app } = await setup(t);
      // The owner signed in from this browser before (and signed out): it is known to the account.
      const owner = new Browser(app, { remoteAddress: '198.51.100.7' });
      assert.equal((await owner.signIn('ada@example.eu', STRONG_PASSWORD)).statusCode, 303);
      assert.equal((await owner.post('/en/sign-out', {}, '/en/')).statusCode, 303);

      const form = await app.inject({ url: '/en/sign-in' });
      const cookie = cookiesOf(form);
      const token = csrfTokenOf(form.body);
      const guess = (i: number) =>
        app.inject({
          method: 'POST',
          url: '/en/sign-in',
          remoteAddress: `10.77.${Math.floor(i / 200)}.${(i % 200) + 1}`,
          headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
          payload: new URLSearchParams({ _csrf: token, email: 'ada@example.eu', password: `guess ${i}` }).toString(),
        });
      const answers = await Promise.all(Array.from({ length: 130 }, (_, i) => guess(i)));
      const statuses = answers.map((a) => a.statusCode);
      assert.equal(statuses.filter((s) => s === 400).length, 100, 'checked');
      assert.equal(statuses.filter((s) => s === 429).length, 30, 'refused before checking');

      // A browser that never signed in to the account is refused now, even with the right password …
      const stranger = new Browser(app, { remoteAddress: '198.51.100.8' });
      assert.equal((await stranger.signIn('ada@example.eu', STRONG_PASSWORD)).statusCode, 429);
      // … but the owner's own browser is not, from any address.
      const elsewhere = new Browser(app, { remoteAddress: '198.51.100.99' });
      for (const name of ['urbis_device', 'urbis_csrf']) {
        const value = owner.cookie(name);
        if (value) elsewhere.setCookie(name, value);
      }
      assert.equal((await elsewhere.signIn('ada@example.eu', STRONG_PASSWORD)).statusCode, 303);
    },
  );

  test('a browser known to one account is a stranger to another: its cookie is bound to the account', async (t) => {
    const { app, ctx } = await setup(t);
    await createUser(ctx.db, { email: 'bo@example.eu', handle: 'bo', displayName: 'Bo', password: STRONG_PASSWORD });
    const browser = new Browser(app, { remoteAddress: '198.51.100.7' });
    assert.equal((await browser.signIn('bo@example.eu', STRONG_PASSWORD)).statusCode, 303);
    await browser.post('/en/sign-out', {}, '/en/');
    const device = browser.cookie('urbis_device');
    assert.ok(device, 'signing in marks the browser as known to the account');
    // Ada's account has had its fill of strangers' wrong passwords this hour.
    await ctx.db
      .insertInto('accounts_attempt_counts')
      .values({
        kind: 'sign-in-any',
        subject: attemptSubject('ada@example.eu'),
        account: attemptSubject('ada@example.eu'),
        period: Math.floor(Date.now() / 3_600_000),
        attempts: 100,
      })
      .execute();
    assert.equal((await browser.signIn('ada@example.eu', STRONG_PASSWORD)).statusCode, 429);
    const forged = new Browser(app, { remoteAddress: '198.51.100.7' });
    forged.setCookie('urbis_device', `${device.split('.')[0]}.${'A'.repeat(43)}`);
    assert.equal((await forged.signIn('ada@example.eu', STRONG_PASSWORD)).statusCode, 429);
    assert.equal(await countRows(ctx.db, 'core_sessions'), 0);
  });

  // ── Finding 9: sessions and tokens ─────────────────────────────────────────────────

  const api = (app: Awaited<ReturnType<typeof setup>>['app'], token: string) =>
    app.inject({ url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } });

  test('personal access tokens end when the password is changed, and when it is reset', async (t) => {
    const { app, ctx, userId } = await setup(t);
    const browser = new Browser(app);
    await browser.signIn('ada@example.eu', STRONG_PASSWORD);
    const first = await createAccessToken(ctx, userId, 'before the change');
    assert.equal((await api(app, first.token)).statusCode, 200);
    await browser.get('/en/settings/account');
    const changed = await browser.post('/en/settings/account/password', {
      currentPassword: STRONG_PASSWORD,
      newPassword: NEW_PASSWORD,
    });
    assert.equal(changed.statusCode, 303);
    assert.equal((await api(app, first.token)).statusCode, 401, 'the token ended with the old password');
    assert.match((await browser.get(String(changed.headers.location))).body, /API tokens/);

    const second = await createAccessToken(ctx, userId, 'before the reset');
    await new Browser(app).post('/en/password/forgot', { email: 'ada@example.eu' }, '/en/password/forgot');
    const link = pathOf(linkIn(readOutbox(ctx.config.dataDir).at(-1)!, '/password/reset/'));
    const reset = await new Browser(app).post(link, { password: STRONG_PASSWORD }, link);
    assert.equal(reset.statusCode, 200);
    assert.match(reset.body, /API tokens/);
    assert.equal((await api(app, second.token)).statusCode, 401, 'the token ended with the reset');
    assert.equal(await countRows(ctx.db, 'accounts_access_tokens'), 0);
  });

  test('a session ends URBIS_SESSION_IDLE_DAYS after its last use, URBIS_SESSION_MAX_DAYS after sign-in', async (t) => {
    const { app, ctx } = await setup(t, { URBIS_SESSION_IDLE_DAYS: '2', URBIS_SESSION_MAX_DAYS: '5' });
    const day = 86_400_000;
    const ago = (days: number) => new Date(Date.now() - days * day).toISOString();
    const idle = new Browser(app);
    const signIn = await idle.signIn('ada@example.eu', STRONG_PASSWORD);
    assert.match(String(signIn.headers['set-cookie']), /urbis_session=[^;]+;[^,]*Max-Age=432000/);
    await ctx.db
      .updateTable('core_sessions')
      .set({ last_seen_at: ago(1.9) })
      .execute();
    assert.equal((await idle.get('/en/settings/account')).statusCode, 200, 'used within two days: still signed in');
    await ctx.db
      .updateTable('core_sessions')
      .set({ last_seen_at: ago(2.1) })
      .execute();
    assert.equal((await idle.get('/en/settings/account')).statusCode, 303, 'idle for more than two days: signed out');
    assert.equal(await countRows(ctx.db, 'core_sessions'), 0);

    const busy = new Browser(app);
    await busy.signIn('ada@example.eu', STRONG_PASSWORD);
    // Used every day, but signed in more than five days ago (even if the row promised longer).
    await ctx.db
      .updateTable('core_sessions')
      .set({ created_at: ago(5.1), last_seen_at: ago(0.1), expires_at: ago(-30) })
      .execute();
    assert.equal((await busy.get('/en/settings/account')).statusCode, 303);
    assert.equal(await countRows(ctx.db, 'core_sessions'), 0);
  });

  test(
    'token settings and "sign out everywhere else" ask for the password again ' +
      'when the session signed in more than 30 minutes ago',
    async (t) => {
      const { app, ctx } = await setup(t);
      const browser = new Browser(app);
      await browser.signIn('ada@example.eu', STRONG_PASSWORD);
      const old = new Date(Date.now() - 31 * 60_000).toISOString();
      await ctx.db.updateTable('core_sessions').set({ created_at: old, authenticated_at: old }).execute();
      await browser.get('/en/settings/account');
      const create = await browser.post('/en/settings/tokens', { name: 'sneaky' });
      assert.equal(create.statusCode, 303);
      assert.equal(create.headers.location, `/en/settings/confirm?next=${encodeURIComponent('/en/settings/tokens')}`);
      assert.equal(await countRows(ctx.db, 'accounts_access_tokens'), 0);
      const others = await browser.post('/en/settings/account/sessions/end-others', {});
      assert.equal(others.statusCode, 303);
      assert.match(String(others.headers.location), /^\/en\/settings\/confirm\?next=/);
      const list = await browser.get('/en/settings/tokens');
      assert.equal(list.statusCode, 303, 'the tokens page itself asks first');

      const confirm = await browser.get(String(create.headers.location));
      assert.equal(confirm.statusCode, 200);
      assert.match(confirm.body, /Confirm your password/);
      const wrong = await browser.post(String(create.headers.location), { password: 'not my password at all' });
      assert.equal(wrong.statusCode, 400);
      assert.equal(fieldError(wrong.body, 'password'), 'This is not your current password.');
      const right = await browser.post(String(create.headers.location), { password: STRONG_PASSWORD });
      assert.equal(right.statusCode, 303);
      assert.equal(right.headers.location, '/en/settings/tokens');
      await browser.get('/en/settings/tokens');
      assert.equal((await browser.post('/en/settings/tokens', { name: 'fine now' })).statusCode, 200);
      assert.equal(await countRows(ctx.db, 'accounts_access_tokens'), 1);
    },
  );

  test(
    'after sign-in, neither the visitor’s CSRF token nor another session’s is accepted; ' + 'the session’s own is',
    async (t) => {
      const { app, ctx } = await setup(t);
      await createUser(ctx.db, { email: 'bo@example.eu', handle: 'bo', displayName: 'Bo', password: STRONG_PASSWORD });
      const form = await app.inject({ url: '/en/sign-in' });
      const visitor = { cookie: cookiesOf(form), token: csrfTokenOf(form.body) };
      const signIn = await app.inject({
        method: 'POST',
        url: '/en/sign-in',
        headers: { cookie: visitor.cookie, 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({
          _csrf: visitor.token,
          email: 'ada@example.eu',
          password: STRONG_PASSWORD,
        }).toString(),
      });
      assert.equal(signIn.statusCode, 303);
      const ada = `${visitor.cookie}; ${cookiesOf(signIn)}`;
      const signOut = (cookie: string, token: string) =>
        app.inject({
          method: 'POST',
          url: '/en/sign-out',
          headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
          payload: new URLSearchParams({ _csrf: token }).toString(),
        });
      assert.equal((await signOut(ada, visitor.token)).statusCode, 403, 'the token from before sign-in');

      const bo = new Browser(app);
      await bo.signIn('bo@example.eu', STRONG_PASSWORD);
      const boPage = await bo.get('/en/settings/account');
      const boToken = csrfTokenOf(boPage.body);
      const adaSession = cookiesOf(signIn)
        .split('; ')
        .filter((c) => c.startsWith('urbis_session='))
        .join('; ');
      const planted = `${adaSession}; urbis_csrf=${bo.cookie('urbis_csrf') ?? ''}`;
      assert.equal((await signOut(planted, boToken)).statusCode, 403, 'another session’s token');
      assert.equal(await countRows(ctx.db, 'core_sessions'), 2);

      const own = await app.inject({ url: '/en/settings/account', headers: { cookie: ada } });
      assert.equal((await signOut(ada, csrfTokenOf(own.body))).statusCode, 303, 'its own token');
      assert.equal(await countRows(ctx.db, 'core_sessions'), 1);
    },
  );
});
