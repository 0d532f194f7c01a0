// The register's pages and API on the demo, both engines: each filter gives the items it should,
// "for my organisation" for the small city's member shows only what a small Czech city may apply
// for, a suggested item is listed and shown only to whom may see it, hostile query values are a 400
// (never a 500), and the status turns when a deadline passes (the read's clock).
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { buildTestApp, cookiesOf, csrfTokenOf, forEachEngine } from '../../../test/helpers/app.js';
import { CORPORA, stringsOf, xssLists } from '../../../test/helpers/corpora.js';
import { clockWatch } from '../../core/shared/clock.js';
import { readClock } from '../../core/shared/reads.js';
import { DEMO_PASSWORD } from '../people/index.js';
import { SMALL_CITY } from './funding.demo.js';
import { loadOpportunities } from './funding.queries.js';
import type { DetailOut, SummaryOut } from './funding.present.js';

type List = { items: SummaryOut[]; total: number; next: string | null; query: string; for_me: { asked: boolean } };
const ALL = 'status=forthcoming&status=open&status=closing_soon&status=closed';
const DAY = 86_400_000;

/** The SQL injection lists of the shared corpora, when the checkout has them beside it. */
function sqlLists(): string[] {
  const dir = fileURLToPath(new URL('../../../../shared/corpora/PayloadsAllTheThings/SQL Injection/', import.meta.url));
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, e.name);
      if (e.isDirectory()) walk(full);
      else if (e.name.endsWith('.txt')) out.push(full);
    }
  };
  walk(dir);
  return out;
}

async function signIn(app: Awaited<ReturnType<typeof buildTestApp>>['app'], email: string, password: string) {
  const form = await app.inject('/en/sign-in');
  const cookie = cookiesOf(form);
  const res = await app.inject({
    method: 'POST',
    url: '/en/sign-in',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ email, password, _csrf: csrfTokenOf(form.body) }).toString(),
  });
  assert.equal(res.statusCode, 303, `sign-in of ${email}`);
  return `${cookie}; ${cookiesOf(res)}`;
}

