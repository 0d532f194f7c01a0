import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { createUser } from '../src/modules/accounts/index.js';
import { buildTestApp, cookiesOf, csrfTokenOf, forEachEngine } from './helpers/app.js';

/**
 * Deny by default, checked: every route the application registers, and what each role gets
 * from it. A route that is not in this table fails the first test, so a new route cannot
 * ship without someone deciding who may use it.
 *
 * To add a role (partnership member, coordinator, moderator…): add it to `ROLES`, say how a
 * test becomes it in `becomeRole`, and TypeScript will ask for its column in every row.
 */
const ROLES = ['visitor', 'user', 'admin'] as const;
type Role = (typeof ROLES)[number];

/**
 * What a role gets: a status, and for redirects the Location, as `'303 /en/'`. A Location
 * ending in `…` only has to start with what comes before.
 */
type Outcome = `${number}` | `${number} ${string}`;

interface Row {
  method: 'GET' | 'POST';
  /** The route as registered. */
  route: string;
  /** An address that reaches it (a function when it depends on the run). */
  url: string | ((run: Run) => string);
  /** For POST: the form fields (the CSRF token is added). */
  form?: Record<string, string>;
  /** True when the request ends the role's session, so it runs last. */
  endsSession?: boolean;
  expect: Record<Role, Outcome>;
}

interface Run {
  app: FastifyInstance;
  /** The hashed URL of the style sheet. */
  stylesheet: string;
}

const SIGN_IN_NEXT = (path: string): Outcome => `303 /en/sign-in?next=${encodeURIComponent(path)}`;
const everyone = (outcome: Outcome): Record<Role, Outcome> => ({ visitor: outcome, user: outcome, admin: outcome });

const TABLE: Row[] = [
  // The kernel
  { method: 'GET', route: '/', url: '/', expect: everyone('302 /en/') },
  { method: 'GET', route: '/:lang', url: '/cs', expect: everyone('301 /cs/') },
  { method: 'GET', route: '/language/:code', url: '/language/cs?path=/partnerships', expect: everyone('303 /cs/partnerships') },
  { method: 'GET', route: '/assets/:file', url: (run) => run.stylesheet, expect: everyone('200') },
  { method: 'GET', route: '/healthz', url: '/healthz', expect: everyone('200') },
  { method: 'GET', route: '/api/openapi.json', url: '/api/openapi.json', expect: everyone('200') },
  // site
  { method: 'GET', route: '/:lang/', url: '/en/', expect: everyone('200') },
  { method: 'GET', route: '/:lang/accessibility', url: '/cs/accessibility', expect: everyone('200') },
  { method: 'GET', route: '/:lang/api', url: '/en/api', expect: everyone('200') },
  // accounts
  { method: 'GET', route: '/:lang/sign-in', url: '/en/sign-in', expect: { visitor: '200', user: '404', admin: '404' } },
  { method: 'POST', route: '/:lang/sign-in', url: '/en/sign-in', form: {}, expect: { visitor: '400', user: '404', admin: '404' } },
  { method: 'POST', route: '/:lang/sign-out', url: '/en/sign-out', form: {}, endsSession: true, expect: { visitor: '404', user: '303 /en/', admin: '303 /en/' } },
  // partnerships
  { method: 'GET', route: '/:lang/partnerships', url: '/en/partnerships', expect: everyone('200') },
  { method: 'GET', route: '/:lang/partnerships/:slug', url: '/cs/partnerships/digital-transition', expect: everyone('200') },
  { method: 'GET', route: '/api/v1/partnerships', url: '/api/v1/partnerships', expect: everyone('200') },
  { method: 'GET', route: '/api/v1/partnerships/:slug', url: '/api/v1/partnerships/digital-transition', expect: everyone('200') },
  // organisations
  { method: 'GET', route: '/:lang/organisations', url: '/en/organisations', expect: everyone('200') },
  { method: 'GET', route: '/:lang/organisations/:slug', url: '/en/organisations/cemr', expect: everyone('200') },
  {
    method: 'GET',
    route: '/:lang/organisations/new',
    url: '/en/organisations/new',
    expect: { visitor: SIGN_IN_NEXT('/en/organisations/new'), user: '404', admin: '200' },
  },
  {
    method: 'GET',
    route: '/:lang/organisations/:slug/edit',
    url: '/en/organisations/cemr/edit',
    expect: { visitor: SIGN_IN_NEXT('/en/organisations/cemr/edit'), user: '404', admin: '200' },
  },
  // An empty form: an administrator is told what is missing, nobody else gets that far.
  { method: 'POST', route: '/:lang/organisations', url: '/en/organisations', form: {}, expect: { visitor: '404', user: '404', admin: '400' } },
  { method: 'POST', route: '/:lang/organisations/:slug', url: '/en/organisations/cemr', form: {}, expect: { visitor: '404', user: '404', admin: '400' } },
  { method: 'GET', route: '/api/v1/organisations', url: '/api/v1/organisations', expect: everyone('200') },
  { method: 'GET', route: '/api/v1/organisations/:slug', url: '/api/v1/organisations/cemr', expect: everyone('200') },
];

