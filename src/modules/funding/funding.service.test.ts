// The register's rules on both engines: the status from the dates (the function and the query
// filter agree, at many moments), what a change refuses (naming the field, storing nothing), one
// version per change that changes something, conflicts, and the demo's every status.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildTestApp, forEachEngine } from '../../../test/helpers/app.js';
import { findProgramme, loadOpportunities } from './funding.queries.js';
import { changeOpportunity, createOpportunity, FundingChangeError, type OpportunityInput } from './funding.service.js';
import { statusAt, statusChangesAt, statusFilter } from './funding.status.js';
import { OPPORTUNITY_STATUSES } from './funding.tables.js';

const DAY = 86_400_000;

test('status from the dates: forthcoming, open, closing soon, closed; open-ended items stay open', () => {
  const now = new Date('2027-03-01T12:00:00Z');
  const at = (days: number) => new Date(now.getTime() + days * DAY).toISOString();
  assert.equal(statusAt({ opensAt: at(1), deadlines: [{ at: at(30) }] }, now, 14), 'forthcoming');
  assert.equal(statusAt({ opensAt: at(-1), deadlines: [{ at: at(30) }] }, now, 14), 'open');
  assert.equal(statusAt({ opensAt: at(-1), deadlines: [{ at: at(14) }] }, now, 14), 'closing_soon');
  assert.equal(statusAt({ opensAt: at(-1), deadlines: [{ at: at(15) }] }, now, 14), 'open');
  assert.equal(statusAt({ opensAt: at(-1), deadlines: [{ at: at(15) }] }, now, 15), 'closing_soon');
  assert.equal(statusAt({ opensAt: at(-9), deadlines: [{ at: at(0) }] }, now, 14), 'closed');
  assert.equal(statusAt({ opensAt: null, deadlines: [] }, now, 14), 'open');
  // A two-stage call: the first stage past, the second far: open; the next change is 14 days before it.
  const twoStage = { opensAt: at(-40), deadlines: [{ at: at(-2) }, { at: at(60) }] };
  assert.equal(statusAt(twoStage, now, 14), 'open');
  assert.equal(statusChangesAt(twoStage, now, 14), now.getTime() + 46 * DAY);
});

