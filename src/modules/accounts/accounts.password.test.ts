import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildApp } from '../../app.js';
import { createLogger } from '../../core/logger.js';
import { buildTestApp, forEachEngine } from '../../../test/helpers/app.js';
import { linkIn, readOutbox } from '../../../test/helpers/mail.js';
import { authenticate, createUser } from './index.js';
import { Browser, countRows, fieldError, inputValue, pathOf, STRONG_PASSWORD } from '../../../test/support/accounts.js';

const NEW_PASSWORD = 'a quiet morning in Brno tram';

forEachEngine('accounts: passwords, limits and account settings', (engine) => {
  async function setup(t: Parameters<typeof buildTestApp>[0]) {
    const urbis = await buildTestApp(t, engine);
    const userId = await createUser(urbis.ctx.db, {
      email: 'ada@example.eu',
      handle: 'ada',
      displayName: 'Ada Lovelace',
      password: STRONG_PASSWORD,
    });
    return { ...urbis, userId };
  }

  // ── Password reset ─────────────────────────────────────────────────────────────────

  test(
    '"forgot password" says the same for a known and an unknown address, ' + 'and mails only the known one',
    async (t) => {
      const { app, ctx } = await setup(t);
      const known = await new Browser(app).post(
        '/en/password/forgot',
        { email: 'ADA@example.eu' },
        '/en/password/forgot',
      );
      const unknown = await new Browser(app).post(
        '/en/password/forgot',
        { email: 'nobody@example.eu' },
        '/en/password/forgot',
      );
      assert.equal(known.statusCode, 200);
      assert.equal(unknown.statusCode, 200);
      const normalise = (html: string, email: string) =>
        html.replaceAll(email, 'EMAIL').replace(/name="_csrf" value="[^"]+"/g, '');
      assert.equal(normalise(known.body, 'ADA@example.eu'), normalise(unknown.body, 'nobody@example.eu'));
      const mails = readOutbox(ctx.config.dataDir);
      assert.deepEqual(
        mails.map((m) => m.to),
        ['ada@example.eu'],
      );
      assert.equal(mails[0]?.subject, 'Choose a new password for Urbis');
      assert.match(mails[0]?.text ?? '', /60 minutes and only once/);
      const empty = await new Browser(app).post('/en/password/forgot', { email: 'no' }, '/en/password/forgot');
      assert.equal(empty.statusCode, 400);
      assert.equal(fieldError(empty.body, 'email'), 'Enter an e-mail address such as name@example.eu.');
      assert.equal(inputValue(empty.body, 'email'), 'no');
    },
  );

  test(
    'a reset link sets a new password once, ' + 'ends every session of the person, and the old password stops working',
    async (t) => {
      const { app, ctx, userId } = await setup(t);
      const laptop = new Browser(app);
      const phone = new Browser(app);
      await laptop.signIn('ada@example.eu', STRONG_PASSWORD);
      await phone.signIn('ada@example.eu', STRONG_PASSWORD);
      assert.equal(await countRows(ctx.db, 'core_sessions'), 2);

      await new Browser(app).post('/en/password/forgot', { email: 'ada@example.eu' }, '/en/password/forgot');
      const link = pathOf(linkIn(readOutbox(ctx.config.dataDir)[0]!, '/password/reset/'));
      const visitor = new Browser(app);
      const form = await visitor.get(link);
      assert.equal(form.statusCode, 200);
      assert.match(form.body, /Choose a new password/);

      // A weak password is refused and the link stays usable.
      const weak = await visitor.post(link, { password: 'LeaveMeAlone' });
      assert.equal(weak.statusCode, 400);
      assert.equal(
        fieldError(weak.body, 'password'),
        'This is one of the most common passwords, so it is easy to guess. Choose another.',
      );
      const done = await visitor.post(link, { password: NEW_PASSWORD });
      assert.equal(done.statusCode, 200);
      assert.match(done.body, /Password changed/);

      assert.equal(await countRows(ctx.db, 'core_sessions'), 0, 'every session ended');
      assert.doesNotMatch((await laptop.get('/en/')).body, /Ada Lovelace/, 'the old cookie is useless');
      assert.equal(await authenticate(ctx.db, 'ada@example.eu', STRONG_PASSWORD), null);
      assert.equal(await authenticate(ctx.db, 'ada@example.eu', NEW_PASSWORD), userId);
      const reused = await visitor.post(link, { password: 'yet another long password' }, link);
      assert.equal(reused.statusCode, 404, 'the link works once');
      assert.equal(await authenticate(ctx.db, 'ada@example.eu', NEW_PASSWORD), userId);
    },
  );

  test('a reset link expires after an hour, and a newer request makes the older link useless', async (t) => {
    const { app, ctx } = await setup(t);
    const ask = () => new Browser(app).post('/en/password/forgot', { email: 'ada@example.eu' }, '/en/password/forgot');
    await ask();
    const [row] = await ctx.db.selectFrom('accounts_mail_tokens').select(['created_at', 'expires_at']).execute();
    assert.equal(Date.parse(row!.expires_at) - Date.parse(row!.created_at) <= 3_600_000 + 1000, true);
    assert.ok(Date.parse(row!.expires_at) - Date.parse(row!.created_at) >= 3_600_000 - 1000);
    const first = pathOf(linkIn(readOutbox(ctx.config.dataDir)[0]!, '/password/reset/'));
    await ask();
    const second = pathOf(linkIn(readOutbox(ctx.config.dataDir)[1]!, '/password/reset/'));
    assert.equal((await new Browser(app).get(first)).statusCode, 404);
    assert.equal((await new Browser(app).get(second)).statusCode, 200);
    await ctx.db
      .updateTable('accounts_mail_tokens')
      .set({ expires_at: new Date(Date.now() - 1).toISOString() })
      .execute();
    const expired = await new Browser(app).post(second, { password: NEW_PASSWORD }, '/en/password/forgot');
    assert.equal(expired.statusCode, 404);
    assert.equal(await authenticate(ctx.db, 'ada@example.eu', NEW_PASSWORD), null);
  });

  test(
    'reset mails are limited per address: the fourth in an hour is refused with 429, ' +
      'Retry-After and a message in the reader’s language',
    async (t) => {
      const { app, ctx } = await setup(t);
      for (let i = 1; i <= 3; i++) {
        const response = await new Browser(app, { remoteAddress: `10.2.0.${i}` }).post(
          '/cs/password/forgot',
          { email: 'ada@example.eu' },
          '/cs/password/forgot',
        );
        assert.equal(response.statusCode, 200, `request ${i}`);
      }
      const refused = await new Browser(app, { remoteAddress: '10.2.0.9' }).post(
        '/cs/password/forgot',
        { email: 'ada@example.eu' },
        '/cs/password/forgot',
      );
      assert.equal(refused.statusCode, 429);
      // The wait is what the limit's estimate gives (see throttle.ts): at least until the hour's window ends,
      // at most a third of a window more.
      const retryAfter = Number(refused.headers['retry-after']);
      assert.ok(retryAfter > 0 && retryAfter <= 80 * 60, `Retry-After ${retryAfter}`);
      assert.match(
        fieldError(refused.body, 'email') ?? '',
        new RegExp(
          '^Na tuto adresu jsme už poslali několik zpráv\\. Než požádáte znovu, ' +
            `počkejte ${Math.ceil(retryAfter / 60)} minut`,
        ),
      );
      assert.equal(readOutbox(ctx.config.dataDir).length, 3);
    },
  );

  test('the reset form is limited per address too (5 a minute)', async (t) => {
    const { app } = await setup(t);
    const browser = new Browser(app);
    await browser.get('/en/password/forgot');
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++)
      statuses.push((await browser.post('/en/password/forgot', { email: `someone${i}@example.eu` })).statusCode);
    assert.deepEqual(statuses, [200, 200, 200, 200, 200, 429]);
  });

  // ── Sign-in limit per account and address ──────────────────────────────────────────

  test(
    'after 10 failed sign-ins for one account from one address (an IPv6 /64), that address is refused for a while ' +
      'with 429 and Retry-After, on every node; the right password from elsewhere still works',
    async (t) => {
      const { app, ctx, database } = await setup(t);
      // Each request from an address of its own in one IPv6 /64 (one holder's network, counted as one
      // address by the limit), so that the route's limit of 10 sign-ins a minute per address is not what refuses.
      let host = 0;
      const from = (lang = 'en', email = 'ada@example.eu', password = STRONG_PASSWORD) =>
        new Browser(app, { remoteAddress: `2001:db8:3:0::${(++host).toString(16)}` }).signIn(email, password, lang);
      for (let i = 1; i <= 10; i++)
        assert.equal((await from('en', 'ada@example.eu', `wrong guess number ${i}`)).statusCode, 400, `attempt ${i}`);
      const locked = await from();
      assert.equal(locked.statusCode, 429, 'even the right password is refused from there');
      const retryAfter = Number(locked.headers['retry-after']);
      assert.ok(retryAfter > 0 && retryAfter <= 1800, `Retry-After ${retryAfter}`);
      assert.match(
        fieldError(locked.body, 'email') ?? '',
        /^There were too many wrong passwords for this account\. Wait \d+ minutes and try again, or ask for a link/,
      );
      assert.equal(inputValue(locked.body, 'email'), 'ada@example.eu');
      assert.equal(await countRows(ctx.db, 'core_sessions'), 0);
      const cs = await from('cs', 'ADA@example.eu');
      assert.equal(cs.statusCode, 429);
      assert.match(fieldError(cs.body, 'email') ?? '', /Počkejte \d+ minut\S* a zkuste to znovu/);
      // Another account from the same address is not affected.
      await createUser(ctx.db, { email: 'bo@example.eu', handle: 'bo', displayName: 'Bo', password: STRONG_PASSWORD });
      assert.equal((await from('en', 'bo@example.eu')).statusCode, 303);
      // The count is in the database: another node over the same database refuses too.
      // (Not listening to the first node's writes: a second watch on one database handle would leave the first
      // node's listening connection open, and the test process would not end on PostgreSQL.)
      const otherNode = await buildApp({
        config: ctx.config,
        database,
        logger: createLogger('silent'),
        watchOtherNodes: false,
      });
      t.after(() => otherNode.app.close());
      const there = await new Browser(otherNode.app, { remoteAddress: '2001:db8:3::ffff' }).signIn(
        'ada@example.eu',
        STRONG_PASSWORD,
      );
      assert.equal(there.statusCode, 429);
      // An unknown address is limited the same way, so the limit tells nothing.
      for (let i = 1; i <= 10; i++) await from('en', 'ghost@example.eu', `guess ${i}`);
      assert.equal((await from('en', 'ghost@example.eu', 'guess')).statusCode, 429);
      // When the window has passed, the right password works again.
      await ctx.db
        .updateTable('accounts_attempt_counts')
        .set((eb) => ({ period: eb('period', '-', 2) }))
        .execute();
      assert.equal((await from()).statusCode, 303);
    },
  );

  // ── Settings → account ─────────────────────────────────────────────────────────────

  test(
    'the account page lists the sessions with their browser, ' + 'and "sign out everywhere else" ends the others only',
    async (t) => {
      const { app, ctx } = await setup(t);
      const laptop = new Browser(app, { userAgent: 'Firefox on the laptop' });
      const phone = new Browser(app, { userAgent: 'Safari on the phone' });
      await laptop.signIn('ada@example.eu', STRONG_PASSWORD);
      await phone.signIn('ada@example.eu', STRONG_PASSWORD);
      const page = await laptop.get('/en/settings/account');
      assert.equal(page.statusCode, 200);
      assert.equal(page.headers['cache-control'], 'no-store');
      assert.match(page.body, /You sign in with ada@example\.eu/);
      assert.match(page.body, /Firefox on the laptop<strong> \(this browser\)<\/strong>/);
      assert.match(page.body, /Safari on the phone/);
      assert.match(page.body, /2 sessions/);
      assert.match(page.body, /You are signed in on 1 other device/);
      const cs = await laptop.get('/cs/settings/account');
      assert.match(cs.body, /Přihlášení máte otevřené ještě na 1 dalším zařízení/);

      const out = await laptop.post('/en/settings/account/sessions/end-others', {});
      assert.equal(out.statusCode, 303);
      assert.equal(out.headers.location, '/en/settings/account?notice=signedOutElsewhere');
      assert.match(
        (await laptop.get('/en/settings/account?notice=signedOutElsewhere')).body,
        /You have been signed out on every other device/,
      );
      assert.equal(await countRows(ctx.db, 'core_sessions'), 1);
      assert.doesNotMatch((await phone.get('/en/')).body, /Ada Lovelace/);
      assert.match((await laptop.get('/en/')).body, /Ada Lovelace/);
    },
  );

  test(
    'changing the password asks for the current one, ' + 'refuses common ones, and ends the other sessions',
    async (t) => {
      const { app, ctx, userId } = await setup(t);
      const laptop = new Browser(app);
      const phone = new Browser(app);
      await laptop.signIn('ada@example.eu', STRONG_PASSWORD);
      await phone.signIn('ada@example.eu', STRONG_PASSWORD);
      await laptop.get('/en/settings/account');
      const wrong = await laptop.post('/en/settings/account/password', {
        currentPassword: 'not my password',
        newPassword: NEW_PASSWORD,
      });
      assert.equal(wrong.statusCode, 400);
      assert.equal(fieldError(wrong.body, 'currentPassword'), 'This is not your current password.');
      assert.ok(
        !wrong.body.includes(NEW_PASSWORD) && !wrong.body.includes('not my password'),
        'no password is sent back',
      );
      const common = await laptop.post('/en/settings/account/password', {
        currentPassword: STRONG_PASSWORD,
        newPassword: 'Qwerty123456',
      });
      assert.equal(common.statusCode, 400);
      assert.match(fieldError(common.body, 'newPassword') ?? '', /most common passwords/);
      const short = await laptop.post('/cs/settings/account/password', {
        currentPassword: STRONG_PASSWORD,
        newPassword: 'short',
      });
      assert.equal(fieldError(short.body, 'newPassword'), 'Použijte alespoň 12 znaků.');
      assert.equal(await authenticate(ctx.db, 'ada@example.eu', STRONG_PASSWORD), userId, 'nothing changed yet');

      const changed = await laptop.post('/en/settings/account/password', {
        currentPassword: STRONG_PASSWORD,
        newPassword: NEW_PASSWORD,
        is_admin: '1',
      });
      assert.equal(changed.statusCode, 303);
      assert.equal(changed.headers.location, '/en/settings/account?notice=passwordChanged');
      assert.equal(await authenticate(ctx.db, 'ada@example.eu', NEW_PASSWORD), userId);
      assert.equal(await countRows(ctx.db, 'core_sessions'), 1);
      assert.match((await laptop.get('/en/')).body, /Ada Lovelace/, 'this session stays');
      assert.doesNotMatch((await phone.get('/en/')).body, /Ada Lovelace/, 'the other one ended');
    },
  );

  test(
    'changing the e-mail address asks for the password and ' + 'takes effect only when the new address is confirmed',
    async (t) => {
      const { app, ctx, userId } = await setup(t);
      const browser = new Browser(app);
      await browser.signIn('ada@example.eu', STRONG_PASSWORD);
      await browser.get('/en/settings/account');
      const wrong = await browser.post('/en/settings/account/email', {
        newEmail: 'ada.new@example.eu',
        password: 'not my password',
      });
      assert.equal(wrong.statusCode, 400);
      assert.equal(fieldError(wrong.body, 'password'), 'This is not your current password.');
      assert.equal(inputValue(wrong.body, 'newEmail'), 'ada.new@example.eu');
      const same = await browser.post('/en/settings/account/email', {
        newEmail: 'Ada@Example.eu',
        password: STRONG_PASSWORD,
      });
      assert.equal(fieldError(same.body, 'newEmail'), 'This is already your e-mail address.');
      assert.equal(readOutbox(ctx.config.dataDir).length, 0);

      const sent = await browser.post('/en/settings/account/email', {
        newEmail: 'Ada.New@example.eu',
        password: STRONG_PASSWORD,
      });
      assert.equal(sent.statusCode, 200);
      assert.match(sent.body, /We have sent a link to ada\.new@example\.eu/);
      const [mail] = readOutbox(ctx.config.dataDir);
      assert.equal(mail?.to, 'ada.new@example.eu');
      assert.equal(mail?.subject, 'Confirm your new e-mail address for Urbis');
      assert.equal(
        await authenticate(ctx.db, 'ada@example.eu', STRONG_PASSWORD),
        userId,
        'the old address still works until confirmed',
      );

      const link = pathOf(linkIn(mail!, '/confirm/'));
      const opened = await browser.get(link);
      assert.match(opened.body, /Confirm your new e-mail address/);
      const confirmed = await browser.post(link, {});
      assert.equal(confirmed.statusCode, 200);
      assert.match(confirmed.body, /your new e-mail address is now in use/);
      assert.equal(await authenticate(ctx.db, 'ada.new@example.eu', STRONG_PASSWORD), userId);
      assert.equal(await authenticate(ctx.db, 'ada@example.eu', STRONG_PASSWORD), null);
      const notice = readOutbox(ctx.config.dataDir).find((m) => m.to === 'ada@example.eu');
      assert.equal(notice?.subject, 'The e-mail address of your Urbis account was changed');
      assert.match(notice?.text ?? '', /is now ada\.new@example\.eu/);
    },
  );

  test(
    'asking to move to an address that has an account looks the same, changes nothing, ' +
      'and tells that address’s owner',
    async (t) => {
      const { app, ctx, userId } = await setup(t);
      await createUser(ctx.db, {
        email: 'bo@example.eu',
        handle: 'bo',
        displayName: 'Bo Marek',
        password: STRONG_PASSWORD,
      });
      const browser = new Browser(app);
      await browser.signIn('ada@example.eu', STRONG_PASSWORD);
      await browser.get('/en/settings/account');
      const response = await browser.post('/en/settings/account/email', {
        newEmail: 'bo@example.eu',
        password: STRONG_PASSWORD,
      });
      assert.equal(response.statusCode, 200);
      assert.match(response.body, /We have sent a link to bo@example\.eu/);
      const mails = readOutbox(ctx.config.dataDir);
      assert.equal(mails.length, 1);
      assert.equal(mails[0]?.to, 'bo@example.eu');
      assert.doesNotMatch(mails[0]?.text ?? '', /\/confirm\//);
      assert.equal(await countRows(ctx.db, 'accounts_mail_tokens'), 0);
      assert.equal(await authenticate(ctx.db, 'ada@example.eu', STRONG_PASSWORD), userId);
    },
  );

  test('wrong current passwords in settings count towards the account’s limit', async (t) => {
    const { app } = await setup(t);
    const browser = new Browser(app);
    await browser.signIn('ada@example.eu', STRONG_PASSWORD);
    await browser.get('/en/settings/account');
    for (let i = 0; i < 10; i++)
      await browser.post('/en/settings/account/password', {
        currentPassword: `guess ${i} of many`,
        newPassword: NEW_PASSWORD,
      });
    const locked = await browser.post('/en/settings/account/password', {
      currentPassword: STRONG_PASSWORD,
      newPassword: NEW_PASSWORD,
    });
    assert.equal(locked.statusCode, 429);
    assert.ok(Number(locked.headers['retry-after']) > 0);
    assert.match(fieldError(locked.body, 'currentPassword') ?? '', /too many wrong passwords/);
  });

  test('settings pages send a visitor to sign in and come back afterwards', async (t) => {
    const { app } = await setup(t);
    const browser = new Browser(app);
    const redirect = await browser.get('/en/settings/account');
    assert.equal(redirect.statusCode, 303);
    assert.equal(redirect.headers.location, `/en/sign-in?next=${encodeURIComponent('/en/settings/account')}`);
    const signIn = await browser.post(
      '/en/sign-in',
      { email: 'ada@example.eu', password: STRONG_PASSWORD, next: '/en/settings/account' },
      String(redirect.headers.location),
    );
    assert.equal(signIn.headers.location, '/en/settings/account');
  });
});