forEachEngine('funding: the register', (engine) => {
  test('filters, for my organisation, visibility, pages', async (t) => {
    const urbis = await buildTestApp(t, engine, { demo: true });
    const { app, ctx } = urbis;
    const list = async (qs: string, cookie?: string) => {
      const res = await app.inject({ url: `/api/v1/funding?${qs}`, headers: cookie ? { cookie } : {} });
      assert.equal(res.statusCode, 200, `${qs}: ${res.body.slice(0, 300)}`);
      return JSON.parse(res.body) as List;
    };
    const titles = (l: List) => l.items.map((o) => o.title);

    // The default: what one may still act on, next deadline first, open-ended last.
    const all = await list(`${ALL}&limit=100`);
    assert.equal(all.total, all.items.length);
    assert.ok(all.total >= 24);
    const current = await list('limit=100');
    assert.ok(current.items.every((o) => o.status !== 'closed'));
    assert.equal(current.total, all.items.filter((o) => o.status !== 'closed').length);
    const nexts = current.items.map((o) => o.next_deadline?.at ?? '9999');
    assert.deepEqual(nexts, [...nexts].sort());
    assert.equal(current.items[0]?.title, 'Innovative Actions: call 3');

    // Each filter on the demo.
    assert.ok((await list('status=closed&limit=100')).items.every((o) => o.status === 'closed'));
    assert.deepEqual(titles(await list('programme=urbact-iv')).sort(), [
      'Action Planning Networks',
      'Transfer Networks',
    ]);
    const policies = await list('kind=policy&kind=initiative&limit=100');
    assert.ok(policies.items.length >= 3 && policies.items.every((o) => ['policy', 'initiative'].includes(o.kind)));
    const digital = await list('topic=digital-transition&limit=100');
    assert.ok(digital.items.length > 5);
    assert.ok(digital.items.every((o) => o.topics.some((tag) => tag.slug === 'digital-transition')));
    assert.ok(!titles(digital).includes('Study: interoperable local digital twins'));
    const research = await list('eligible_kind=research&limit=100');
    assert.ok(titles(research).includes('Study: interoperable local digital twins'));
    assert.ok(
      research.items.every((o) => o.eligibility.kinds.length === 0 || o.eligibility.kinds.includes('research')),
    );
    const norway = await list('country=no&limit=100');
    assert.ok(titles(norway).includes('Action Planning Networks'));
    assert.ok(
      norway.items.every((o) => o.eligibility.countries.length === 0 || o.eligibility.countries.includes('NO')),
    );
    const large = await list('size=large&limit=100');
    assert.ok(!titles(large).includes('Smart villages and small towns: digital services'));
    assert.ok(large.items.every((o) => o.eligibility.sizes.length === 0 || o.eligibility.sizes.includes('large')));
    const rich = await list('budget_min=50000000&limit=100');
    assert.ok(rich.items.length > 0 && rich.items.every((o) => (o.budget_eur ?? 0) >= 50_000_000));
    const byBudget = await list('sort=budget&limit=100');
    const budgets = byBudget.items.map((o) => o.budget_eur ?? -1);
    assert.deepEqual(
      budgets,
      [...budgets].sort((a, b) => b - a),
    );
    const from = new Date(Date.now() + 10 * DAY).toISOString().slice(0, 10);
    const to = new Date(Date.now() + 40 * DAY).toISOString().slice(0, 10);
    const window = await list(`deadline_from=${from}&deadline_to=${to}&limit=100`);
    assert.ok(window.items.length > 0);
    const full = await loadOpportunities(
      ctx.db,
      window.items.map((o) => o.id),
    );
    for (const o of full)
      assert.ok(
        o.deadlines.some((d) => d.at >= `${from}T00:00:00.000Z` && d.at < `${to}T23:59:59.999Z`),
        o.title,
      );

    // Paging by cursor joins up.
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const page: List = await list(`${ALL}&limit=7${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      seen.push(...page.items.map((o) => o.id));
      cursor = page.next;
    } while (cursor);
    assert.deepEqual(
      seen,
      all.items.map((o) => o.id),
    );

    // For my organisation: the small city's member sees only what a small Czech city may apply for.
    const tereza = await signIn(app, `${SMALL_CITY.handle}@demo.urbis.eu`, DEMO_PASSWORD);
    const mine = await list('for=me&limit=100', tereza);
    assert.ok(mine.for_me.asked);
    assert.ok(titles(mine).includes('Smart villages and small towns: digital services'));
    for (const o of mine.items) {
      const e = o.eligibility;
      assert.ok(e.kinds.length === 0 || e.kinds.includes('city'), o.title);
      assert.ok(e.countries.length === 0 || e.countries.includes('CZ'), o.title);
      assert.ok(e.sizes.length === 0 || e.sizes.includes('small'), o.title);
    }
    const left = current.items.filter((o) => !mine.items.some((m) => m.id === o.id)).map((o) => o.title);
    assert.ok(left.includes('Study: interoperable local digital twins'));
    const forMePage = await app.inject({ url: '/en/funding?for=me', headers: { cookie: tereza } });
    assert.equal(forMePage.statusCode, 200);
    assert.match(forMePage.body, /Město Litomyšl may apply for/);
    assert.match(forMePage.body, /name="for" value="me" checked/);
    // A visitor asking "for me" gets nothing, and the page says why.
    assert.equal((await list('for=me')).total, 0);
    assert.match((await app.inject('/en/funding?for=me')).body, /needs a confirmed organisation/);

    // A suggested item: not for visitors (list, page, API, programme), yes for its editors.
    const target = current.items.find((o) => o.programme?.slug === 'urbact-iv')!;
    await ctx.db.updateTable('funding_opportunities').set({ state: 'suggested' }).where('id', '=', target.id).execute();
    assert.ok(!(await list('limit=100')).items.some((o) => o.id === target.id));
    assert.equal((await app.inject(`/en/funding/${target.id}`)).statusCode, 404);
    assert.equal((await app.inject(`/api/v1/funding/${target.id}`)).statusCode, 404);
    const programme = JSON.parse((await app.inject('/api/v1/programmes/urbact-iv')).body) as { items: SummaryOut[] };
    assert.ok(!programme.items.some((o) => o.id === target.id));
    assert.ok(!(await list('limit=100', tereza)).items.some((o) => o.id === target.id));
    const admin = await signIn(app, 'admin@demo.urbis.eu', DEMO_PASSWORD);
    assert.ok((await list('limit=100', admin)).items.some((o) => o.id === target.id));
    const shown = await app.inject({ url: `/en/funding/${target.id}`, headers: { cookie: admin } });
    assert.equal(shown.statusCode, 200);
    assert.match(shown.body, /Suggested, waiting for review/);

    // The item's page: deadlines in its zone, programme link, topics as tag links, the body sanitised.
    const item = all.items.find((o) => o.title === 'Innovative Actions: call 3')!;
    const page = await app.inject(`/cs/funding/${item.id}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /href="\/cs\/funding\/programmes\/eui"/);
    assert.match(page.body, /href="\/cs\/tags\/digital-transition"/);
    assert.match(page.body, /Europe\/Brussels/);
    const detail = JSON.parse((await app.inject(`/api/v1/funding/${item.id}`)).body) as DetailOut;
    assert.equal(detail.deadlines.length, 1);
    assert.equal(detail.programme?.slug, 'eui');
    await ctx.db
      .updateTable('funding_opportunities')
      .set({ body: 'Fine <script>alert(1)</script> [x](javascript:alert(2)) **bold**' })
      .where('id', '=', item.id)
      .execute();
    const sanitised = (await app.inject(`/en/funding/${item.id}`)).body;
    assert.match(sanitised, /<strong>bold<\/strong>/);
    assert.doesNotMatch(sanitised, /<script>alert|href="javascript:/);

    // The programmes, and a programme that does not exist.
    assert.equal((await app.inject('/en/funding/programmes')).statusCode, 200);
    assert.equal((await app.inject('/en/funding/programmes/no-such')).statusCode, 404);
    assert.equal((await app.inject('/api/v1/programmes/no-such')).statusCode, 404);
    assert.equal((await app.inject('/en/funding/999999')).statusCode, 404);
    assert.equal((await app.inject('/en/funding/99999999999')).statusCode, 404);

    // The seed post's question has an answer that links to the register filtered for the topic.
    const reply = await ctx.db
      .selectFrom('comments')
      .select(['body', 'parent_id'])
      .where('body', 'like', '%/en/funding?topic=digital-transition%')
      .executeTakeFirst();
    assert.ok(reply && reply.parent_id !== null);
  });

  test('hostile query values: a 400 naming the parameter, never a 500', async (t) => {
    const { app } = await buildTestApp(t, engine, { demo: true });
    const repo = xssLists()
      .slice(0, 3)
      .flatMap((f) => stringsOf(f).slice(0, 40));
    const shared = sqlLists().flatMap((f) => stringsOf(path.relative(CORPORA, f)).slice(0, 40));
    const values = [
      ...repo,
      ...shared,
      '2147483648',
      '1e300',
      'Infinity',
      '-1',
      '0.5',
      'NaN',
      '%00',
      '../../etc/passwd',
      'x'.repeat(5000),
    ];
    const names = ['status', 'kind', 'topic', 'programme', 'eligible_kind', 'country', 'size', 'deadline_from'];
    const more = ['deadline_to', 'budget_min', 'budget_max', 'for', 'sort', 'cursor', 'page', 'limit'];
    let tried = 0;
    for (const [i, value] of values.entries()) {
      const name = [...names, ...more][i % (names.length + more.length)]!;
      for (const base of ['/api/v1/funding', '/en/funding']) {
        const res = await app.inject(`${base}?${name}=${encodeURIComponent(value)}`);
        tried++;
        assert.ok(res.statusCode === 400 || res.statusCode === 200, `${name}=${value}: ${res.statusCode}`);
        if (base.startsWith('/api') && res.statusCode === 400) {
          const problem = JSON.parse(res.body) as { errors?: { pointer: string }[] };
          assert.ok(
            problem.errors?.some((e) => e.pointer.startsWith(`/query/${name}`)),
            `${name}=${value}`,
          );
        }
      }
    }
    assert.ok(tried > 100);
    // Each name, a value it does not take.
    for (const name of [...names, ...more]) {
      const res = await app.inject(`/api/v1/funding?${name}=%27%20or%201%3D1--`);
      assert.equal(res.statusCode, 400, name);
    }
  });

  test('the status turns when a deadline passes; the register is a read of the clock', async (t) => {
    const urbis = await buildTestApp(t, engine, { demo: true });
    const { app } = urbis;
    const original = readClock.now;
    t.after(() => {
      readClock.now = original;
    });
    const find = async () => {
      const l = JSON.parse((await app.inject(`/api/v1/funding?${ALL}&limit=100`)).body) as List;
      return l.items.find((o) => o.title === 'Innovative Actions: call 3')!;
    };
    const before = await find();
    assert.equal(before.status, 'closing_soon');
    // A visitor's page says so to the cache: it holds until the end of the read's minute at most.
    const mark = clockWatch.mark();
    const page = await app.inject('/en/funding?programme=eui');
    assert.match(page.body, /Closing soon/);
    assert.ok(clockWatch.until(mark) <= Date.now() + 60_000);
    // A minute after its deadline (a signed-in reader: no cache holds their page).
    readClock.now = () => Date.parse(before.closes_at!) + 60_000;
    const after = await find();
    assert.equal(after.status, 'closed');
    const detail = JSON.parse((await app.inject(`/api/v1/funding/${before.id}`)).body) as DetailOut;
    assert.equal(detail.status, 'closed');
    const admin = await signIn(app, 'admin@demo.urbis.eu', DEMO_PASSWORD);
    const again = await app.inject({ url: '/en/funding?programme=eui', headers: { cookie: admin } });
    assert.doesNotMatch(again.body, /Innovative Actions: call 3/);
    const closed = await app.inject({ url: '/en/funding?programme=eui&status=closed', headers: { cookie: admin } });
    assert.match(closed.body, /Innovative Actions: call 3/);
  });
});
