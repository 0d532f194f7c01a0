import assert from 'node:assert/strict';
import { before, after, test } from 'node:test';
import { jobHandlers, type Urbis } from '../../app.js';
import { JobRunner } from '../../core/jobs/queue.js';
import { createLogger } from '../../core/logger.js';
import { buildTestApp, forEachEngine } from '../../../test/helpers/app.js';
import { readOutbox } from '../../../test/helpers/mail.js';
import { Browser, countRows, createAccessToken, fieldError } from '../../../test/support/accounts.js';
import { createUser } from '../accounts/index.js';
import { DEMO_PASSWORD } from '../people/index.js';

// Matchmaking end to end on the demo: peers for a request, contacting one (a notification and a
// mail), changing the state, the action's "Ask peers for support", bad input and hostile text.

const demo = (handle: string) => `${handle}@demo.urbis.eu`;

async function runJobs(urbis: Urbis): Promise<number> {
  const { db, dialect } = urbis.ctx;
  return new JobRunner(db, dialect, jobHandlers(urbis.ctx), createLogger('silent')).runDue(100);
}

const idOf = async (urbis: Urbis, title: string) =>
  (await urbis.ctx.db.selectFrom('support_requests').select('id').where('title', '=', title).executeTakeFirstOrThrow())
    .id;

const orgId = async (urbis: Urbis, slug: string) =>
  (await urbis.ctx.db.selectFrom('organisations').select('id').where('slug', '=', slug).executeTakeFirstOrThrow()).id;

