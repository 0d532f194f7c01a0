// The register's query: what parsing refuses (a 400 naming the parameter), and each filter
// applied to the demo on both engines, held against the same rule worked out item by item.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildTestApp, forEachEngine } from '../../../test/helpers/app.js';
import { InvalidInput } from '../../core/http/validation.js';
import {
  filteredPage,
  filterQuery,
  parseFundingQuery,
  type EligibleOrganisation,
  type FilterContext,
  type FundingFilter,
} from './funding.filters.js';
import { PUBLIC_READER } from './funding.policy.js';
import { loadOpportunities, tagSlugsOf, type Opportunity } from './funding.queries.js';
import { nextDeadline, statusAt } from './funding.status.js';

const refused = (query: Record<string, unknown>, name: string) =>
  assert.throws(
    () => parseFundingQuery(query),
    (e: unknown) => e instanceof InvalidInput && e.statusCode === 400 && e.pointer === `/query/${name}`,
    JSON.stringify(query),
  );

test('parsing the query: defaults, repeatable values, and a 400 naming what it does not take', () => {
  const { filter, paging } = parseFundingQuery({});
  assert.deepEqual(filter.statuses, ['forthcoming', 'open', 'closing_soon']);
  assert.equal(filter.sort, 'deadline');
  assert.equal(filter.forMe, false);
  assert.deepEqual(paging, { page: 1, limit: 20 });
  const full = parseFundingQuery({
    status: ['open', 'closed'],
    kind: 'call',
    topic: ['digital-transition', 'data'],
    country: 'cz',
    size: 'small',
    eligible_kind: 'city',
    deadline_from: '2027-01-01',
    deadline_to: '2027-12-31',
    budget_min: '1000',
    budget_max: '90000000',
    for: 'me',
    sort: 'budget',
    programme: 'urbact-iv',
    page: '2',
    limit: '5',
  });
  assert.equal(full.filter.country, 'CZ');
  assert.deepEqual(full.filter.statuses, ['open', 'closed']);
  assert.deepEqual(full.paging, { page: 2, limit: 5 });
  assert.equal(
    filterQuery(full.filter),
    'status=open&status=closed&programme=urbact-iv&kind=call&topic=digital-transition&topic=data&eligible_kind=city' +
      '&country=CZ&size=small&deadline_from=2027-01-01&deadline_to=2027-12-31&budget_min=1000&budget_max=90000000' +
      '&for=me&sort=budget',
  );
  assert.deepEqual(
    parseFundingQuery(Object.fromEntries(new URLSearchParams(filterQuery(full.filter)))).filter.sort,
    'budget',
  );
  // Empty values are absent.
  assert.equal(parseFundingQuery({ country: '', status: '' }).filter.country, undefined);

  refused({ status: 'ajar' }, 'status');
  refused({ status: ['open', { $ne: 1 }] }, 'status');
  refused({ kind: 'grant' }, 'kind');
  refused({ topic: '../etc' }, 'topic');
  refused({ topic: 'a'.repeat(101) }, 'topic');
  refused({ topic: Array.from({ length: 21 }, (_, i) => `t${i}`) }, 'topic');
  refused({ programme: "x' or 1=1 --" }, 'programme');
  refused({ programme: ['eui', 'erdf'] }, 'programme');
  refused({ eligible_kind: 'village' }, 'eligible_kind');
  refused({ country: 'XX' }, 'country');
  refused({ country: 'CZE' }, 'country');
  refused({ size: 'huge' }, 'size');
  refused({ deadline_from: '2027-02-30' }, 'deadline_from');
  refused({ deadline_from: '31/03/2027' }, 'deadline_from');
  refused({ deadline_to: '99999-01-01' }, 'deadline_to');
  refused({ deadline_from: '2027-05-01', deadline_to: '2027-04-01' }, 'deadline_to');
  refused({ budget_min: '1e6' }, 'budget_min');
  refused({ budget_min: '-5' }, 'budget_min');
  refused({ budget_max: '12.5' }, 'budget_max');
  refused({ budget_max: '999999999999999999999' }, 'budget_max');
  refused({ budget_min: '10', budget_max: '5' }, 'budget_max');
  refused({ for: 'you' }, 'for');
  refused({ sort: 'title' }, 'sort');
  refused({ page: '0' }, 'page');
  refused({ page: '10001' }, 'page');
  refused({ limit: '101' }, 'limit');
  refused({ limit: '-1' }, 'limit');
  refused({ cursor: 'abc' }, 'cursor');
  refused({ cursor: `${Buffer.from('not a key').toString('base64url')}.3` }, 'cursor');
  refused({ cursor: `${Buffer.from('2027-01-01T00:00:00.000Z').toString('base64url')}.99999999999` }, 'cursor');
  refused({ status: 'open\u0000' }, 'status');
});

