import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildTestApp, cookiesOf, csrfTokenOf, forEachEngine, type Engine } from '../../../test/helpers/app.js';
import { createUser } from '../accounts/index.js';
import { createAccessToken } from '../../../test/support/accounts.js';

async function signIn(
  app: Awaited<ReturnType<typeof buildTestApp>>['app'],
  email: string,
  password: string,
): Promise<string> {
  const form = await app.inject('/en/sign-in');
  const cookie = cookiesOf(form);
  const response = await app.inject({
    method: 'POST',
    url: '/en/sign-in',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ email, password, _csrf: csrfTokenOf(form.body) }).toString(),
  });
  assert.equal(response.statusCode, 303);
  return `${cookie}; ${cookiesOf(response)}`;
}

async function adminApp(t: Parameters<typeof buildTestApp>[0], engine: Engine) {
  const urbis = await buildTestApp(t, engine, { demo: true });
  await createUser(urbis.ctx.db, {
    email: 'ada@example.eu',
    handle: 'ada',
    displayName: 'Ada Lindqvist',
    password: 'correct horse battery',
    isAdmin: true,
  });
  await createUser(urbis.ctx.db, {
    email: 'bo@example.eu',
    handle: 'bo',
    displayName: 'Bo Marek',
    password: 'another long password',
  });
  return urbis;
}

const count = async (urbis: Awaited<ReturnType<typeof buildTestApp>>) =>
  Number(
    (
      await urbis.ctx.db
        .selectFrom('organisations')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

forEachEngine('organisations', (engine) => {
  test('the directory filters by kind, country and size, in HTML and JSON', async (t) => {
    const { app } = await buildTestApp(t, engine, { demo: true });
    const cities = (await app.inject('/api/v1/organisations?kind=city')).json();
    assert.ok(cities.items.length >= 8);
    assert.ok(cities.items.every((o: { kind: string }) => o.kind === 'city'));
    const largeGerman = (await app.inject('/api/v1/organisations?kind=city&country=DE&size=large')).json();
    assert.deepEqual(
      largeGerman.items.map((o: { slug: string }) => o.slug),
      ['hamburg'],
    );
    const html = await app.inject('/cs/organisations?kind=member-state');
    assert.equal(html.statusCode, 200);
    assert.match(html.body, /Estonsko/, 'member states are named in the reader’s language');
    assert.doesNotMatch(html.body, /Hamburg/);
  });

  test('the directory is keyset-paginated in name order without gaps or repeats', async (t) => {
    const { app } = await buildTestApp(t, engine, { demo: true });
    const seen: string[] = [];
    let url: string | null = '/api/v1/organisations?limit=5';
    while (url) {
      const page: { items: { slug: string }[]; next: string | null } = (await app.inject(url)).json();
      seen.push(...page.items.map((o) => o.slug));
      url = page.next ? `/api/v1/organisations?limit=5&after=${page.next}` : null;
    }
    const all = (await app.inject('/api/v1/organisations?limit=100')).json();
    assert.deepEqual(
      seen,
      all.items.map((o: { slug: string }) => o.slug),
    );
    assert.equal(new Set(seen).size, seen.length);
  });

  test('a bad filter value is a 400 problem in the API', async (t) => {
    const { app } = await buildTestApp(t, engine, { demo: true });
    const response = await app.inject('/api/v1/organisations?kind=castle');
    assert.equal(response.statusCode, 400);
    assert.match(response.headers['content-type'] as string, /problem\+json/);
    assert.equal(response.json().errors[0].pointer, '/querystring/kind');
  });

  test('an administrator adds an organisation; wrong fields are marked and nothing is stored', async (t) => {
    const urbis = await adminApp(t, engine);
    const { app } = urbis;
    const cookie = await signIn(app, 'ada@example.eu', 'correct horse battery');
    const form = await app.inject({ url: '/en/organisations/new', headers: { cookie } });
    assert.equal(form.statusCode, 200);
    const token = csrfTokenOf(form.body);
    const before = await count(urbis);
    const post = (fields: Record<string, string>) =>
      app.inject({
        method: 'POST',
        url: '/en/organisations',
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ _csrf: token, ...fields }).toString(),
      });

    const bad = await post({ name: '', slug: 'Not A Slug', kind: 'castle', website: 'javascript:alert(1)' });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /id="field-name-error"/);
    assert.match(bad.body, /id="field-slug-error"/);
    assert.match(bad.body, /id="field-kind-error"/);
    assert.match(bad.body, /id="field-website-error"/);
    assert.match(bad.body, /value="Not A Slug"/, 'what was typed is kept');
    const taken = await post({ name: 'Oulu again', slug: 'oulu', kind: 'city' });
    assert.equal(taken.statusCode, 400);
    assert.match(taken.body, /already uses this short name/);
    assert.equal(await count(urbis), before, 'nothing was stored');

    const good = await post({
      name: 'Tartu',
      slug: 'tartu',
      kind: 'city',
      country: 'EE',
      sizeBand: 'medium',
      website: 'https://tartu.example.eu',
    });
    assert.equal(good.statusCode, 303);
    assert.equal(good.headers.location, '/en/organisations/tartu');
    const created = (await app.inject('/api/v1/organisations/tartu')).json();
    assert.deepEqual(created, {
      slug: 'tartu',
      name: 'Tartu',
      kind: 'city',
      country: 'EE',
      website: 'https://tartu.example.eu',
      sizeBand: 'medium',
      status: 'approved',
      partnerships: [],
      people: [],
      pendingClaims: null,
    });
  });

  test('a size band is kept only for cities', async (t) => {
    const urbis = await adminApp(t, engine);
    const cookie = await signIn(urbis.app, 'ada@example.eu', 'correct horse battery');
    const form = await urbis.app.inject({ url: '/en/organisations/oulu/edit', headers: { cookie } });
    const response = await urbis.app.inject({
      method: 'POST',
      url: '/en/organisations/oulu',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({
        _csrf: csrfTokenOf(form.body),
        name: 'Oulu region',
        slug: 'oulu',
        kind: 'region',
        country: 'FI',
        sizeBand: 'large',
      }).toString(),
    });
    assert.equal(response.statusCode, 303);
    const changed = (await urbis.app.inject('/api/v1/organisations/oulu')).json();
    assert.equal(changed.kind, 'region');
    assert.equal(changed.sizeBand, null);
  });

  test('visitors are sent to sign in, and a user who is not an administrator cannot add or edit', async (t) => {
    const urbis = await adminApp(t, engine);
    const visitor = await urbis.app.inject('/en/organisations/new');
    assert.equal(visitor.statusCode, 303);
    assert.match(visitor.headers.location as string, /^\/en\/sign-in\?next=/);
    const cookie = await signIn(urbis.app, 'bo@example.eu', 'another long password');
    for (const url of ['/en/organisations/new', '/en/organisations/oulu/edit']) {
      assert.equal((await urbis.app.inject({ url, headers: { cookie } })).statusCode, 404, url);
    }
    const before = await count(urbis);
    const page = await urbis.app.inject({ url: '/en/organisations', headers: { cookie } });
    const post = await urbis.app.inject({
      method: 'POST',
      url: '/en/organisations',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({
        _csrf: csrfTokenOf(page.body),
        name: 'Sneaky',
        slug: 'sneaky',
        kind: 'city',
      }).toString(),
    });
    assert.equal(post.statusCode, 404);
    assert.equal(await count(urbis), before);
    assert.doesNotMatch(page.body, /organisations\/new/, 'the page offers no action the user may not take');
  });
});

