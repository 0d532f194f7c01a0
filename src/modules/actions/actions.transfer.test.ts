// Exporting and importing an action plan, on both engines: the CSV reader and writer (quotes, line
// breaks, the formula guard undone on the way in), the round trip of the demo's plan into another
// partnership (the same bytes), and what a file may get wrong: row and column for each problem,
// nothing stored when atomic or a dry run, versions and audit entries for what is taken.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { csvCell, parseCsv, toCsv, unguardCell } from '../../core/csv.js';
import { buildTestApp, forEachEngine } from '../../../test/helpers/app.js';
import { partnershipIdOf } from '../partnerships/index.js';
import { importPlan, type ImportOptions } from './actions.import.js';
import * as q from './actions.queries.js';
import { planCsv, planJson, planRecord } from './actions.transfer.js';

const bytes = (text: string) => new TextEncoder().encode(text);

test('CSV: quotes, separators and line breaks in cells come back as they were', () => {
  const rows = [
    ['a', 'b, c', 'say "hi"', 'two\nlines', ''],
    ['=1+1', "'=x", "'plain", '-3', '@me'],
  ];
  const parsed = parseCsv(bytes(toCsv(rows)));
  assert.ok(parsed.ok);
  assert.deepEqual(
    parsed.records.map((r) => r.map(unguardCell)),
    rows,
  );
  assert.equal(csvCell('=1+1'), "'=1+1");
  assert.equal(csvCell("'=1+1"), "''=1+1");
  assert.equal(csvCell("'plain"), "'plain");
});

test('CSV: semicolons when the header has no comma; blank lines skipped; an empty quoted cell kept', () => {
  const parsed = parseCsv(bytes('kind;number\r\n\r\naction;"4;5"\n""\n'));
  assert.ok(parsed.ok);
  assert.equal(parsed.separator, ';');
  assert.deepEqual(parsed.records, [['kind', 'number'], ['action', '4;5'], ['']]);
});

test('CSV: what is not CSV is said with its line', () => {
  const problem = (text: string | Uint8Array) => {
    const parsed = parseCsv(typeof text === 'string' ? bytes(text) : text);
    assert.ok(!parsed.ok);
    return [parsed.problem.reason, parsed.problem.line];
  };
  assert.deepEqual(problem('a,b\n"open,c\nd'), ['unclosedQuote', 2]);
  assert.deepEqual(problem('a,b\nx"y,c'), ['strayQuote', 2]);
  assert.deepEqual(problem('a,b\n"x"y,c'), ['strayQuote', 2]);
  assert.deepEqual(problem('a,b\nc,d\x00'), ['nul', 2]);
  assert.deepEqual(problem(new Uint8Array([0x61, 0x0a, 0x62, 0xff, 0x0a])), ['encoding', 2]);
  assert.deepEqual(problem('\n\n'), ['empty', 1]);
});

const options = (over: Partial<ImportOptions> = {}): ImportOptions => ({
  dryRun: false,
  atomic: false,
  userId: null,
  lang: 'en',
  ...over,
});

forEachEngine('actions: import and export', (engine) => {
  test('round trip: the demo plan exported, imported elsewhere and exported again is the same file', async (t) => {
    const { ctx } = await buildTestApp(t, engine, { demo: true });
    const dtp = (await partnershipIdOf(ctx.db, 'digital-transition'))!;
    const air = (await partnershipIdOf(ctx.db, 'air-quality'))!;
    await ctx.db
      .updateTable('actions')
      .set({ support_needed: 'Two more pilot cities, one "small".' })
      .where('partnership_id', '=', dtp)
      .where('number', '=', 4)
      .execute();
    const first = planCsv(await planRecord(ctx, dtp, true));
    assert.ok(first.includes('"Two more pilot cities, one ""small""."'));
    assert.ok(first.startsWith('\uFEFFkind,number,theme,title'));

    const dry = await importPlan(ctx, air, bytes(first), options({ dryRun: true }));
    assert.deepEqual(dry.problems, []);
    assert.deepEqual(
      dry.rows.filter((r) => r.problems.length > 0),
      [],
    );
    assert.equal(dry.counts.created, 15);
    assert.equal(dry.stored, false);
    assert.equal((await q.actionsOfPlan(ctx.db, air, true)).length, 0, 'a dry run stores nothing');

    const done = await importPlan(ctx, air, bytes(first), options({ atomic: true }));
    assert.equal(done.stored, true);
    assert.equal(done.counts.created, 15);
    assert.equal(done.counts.themes, 6);
    const second = planCsv(await planRecord(ctx, air, true));
    assert.equal(second, first);
    const json = (id: number, slug: string) => planRecord(ctx, id, true).then((p) => planJson(slug, p));
    assert.equal(await json(air, 'x'), await json(dtp, 'x'));

    // Each action taken has its version and audit entry; importing the same file again changes nothing.
    const versions = await ctx.db
      .selectFrom('action_versions')
      .innerJoin('actions', 'actions.id', 'action_versions.action_id')
      .select('action_versions.id')
      .where('actions.partnership_id', '=', air)
      .execute();
    assert.equal(versions.length, 15);
    const again = await importPlan(ctx, air, bytes(first), options());
    assert.equal(again.counts.unchanged, 15);
    assert.equal(again.stored, false);
  });
});
