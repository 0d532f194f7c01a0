// Importing the register from files, on both engines: 10,000 rows of which 3 are bad (each named by
// row and column, nothing stored), the same file made good (taken whole, timed), a dry run (nothing
// stored), updating by external id (an unchanged row makes no version), JSON, hostile files (not
// UTF-8, NUL, formula cells, too big, not CSV at all), and the round trip export → import → export.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildTestApp, csrfTokenOf, forEachEngine } from '../../../test/helpers/app.js';
import { createAccessToken } from '../../../test/support/accounts.js';
import { multipart } from '../../../test/support/news-attachments.js';
import { setUp } from '../../../test/support/news.js';
import { itemsCsv, registerCounts, setCell } from '../../../test/support/funding-import.js';
import type { Urbis } from '../../app.js';
import { importFunding, IMPORT_MAX_BYTES, problemsOf, type FundingImportReport } from './funding.import.js';
import { findOpportunityByExternalId } from './funding.queries.js';
import { saveProgramme } from './funding.service.js';
import { exportRecords, fundingJson, itemsCsv as exportCsv, programmesCsv } from './funding.transfer.js';

const run = (urbis: Urbis, bytes: Uint8Array | string, dryRun = false) =>
  importFunding(urbis.ctx, typeof bytes === 'string' ? Buffer.from(bytes) : bytes, { dryRun, userId: null });

async function emptyRegister(t: Parameters<typeof buildTestApp>[0], engine: Parameters<typeof buildTestApp>[1]) {
  const urbis = await buildTestApp(t, engine);
  await saveProgramme(
    urbis.ctx.db,
    { slug: 'test-programme', name: 'Test programme', periodFrom: 2021, periodTo: 2027 },
    { userId: null, at: new Date().toISOString(), audit: false },
  );
  return urbis;
}

/** The problems of a report as `row column: message key`, in file order. */
const said = (report: FundingImportReport) =>
  problemsOf(report).map((p) => `${p.row ?? 'file'} ${p.column ?? '-'}: ${p.key}`);

