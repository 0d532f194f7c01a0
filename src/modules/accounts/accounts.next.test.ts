import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { buildTestApp, forEachEngine } from '../../../test/helpers/app.js';
import { stringsOf } from '../../../test/helpers/corpora.js';
import { linkIn, readOutbox } from '../../../test/helpers/mail.js';
import { Browser, inputValue, pathOf, registration, STRONG_PASSWORD } from '../../../test/support/accounts.js';

const ORIGIN = 'http://localhost:3000';
const REDIRECTS = path.join('PayloadsAllTheThings', 'Open Redirect', 'Intruder');
const payloads = () => [
  ...new Set(['Open-Redirect-payloads.txt', 'openredirects.txt'].flatMap((f) => stringsOf(path.join(REDIRECTS, f)))),
];

/** An HTML attribute's text as the browser reads it. */
const unescape = (value: string) =>
  value.replaceAll('&quot;', '"').replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&amp;', '&');

/** A path of this site: one slash, no second one or backslash, and it stays on this origin. */
function sameSite(next: string): boolean {
  if (!next.startsWith('/') || next.startsWith('//') || next.includes('\\')) return false;
  return new URL(next, ORIGIN).origin === ORIGIN;
}

/** The `next` a link carries, decoded ('' when none). */
const nextOfLink = (href: string) => new URL(unescape(href), ORIGIN).searchParams.get('next') ?? '';