forEachEngine('funding: the register', (engine) => {
  test('the query filter of each status says what statusAt says, at many moments', async (t) => {
    const { ctx } = await buildTestApp(t, engine, { demo: true });
    const all = await ctx.db.selectFrom('funding_opportunities').select('id').execute();
    const items = await loadOpportunities(
      ctx.db,
      all.map((r) => r.id),
    );
    assert.ok(items.length >= 24);
    const moments = [0, -400, 4, 10, 13.5, 25, 61, 200, 3000].map((d) => new Date(Date.now() + d * DAY));
    // And each deadline, its instant and the instants around it and 14 days before.
    for (const o of items)
      for (const d of o.deadlines) {
        const ms = Date.parse(d.at);
        moments.push(new Date(ms), new Date(ms - 1), new Date(ms - 14 * DAY), new Date(ms - 14 * DAY + 1));
      }
    for (const now of moments) {
      for (const status of OPPORTUNITY_STATUSES) {
        const rows = await ctx.db
          .selectFrom('funding_opportunities')
          .select('id')
          .where((eb) => statusFilter(eb, [status], now, 14))
          .orderBy('id')
          .execute();
        const expected = items.filter((o) => statusAt(o, now, 14) === status).map((o) => o.id);
        assert.deepEqual(
          rows.map((r) => r.id),
          expected.sort((a, b) => a - b),
          `${status} at ${now.toISOString()}`,
        );
      }
    }
    // The demo shows every status today.
    const today = new Set(items.map((o) => statusAt(o, new Date(), 14)));
    assert.deepEqual([...today].sort(), [...OPPORTUNITY_STATUSES].sort());
    assert.ok(items.some((o) => o.title === 'Digital Cities Challenge' && o.kind === 'initiative'));
    const horizon = await findProgramme(ctx.db, { slug: 'horizon-europe' });
    assert.equal(horizon?.budgetEur, 95_500_000_000);
  });

  test('what a change refuses names its field and stores nothing; a change is one version', async (t) => {
    const { ctx } = await buildTestApp(t, engine, { demo: true });
    const db = ctx.db;
    const programme = (await findProgramme(db, { slug: 'urbact-iv' }))!;
    const base: OpportunityInput = {
      programmeId: programme.id,
      kind: 'call',
      title: 'A test call',
      summary: 'For the test.',
      lang: 'en',
      timeZone: 'Europe/Brussels',
      opensAt: '2027-01-10T09:00:00Z',
      deadlines: [{ at: '2027-03-31T15:00:00Z' }],
      eligibility: { kinds: ['city'], countries: ['CZ'], sizes: ['small'] },
      tags: { labels: ['Digital transition'], lang: 'en' },
    };
    const count = async () => ({
      items: (await db.selectFrom('funding_opportunities').select('id').execute()).length,
      versions: (await db.selectFrom('funding_versions').select('id').execute()).length,
      deadlines: (await db.selectFrom('funding_deadlines').select('opportunity_id').execute()).length,
    });
    const before = await count();
    const refusals: [Partial<OpportunityInput>, string, string][] = [
      [{ deadlines: [{ at: '2026-12-01T10:00:00Z' }] }, 'deadlines/0/at', 'beforeOpening'],
      [{ deadlines: [{ at: '2027-03-31T15:00:00Z' }, { at: '2027-02-01T15:00:00Z' }] }, 'deadlines/1/at', 'order'],
      [{ deadlines: [{ at: '31/03/2027' }] }, 'deadlines/0/at', 'date'],
      [{ programmeId: 999_999 }, 'programme', 'unknown'],
      [{ budgetEur: Number.NaN }, 'budget_eur', 'amount'],
      [{ budgetEur: 12.5 }, 'budget_eur', 'amount'],
      [{ budgetEur: -1 }, 'budget_eur', 'amount'],
      [{ grantMinEur: 10, grantMaxEur: 5 }, 'grant_max_eur', 'belowMin'],
      [{ cofinancingRate: 101 }, 'cofinancing_rate', 'range'],
      [{ eligibility: { countries: ['CZ', 'XX'] } }, 'eligibility/countries/1', 'country'],
      [{ eligibility: { kinds: ['village'] } }, 'eligibility/kinds/0', 'unknown'],
      [{ title: '  ' }, 'title', 'required'],
      [{ stage: 'adopted' }, 'stage', 'notPolicy'],
      [{ timeZone: 'Mars/Olympus' }, 'time_zone', 'unknown'],
      [{ url: 'javascript:alert(1)' }, 'url', 'url'],
    ];
    for (const [change, field, reason] of refusals) {
      await assert.rejects(
        createOpportunity(db, { ...base, ...change }, { userId: null, at: '2026-12-06T10:00:00Z' }),
        (e: unknown) => e instanceof FundingChangeError && e.field === field && e.reason === reason,
        field,
      );
    }
    assert.deepEqual(await count(), before);

    const created = await createOpportunity(db, base, { userId: null, at: '2026-12-06T10:00:00Z' });
    assert.equal(created.version, 1);
    assert.equal(created.closesAt, '2027-03-31T15:00:00.000Z');
    // Nothing changed: no version.
    const same = await changeOpportunity(
      db,
      created.id,
      { title: 'A test call' },
      { userId: null, at: '2026-12-07T10:00:00Z' },
    );
    assert.equal(same.version, 1);
    const changed = await changeOpportunity(
      db,
      created.id,
      {
        deadlines: [
          { at: '2027-02-28T15:00:00Z', label: 'Stage 1' },
          { at: '2027-04-30T15:00:00Z', label: 'Stage 2' },
        ],
      },
      { userId: null, at: '2026-12-07T10:00:00Z', explanation: 'Two stages', expectedVersion: 1 },
    );
    assert.equal(changed.version, 2);
    assert.equal(changed.closesAt, '2027-04-30T15:00:00.000Z');
    await assert.rejects(
      changeOpportunity(
        db,
        created.id,
        { title: 'Late edit' },
        { userId: null, at: '2026-12-08T10:00:00Z', expectedVersion: 1 },
      ),
      (e: unknown) => e instanceof FundingChangeError && e.field === 'version' && e.reason === 'conflict',
    );
    // A refused change leaves the item as it was.
    await assert.rejects(
      changeOpportunity(
        db,
        created.id,
        { eligibility: { countries: ['ZZ'] } },
        { userId: null, at: '2026-12-08T10:00:00Z' },
      ),
    );
    const versions = await db
      .selectFrom('funding_versions')
      .select(['version', 'explanation'])
      .where('opportunity_id', '=', created.id)
      .orderBy('version')
      .execute();
    assert.deepEqual(versions, [
      { version: 1, explanation: '' },
      { version: 2, explanation: 'Two stages' },
    ]);
    const [reloaded] = await loadOpportunities(db, [created.id]);
    assert.deepEqual(reloaded!.eligibility, { kinds: ['city'], countries: ['CZ'], sizes: ['small'] });
    assert.equal(reloaded!.title, 'A test call');
  });
});