/** The filter's rule worked out item by item, independently of the SQL. */
function keeps(
  o: Opportunity,
  tags: string[],
  f: FundingFilter,
  now: Date,
  organisations: EligibleOrganisation[],
): boolean {
  const allows = (list: string[], v: string | null) => list.length === 0 || (v !== null && list.includes(v));
  if (o.state !== 'published') return false;
  if (!f.statuses.includes(statusAt(o, now, 14))) return false;
  if (f.programme && o.programme?.slug !== f.programme) return false;
  if (f.kinds.length && !f.kinds.includes(o.kind)) return false;
  if (f.topics.length && !f.topics.some((t) => tags.includes(t))) return false;
  if (f.eligibleKind && !allows(o.eligibility.kinds, f.eligibleKind)) return false;
  if (f.country && !allows(o.eligibility.countries, f.country)) return false;
  if (f.size && !allows(o.eligibility.sizes, f.size)) return false;
  if (f.deadlineFrom || f.deadlineTo) {
    const from = f.deadlineFrom ? Date.parse(`${f.deadlineFrom}T00:00:00Z`) : -Infinity;
    const to = f.deadlineTo ? Date.parse(`${f.deadlineTo}T00:00:00Z`) + 86_400_000 : Infinity;
    if (!o.deadlines.some((d) => Date.parse(d.at) >= from && Date.parse(d.at) < to)) return false;
  }
  if (f.budgetMin !== undefined && (o.budgetEur === null || o.budgetEur < f.budgetMin)) return false;
  if (f.budgetMax !== undefined && (o.budgetEur === null || o.budgetEur > f.budgetMax)) return false;
  if (
    f.forMe &&
    !organisations.some(
      (g) =>
        allows(o.eligibility.kinds, g.kind) &&
        allows(o.eligibility.countries, g.country) &&
        allows(o.eligibility.sizes, g.sizeBand),
    )
  )
    return false;
  return true;
}

