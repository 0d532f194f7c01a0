// Issue 11, finding 5: only a personal access token that authenticated lets an API write skip the CSRF token. Any
// other Authorization header on /api/ is a 401 problem document, whatever the session cookie says.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { forEachEngine } from './helpers/app.js';
import { countRows, createAccessToken } from './support/accounts.js';
import { setUp } from './support/comments.js';

const WRITE = { type: 'thing', id: 1, body: 'Written without a form token' };

forEachEngine('CSRF and the Authorization header on the API', (engine) => {
  test(
    'a session cookie with a malformed, overlong, unknown or non-Bearer Authorization header ' +
      'writes nothing without the CSRF token: 401, a problem document',
    async (t) => {
      const { urbis, as } = await setUp(t, engine);
      const ana = await as('ana');
      const headers = (authorization: string) => ({
        cookie: ana.header(),
        'content-type': 'application/json',
        authorization,
      });
      for (const authorization of [
        'Bearer x y',
        `Bearer ${'a'.repeat(201)}`,
        `Bearer urbis_${'a'.repeat(195)}`,
        'Bearer urbis_not-a-token-anyone-made',
        'Bearer ',
        'Bearer',
        'Basic YW5hOnNlY3JldA==',
        'bearer',
        'Token abc',
      ]) {
        const response = await urbis.app.inject({
          method: 'POST',
          url: '/api/v1/comments',
          headers: headers(authorization),
          payload: WRITE,
        });
        assert.equal(response.statusCode, 401, `${JSON.stringify(authorization)}: ${response.body.slice(0, 200)}`);
        assert.match(String(response.headers['content-type']), /^application\/problem\+json/);
        assert.equal(response.json().status, 401);
        assert.match(String(response.headers['www-authenticate']), /^Bearer/);
      }
      // The same header on a read is a 401 too: it is never taken for the session.
      const read = await urbis.app.inject({ url: '/api/v1/me', headers: { cookie: ana.header(), authorization: 'x' } });
      assert.equal(read.statusCode, 401);
      assert.equal(await countRows(urbis.ctx.db, 'comments'), 0, 'nothing was written');
    },
  );

  test(
    'a token that authenticates needs no CSRF token, even beside a session cookie; ' +
      'without a header the session needs it',
    async (t) => {
      const { urbis, ids, as } = await setUp(t, engine);
      const ana = await as('ana');
      const { token } = await createAccessToken(urbis.ctx, ids.ana, 'a script');
      const withToken = await urbis.app.inject({
        method: 'POST',
        url: '/api/v1/comments',
        headers: { cookie: ana.header(), 'content-type': 'application/json', authorization: `Bearer ${token}` },
        payload: WRITE,
      });
      assert.equal(withToken.statusCode, 201, withToken.body.slice(0, 200));
      const sessionOnly = await urbis.app.inject({
        method: 'POST',
        url: '/api/v1/comments',
        headers: { cookie: ana.header(), 'content-type': 'application/json' },
        payload: WRITE,
      });
      assert.equal(sessionOnly.statusCode, 403);
      assert.equal(await countRows(urbis.ctx.db, 'comments'), 1);
      // Outside the API an Authorization header signs nobody in and changes nothing.
      const page = await urbis.app.inject({ url: '/en/', headers: { authorization: 'Bearer x y' } });
      assert.equal(page.statusCode, 200);
    },
  );
});
