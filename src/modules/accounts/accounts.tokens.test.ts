import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { buildTestApp, forEachEngine } from '../../../test/helpers/app.js';
import { createUser } from './index.js';
import { Browser, countRows, fieldError, STRONG_PASSWORD } from '../../../test/support/accounts.js';

const newTokenIn = (html: string) => /<code id="new-token">([^<]+)<\/code>/.exec(html)?.[1];

forEachEngine('accounts: personal access tokens and /api/v1/me', (engine) => {
  async function setup(t: Parameters<typeof buildTestApp>[0]) {
    const urbis = await buildTestApp(t, engine);
    const userId = await createUser(urbis.ctx.db, {
      email: 'ada@example.eu',
      handle: 'ada',
      displayName: 'Ada Lovelace',
      password: STRONG_PASSWORD,
      locale: 'cs',
      isAdmin: true,
    });
    const browser = new Browser(urbis.app);
    await browser.signIn('ada@example.eu', STRONG_PASSWORD);
    return { ...urbis, userId, browser };
  }

  test(
    'a token is shown once, stored only as a hash with a visible prefix, and works as Authorization: ' +
      'Bearer on the API',
    async (t) => {
      const { app, ctx, userId, browser } = await setup(t);
      const page = await browser.get('/en/settings/tokens');
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /You have no tokens/);
      const created = await browser.post('/en/settings/tokens', { name: 'Monthly report', user_id: '999' });
      assert.equal(created.statusCode, 200);
      assert.equal(created.headers['cache-control'], 'no-store');
      const token = newTokenIn(created.body);
      assert.ok(token, 'the token is on the page');
      assert.match(token, /^urbis_[A-Za-z0-9_-]{43}$/);

      const rows = await ctx.db.selectFrom('accounts_access_tokens').selectAll().execute();
      assert.equal(rows.length, 1);
      assert.equal(rows[0]?.user_id, userId, 'the extra user_id field is ignored');
      assert.equal(rows[0]?.token_hash, createHash('sha256').update(token).digest('base64url'));
      assert.equal(rows[0]?.prefix, token.slice(0, 14));
      assert.ok(!JSON.stringify(rows).includes(token.slice(14)), 'the secret part is not stored');

      const list = await browser.get('/en/settings/tokens');
      assert.ok(!list.body.includes(token), 'not shown again');
      assert.match(list.body, new RegExp(`<code>${token.slice(0, 14)}…</code>`));
      assert.match(list.body, /Monthly report/);
      assert.match(list.body, /never/);

      const me = await app.inject({ url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } });
      assert.equal(me.statusCode, 200);
      assert.deepEqual(me.json(), {
        id: userId,
        handle: 'ada',
        displayName: 'Ada Lovelace',
        email: 'ada@example.eu',
        locale: 'cs',
        isAdmin: true,
        timeZone: null,
      });
      const used = await ctx.db.selectFrom('accounts_access_tokens').select('last_used_at').executeTakeFirstOrThrow();
      assert.ok(used.last_used_at && Date.now() - Date.parse(used.last_used_at) < 60_000, 'the last use is recorded');
      assert.doesNotMatch((await browser.get('/en/settings/tokens')).body, />never</);
    },
  );

  test('/api/v1/me answers a session too; a visitor and a bad token get a 401 problem', async (t) => {
    const { app, browser } = await setup(t);
    const bySession = await app.inject({ url: '/api/v1/me', headers: { cookie: browser.header() } });
    assert.equal(bySession.statusCode, 200);
    assert.equal(bySession.json().handle, 'ada');
    for (const headers of [
      {},
      { authorization: 'Bearer urbis_not-a-real-token-at-all' },
      { authorization: 'Bearer something-else' },
    ]) {
      const response = await app.inject({ url: '/api/v1/me', headers });
      assert.equal(response.statusCode, 401, JSON.stringify(headers));
      assert.match(String(response.headers['content-type']), /^application\/problem\+json/);
      assert.equal(response.json().status, 401);
    }
    const cs = await app.inject({ url: '/api/v1/me', headers: { 'accept-language': 'cs' } });
    assert.equal(cs.json().title, 'Přihlaste se prosím');
  });

  test('/api/v1/me is documented in /api/openapi.json with its response schema', async (t) => {
    const { app } = await setup(t);
    const spec = (await app.inject('/api/openapi.json')).json();
    const me = spec.paths['/api/v1/me']?.get;
    assert.ok(me, 'the path is there');
    assert.deepEqual(me.tags, ['accounts']);
    const schema = me.responses['200'].content['application/json'].schema;
    assert.deepEqual(Object.keys(schema.properties).sort(), [
      'displayName',
      'email',
      'handle',
      'id',
      'isAdmin',
      'locale',
      'timeZone',
    ]);
  });

  test('revoking a token makes it useless at once; nobody can revoke another person’s token', async (t) => {
    const { app, ctx, browser } = await setup(t);
    const token =
      newTokenIn((await browser.post('/en/settings/tokens', { name: 'Script' }, '/en/settings/tokens')).body) ?? '';
    const { id } = await ctx.db.selectFrom('accounts_access_tokens').select('id').executeTakeFirstOrThrow();

    await createUser(ctx.db, { email: 'bo@example.eu', handle: 'bo', displayName: 'Bo', password: STRONG_PASSWORD });
    const bo = new Browser(app);
    await bo.signIn('bo@example.eu', STRONG_PASSWORD);
    const stolen = await bo.post(`/en/settings/tokens/${id}/revoke`, {}, '/en/settings/tokens');
    assert.equal(stolen.statusCode, 404);
    assert.equal(await countRows(ctx.db, 'accounts_access_tokens'), 1);

    const revoked = await browser.post(`/en/settings/tokens/${id}/revoke`, {}, '/en/settings/tokens');
    assert.equal(revoked.statusCode, 303);
    assert.equal(revoked.headers.location, '/en/settings/tokens?notice=revoked');
    assert.match((await browser.get('/en/settings/tokens?notice=revoked')).body, /The token has been revoked/);
    assert.equal(await countRows(ctx.db, 'accounts_access_tokens'), 0);
    assert.equal(
      (await app.inject({ url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } })).statusCode,
      401,
    );
    assert.equal(
      (await browser.post(`/en/settings/tokens/${id}/revoke`, {}, '/en/settings/tokens')).statusCode,
      404,
      'twice is not found',
    );
  });

  test('a token needs a name; the form says so in the reader’s language and makes nothing', async (t) => {
    const { ctx, browser } = await setup(t);
    const en = await browser.post('/en/settings/tokens', { name: '   ' }, '/en/settings/tokens');
    assert.equal(en.statusCode, 400);
    assert.equal(fieldError(en.body, 'name'), 'Enter a value.');
    const cs = await browser.post('/cs/settings/tokens', { name: 'x'.repeat(101) }, '/cs/settings/tokens');
    assert.equal(fieldError(cs.body, 'name'), 'Použijte nejvýše 100 znaků.');
    assert.equal(await countRows(ctx.db, 'accounts_access_tokens'), 0);
  });

  test('a token cannot be made without the CSRF token, and a token does not open HTML pages', async (t) => {
    const { app, ctx, browser } = await setup(t);
    const forged = await app.inject({
      method: 'POST',
      url: '/en/settings/tokens',
      headers: { cookie: browser.header(), 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'name=forged',
    });
    assert.equal(forged.statusCode, 403);
    assert.equal(await countRows(ctx.db, 'accounts_access_tokens'), 0);
    const token =
      newTokenIn((await browser.post('/en/settings/tokens', { name: 'API only' }, '/en/settings/tokens')).body) ?? '';
    const page = await app.inject({ url: '/en/settings/tokens', headers: { authorization: `Bearer ${token}` } });
    assert.equal(page.statusCode, 303, 'outside /api/ a bearer token signs nobody in');
  });
});