forEachEngine('accounts: where one was going survives registering', (engine) => {
  test('sign in → register → confirm by mail → sign in lands where the visitor started (en, cs)', async (t) => {
    const { app, ctx } = await buildTestApp(t, engine);
    for (const [lang, n] of [
      ['en', 1],
      ['cs', 2],
    ] as const) {
      const start = `/${lang}/partnerships?from=join`;
      const browser = new Browser(app);
      const signIn = await browser.get(`/${lang}/sign-in?next=${encodeURIComponent(start)}`);
      const register = /<a href="([^"]*\/register[^"]*)"/.exec(signIn.body)?.[1] ?? '';
      assert.equal(nextOfLink(register), start, 'the register link keeps next');
      const form = await browser.get(unescape(register));
      assert.equal(unescape(inputValue(form.body, 'next') ?? ''), start, 'the form carries it');
      assert.equal(
        nextOfLink(/<a href="([^"]*\/sign-in\?next=[^"]*)"/.exec(form.body)?.[1] ?? ''),
        start,
        'so does "I have an account"',
      );

      const fields = registration({ email: `jana${n}@example.eu`, handle: `jana-${n}`, next: start });
      const done = await browser.post(`/${lang}/register`, fields);
      assert.equal(done.statusCode, 200);
      assert.equal(nextOfLink(/<a href="([^"]*\/sign-in\?next=[^"]*)"/.exec(done.body)?.[1] ?? ''), start);

      const mail = readOutbox(ctx.config.dataDir).at(-1)!;
      assert.equal(mail.to, `jana${n}@example.eu`);
      const link = linkIn(mail, '/confirm/');
      assert.equal(new URL(link).searchParams.get('next'), start, 'the mailed link keeps next');
      assert.ok(link.startsWith(`${ctx.config.baseUrl}/${lang}/confirm/`));

      // Opened in another browser (a phone's mail app): the link alone carries it.
      const phone = new Browser(app);
      const opened = await phone.get(pathOf(link) + new URL(link).search);
      assert.equal(opened.statusCode, 200);
      assert.equal(unescape(inputValue(opened.body, 'next') ?? ''), start);
      const confirmed = await phone.post(`${pathOf(link)}`, { next: start });
      assert.equal(confirmed.statusCode, 200);
      const signInLink = /<a href="([^"]*\/sign-in\?next=[^"]*)"/.exec(confirmed.body)?.[1] ?? '';
      assert.equal(nextOfLink(signInLink), start, 'the confirmed page signs in towards next');

      const page = await phone.get(unescape(signInLink));
      assert.equal(unescape(inputValue(page.body, 'next') ?? ''), start);
      const signedIn = await phone.post(`/${lang}/sign-in`, {
        email: `jana${n}@example.eu`,
        password: STRONG_PASSWORD,
        next: start,
      });
      assert.equal(signedIn.statusCode, 303);
      assert.equal(signedIn.headers.location, start, 'back where they started');
    }
  });

  test('the link sent again, and the notice to an address that has an account, keep next too', async (t) => {
    const { app, ctx } = await buildTestApp(t, engine);
    const start = '/en/partnerships/greening-cities';
    await new Browser(app).post('/en/register', registration({ next: start }), '/en/register');
    const resent = await new Browser(app).post(
      '/en/register/resend',
      { email: 'jana@example.eu', next: start },
      '/en/sign-in',
    );
    assert.equal(resent.statusCode, 200);
    const again = readOutbox(ctx.config.dataDir).at(-1)!;
    assert.equal(new URL(linkIn(again, '/confirm/')).searchParams.get('next'), start);
    await new Browser(app).post('/en/register', registration({ handle: 'other', next: start }), '/en/register');
    const notice = readOutbox(ctx.config.dataDir).at(-1)!;
    assert.equal(new URL(linkIn(notice, '/sign-in')).searchParams.get('next'), start);
    // Without next, the links are as they were.
    await new Browser(app).post(
      '/en/register',
      registration({ email: 'ota@example.eu', handle: 'ota' }),
      '/en/register',
    );
    assert.equal(new URL(linkIn(readOutbox(ctx.config.dataDir).at(-1)!, '/confirm/')).search, '');
  });

  test('every open-redirect payload as next is dropped: register, the mailed link, confirming', async (t) => {
    const { app, ctx } = await buildTestApp(t, engine);
    await new Browser(app).post('/en/register', registration(), '/en/register');
    const token = pathOf(linkIn(readOutbox(ctx.config.dataDir).at(-1)!, '/confirm/'))
      .split('/')
      .pop()!;
    const escaped: string[] = [];
    const check = (where: string, next: string | undefined) => {
      if (next !== undefined && next !== '' && !sameSite(unescape(next))) escaped.push(`${where}: ${next}`);
    };
    let tried = 0;
    for (const payload of payloads()) {
      for (const query of [payload, encodeURIComponent(payload)]) {
        for (const page of [`/en/register?next=${query}`, `/en/confirm/${token}?next=${query}`]) {
          const response = await app.inject(page);
          // A NUL in the address is refused outright (core/http/validation.ts): nothing to follow.
          if (response.statusCode === 400 && /%00/.test(query)) continue;
          assert.equal(response.statusCode, 200, `${page} → ${response.statusCode}`);
          check(page, inputValue(response.body, 'next'));
          for (const [, href] of response.body.matchAll(/<a href="([^"]*next=[^"]*)"/g))
            check(page, nextOfLink(href ?? ''));
          tried += 1;
        }
      }
    }
    assert.ok(tried > 500);
    // Sent in the forms: the page that re-asks and the mails carry none of them.
    const browser = new Browser(app, { remoteAddress: '10.9.0.1' });
    for (const payload of payloads().slice(0, 8)) {
      const response = await browser.post(
        '/en/register',
        { ...registration({ terms: undefined }), next: payload },
        '/en/register',
      );
      assert.equal(response.statusCode, 400);
      check('register form', inputValue(response.body, 'next'));
    }
    const confirmed = await browser.post(`/en/confirm/${token}`, { next: '//evil.example/' }, `/en/confirm/${token}`);
    assert.equal(confirmed.statusCode, 200);
    assert.match(confirmed.body, /Address confirmed/);
    assert.doesNotMatch(confirmed.body, /next=/, 'a confirmed page with no next to keep');
    assert.deepEqual(escaped, []);
  });
});