forEachEngine('funding: import', (engine) => {
  test('10,000 rows, 3 bad: each named by row and column, nothing stored; good rows are taken', async (t) => {
    const urbis = await emptyRegister(t, engine);
    const before = await registerCounts(urbis);
    const bad = itemsCsv(10_000, (n, row) => {
      if (n === 17) setCell(row, 'programme', 'no-such-programme');
      if (n === 5_000) setCell(row, 'budget_eur', 'a lot');
      if (n === 9_999) setCell(row, 'deadlines', '2026-12-01T17:00|Too early');
    });
    let started = Date.now();
    let progress = 0;
    const refused = await importFunding(urbis.ctx, bad, {
      dryRun: false,
      userId: null,
      onProgress: (d) => (progress = d),
    });
    const refusedMs = Date.now() - started;
    assert.equal(progress, 10_000);
    assert.equal(refused.stored, false);
    assert.deepEqual(refused.items, { created: 9_997, updated: 0, unchanged: 0, refused: 3 });
    // The header is row 1: the n-th item is row n + 1.
    assert.deepEqual(said(refused), [
      '18 programme: funding.import.problem.unknownProgramme',
      '5001 budget_eur: funding.error.amount',
      '10000 deadlines: funding.error.beforeOpening',
    ]);
    assert.deepEqual(await registerCounts(urbis), before);

    // Made good, a tenth of it is taken whole (10,000 take minutes on a busy machine: README, "Import").
    const good = itemsCsv(1_000);
    started = Date.now();
    const taken = await run(urbis, good);
    const takenMs = Date.now() - started;
    assert.deepEqual(said(taken), []);
    assert.equal(taken.stored, true);
    assert.deepEqual(taken.items, { created: 1_000, updated: 0, unchanged: 0, refused: 0 });
    const after = await registerCounts(urbis);
    assert.equal(after.items, 1_000);
    assert.equal(after.versions, 1_000);
    assert.equal(after.deadlines, 2_000);
    const item = (await findOpportunityByExternalId(urbis.ctx.db, 'test-999'))!;
    // Wall-clock times in the row's zone: 17:00 in Prague in March is 16:00 UTC.
    assert.deepEqual(item.deadlines, [
      { at: '2028-04-15T15:00:00.000Z', label: 'Stage 1' },
      { at: '2028-04-28T15:00:00.000Z', label: 'Stage 2' },
    ]);
    assert.equal(item.opensAt, '2027-04-01T07:00:00.000Z');
    assert.deepEqual(item.eligibility.countries, ['CZ', 'SK']);
    t.diagnostic(`${engine}: 10,000 rows refused in ${refusedMs} ms; 1,000 taken in ${takenMs} ms`);
  });

  test('a dry run says what would happen and stores nothing', async (t) => {
    const urbis = await emptyRegister(t, engine);
    const before = await registerCounts(urbis);
    const dry = await run(urbis, itemsCsv(3), true);
    assert.equal(dry.dryRun, true);
    assert.equal(dry.stored, false);
    assert.deepEqual(dry.items, { created: 3, updated: 0, unchanged: 0, refused: 0 });
    assert.deepEqual(await registerCounts(urbis), before);
  });

  test('importing again updates by external id; an unchanged row makes no version', async (t) => {
    const urbis = await emptyRegister(t, engine);
    await run(urbis, itemsCsv(3));
    const versions = (await registerCounts(urbis)).versions;
    const again = await run(
      urbis,
      itemsCsv(3, (n, row) => n === 2 && setCell(row, 'budget_eur', '250000')),
    );
    assert.deepEqual(again.items, { created: 0, updated: 1, unchanged: 2, refused: 0 });
    assert.deepEqual(
      again.rows.map((r) => `${r.row} ${r.id} ${r.outcome}`),
      ['2 test-1 unchanged', '3 test-2 updated', '4 test-3 unchanged'],
    );
    assert.equal((await registerCounts(urbis)).versions, versions + 1);
    const item = (await findOpportunityByExternalId(urbis.ctx.db, 'test-2'))!;
    assert.equal(item.budgetEur, 250_000);
    assert.equal(item.version, 2);
    // A file with fewer columns changes only those: the rest stays.
    const partial = await run(urbis, 'external_id,budget_eur\ntest-3,7\n');
    assert.deepEqual(partial.items, { created: 0, updated: 1, unchanged: 0, refused: 0 });
    const third = (await findOpportunityByExternalId(urbis.ctx.db, 'test-3'))!;
    assert.equal(third.budgetEur, 7);
    assert.equal(third.title, 'Call number 3');
    assert.equal(third.deadlines.length, 2);
    // The same file again changes nothing and stores nothing.
    const same = await run(urbis, 'external_id,budget_eur\ntest-3,7\n');
    assert.deepEqual(same.items, { created: 0, updated: 0, unchanged: 1, refused: 0 });
    assert.equal(same.stored, false);
  });

  test('JSON: programmes and items, lists as arrays; every bad row and field reported', async (t) => {
    const urbis = await buildTestApp(t, engine);
    const file = {
      programmes: [{ slug: 'new-programme', name: 'New programme', period_from: 2021, period_to: 2027 }],
      items: [
        {
          external_id: 'j-1',
          programme: 'new-programme',
          kind: 'prize',
          title: 'A prize',
          summary: 'For the best idea.',
          deadlines: [{ at: '2030-01-31T12:00+01:00', label: 'Entries' }],
          eligible_kinds: ['city'],
          eligible_countries: ['cz'],
          topics: ['Mobility'],
        },
        { external_id: 'j-2', title: 'No summary', budget_eur: '12x', eligible_countries: 'XX' },
        'not an object',
        { external_id: 'j-1', title: 'Twice', summary: 'Again', colour: 'red' },
      ],
    };
    const refused = await run(urbis, JSON.stringify(file));
    assert.equal(refused.format, 'json');
    assert.equal(refused.stored, false);
    assert.deepEqual(said(refused), [
      '1 external_id: funding.import.problem.duplicateId',
      '2 budget_eur: funding.error.amount',
      '3 -: funding.import.problem.notObject',
      '4 colour: funding.import.problem.unknownField',
      '4 external_id: funding.import.problem.duplicateId',
    ]);
    assert.equal((await registerCounts(urbis)).programmes, 0);
    file.items.splice(1, 3);
    const taken = await run(urbis, JSON.stringify(file));
    assert.deepEqual(said(taken), []);
    assert.deepEqual(taken.programmes, { created: 1, updated: 0, unchanged: 0, refused: 0 });
    const item = (await findOpportunityByExternalId(urbis.ctx.db, 'j-1'))!;
    assert.equal(item.programme?.slug, 'new-programme');
    assert.deepEqual(item.eligibility, { kinds: ['city'], countries: ['CZ'], sizes: [] });
    assert.equal(item.deadlines[0]!.at, '2030-01-31T11:00:00.000Z');
    // The register's own refusals, at their columns.
    const wrong = await run(
      urbis,
      JSON.stringify([{ external_id: 'j-3', title: 'T', summary: 'S', eligible_countries: ['CZ', 'XX'] }]),
    );
    assert.deepEqual(said(wrong), ['1 eligible_countries: funding.error.country']);
  });

  test('hostile files: not UTF-8, NUL, formula cells, too big, not CSV or JSON at all; never a throw', async (t) => {
    const urbis = await emptyRegister(t, engine);
    const before = await registerCounts(urbis);
    const latin1 = Buffer.concat([
      Buffer.from('external_id,title,summary\nx-1,Bud'),
      Buffer.from([0xe9]),
      Buffer.from('jovice,S\n'),
    ]);
    assert.deepEqual(said(await run(urbis, latin1)), ['file -: funding.import.problem.encoding']);
    assert.deepEqual(said(await run(urbis, 'external_id,title\nx-1,a\u0000b\n')), [
      'file -: funding.import.problem.nul',
    ]);
    assert.deepEqual(said(await run(urbis, Buffer.alloc(IMPORT_MAX_BYTES + 1, 0x41))), [
      'file -: funding.import.problem.tooBig',
    ]);
    assert.deepEqual(said(await run(urbis, '<html><body>hello</body></html>\n')), [
      'file <html><body>hello</body></html>: funding.import.problem.unknownColumn',
      'file external_id: funding.import.problem.missingColumn',
    ]);
    assert.deepEqual(said(await run(urbis, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]))), [
      'file -: funding.import.problem.encoding',
    ]);
    assert.deepEqual(said(await run(urbis, '{"items": [1, 2')), ['file -: funding.import.problem.json']);
    assert.deepEqual(said(await run(urbis, '{"items": "many"}')), ['file -: funding.import.problem.shape']);
    assert.deepEqual(said(await run(urbis, 'external_id,title\n"x-1,a\n')), [
      'file -: funding.import.problem.unclosedQuote',
    ]);
    assert.deepEqual(said(await run(urbis, '')), ['file -: funding.import.problem.empty']);
    assert.deepEqual(said(await run(urbis, JSON.stringify([{ external_id: 'x', title: 'a\u0000' }]))), [
      '1 title: funding.import.problem.badText',
    ]);
    assert.deepEqual(await registerCounts(urbis), before);
    // A formula is text: stored as written (a guard's apostrophe taken off), guarded again on the way out.
    const formulas = await run(urbis, `external_id,title,summary\nf-1,"=HYPERLINK(""http://x"")",'=1+1\n`);
    assert.deepEqual(said(formulas), []);
    const item = (await findOpportunityByExternalId(urbis.ctx.db, 'f-1'))!;
    assert.equal(item.title, '=HYPERLINK("http://x")');
    assert.equal(item.summary, '=1+1');
    const out = exportCsv((await exportRecords(urbis.ctx.db)).items);
    assert.match(out, /\r\nf-1,,call,"'=HYPERLINK\(""http:\/\/x""\)",'=1\+1,/);
  });

  test('round trip: the demo exported, imported into an empty register, exported again: the same bytes', async (t) => {
    const demo = await buildTestApp(t, engine, { demo: true });
    const source = await exportRecords(demo.ctx.db);
    assert.ok(source.items.length >= 24);
    const empty = await buildTestApp(t, engine);
    const programmes = await run(empty, programmesCsv(source.programmes));
    assert.deepEqual(said(programmes), []);
    const items = await run(empty, exportCsv(source.items));
    assert.deepEqual(said(items), []);
    assert.equal(items.items.created, source.items.length);
    const again = await exportRecords(empty.ctx.db);
    assert.equal(programmesCsv(again.programmes), programmesCsv(source.programmes));
    assert.equal(exportCsv(again.items), exportCsv(source.items));
    // And as JSON, into another empty register.
    const third = await buildTestApp(t, engine);
    assert.deepEqual(said(await run(third, fundingJson(source))), []);
    assert.equal(fundingJson(await exportRecords(third.ctx.db)), fundingJson(source));
  });

  test('the page and the API: editors and administrators only, everyone else a 404; a report per row', async (t) => {
    const { urbis, as, ids } = await setUp(t, engine);
    const { db } = urbis.ctx;
    await db
      .insertInto('funding_editors')
      .values({ user_id: ids.member, granted_at: new Date().toISOString(), granted_by: null })
      .execute();
    assert.match((await as.visitor.get('/en/funding/import')).headers.location ?? '', /^\/en\/sign-in\?next=/);
    const api = async (who: 'member' | 'coordinator' | 'admin', payload: string, type: string, query = '') => {
      const { token } = await createAccessToken(urbis.ctx, ids[who], `import-${Math.random()}`);
      return urbis.app.inject({
        method: 'POST',
        url: `/api/v1/funding/import${query}`,
        headers: { authorization: `Bearer ${token}`, 'content-type': type },
        payload,
      });
    };
    const good = 'external_id,programme,kind,title,summary\nweb-1,horizon-europe,call,From the web,Summary\n';
    for (const who of ['coordinator', 'outsider'] as const)
      assert.equal((await as[who].get('/en/funding/import')).statusCode, 404, who);
    assert.equal((await api('coordinator', good, 'text/csv')).statusCode, 404);
    const before = await registerCounts(urbis);

    // The page: a dry run first, then the import; a bad file's rows in a table of row, column and message.
    const page = await as.member.get('/en/funding/import');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /enctype="multipart\/form-data"/);
    assert.match(page.body, /name="dry_run" checked/);
    const send = async (fields: Record<string, string>, content: string, name = 'items.csv') => {
      const form = await as.member.get('/en/funding/import');
      const body = multipart({ _csrf: csrfTokenOf(form.body), ...fields }, [{ name, content, type: 'text/csv' }]);
      return urbis.app.inject({
        method: 'POST',
        url: '/en/funding/import',
        headers: { cookie: as.member.header(), 'content-type': body.contentType },
        payload: body.payload,
      });
    };
    const dry = await send({ dry_run: 'on' }, good);
    assert.equal(dry.statusCode, 200);
    assert.match(dry.body, /Dry run: the file can be imported as it is/);
    assert.deepEqual(await registerCounts(urbis), before);
    const bad = await send({}, `${good}web-2,nowhere,call,T,S\nweb-3,,call,T,S\n`);
    assert.equal(bad.statusCode, 200);
    assert.match(bad.body, /nothing was stored/);
    assert.match(
      bad.body,
      /<th scope="row">3<\/th><td><code>programme<\/code><\/td><td>There is no programme “nowhere”/,
    );
    assert.deepEqual(await registerCounts(urbis), before);
    const notCsv = await send({}, '\u0000\u0001', 'x.csv');
    assert.equal(notCsv.statusCode, 400);
    assert.match(notCsv.body, /NUL character/);
    const taken = await send({}, good);
    assert.match(taken.body, /The file was imported/);
    assert.equal((await registerCounts(urbis)).items, before.items + 1);

    // The API: a CSV body, a JSON body; refused rows are a 400 problem with the report in `report`.
    const json = JSON.stringify({ items: [{ external_id: 'web-4', title: 'T', summary: 'S', budget_eur: 'x' }] });
    const refused = await api('admin', json, 'application/json', '?dry_run=true');
    assert.equal(refused.statusCode, 400);
    assert.match(String(refused.headers['content-type']), /^application\/problem\+json/);
    const problem = JSON.parse(refused.body) as {
      errors: { pointer: string }[];
      report: { problems: { row: number; column: string; code: string; message: string }[] };
    };
    assert.equal(problem.errors[0]!.pointer, '/body/file');
    assert.deepEqual(
      problem.report.problems.map((p) => [p.row, p.column, p.code]),
      [[1, 'budget_eur', 'amount']],
    );
    const ok = await api('admin', good.replace('From the web', 'Changed'), 'text/csv');
    assert.equal(ok.statusCode, 200, ok.body);
    assert.deepEqual((JSON.parse(ok.body) as { items: unknown }).items, {
      created: 0,
      updated: 1,
      unchanged: 0,
      refused: 0,
    });

    // The register as files, for everyone: the item just taken is in them.
    const csv = await as.visitor.get('/en/funding.csv');
    assert.equal(csv.statusCode, 200);
    assert.match(String(csv.headers['content-disposition']), /filename="funding\.csv"/);
    assert.match(csv.body, /\r\nweb-1,horizon-europe,call,Changed,/);
    const file = JSON.parse((await as.visitor.get('/api/v1/funding.json')).body) as {
      items: { external_id: string }[];
    };
    assert.ok(file.items.some((i) => i.external_id === 'web-1'));
    assert.match((await as.visitor.get('/en/funding/programmes.csv')).body, /^\uFEFFslug,name,/);
  });
});
