import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { buildTestApp, forEachEngine } from '../../../test/helpers/app.js';
import { CORPORA } from '../../../test/helpers/corpora.js';
import { linkIn, readOutbox } from '../../../test/helpers/mail.js';
import { createUser, TERMS_VERSION } from './index.js';
import { hashToken } from './links.js';
import { loadActor } from './accounts.service.js';
import {
  Browser,
  countRows,
  fieldError,
  inputValue,
  pathOf,
  registration,
  STRONG_PASSWORD,
} from '../../../test/support/accounts.js';

const XSS_LIST = path.join(CORPORA, 'xss-payload-list/Intruder/xss-payload-list.txt');

forEachEngine('accounts: registration', (engine) => {
  const setup = (t: Parameters<typeof buildTestApp>[0]) => buildTestApp(t, engine);

  test(
    'the registration page asks for name, address, short name, ' + 'password and the terms, and links to the terms',
    async (t) => {
      const { app } = await setup(t);
      for (const lang of ['en', 'cs']) {
        const page = await new Browser(app).get(`/${lang}/register`);
        assert.equal(page.statusCode, 200);
        assert.equal(page.headers['cache-control'], 'no-store');
        for (const name of ['displayName', 'email', 'handle', 'password'])
          assert.match(page.body, new RegExp(`name="${name}"`), name);
        assert.match(page.body, /type="checkbox" id="field-terms" name="terms" value="accepted"/);
        assert.match(page.body, new RegExp(`href="/${lang}/terms"`));
        assert.match(page.body, /autocomplete="new-password"/);
      }
      assert.match((await app.inject('/cs/register')).body, /Založit účet/);
    },
  );

  test(
    'registering makes an unconfirmed account and mails a one-time link; ' + 'after confirming, the person signs in',
    async (t) => {
      const urbis = await setup(t);
      const { app, ctx } = urbis;
      const browser = new Browser(app);
      const response = await browser.register(registration());
      assert.equal(response.statusCode, 200);
      assert.match(response.body, /Check your mail/);
      assert.match(response.body, /jana@example\.eu/);

      const user = await ctx.db
        .selectFrom('users')
        .selectAll()
        .where('email', '=', 'jana@example.eu')
        .executeTakeFirstOrThrow();
      assert.equal(user.email_confirmed_at, null);
      assert.equal(user.terms_version, TERMS_VERSION);
      assert.ok(
        user.terms_accepted_at && Math.abs(Date.parse(user.terms_accepted_at) - Date.now()) < 60_000,
        'the time of acceptance is recorded',
      );
      assert.equal(user.locale, 'en');
      assert.match(user.password_hash ?? '', /^\$argon2id\$/);

      const mails = readOutbox(ctx.config.dataDir);
      assert.equal(mails.length, 1);
      const [mail] = mails;
      assert.ok(mail);
      assert.equal(mail.to, 'jana@example.eu');
      assert.equal(mail.subject, 'Confirm your e-mail address for Urbis');
      assert.match(mail.text, /Hello Jana Nováková/);
      assert.match(mail.text, /48 hours/);
      const link = linkIn(mail, '/confirm/');
      assert.ok(link.startsWith(`${ctx.config.baseUrl}/en/confirm/`));
      const token = link.split('/').pop() ?? '';
      assert.ok(token.length >= 43, 'a long random token');
      const stored = await ctx.db.selectFrom('accounts_mail_tokens').select('token_hash').execute();
      assert.deepEqual(
        stored.map((r) => r.token_hash),
        [hashToken(token)],
        'only the hash of the token is stored',
      );

      // Not confirmed yet: the right password says so and offers to send the link again.
      const early = await new Browser(app).signIn('jana@example.eu', STRONG_PASSWORD);
      assert.equal(early.statusCode, 403);
      assert.match(early.body, /Confirm your e-mail address first/);
      assert.match(early.body, /action="\/en\/register\/resend"/);
      assert.ok(!String(early.headers['set-cookie'] ?? '').includes('urbis_session='), 'no session');
      // A wrong password does not learn that the account exists.
      const wrong = await new Browser(app).signIn('jana@example.eu', 'not the password at all');
      assert.equal(wrong.statusCode, 400);
      assert.doesNotMatch(wrong.body, /Confirm your e-mail address first/);

      // Opening the link shows a button; only the button confirms.
      const opened = await browser.get(pathOf(link));
      assert.equal(opened.statusCode, 200);
      assert.match(opened.body, /Confirm that jana@example\.eu is your address/);
      assert.equal(
        (
          await ctx.db
            .selectFrom('users')
            .select('email_confirmed_at')
            .where('id', '=', user.id)
            .executeTakeFirstOrThrow()
        ).email_confirmed_at,
        null,
      );
      const confirmed = await browser.post(pathOf(link), {});
      assert.equal(confirmed.statusCode, 200);
      assert.match(confirmed.body, /Address confirmed/);
      const again = await browser.post(pathOf(link), {}, pathOf(link));
      assert.equal(again.statusCode, 404, 'the link works once');
      assert.match(again.body, /This link does not work/);

      const signedIn = await browser.signIn('jana@example.eu', STRONG_PASSWORD);
      assert.equal(signedIn.statusCode, 303);
      assert.ok(browser.cookie('urbis_session'));
      const home = await browser.get('/en/');
      assert.match(home.body, /Jana Nováková/);
    },
  );

  test('a Czech registration gets Czech messages and a Czech mail', async (t) => {
    const { app, ctx } = await setup(t);
    const response = await new Browser(app).register(registration(), 'cs');
    assert.equal(response.statusCode, 200);
    assert.match(response.body, /Podívejte se do pošty/);
    const [mail] = readOutbox(ctx.config.dataDir);
    assert.equal(mail?.subject, 'Potvrďte svou e-mailovou adresu pro platformu Urbis');
    assert.match(mail?.text ?? '', /Odkaz platí 48 hodin\./);
    assert.ok(linkIn(mail!, '/confirm/').includes('/cs/confirm/'));
    assert.equal(mail?.headers['content-language'], 'cs');
  });

  test('an empty form marks every field, in English and in Czech, and stores nothing', async (t) => {
    const { app, ctx } = await setup(t);
    const en = await new Browser(app).register({});
    assert.equal(en.statusCode, 400);
    assert.match(en.body, /There are 5 problems/);
    assert.match(en.body, /<title>Error: Create an account/);
    for (const field of ['displayName', 'email', 'handle', 'password'])
      assert.equal(fieldError(en.body, field), 'Enter a value.', field);
    assert.equal(fieldError(en.body, 'terms'), 'Accept the terms of use and the privacy notice to create an account.');
    for (const field of ['displayName', 'email', 'handle', 'password', 'terms'])
      assert.match(en.body, new RegExp(`href="#field-${field}"`), field);
    const cs = await new Browser(app).register({}, 'cs');
    assert.equal(cs.statusCode, 400);
    assert.match(cs.body, /Vyskytlo se 5 problémů/);
    assert.equal(fieldError(cs.body, 'displayName'), 'Vyplňte hodnotu.');
    assert.equal(
      fieldError(cs.body, 'terms'),
      'Chcete-li založit účet, přijměte podmínky použití a zásady ochrany osobních údajů.',
    );
    assert.equal(await countRows(ctx.db, 'users'), 0);
    assert.equal(readOutbox(ctx.config.dataDir).length, 0);
  });

  test(
    'wrong values are marked one by one, ' + 'what was typed is kept (never the password), and nothing is stored',
    async (t) => {
      const { app, ctx } = await setup(t);
      await createUser(ctx.db, {
        email: 'taken@example.eu',
        handle: 'taken',
        displayName: 'Taken',
        password: STRONG_PASSWORD,
      });
      const cases: [Record<string, string | undefined>, string, string][] = [
        [{ password: 'short pass' }, 'password', 'Use at least 12 characters.'],
        [{ password: 'x'.repeat(129) }, 'password', 'Use at most 128 characters.'],
        [
          { password: 'qwerty123456' },
          'password',
          'This is one of the most common passwords, so it is easy to guess. Choose another.',
        ],
        [
          { password: 'QWERTY123456' },
          'password',
          'This is one of the most common passwords, so it is easy to guess. Choose another.',
        ],
        [
          { password: '1Qaz2wsx3edc' },
          'password',
          'This is one of the most common passwords, so it is easy to guess. Choose another.',
        ],
        [{ email: 'not an address' }, 'email', 'Enter an e-mail address such as name@example.eu.'],
        [
          { handle: 'Jana Nováková' },
          'handle',
          'Use 3 to 40 lower-case letters, digits or dashes, starting and ending with a letter or digit.',
        ],
        [{ handle: 'taken' }, 'handle', 'This short name is taken. Choose another.'],
        [{ handle: 'deleted-12' }, 'handle', 'This short name is taken. Choose another.'],
        [{ displayName: 'x'.repeat(101) }, 'displayName', 'Use at most 100 characters.'],
        [{ terms: undefined }, 'terms', 'Accept the terms of use and the privacy notice to create an account.'],
        [{ terms: 'yes please' }, 'terms', 'Accept the terms of use and the privacy notice to create an account.'],
      ];
      for (const [i, [changes, field, message]] of cases.entries()) {
        const fields = registration({ email: 'new@example.eu', ...changes });
        // From addresses of their own: registration allows 10 a minute from one address.
        const response = await new Browser(app, { remoteAddress: `10.1.0.${i + 1}` }).register(fields);
        const what = JSON.stringify(changes).slice(0, 60);
        assert.equal(response.statusCode, 400, what);
        assert.equal(fieldError(response.body, field), message, what);
        assert.equal(
          Object.keys(fields).filter((f) => f !== field && fieldError(response.body, f)).length,
          0,
          `${what}: only ${field} is marked`,
        );
        if (field !== 'email')
          assert.equal(inputValue(response.body, 'email'), 'new@example.eu', `${what}: the address is kept`);
        if (field !== 'displayName')
          assert.equal(inputValue(response.body, 'displayName'), 'Jana Nováková', `${what}: the name is kept`);
        assert.ok(!inputValue(response.body, 'password'), `${what}: the password is not sent back`);
        if (fields.password)
          assert.ok(!response.body.includes(fields.password), `${what}: the password is nowhere in the page`);
        assert.equal(
          /id="field-terms"[^>]*checked/.test(response.body),
          fields.terms === 'accepted',
          `${what}: the box stays as it was`,
        );
      }
      assert.equal(await countRows(ctx.db, 'users'), 1, 'nothing was stored');
      assert.equal(readOutbox(ctx.config.dataDir).length, 0, 'no mail was sent');
    },
  );

  test(
    'registering an address that has an account looks the same, ' + 'makes nothing, and tells the owner by mail',
    async (t) => {
      const { app, ctx } = await setup(t);
      await createUser(ctx.db, {
        email: 'owner@example.eu',
        handle: 'owner',
        displayName: 'Olga Owner',
        password: STRONG_PASSWORD,
        locale: 'cs',
      });
      const known = await new Browser(app).register(registration({ email: 'Owner@Example.eu', handle: 'someone' }));
      const unknown = await new Browser(app).register(registration({ email: 'nobody@example.eu', handle: 'nobody' }));
      assert.equal(known.statusCode, 200);
      assert.equal(unknown.statusCode, 200);
      const normalise = (html: string, email: string) =>
        html.replaceAll(email, 'EMAIL').replace(/name="_csrf" value="[^"]+"/g, '');
      assert.equal(
        normalise(known.body, 'Owner@Example.eu'),
        normalise(unknown.body, 'nobody@example.eu'),
        'the same page either way',
      );
      assert.equal(await countRows(ctx.db, 'users'), 2, 'only the new address got an account');
      assert.equal(
        await ctx.db.selectFrom('users').select('id').where('handle', '=', 'someone').executeTakeFirst(),
        undefined,
      );
      const mails = readOutbox(ctx.config.dataDir);
      assert.deepEqual(mails.map((m) => m.to).sort(), ['nobody@example.eu', 'owner@example.eu']);
      const notice = mails.find((m) => m.to === 'owner@example.eu');
      assert.equal(notice?.subject, 'Váš účet na platformě Urbis', 'in the owner’s language');
      assert.match(notice?.text ?? '', /\/cs\/password\/forgot/);
      assert.doesNotMatch(notice?.text ?? '', /\/confirm\//, 'no link that would confirm anything');
    },
  );

  test('extra is_admin=1 and role=admin fields are ignored', async (t) => {
    const { app, ctx } = await setup(t);
    const response = await new Browser(app).register({
      ...registration(),
      is_admin: '1',
      isAdmin: 'true',
      role: 'admin',
      email_confirmed_at: '2020-01-01T00:00:00Z',
    });
    assert.equal(response.statusCode, 200);
    const user = await ctx.db.selectFrom('users').selectAll().where('handle', '=', 'jana').executeTakeFirstOrThrow();
    assert.equal(user.email_confirmed_at, null);
    await ctx.db
      .updateTable('users')
      .set({ email_confirmed_at: new Date().toISOString() })
      .where('id', '=', user.id)
      .execute();
    const actor = await loadActor(ctx.db, user.id);
    assert.equal(actor?.kind === 'user' && actor.isAdmin, false);
  });

  test(
    'an XSS payload as display name is shown as text: ' + 'in the form again and in the header once signed in',
    async (t) => {
      const { app, ctx } = await setup(t);
      const payload = readFileSync(XSS_LIST, 'utf8')
        .split('\n')
        .find((line) => line.startsWith('"><svg onload=alert(1)//'));
      assert.ok(payload);
      const kept = await new Browser(app).register(registration({ displayName: payload, terms: undefined }));
      assert.equal(kept.statusCode, 400);
      assert.ok(!kept.body.includes(payload), 'not written as markup');
      assert.ok(
        kept.body.includes('&quot;>&lt;svg onload=alert(1)//') ||
          kept.body.includes('&quot;&gt;&lt;svg onload=alert(1)//'),
      );
      const browser = new Browser(app);
      await browser.register(registration({ displayName: payload }));
      const [mail] = readOutbox(ctx.config.dataDir);
      await browser.post(pathOf(linkIn(mail!, '/confirm/')), {}, pathOf(linkIn(mail!, '/confirm/')));
      await browser.signIn('jana@example.eu', STRONG_PASSWORD);
      const home = await browser.get('/en/');
      assert.ok(!home.body.includes('<svg onload'), 'no element from the name');
      assert.match(home.body, /&lt;svg onload=alert\(1\)\/\//);
    },
  );

  test('an expired confirmation link does not work, and asking again sends a new one that replaces it', async (t) => {
    const { app, ctx } = await setup(t);
    const browser = new Browser(app);
    await browser.register(registration());
    const first = linkIn(readOutbox(ctx.config.dataDir)[0]!, '/confirm/');
    await ctx.db
      .updateTable('accounts_mail_tokens')
      .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
      .execute();
    const expired = await browser.get(pathOf(first));
    assert.equal(expired.statusCode, 404);
    assert.match(expired.body, /This link does not work/);

    // From the sign-in page of an unconfirmed account: send the link again.
    const signIn = await browser.signIn('jana@example.eu', STRONG_PASSWORD);
    assert.equal(signIn.statusCode, 403);
    const resent = await browser.post('/en/register/resend', { email: 'jana@example.eu' });
    assert.equal(resent.statusCode, 200);
    assert.match(resent.body, /Check your mail/);
    const mails = readOutbox(ctx.config.dataDir);
    assert.equal(mails.length, 2);
    const second = linkIn(mails[1]!, '/confirm/');
    assert.notEqual(second, first);
    assert.equal((await browser.post(pathOf(second), {}, pathOf(second))).statusCode, 200);
    assert.equal((await browser.signIn('jana@example.eu', STRONG_PASSWORD)).statusCode, 303);
  });

  test(
    'confirmation mails to one address are limited: ' + 'the fourth request in an hour gets 429 with Retry-After',
    async (t) => {
      const { app, ctx } = await setup(t);
      await new Browser(app).register(registration());
      const resend = () =>
        new Browser(app, { remoteAddress: `10.0.0.${Math.floor(Math.random() * 200) + 1}` }).post(
          '/cs/register/resend',
          { email: 'jana@example.eu' },
          '/cs/sign-in',
        );
      assert.equal((await resend()).statusCode, 200);
      assert.equal((await resend()).statusCode, 200);
      const refused = await resend();
      assert.equal(refused.statusCode, 429);
      // What the limit's sliding estimate gives (throttle.ts): up to an hour and a third.
      const retryAfter = Number(refused.headers['retry-after']);
      assert.ok(retryAfter > 0 && retryAfter <= 80 * 60, `Retry-After ${retryAfter}`);
      assert.match(refused.body, /počkejte \d+ minut/);
      assert.equal(readOutbox(ctx.config.dataDir).length, 3);
      // An unknown address is limited the same way, so the limit tells nothing.
      for (let i = 0; i < 3; i++)
        await new Browser(app).post('/en/register/resend', { email: 'ghost@example.eu' }, '/en/sign-in');
      assert.equal(
        (await new Browser(app).post('/en/register/resend', { email: 'ghost@example.eu' }, '/en/sign-in')).statusCode,
        429,
      );
    },
  );

  test('signed-in people are not offered registration', async (t) => {
    const { app, ctx } = await setup(t);
    await createUser(ctx.db, { email: 'ada@example.eu', handle: 'ada', displayName: 'Ada', password: STRONG_PASSWORD });
    const browser = new Browser(app);
    await browser.signIn('ada@example.eu', STRONG_PASSWORD);
    const page = await browser.get('/en/register');
    assert.equal(page.statusCode, 303, 'the page sends them home');
    assert.equal(page.headers.location, '/en/');
    assert.equal((await browser.post('/en/register', registration(), '/en/')).statusCode, 404);
    assert.equal(await countRows(ctx.db, 'users'), 1);
  });
});