/**
 * The routes of the application as `METHOD /path`, read from Fastify's route tree
 * (`printRoutes` with full segments): each line's segment is appended to its parent's.
 */
function registeredRoutes(app: FastifyInstance): string[] {
  const routes: string[] = [];
  const stack: string[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const match = /^((?:│ {3}| {4})*)(?:├── |└── )(.+?)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (!match) continue;
    const depth = (match[1] ?? '').length / 4;
    stack.length = depth;
    stack.push(match[2] ?? '');
    for (const method of (match[3] ?? '').split(', ').filter(Boolean)) routes.push(`${method} ${stack.join('')}`);
  }
  return routes;
}

interface Browser {
  cookie: string;
  token: string;
}

forEachEngine('route × role table', (engine) => {
  let run: Run;
  const browsers = new Map<Role, Browser>();

  /** A browser signed in as `role`, with its cookies and a CSRF token. */
  async function becomeRole(app: FastifyInstance, role: Role): Promise<Browser> {
    const form = await app.inject('/en/sign-in');
    const visitor = { cookie: cookiesOf(form), token: csrfTokenOf(form.body) };
    if (role === 'visitor') return visitor;
    const email = `${role}@example.eu`;
    await createUser(db, { email, handle: `table-${role}`, displayName: `Table ${role}`, password: 'a long test password', isAdmin: role === 'admin' });
    const signIn = await app.inject({
      method: 'POST',
      url: '/en/sign-in',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: visitor.cookie },
      payload: new URLSearchParams({ _csrf: visitor.token, email, password: 'a long test password' }).toString(),
    });
    assert.equal(signIn.statusCode, 303, `${role} signs in`);
    return { cookie: `${visitor.cookie}; ${cookiesOf(signIn)}`, token: visitor.token };
  }

  let db: Parameters<typeof createUser>[0];
  const cleanups: (() => Promise<void>)[] = [];
  after(async () => {
    for (const cleanup of cleanups) await cleanup();
  });

  before(async () => {
    // One application for the whole table, closed when the suite ends.
    const urbis = await buildTestApp({ after: (fn: () => Promise<void>) => void cleanups.push(fn) }, engine, { demo: true });
    db = urbis.ctx.db;
    const home = await urbis.app.inject('/en/');
    run = { app: urbis.app, stylesheet: /href="(\/assets\/urbis\.[0-9a-f]+\.css)"/.exec(home.body)?.[1] ?? '/assets/missing.css' };
    for (const role of ROLES) browsers.set(role, await becomeRole(urbis.app, role));
  });

  test('the table lists every route the application registers, and nothing else', () => {
    const actual = registeredRoutes(run.app);
    assert.ok(actual.length > 10, `routes were found: ${actual.join(', ')}`);
    for (const route of actual) {
      const [method = '', url = ''] = route.split(' ');
      assert.ok(run.app.hasRoute({ method: method as 'GET', url }), `${route} is read right from the route tree`);
    }
    const listed = TABLE.map((row) => `${row.method} ${row.route}`);
    assert.equal(new Set(listed).size, listed.length, 'no route is listed twice');
    // HEAD answers like GET (checked below); every GET has one.
    const heads = actual.filter((r) => r.startsWith('HEAD '));
    assert.deepEqual(heads.map((r) => r.replace(/^HEAD /, 'GET ')).sort(), actual.filter((r) => r.startsWith('GET ')).sort());
    const missing = actual.filter((r) => !r.startsWith('HEAD ') && !listed.includes(r));
    const gone = listed.filter((r) => !actual.includes(r));
    assert.deepEqual(missing, [], 'routes without a row in the table: add one, deciding what each role gets');
    assert.deepEqual(gone, [], 'rows for routes that no longer exist');
  });

  const ordered = [...TABLE].sort((a, b) => Number(a.endsSession ?? false) - Number(b.endsSession ?? false));
  for (const row of ordered) {
    test(`${row.method} ${row.route}: ${ROLES.map((role) => `${role} ${row.expect[role]}`).join(', ')}`, async () => {
      const problems: string[] = [];
      for (const role of ROLES) {
        const browser = browsers.get(role);
        assert.ok(browser);
        const url = typeof row.url === 'function' ? row.url(run) : row.url;
        const methods = row.method === 'GET' ? (['GET', 'HEAD'] as const) : (['POST'] as const);
        for (const method of methods) {
          const response = await run.app.inject({
            method,
            url,
            headers: {
              cookie: browser.cookie,
              ...(row.form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
            },
            ...(row.form ? { payload: new URLSearchParams({ _csrf: browser.token, ...row.form }).toString() } : {}),
          });
          const [status, location] = row.expect[role].split(' ');
          const got = `${response.statusCode}${response.headers.location ? ` ${response.headers.location}` : ''}`;
          if (String(response.statusCode) !== status) problems.push(`${role} ${method} ${url}: expected ${row.expect[role]}, got ${got}`);
          else if (location !== undefined && response.headers.location !== location) problems.push(`${role} ${method} ${url}: expected ${row.expect[role]}, got ${got}`);
        }
      }
      assert.deepEqual(problems, []);
    });
  }
});
