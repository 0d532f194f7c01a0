import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildTestApp, forEachEngine, type Engine } from '../../../test/helpers/app.js';
import { Browser, createAccessToken } from '../../../test/support/accounts.js';
import { partnershipIdOf, putPerson } from '../../../test/support/claims.js';
import { createUser } from '../accounts/index.js';
import { DEMO_ADMIN, DEMO_PASSWORD } from '../people/index.js';

const PASSWORD = 'a long enough password for claims';
// Kadri Saar (Estonia) coordinates the demo's Digital Transition Partnership, which Oulu belongs to.
const COORDINATOR = 'kadri-saar@demo.urbis.eu';

async function claimsApp(t: Parameters<typeof buildTestApp>[0], engine: Engine) {
  const urbis = await buildTestApp(t, engine, { demo: true });
  const { db } = urbis.ctx;
  const ids: Record<string, number> = {};
  for (const [handle, displayName] of [
    ['bo-marek', 'Bo Marek'],
    ['cy-lund', 'Cy Lund'],
    ['di-sousa', 'Di Sousa'],
  ] as const)
    ids[handle.slice(0, 2)] = await createUser(db, {
      email: `${handle.slice(0, 2)}@example.eu`,
      handle,
      displayName,
      password: PASSWORD,
    });
  // Di coordinates another partnership, which Oulu does not belong to.
  const other = await partnershipIdOf(db, 'air-quality');
  assert.ok(other);
  await putPerson(db, other, ids.di!, 'coordinator');
  const as = async (email: string, password = PASSWORD) => {
    const browser = new Browser(urbis.app);
    assert.equal((await browser.signIn(email, password)).statusCode, 303);
    return browser;
  };
  return { ...urbis, ids, as };
}

/** Lists an organisation on the person's profile (a claim). */
async function claim(browser: Browser, handle: string, displayName: string, slug: string) {
  const saved = await browser.post(
    '/en/settings/profile',
    { displayName, newOrganisation: slug },
    '/en/settings/profile',
  );
  assert.equal(saved.statusCode, 303, `${handle} lists ${slug}`);
}

const orgsOn = async (browser: Browser | Awaited<ReturnType<typeof buildTestApp>>['app'], handle: string) => {
  const response =
    browser instanceof Browser
      ? await browser.get(`/api/v1/people/${handle}`)
      : await browser.inject(`/api/v1/people/${handle}`);
  assert.equal(response.statusCode, 200);
  return (response.json() as { organisations: { slug: string; claim: string }[] }).organisations;
};