forEachEngine('funding: the register query', (engine) => {
  test('each filter keeps what the rule keeps, in deadline order; cursor pages join up', async (t) => {
    const { ctx } = await buildTestApp(t, engine, { demo: true });
    const now = new Date();
    const all = await ctx.db.selectFrom('funding_opportunities').select('id').execute();
    const items = await loadOpportunities(
      ctx.db,
      all.map((r) => r.id),
    );
    const tags = new Map<number, string[]>();
    for (const o of items) tags.set(o.id, await tagSlugsOf(ctx.db, o.id));
    const smallCzechCity: EligibleOrganisation = { kind: 'city', country: 'CZ', sizeBand: 'small' };
    const region: EligibleOrganisation = { kind: 'region', country: 'DE', sizeBand: null };
    const today = now.toISOString().slice(0, 10);
    const inMonth = new Date(now.getTime() + 31 * 86_400_000).toISOString().slice(0, 10);
    const queries: [Record<string, unknown>, EligibleOrganisation[]][] = [
      [{}, []],
      [{ status: ['open', 'closing_soon', 'closed', 'forthcoming'] }, []],
      [{ status: 'closed' }, []],
      [{ status: 'closing_soon' }, []],
      [{ kind: ['call', 'prize'] }, []],
      [{ kind: 'policy', status: ['forthcoming', 'open'] }, []],
      [{ topic: 'digital-transition' }, []],
      [{ topic: ['data', 'lessons'] }, []],
      [{ programme: 'urbact-iv' }, []],
      [{ programme: 'no-such-programme' }, []],
      [{ eligible_kind: 'research' }, []],
      [{ country: 'NO' }, []],
      [{ size: 'small' }, []],
      [{ size: 'large', eligible_kind: 'city', country: 'CZ' }, []],
      [{ deadline_from: today, deadline_to: inMonth }, []],
      [{ deadline_from: inMonth, status: 'forthcoming' }, []],
      [{ budget_min: '30000000' }, []],
      [{ budget_max: '25000000', budget_min: '1' }, []],
      [{ for: 'me' }, [smallCzechCity]],
      [{ for: 'me' }, [region]],
      [{ for: 'me' }, [smallCzechCity, region]],
      [{ for: 'me' }, []],
    ];
    for (const [query, organisations] of queries) {
      const { filter, paging } = parseFundingQuery(query);
      const c: FilterContext = { reader: PUBLIC_READER, now, closingSoonDays: 14, organisations };
      const page = await filteredPage(ctx.db, filter, c, { ...paging, limit: 100 });
      const expected = items.filter((o) => keeps(o, tags.get(o.id)!, filter, now, organisations));
      const label = `${JSON.stringify(query)} ${JSON.stringify(organisations)}`;
      assert.deepEqual(
        [...page.ids].sort((a, b) => a - b),
        expected.map((o) => o.id).sort((a, b) => a - b),
        label,
      );
      assert.equal(page.total, expected.length, label);
      assert.equal(page.next, null);
      // In order of the next deadline; none last.
      const keyOf = (id: number) => {
        const o = items.find((i) => i.id === id)!;
        return nextDeadline(o, now)?.at ?? '9999';
      };
      const keys = page.ids.map(keyOf);
      assert.deepEqual(keys, [...keys].sort(), label);
    }
    // The small Czech city's "for me" leaves out what a larger or another country's city may apply for.
    const forSmall = items.filter((o) =>
      keeps(o, tags.get(o.id)!, parseFundingQuery({ for: 'me' }).filter, now, [smallCzechCity]),
    );
    assert.ok(forSmall.some((o) => o.externalId === 'demo-erdf-smart'));
    assert.ok(!forSmall.some((o) => o.externalId === 'demo-tender-platform'));

    // Paging: by cursor, 3 at a time, in each order, the pages join up to the whole list.
    for (const sort of ['deadline', 'newest', 'budget']) {
      const { filter } = parseFundingQuery({ sort, status: ['open', 'closing_soon', 'closed', 'forthcoming'] });
      const c: FilterContext = { reader: PUBLIC_READER, now, closingSoonDays: 14, organisations: [] };
      const whole = await filteredPage(ctx.db, filter, c, { page: 1, limit: 100 });
      const seen: number[] = [];
      let cursor: string | null = null;
      for (let i = 0; i < 20; i++) {
        const paging = parseFundingQuery(cursor ? { cursor, limit: '3' } : { limit: '3' }).paging;
        const page = await filteredPage(ctx.db, filter, c, paging);
        seen.push(...page.ids);
        cursor = page.next;
        if (!cursor) break;
      }
      assert.deepEqual(seen, whole.ids, sort);
      // And by page number.
      const second = await filteredPage(ctx.db, filter, c, { page: 2, limit: 3 });
      assert.deepEqual(second.ids, whole.ids.slice(3, 6), sort);
    }
  });

  test('a suggested item: only for its editors and the one who suggested it', async (t) => {
    const { ctx } = await buildTestApp(t, engine, { demo: true });
    const now = new Date();
    const [row] = await ctx.db.selectFrom('funding_opportunities').select('id').orderBy('id').limit(1).execute();
    await ctx.db
      .updateTable('funding_opportunities')
      .set({ state: 'suggested', suggested_by: null })
      .where('id', '=', row!.id)
      .execute();
    const { filter } = parseFundingQuery({ status: ['open', 'closing_soon', 'closed', 'forthcoming'] });
    const ids = async (reader: FilterContext['reader']) =>
      (
        await filteredPage(
          ctx.db,
          filter,
          { reader, now, closingSoonDays: 14, organisations: [] },
          { page: 1, limit: 100 },
        )
      ).ids;
    assert.ok(!(await ids(PUBLIC_READER)).includes(row!.id));
    assert.ok((await ids({ userId: 1, editor: true })).includes(row!.id));
  });
});
