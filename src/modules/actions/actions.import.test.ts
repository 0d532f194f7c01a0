// Importing and exporting the action plan over HTTP, on both engines: who may (export: whoever may
// read the plan, members-only actions for members only; import: coordinators and administrators,
// anyone else a 404), the form's dry run and import, the API with a token (CSV body or multipart),
// and hostile files: each refused with a clear message, never a 500, nothing half-stored.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { toFlag } from '../../core/db/dialect.js';
import { csrfTokenOf, forEachEngine } from '../../../test/helpers/app.js';
import { createAccessToken } from '../../../test/support/accounts.js';
import { multipart } from '../../../test/support/news-attachments.js';
import { setUp } from '../../../test/support/news.js';
import type { Urbis } from '../../app.js';
import { partnershipIdOf } from '../partnerships/index.js';
import * as q from './actions.queries.js';

const DTP = '/en/partnerships/digital-transition/actions';
const API = '/api/v1/partnerships/digital-transition/actions';
const HEADER = 'kind,number,theme,title,description,status,progress,starts_on,ends_on,leads';

async function counts(urbis: Urbis) {
  const { db } = urbis.ctx;
  const dtp = (await partnershipIdOf(db, 'digital-transition'))!;
  const actions = await q.actionsOfPlan(db, dtp, true);
  const versions = await db.selectFrom('action_versions').select('id').execute();
  return { actions: actions.length, versions: versions.length };
}