forEachEngine('organisations: affiliation claims', (engine) => {
  test('a claim is confirmed only by a coordinator of one of the organisation’s partnerships, once', async (t) => {
    const urbis = await claimsApp(t, engine);
    const { app } = urbis;
    const bo = await urbis.as('bo@example.eu');
    await claim(bo, 'bo-marek', 'Bo Marek', 'oulu');

    // Others do not see it; Bo sees it, pending.
    assert.deepEqual(await orgsOn(app, 'bo-marek'), []);
    assert.deepEqual(
      (await orgsOn(bo, 'bo-marek')).map((o) => [o.slug, o.claim]),
      [['oulu', 'pending']],
    );
    assert.match((await bo.get('/en/people/bo-marek')).body, /waiting for the organisation’s confirmation/);
    assert.match(
      (await bo.get('/en/settings/profile')).body,
      /id="field-roleTitle-0-hint"[^>]*>Waiting for confirmation/,
    );
    const people = async () =>
      ((await app.inject('/api/v1/organisations/oulu')).json() as { people: { handle: string }[] }).people.map(
        (p) => p.handle,
      );
    assert.ok(!(await people()).includes('bo-marek'));

    // A coordinator of another partnership, Bo himself and a signed-in stranger cannot decide it.
    for (const email of ['di@example.eu', 'bo@example.eu', 'cy@example.eu']) {
      const someone = await urbis.as(email);
      assert.equal((await someone.get('/en/organisations/oulu/claims')).statusCode, 404, email);
      assert.equal((await someone.get('/api/v1/organisations/oulu/claims')).statusCode, 404, email);
      const tried = await someone.post(
        '/en/organisations/oulu/claims/bo-marek',
        { decision: 'confirm' },
        '/en/organisations',
      );
      assert.equal(tried.statusCode, 404, email);
      assert.ok(!(await someone.get('/api/v1/organisations/claims')).body.includes('"bo-marek"'), email);
    }
    assert.deepEqual(await orgsOn(app, 'bo-marek'), [], 'still not confirmed');
    // A visitor is sent to sign in.
    const visitor = await app.inject('/en/organisations/oulu/claims');
    assert.equal(visitor.statusCode, 303);

    // The coordinator sees it, on the organisation's list and on theirs, and confirms it.
    const kadri = await urbis.as(COORDINATOR, DEMO_PASSWORD);
    // The directory links the claims to those who decide some (a coordinator), not to others.
    assert.match((await kadri.get('/en/organisations')).body, /href="\/en\/organisations\/claims"/);
    assert.doesNotMatch((await bo.get('/en/organisations')).body, /href="\/en\/organisations\/claims"/);
    const orgPage = await kadri.get('/en/organisations/oulu');
    assert.match(orgPage.body, /href="\/en\/organisations\/oulu\/claims"/);
    assert.match((await kadri.get('/en/organisations/oulu/claims')).body, /Bo Marek says they work for Oulu/);
    const mine = (await kadri.get('/api/v1/organisations/claims')).json() as {
      items: { person: { handle: string } }[];
    };
    assert.deepEqual(
      mine.items.map((c) => c.person.handle),
      ['bo-marek'],
    );
    const [first, second] = await Promise.all([
      kadri.post('/en/organisations/oulu/claims/bo-marek', { decision: 'confirm' }),
      kadri.post('/en/organisations/oulu/claims/bo-marek', { decision: 'confirm' }),
    ]);
    assert.deepEqual([first.statusCode, second.statusCode].sort(), [303, 404], 'decided once');
    const done = first.statusCode === 303 ? first : second;
    assert.equal(done.headers.location, '/en/organisations/oulu/claims?done=confirmed');
    const again = await kadri.post('/en/organisations/oulu/claims/bo-marek', { decision: 'refuse' });
    assert.equal(again.statusCode, 404, 'a decided claim is not decided again');
    const audited = await urbis.ctx.db
      .selectFrom('core_audit_log')
      .select('action')
      .where('action', 'like', 'organisations.%Claim')
      .execute();
    assert.deepEqual(
      audited.map((a) => a.action),
      ['organisations.confirmClaim'],
    );

    // Now everyone sees it.
    assert.deepEqual(
      (await orgsOn(app, 'bo-marek')).map((o) => [o.slug, o.claim]),
      [['oulu', 'confirmed']],
    );
    assert.ok((await people()).includes('bo-marek'));
    assert.match((await app.inject('/en/organisations/oulu')).body, /href="\/en\/people\/bo-marek"/);

    // Removing the organisation from the profile forgets the claim; listing it again asks again.
    assert.equal(
      (
        await bo.post(
          '/en/settings/profile',
          { displayName: 'Bo Marek', 'organisation-0': 'oulu', 'remove-0': '1' },
          '/en/settings/profile',
        )
      ).statusCode,
      303,
    );
    await claim(bo, 'bo-marek', 'Bo Marek', 'oulu');
    assert.deepEqual(await orgsOn(app, 'bo-marek'), []);
  });

  test('a refused claim stays hidden from others; the API decides once and refuses a wrong decision', async (t) => {
    const urbis = await claimsApp(t, engine);
    const { app, ctx } = urbis;
    await claim(await urbis.as('cy@example.eu'), 'cy-lund', 'Cy Lund', 'sofia');
    const admin = (
      await ctx.db.selectFrom('users').select('id').where('handle', '=', DEMO_ADMIN.handle).executeTakeFirstOrThrow()
    ).id;
    const token = (await createAccessToken(ctx, admin, 'claims')).token;
    const api = (payload: unknown, path = '/api/v1/organisations/sofia/claims/cy-lund') =>
      app.inject({
        method: 'POST',
        url: path,
        headers: { authorization: `Bearer ${token}` },
        payload: payload as object,
      });

    const wrong = await api({ decision: 'maybe' });
    assert.equal(wrong.statusCode, 400);
    assert.match(String(wrong.headers['content-type']), /^application\/problem\+json/);
    assert.equal((await api({ decision: 'refuse' }, '/api/v1/organisations/sofia/claims/nobody-here')).statusCode, 404);
    assert.equal(
      (await api({ decision: 'refuse' }, '/api/v1/organisations/no-such-org/claims/cy-lund')).statusCode,
      404,
    );
    const refused = await api({ decision: 'refuse' });
    assert.equal(refused.statusCode, 200);
    assert.deepEqual(refused.json(), { status: 'refused' });
    assert.equal((await api({ decision: 'confirm' })).statusCode, 404, 'once');
    assert.deepEqual(await orgsOn(app, 'cy-lund'), []);
    const cy = await urbis.as('cy@example.eu');
    assert.deepEqual(
      (await orgsOn(cy, 'cy-lund')).map((o) => [o.slug, o.claim]),
      [['sofia', 'refused']],
    );
  });

  test('the members page names each person’s confirmed organisation and the day they joined', async (t) => {
    const urbis = await claimsApp(t, engine);
    const members = (await urbis.app.inject('/api/v1/partnerships/digital-transition/members')).json() as {
      people: { handle: string; joinedAt: string; organisations: { slug: string }[] }[];
    };
    const kadri = members.people.find((p) => p.handle === 'kadri-saar');
    assert.deepEqual(
      kadri?.organisations.map((o) => o.slug),
      ['estonia'],
    );
    for (const p of members.people) {
      const year = new Date(p.joinedAt).getUTCFullYear();
      assert.ok(year >= 2017 && year <= 2019, `${p.handle} joined in ${year}`);
    }
    const html = (await urbis.app.inject('/en/partnerships/digital-transition/members')).body;
    assert.match(html, /href="\/en\/organisations\/estonia">Estonia<\/a>/);
    // A pending claim is not shown there.
    const bo = await urbis.as('bo@example.eu');
    await claim(bo, 'bo-marek', 'Bo Marek', 'oulu');
    const id = await partnershipIdOf(urbis.ctx.db, 'digital-transition');
    await putPerson(urbis.ctx.db, id!, urbis.ids.bo!, 'member');
    const after = (await urbis.app.inject('/api/v1/partnerships/digital-transition/members')).json() as typeof members;
    assert.deepEqual(after.people.find((p) => p.handle === 'bo-marek')?.organisations, []);
  });
});

