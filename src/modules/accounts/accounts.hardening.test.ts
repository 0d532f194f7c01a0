// Issue 11: sign-in limits (finding 6) and sessions and tokens (finding 9).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildTestApp, cookiesOf, csrfTokenOf, forEachEngine } from '../../../test/helpers/app.js';
import { Browser, countRows, fieldError, STRONG_PASSWORD } from '../../../test/support/accounts.js';
import { createUser } from './index.js';
import { attemptSubject } from './throttle.js';

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
});