forEachEngine('support: matchmaking', (engine) => {
  let urbis: Urbis;
  const cleanups: (() => Promise<void>)[] = [];
  before(async () => {
    urbis = await buildTestApp({ after: (fn: () => Promise<void>) => void cleanups.push(fn) }, engine, { demo: true });
  });
  after(async () => {
    for (const fn of cleanups) await fn();
  });

  // One browser per person for the whole file: signing in again and again would meet the sign-in limit.
  const browsers = new Map<string, Browser>();
  const signedIn = async (handle: string) => {
    const kept = browsers.get(handle);
    if (kept) return kept;
    const browser = new Browser(urbis.app, { remoteAddress: `10.0.16.${browsers.size + 1}` });
    assert.equal((await browser.signIn(demo(handle), DEMO_PASSWORD)).statusCode, 303);
    browsers.set(handle, browser);
    return browser;
  };

  test('Sofia’s 5G request lists peers ranked by evidence, each with reasons in words', async () => {
    const elena = await signedIn('elena-dimitrova');
    const id = await idOf(urbis, 'Permits for 5G small cells');
    const json = JSON.parse((await elena.get(`/api/v1/support-requests/${id}`)).body);
    assert.equal(json.mayManage, true);
    assert.equal(json.request.organisation.slug, 'sofia');
    const peers = json.suggestions.map((s: { organisation: { slug: string } }) => s.organisation.slug);
    // Oulu offers 5G expertise (4) with the topic in common (2) and leads actions: first. Spain leads
    // an action on 5G (3 + 2). Sofia itself is never suggested.
    assert.equal(peers[0], 'oulu');
    assert.ok(peers.indexOf('spain') > 0, peers.join());
    assert.ok(!peers.includes('sofia'));
    const scores = json.suggestions.map((s: { score: number }) => s.score);
    assert.deepEqual(
      scores,
      [...scores].sort((a, b) => b - a),
    );
    const oulu = json.suggestions[0];
    assert.ok(oulu.reasons.some((r: { text: string }) => r.text === 'Offers 1 kind of expertise on its topics'));
    assert.ok(oulu.reasons.some((r: { text: string }) => r.text === '1 topic in common'));
    const page = await elena.get(`/cs/support/requests/${id}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Nabízí 1 druh odbornosti na její témata/);
  });

  test('contacting a peer tells its confirmed people in the app and by mail, once', async () => {
    const elena = await signedIn('elena-dimitrova');
    const id = await idOf(urbis, 'Permits for 5G small cells');
    const oulu = await orgId(urbis, 'oulu');
    const from = `/en/support/requests/${id}`;
    const sent = await elena.post(`${from}/contact`, { organisation: String(oulu) }, from);
    assert.equal(sent.statusCode, 303);
    assert.equal(sent.headers.location, `${from}?done=contacted`);
    const told = await urbis.ctx.db
      .selectFrom('notifications')
      .innerJoin('users', 'users.id', 'notifications.user_id')
      .select(['users.handle', 'notifications.path'])
      .where('notifications.kind', '=', 'support.notification.contacted')
      .orderBy('users.handle')
      .execute();
    assert.deepEqual(
      told.map((n) => n.handle),
      ['aino-lehtonen', 'jussi-pelkonen'],
    );
    assert.equal(told[0]!.path, `/support/requests/${id}`);
    assert.ok((await runJobs(urbis)) >= 2);
    const mails = readOutbox(urbis.ctx.config.dataDir).filter((m) => m.to === demo('jussi-pelkonen'));
    assert.equal(mails.length, 1);
    assert.match(mails[0]!.text, /Permits for 5G small cells/);
    assert.match(mails[0]!.text, new RegExp(`/en/support/requests/${id}`));
    // Again: nothing new.
    assert.equal((await elena.post(`${from}/contact`, { organisation: String(oulu) }, from)).statusCode, 303);
    assert.equal(await countRows(urbis.ctx.db, 'notifications'), told.length + (await otherNotes()));
    // The contacted peer now sees the request (and its conversation) whatever its state.
    const jussi = await signedIn('jussi-pelkonen');
    assert.equal((await jussi.get(from)).statusCode, 200);

    async function otherNotes() {
      const row = await urbis.ctx.db
        .selectFrom('notifications')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('kind', '!=', 'support.notification.contacted')
        .executeTakeFirstOrThrow();
      return Number(row.n);
    }
  });

  test('the state: matched names a contacted peer; another is refused at its field', async () => {
    const elena = await signedIn('elena-dimitrova');
    const id = await idOf(urbis, 'Permits for 5G small cells');
    const from = `/en/support/requests/${id}`;
    const refused = await elena.post(
      `${from}/state`,
      { state: 'matched', organisation: String(await orgId(urbis, 'lyon')) },
      from,
    );
    assert.equal(refused.statusCode, 400);
    assert.equal(fieldError(refused.body, 'organisation'), 'Choose one of the peers contacted.');
    const none = await elena.post(`${from}/state`, { state: 'matched' }, from);
    assert.equal(fieldError(none.body, 'organisation'), 'Choose the peer that helps.');
    const done = await elena.post(`${from}/state`, {
      state: 'matched',
      organisation: String(await orgId(urbis, 'oulu')),
    });
    assert.equal(done.statusCode, 303);
    const json = JSON.parse((await elena.get(`/api/v1/support-requests/${id}`)).body);
    assert.equal(json.request.state, 'matched');
    assert.equal(json.request.matchedOrganisation.slug, 'oulu');
    // Matched: a peer of the platform not involved no longer sees it (a 404, not a 403).
    const eindhoven = await signedIn('sanne-de-wit');
    assert.equal((await eindhoven.get(from)).statusCode, 404);
    const back = await elena.post(`${from}/state`, { state: 'open' }, from);
    assert.equal(back.statusCode, 303);
    assert.equal((await eindhoven.get(from)).statusCode, 200);
  });

  test('the action’s “Ask peers for support” opens the form pre-filled from its support needed', async () => {
    const elena = await signedIn('elena-dimitrova');
    const action = await urbis.ctx.db
      .selectFrom('actions')
      .select(['id', 'number', 'support_needed'])
      .where('title', '=', 'Guidelines for 5G in municipalities')
      .executeTakeFirstOrThrow();
    const page = await elena.get(`/en/partnerships/digital-transition/actions/${action.number}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, new RegExp(`href="/en/support/requests/new\\?action=${action.id}"`));
    const form = await elena.get(`/en/support/requests/new?action=${action.id}`);
    assert.equal(form.statusCode, 200);
    assert.ok(form.body.includes('small cells on street furniture'));
    assert.match(form.body, new RegExp(`name="action" value="${action.id}"`));
    // A person who may not update the action sees no button (Eindhoven leads no part of it).
    const sanne = await signedIn('sanne-de-wit');
    const other = await sanne.get(`/en/partnerships/digital-transition/actions/${action.number}`);
    assert.ok(!other.body.includes('/en/support/requests/new?action='));
    // Asking with it: saved, tied to the action, shown under it.
    const saved = await elena.post(
      '/en/support/requests',
      {
        organisation: String(await orgId(urbis, 'sofia')),
        title: 'Fees for 5G sites',
        needed: 'How did you set the fees?',
        tags: '5G, Fees',
        action: String(action.id),
      },
      `/en/support/requests/new?action=${action.id}`,
    );
    assert.equal(saved.statusCode, 303);
    const shown = await elena.get(String(saved.headers.location));
    assert.match(shown.body, /Guidelines for 5G in municipalities/);
    assert.match(shown.body, /Fees/);
  });

  test('bad input: messages at the fields (HTML), problems with pointers (JSON); nothing stored', async () => {
    const elena = await signedIn('elena-dimitrova');
    const before = await countRows(urbis.ctx.db, 'support_requests');
    const empty = await elena.post('/en/support/requests', {}, '/en/support/requests/new');
    assert.equal(empty.statusCode, 400);
    assert.equal(fieldError(empty.body, 'title'), 'Enter a value.');
    assert.ok(fieldError(empty.body, 'needed'));
    const lyon = String(await orgId(urbis, 'lyon'));
    const many = await elena.post('/en/support/requests', {
      organisation: lyon,
      title: 'x',
      needed: 'y',
      tags: Array.from({ length: 11 }, (_, i) => `t${i}`).join(','),
    });
    assert.equal(fieldError(many.body, 'organisation'), 'Choose an organisation your affiliation with is confirmed.');
    assert.equal(fieldError(many.body, 'tags'), 'Give at most 10 topics.');
    const user = await urbis.ctx.db
      .selectFrom('users')
      .select('id')
      .where('handle', '=', 'elena-dimitrova')
      .executeTakeFirstOrThrow();
    const { token } = await createAccessToken(urbis.ctx, user.id, 'test');
    const api = await urbis.app.inject({
      method: 'POST',
      url: '/api/v1/support-requests',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      payload: JSON.stringify({ organisation: Number(lyon), title: '', needed: 'z'.repeat(4001), action: 999999 }),
    });
    assert.equal(api.statusCode, 400);
    assert.match(String(api.headers['content-type']), /application\/problem\+json/);
    const pointers = JSON.parse(api.body)
      .errors.map((e: { pointer: string }) => e.pointer)
      .sort();
    assert.deepEqual(pointers, ['/body/action', '/body/needed', '/body/organisation', '/body/title']);
    assert.equal(await countRows(urbis.ctx.db, 'support_requests'), before);
    // Through the API, a good one: 201 with its address.
    const made = await urbis.app.inject({
      method: 'POST',
      url: '/api/v1/support-requests',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      payload: JSON.stringify({
        organisation: await orgId(urbis, 'sofia'),
        title: 'Street lighting data',
        needed: 'Who publishes it?',
        tags: ['Open data'],
      }),
    });
    assert.equal(made.statusCode, 201, made.body);
    assert.equal(JSON.parse(made.body).tags[0].slug, 'open-data');
  });

  test('hostile text stays text; visitors and people of no partnership never learn of requests', async () => {
    const elena = await signedIn('elena-dimitrova');
    const polyglot =
      'jaVasCript:/*-/*`/*\\`/*\'/*"/**/(/* */oNcliCk=alert() )//</stYle/</titLe/</teXtarEa/' +
      '</scRipt/--!>\\x3csVg/<sVg/oNloAd=alert()//>\\x3e';
    const saved = await elena.post(
      '/en/support/requests',
      { organisation: String(await orgId(urbis, 'sofia')), title: '<script>alert(1)</script>', needed: polyglot },
      '/en/support/requests/new',
    );
    assert.equal(saved.statusCode, 303);
    const page = await elena.get(String(saved.headers.location));
    assert.ok(!page.body.includes('<script>alert(1)</script>'));
    assert.ok(!/<svg\/onload/i.test(page.body));
    assert.match(page.body, /&lt;script(&gt;|>)alert\(1\)&lt;\/script/);
    const id = String(saved.headers.location).split('/').pop()!.split('?')[0];

    const visitor = new Browser(urbis.app);
    assert.equal((await visitor.get(`/en/support/requests/${id}`)).statusCode, 303);
    assert.equal((await visitor.get(`/api/v1/support-requests/${id}`)).statusCode, 401);
    await createUser(urbis.ctx.db, {
      email: 'loner@example.eu',
      handle: 'loner',
      displayName: 'Lone Reader',
      password: 'a long test password',
    });
    const loner = new Browser(urbis.app, { remoteAddress: '10.0.16.200' });
    await loner.signIn('loner@example.eu', 'a long test password');
    assert.equal((await loner.get('/en/support')).statusCode, 404);
    assert.equal((await loner.get(`/en/support/requests/${id}`)).statusCode, 404);
  });

  test('offers: a person offers as themselves or for their organisation, never for another', async () => {
    const jussi = await signedIn('jussi-pelkonen');
    const refused = await jussi.post(
      '/en/support/offers',
      { organisation: String(await orgId(urbis, 'sofia')), title: 'Help', description: 'Some' },
      '/en/support/offers/new',
    );
    assert.equal(refused.statusCode, 400);
    assert.equal(
      fieldError(refused.body, 'organisation'),
      'Choose an organisation your affiliation with is confirmed.',
    );
    const saved = await jussi.post('/en/support/offers', { title: 'Drone permits', description: 'How we got them.' });
    assert.equal(saved.statusCode, 303);
    const page = await jussi.get(String(saved.headers.location));
    assert.match(page.body, /Drone permits/);
    assert.match(page.body, /Jussi Pelkonen/);
    const list = JSON.parse((await jussi.get('/api/v1/support-offers')).body);
    assert.equal(list.items[0].title, 'Drone permits');
    assert.equal(list.items[0].organisation, null);
  });
});