forEachEngine('organisations: proposed organisations', (engine) => {
  test('a proposed organisation is seen only by its proposer and administrators until approved', async (t) => {
    const urbis = await claimsApp(t, engine);
    const { app } = urbis;
    const bo = await urbis.as('bo@example.eu');
    const proposed = await bo.post(
      '/en/organisations/propose',
      { name: 'Město Tábor', kind: 'city', country: 'CZ', sizeBand: 'small', website: 'https://tabor.example.cz' },
      '/en/organisations/propose',
    );
    assert.equal(proposed.statusCode, 303);
    assert.equal(proposed.headers.location, '/en/organisations/mesto-tabor?done=proposed');
    const own = await bo.get('/en/organisations/mesto-tabor?done=proposed');
    assert.equal(own.statusCode, 200);
    assert.match(own.body, /Proposed, waiting for review/);

    // Nobody else learns it exists; no list shows it; it cannot be claimed.
    assert.equal((await app.inject('/en/organisations/mesto-tabor')).statusCode, 404);
    assert.equal((await app.inject('/api/v1/organisations/mesto-tabor')).statusCode, 404);
    const cy = await urbis.as('cy@example.eu');
    assert.equal((await cy.get('/en/organisations/mesto-tabor')).statusCode, 404);
    assert.ok(!(await app.inject('/api/v1/organisations?limit=100')).body.includes('mesto-tabor'));
    assert.ok(!(await app.inject('/api/v1/organisations?country=CZ')).body.includes('mesto-tabor'));
    assert.ok(!(await bo.get('/en/settings/profile')).body.includes('mesto-tabor'));
    const claimed = await bo.post('/en/settings/profile', { displayName: 'Bo Marek', newOrganisation: 'mesto-tabor' });
    assert.equal(claimed.statusCode, 400);
    assert.equal((await cy.get('/en/organisations/proposals')).statusCode, 404);
    assert.equal(
      (await cy.post('/en/organisations/mesto-tabor/review', { decision: 'approve' }, '/en/organisations')).statusCode,
      404,
    );
    assert.equal((await bo.post('/en/organisations/mesto-tabor/review', { decision: 'approve' })).statusCode, 404);

    // An administrator reviews it, once.
    const admin = await urbis.as(`${DEMO_ADMIN.email}`, DEMO_PASSWORD);
    assert.equal((await admin.get('/en/organisations/mesto-tabor')).statusCode, 200);
    const list = await admin.get('/en/organisations/proposals');
    assert.match(list.body, /Město Tábor/);
    assert.match(list.body, /Proposed by Bo Marek/);
    assert.equal((await admin.post('/en/organisations/mesto-tabor/review', { decision: 'perhaps' })).statusCode, 400);
    const [a, b] = await Promise.all([
      admin.post('/en/organisations/mesto-tabor/review', { decision: 'approve' }),
      admin.post('/en/organisations/mesto-tabor/review', { decision: 'refuse' }),
    ]);
    assert.deepEqual([a.statusCode, b.statusCode].sort(), [303, 404], 'reviewed once');
    const status = ((await admin.get('/api/v1/organisations/mesto-tabor')).json() as { status: string }).status;
    if (status === 'approved') {
      assert.equal((await app.inject('/en/organisations/mesto-tabor')).statusCode, 200);
      assert.ok((await app.inject('/api/v1/organisations?country=CZ')).body.includes('mesto-tabor'));
    } else {
      assert.equal(status, 'refused');
      assert.equal((await app.inject('/en/organisations/mesto-tabor')).statusCode, 404);
    }
  });

  test('a proposal’s fields are checked, nothing is stored half-way, a few wait at most', async (t) => {
    const urbis = await claimsApp(t, engine);
    const count = async () =>
      Number(
        (
          await urbis.ctx.db
            .selectFrom('organisations')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await count();
    const bo = await urbis.as('bo@example.eu');
    for (const [fields, field] of [
      [{ name: '', kind: 'city' }, 'name'],
      [{ name: 'x'.repeat(5000), kind: 'city' }, 'name'],
      [{ name: 'Somewhere', kind: 'castle' }, 'kind'],
      [{ name: 'Somewhere', kind: 'city', website: 'javascript:alert(1)' }, 'website'],
      [{ name: 'Somewhere', kind: 'city', country: 'Bohemia' }, 'country'],
      [{ name: 'Oulu', kind: 'city' }, 'name'],
    ] as [Record<string, string>, string][]) {
      const response = await bo.post('/en/organisations/propose', fields, '/en/organisations/propose');
      assert.equal(response.statusCode, 400, JSON.stringify(fields).slice(0, 80));
      assert.match(response.body, new RegExp(`id="field-${field}-error"`), field);
      assert.match(response.body, /class="error-summary"/);
    }
    const nul = await bo.post('/en/organisations/propose', { name: 'A\u0000B', kind: 'city' });
    assert.equal(nul.statusCode, 400);
    assert.equal(await count(), before, 'nothing was stored');

    // Through the API: a problem document naming the field.
    const token = (await createAccessToken(urbis.ctx, urbis.ids.bo!, 'proposals')).token;
    const api = (payload: object) =>
      urbis.app.inject({
        method: 'POST',
        url: '/api/v1/organisations/proposals',
        headers: { authorization: `Bearer ${token}` },
        payload,
      });
    const bad = await api({ name: 'Somewhere', kind: 'castle' });
    assert.equal(bad.statusCode, 400);
    assert.ok(JSON.stringify(bad.json()).includes('/kind'));
    const made = await api({ name: 'Kraj Vysočina', kind: 'region', country: 'CZ' });
    assert.equal(made.statusCode, 201);
    assert.equal((made.json() as { slug: string }).slug, 'kraj-vysocina');
    assert.equal(made.headers.location, '/api/v1/organisations/kraj-vysocina');
    assert.equal(
      (await urbis.app.inject({ method: 'POST', url: '/api/v1/organisations/proposals', payload: {} })).statusCode,
      401,
    );

    // Five waiting at most.
    for (let i = 2; i <= 5; i++) assert.equal((await api({ name: `Town number ${i}`, kind: 'city' })).statusCode, 201);
    const sixth = await bo.post(
      '/en/organisations/propose',
      { name: 'One town too many', kind: 'city' },
      '/en/organisations/propose',
    );
    assert.equal(sixth.statusCode, 400);
    assert.match(sixth.body, /proposals waiting for review already/);
    assert.equal(await count(), before + 5);
  });
});