forEachEngine('actions: import and export over HTTP', (engine) => {
  test('export: a CSV and a JSON attachment of what the reader may see', async (t) => {
    const { urbis, as } = await setUp(t, engine);
    const { db } = urbis.ctx;
    const dtp = (await partnershipIdOf(db, 'digital-transition'))!;
    // Action 15 members-only: members see it in the file, visitors do not.
    await db
      .updateTable('actions')
      .set({ members_only: toFlag(true) })
      .where('partnership_id', '=', dtp)
      .where('number', '=', 15)
      .execute();
    const visitor = await as.visitor.get(`${DTP}.csv`);
    assert.equal(visitor.statusCode, 200);
    assert.match(String(visitor.headers['content-type']), /^text\/csv; charset=utf-8/);
    assert.match(
      String(visitor.headers['content-disposition']),
      /^attachment; filename="digital-transition-actions\.csv"/,
    );
    assert.ok(visitor.body.startsWith('\uFEFFkind,number,theme,'));
    assert.doesNotMatch(visitor.body, /\naction,15,/);
    const member = await as.member.get(`${DTP}.csv`);
    assert.match(member.body, /\naction,15,/);
    const json = await as.visitor.get(`${API}.json`);
    assert.equal(json.statusCode, 200);
    const plan = JSON.parse(json.body) as { partnership: string; actions: { number: number }[] };
    assert.equal(plan.partnership, 'digital-transition');
    assert.equal(plan.actions.length, 14);
    assert.equal((await as.visitor.get('/en/partnerships/nowhere/actions.csv')).statusCode, 404);
    // The plan page links the files for everyone, the import for those who may.
    assert.match((await as.visitor.get(DTP)).body, /actions\.csv/);
    assert.doesNotMatch((await as.member.get(DTP)).body, /actions\/import/);
    assert.match((await as.coordinator.get(DTP)).body, /actions\/import/);
  });

  test('import: coordinators and administrators only; everyone else gets a 404', async (t) => {
    const { urbis, as, ids } = await setUp(t, engine);
    assert.match((await as.visitor.get(`${DTP}/import`)).headers.location ?? '', /^\/en\/sign-in\?next=/);
    for (const who of ['member', 'otherMember', 'outsider'] as const) {
      assert.equal((await as[who].get(`${DTP}/import`)).statusCode, 404, who);
      const { token } = await createAccessToken(urbis.ctx, ids[who], 'import');
      const api = await urbis.app.inject({
        method: 'POST',
        url: `${API}/import`,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' },
        payload: `${HEADER}\n`,
      });
      assert.equal(api.statusCode, 404, who);
    }
    for (const who of ['coordinator', 'admin'] as const) {
      const page = await as[who].get(`${DTP}/import`);
      assert.equal(page.statusCode, 200, who);
      assert.match(page.body, /enctype="multipart\/form-data"/);
    }
  });

  test('the form: a dry run reports row by row and stores nothing; the import takes the rows', async (t) => {
    const { urbis, as } = await setUp(t, engine);
    const before = await counts(urbis);
    const file = [
      HEADER,
      'action,4,Citizen-centric e-government,Helping cities develop a user-centric e-government model,' +
        '"Updated, by file.",in_progress,55,2018-09-01,2019-12-31,oulu',
      'action,16,A new theme,A new action,,planned,0,2020-01-01,2019-01-01,atlantis',
      'action,17,,Another new action,=1+1,planned,10,,,',
    ].join('\r\n');
    const send = async (fields: Record<string, string>, content: string | Buffer = file) => {
      const form = await as.coordinator.get(`${DTP}/import`);
      const body = multipart({ _csrf: csrfTokenOf(form.body), ...fields }, [
        { name: 'plan.csv', content, type: 'text/csv' },
      ]);
      return urbis.app.inject({
        method: 'POST',
        url: `${DTP}/import`,
        headers: { cookie: as.coordinator.header(), 'content-type': body.contentType },
        payload: body.payload,
      });
    };
    const dry = await send({ mode: 'dry_run', atomic: 'on' });
    assert.equal(dry.statusCode, 200);
    assert.match(dry.body, /Would be updated/);
    assert.match(dry.body, /<code>ends_on<\/code>: This date is before the start\./);
    assert.match(dry.body, /<code>leads<\/code>: The directory has no organisation with this address: atlantis\./);
    assert.deepEqual(await counts(urbis), before);

    const atomic = await send({ mode: 'import', atomic: 'on' });
    assert.match(atomic.body, /Nothing was stored/);
    assert.deepEqual(await counts(urbis), before);

    const some = await send({ mode: 'import' });
    assert.equal(some.statusCode, 200);
    assert.match(some.body, /The file was imported except/);
    const after = await counts(urbis);
    assert.equal(after.actions, before.actions + 1, 'action 17 created, 16 refused');
    assert.equal(after.versions, before.versions + 2, 'a version for action 4 and one for action 17');
    const dtp = (await partnershipIdOf(urbis.ctx.db, 'digital-transition'))!;
    const a17 = (await q.findActionByNumber(urbis.ctx.db, dtp, 17))!;
    assert.equal(a17.description, '=1+1', 'the formula guard is taken off');
    const audit = await urbis.ctx.db
      .selectFrom('core_audit_log')
      .select('action')
      .where('action', 'like', 'actions.%')
      .execute();
    assert.ok(audit.some((a) => a.action === 'actions.import'));
    assert.ok(audit.some((a) => a.action === 'actions.create'));

    const none = await send({ mode: 'import' }, '');
    assert.equal(none.statusCode, 400);
    assert.match(none.body, /The file is empty\./);
  });

  test('hostile files: clear messages at the file or the row, never a 500, nothing stored', async (t) => {
    const { urbis, ids } = await setUp(t, engine);
    const { token } = await createAccessToken(urbis.ctx, ids.coordinator, 'import');
    const before = await counts(urbis);
    const post = (payload: string | Buffer, query = '') =>
      urbis.app.inject({
        method: 'POST',
        url: `${API}/import${query}`,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' },
        payload,
      });
    const detail = (body: string) => (JSON.parse(body) as { errors: { pointer: string; detail: string }[] }).errors[0]!;
    const cases: [string | Buffer, RegExp][] = [
      ['kind,number,title\n', /no column “status”/],
      ['kind,number,title,status,colour\n', /does not know: “colour”/],
      ['kind,number,title,status,title\n', /column “title” twice/],
      [`${HEADER}\naction,4,"unclosed\n`, /opened on line 2 is never closed/],
      [`${HEADER}\naction,4,x"y,t,d,planned\n`, /Line 2 has a quote in the middle of a cell/],
      [
        Buffer.concat([Buffer.from(`${HEADER}\naction,4,caf`), Buffer.from([0xe9]), Buffer.from(',t\n')]),
        /Line 2 of the file is not UTF-8/,
      ],
      [`${HEADER}\naction,4,\u0000,t\n`, /NUL/],
      ['', /empty/],
    ];
    for (const [payload, message] of cases) {
      const response = await post(payload);
      assert.equal(response.statusCode, 400, String(message));
      assert.equal(detail(response.body).pointer, '/body/file');
      assert.match(detail(response.body).detail, message);
    }
    const garbage = await post(Buffer.alloc(10 * 1024 * 1024, 0x41));
    assert.equal(garbage.statusCode, 413);
    assert.match(garbage.body, /larger than 2 MB/);

    const rows = await post(
      [
        HEADER,
        'action,4,,T,,planned,101,2019-02-30,,',
        'action,4,,T,,someday,0,,,',
        'deliverable,99,,T,,planned,,,,',
        'nonsense,1,,T,,planned,,,,',
      ].join('\n'),
      '?dry_run=true',
    );
    assert.equal(rows.statusCode, 200);
    const report = JSON.parse(rows.body) as {
      stored: boolean;
      rows: { row: number; outcome: string; problems: { column: string; code: string }[] }[];
    };
    assert.equal(report.stored, false);
    const at = (row: number) => report.rows.find((r) => r.row === row)!.problems.map((p) => `${p.column}:${p.code}`);
    assert.deepEqual(at(2).sort(), ['number:duplicateNumber', 'progress:range', 'starts_on:date'].sort());
    assert.deepEqual(at(3).sort(), ['number:duplicateNumber', 'status:notOneOf'].sort());
    assert.deepEqual(at(4), ['number:noActionRow']);
    assert.deepEqual(at(5), ['kind:notOneOf']);
    assert.deepEqual(await counts(urbis), before);

    // A good CSV body with a token: taken, with a version.
    const good = await post(`${HEADER}\naction,18,,From the API,,planned,5,,,\n`, '?atomic=true');
    assert.equal(good.statusCode, 200);
    assert.equal((JSON.parse(good.body) as { counts: { created: number } }).counts.created, 1);
    assert.equal((await counts(urbis)).actions, before.actions + 1);
  });
});