forEachEngine('organisations through the API', (engine) => {
  test(
    'an administrator adds an organisation with a personal access token; ' + 'others are refused and nothing is stored',
    async (t) => {
      const urbis = await adminApp(t, engine);
      const ada = (
        await urbis.ctx.db.selectFrom('users').select('id').where('handle', '=', 'ada').executeTakeFirstOrThrow()
      ).id;
      const bo = (
        await urbis.ctx.db.selectFrom('users').select('id').where('handle', '=', 'bo').executeTakeFirstOrThrow()
      ).id;
      const adminToken = (await createAccessToken(urbis.ctx, ada, 'import script')).token;
      const userToken = (await createAccessToken(urbis.ctx, bo, 'curious')).token;
      const post = (token: string | null, payload: unknown) =>
        urbis.app.inject({
          method: 'POST',
          url: '/api/v1/organisations',
          headers: token ? { authorization: `Bearer ${token}` } : {},
          payload: payload as Record<string, unknown>,
        });
      const before = await count(urbis);

      assert.equal((await post(null, { name: 'Brno', slug: 'brno', kind: 'city' })).statusCode, 401);
      assert.equal((await post(userToken, { name: 'Brno', slug: 'brno', kind: 'city' })).statusCode, 404);
      const invalid = await post(adminToken, { name: 'Brno', slug: 'Brno City', kind: 'castle' });
      assert.equal(invalid.statusCode, 400);
      assert.match(invalid.headers['content-type'] as string, /application\/problem\+json/);
      const pointers = invalid.json().errors.map((e: { pointer: string }) => e.pointer);
      assert.ok(
        pointers.some((p: string) => p.startsWith('/body/slug')) ||
          pointers.some((p: string) => p.startsWith('/body/kind')),
        JSON.stringify(pointers),
      );
      const taken = await post(adminToken, { name: 'Oulu', slug: 'oulu', kind: 'city' });
      assert.equal(taken.statusCode, 400);
      assert.deepEqual(
        taken.json().errors.map((e: { pointer: string }) => e.pointer),
        ['/body/slug'],
      );
      assert.equal(await count(urbis), before, 'nothing was stored');

      const created = await post(adminToken, {
        name: 'Brno',
        slug: 'brno',
        kind: 'city',
        country: 'CZ',
        sizeBand: 'large',
      });
      assert.equal(created.statusCode, 201);
      assert.equal(created.headers.location, '/api/v1/organisations/brno');
      assert.equal(created.json().country, 'CZ');
      assert.equal(await count(urbis), before + 1);
      const doc = (await urbis.app.inject('/api/openapi.json')).json();
      assert.ok(doc.paths['/api/v1/organisations'].post, 'the write is documented');
    },
  );
});
