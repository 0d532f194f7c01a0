// A deliverable's evidence as a file, on both engines: whoever may edit the action attaches,
// replaces and removes it (form and API), everyone else gets the 404 of a missing page; each save
// is one version (its snapshot names the file) and one audit entry; refused files (too big, empty,
// of a refused kind, hostile names) are a message at the field or a problem with nothing stored; the
// file is downloaded by whoever may see the action, a 404 for others; the edit form keeps it, or
// lets it go; the export names it by its address and the import keeps it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { csrfTokenOf, forEachEngine } from '../../../test/helpers/app.js';
import { stringsOf } from '../../../test/helpers/corpora.js';
import { countRows, createAccessToken, type Browser } from '../../../test/support/accounts.js';
import { affiliate } from '../../../test/support/actions.js';
import { ACCEPTED, filesIn, multipart, REFUSED, type FilePart } from '../../../test/support/news-attachments.js';
import { setUp } from '../../../test/support/news.js';
import type { Urbis } from '../../app.js';
import { partnershipIdOf } from '../partnerships/index.js';
import { eraseActionData, exportActionData } from './actions.privacy.js';
import * as q from './actions.queries.js';
import type { ActionDetail } from './actions.schema.js';
import { changeAction } from './actions.service.js';
import { importPlan } from './actions.import.js';
import { planCsv, planRecord } from './actions.transfer.js';

const PAGE = '/en/partnerships/digital-transition/actions/4';
const EVIDENCE = (i: number | string) => `${PAGE}/deliverables/${i}/evidence`;
const API = '/api/v1/partnerships/digital-transition/actions/4';
const API_EVIDENCE = (i: number | string) => `${API}/deliverables/${i}/evidence`;
const PDF = ACCEPTED.find((s) => s.name.endsWith('.pdf'))!;
const REPORT: FilePart = { name: 'Pilot report – Oulu.pdf', content: PDF.content };
const TEXT: FilePart = { name: 'notes.txt', content: 'What the pilot taught us.\n' };

async function tokenFor(browser: Browser): Promise<string> {
  return csrfTokenOf((await browser.get(PAGE)).body);
}

/** Posts the evidence form of deliverable `i` of Action 4. */
async function upload(
  browser: Browser,
  i: number | string,
  files: FilePart[],
  fields: Record<string, string> = {},
  lang = 'en',
): Promise<LightMyRequestResponse> {
  const body = multipart({ _csrf: await tokenFor(browser), ...fields }, files);
  return browser.app.inject({
    method: 'POST',
    url: EVIDENCE(i).replace('/en/', `/${lang}/`),
    headers: { cookie: browser.header(), 'content-type': body.contentType },
    payload: body.payload,
  });
}

function apiUpload(urbis: Urbis, token: string, i: number | string, files: FilePart[], fields = {}) {
  const body = multipart(fields, files);
  return urbis.app.inject({
    method: 'POST',
    url: API_EVIDENCE(i),
    headers: { authorization: `Bearer ${token}`, 'content-type': body.contentType },
    payload: body.payload,
  });
}

const errorOf = (html: string, field: string) =>
  new RegExp(`id="field-${field}-error">([^<]*)<`).exec(html)?.[1]?.replace(/&#x27;|&#39;/g, "'");

/** Action 4, its versions and its files. */
async function state(urbis: Urbis) {
  const { db } = urbis.ctx;
  const dtp = (await partnershipIdOf(db, 'digital-transition'))!;
  const action = (await q.findActionByNumber(db, dtp, 4))!;
  const versions = await db
    .selectFrom('action_versions')
    .selectAll()
    .where('action_id', '=', action.id)
    .orderBy('version')
    .execute();
  const files = await db.selectFrom('action_files').selectAll().where('action_id', '=', action.id).execute();
  const { deliverables } = await q.childrenOf(db, action.id);
  return { dtp, action, versions, files, deliverables, kept: filesIn(urbis.ctx.config.uploadsDir).kept };
}

/** A version's snapshot (text on SQLite, JSON on PostgreSQL). */
const snapshotOf = (value: unknown) =>
  (typeof value === 'string' ? JSON.parse(value) : value) as { deliverables: { evidence_file?: string }[] };

const evidenceOf = async (urbis: Urbis, i: number, headers: Record<string, string> = {}) =>
  ((await urbis.app.inject({ url: API, headers })).json() as ActionDetail).deliverables[i]!.evidence;

forEachEngine('actions: evidence files', (engine) => {
  test('who may attach: whoever may edit the action; everyone else gets a 404 and nothing is stored', async (t) => {
    const { urbis, as, ids } = await setUp(t, engine);
    const { app, ctx } = urbis;
    await affiliate(urbis, ids.otherMember, 'oulu');
    await affiliate(urbis, ids.member, 'helsingborg');
    await affiliate(urbis, ids.outsider, 'estonia');
    const before = await state(urbis);

    assert.match((await as.visitor.get(EVIDENCE(0))).headers.location ?? '', /^\/en\/sign-in\?next=/);
    const anonymous = multipart({}, [REPORT]);
    const refusedVisitor = await app.inject({
      method: 'POST',
      url: API_EVIDENCE(0),
      headers: { 'content-type': anonymous.contentType },
      payload: anonymous.payload,
    });
    assert.equal(refusedVisitor.statusCode, 401);
    for (const who of ['member', 'outsider'] as const) {
      assert.equal((await as[who].get(EVIDENCE(0))).statusCode, 404, who);
      assert.equal((await upload(as[who], 0, [REPORT])).statusCode, 404, who);
      const { token } = await createAccessToken(ctx, ids[who], 'evidence');
      assert.equal((await apiUpload(urbis, token, 0, [REPORT])).statusCode, 404, who);
      const del = await app.inject({
        method: 'DELETE',
        url: API_EVIDENCE(0),
        headers: { authorization: `Bearer ${token}` },
      });
      assert.equal(del.statusCode, 404, who);
    }
    const untouched = await state(urbis);
    assert.equal(untouched.versions.length, before.versions.length);
    assert.equal(untouched.files.length, 0);
    assert.deepEqual(untouched.kept, before.kept, 'no file kept');

    let versions = before.versions.length;
    for (const who of ['otherMember', 'coordinator', 'admin'] as const) {
      const form = await as[who].get(EVIDENCE(1));
      assert.equal(form.statusCode, 200, who);
      assert.match(form.body, /enctype="multipart\/form-data"/);
      assert.match(form.body, /<input type="file" id="field-file" name="file"/);
      const saved = await upload(as[who], 1, [REPORT], { explanation: `Report by ${who}` });
      assert.equal(saved.statusCode, 303, `${who}: ${saved.body.slice(0, 300)}`);
      assert.equal(saved.headers.location, `${PAGE}#action-deliverables`);
      versions += 1;
      const { token } = await createAccessToken(ctx, ids[who], 'evidence');
      const api = await apiUpload(urbis, token, 0, [TEXT], { explanation: 'Notes' });
      assert.equal(api.statusCode, 201, `${who}: ${api.body.slice(0, 300)}`);
      assert.match(
        api.headers.location ?? '',
        /^\/api\/v1\/partnerships\/digital-transition\/actions\/4\/attachments\/\d+$/,
      );
      const evidence = (api.json() as ActionDetail).deliverables[0]!.evidence;
      assert.equal(evidence?.kind, 'file');
      versions += 1;
    }
    const after = await state(urbis);
    assert.equal(after.versions.length, versions, 'one version per save');
    // Replaced files went: the store holds the two files named now, no more.
    assert.equal(after.files.length, 2);
    assert.equal(after.kept.length, before.kept.length + 2);
    const last = after.versions.at(-1)!;
    assert.equal(last.explanation, 'Notes');
    const snapshot = snapshotOf(last.snapshot);
    assert.equal(snapshot.deliverables[0]!.evidence_file, 'notes.txt');
    assert.equal(snapshot.deliverables[1]!.evidence_file, 'Pilot report – Oulu.pdf');
    const audits = await ctx.db
      .selectFrom('core_audit_log')
      .select('action')
      .where('action', '=', 'actions.update')
      .where('subject_id', '=', String(after.action.id))
      .execute();
    assert.equal(audits.length, versions - before.versions.length, 'one audit entry per save');

    // The page and the history say it; the comparison shows "evidence: file …".
    const page = await as.visitor.get(PAGE);
    assert.match(
      page.body,
      new RegExp(
        'Evidence: <a href="/en/partnerships/digital-transition/actions/4/attachments/\\d+/Pilot-report-Oulu\\.pdf" ' +
          'download>Pilot report – Oulu\\.pdf</a> \\(PDF document, ',
      ),
    );
    const n = after.versions.at(-1)!.version;
    const compare = await as.visitor.get(`${PAGE}/history/compare?from=${before.versions.length}&to=${n}`);
    assert.equal(compare.statusCode, 200);
    assert.match(compare.body, /Evidence: file notes\.txt/);
    assert.match(compare.body, /evidence file/);

    // Removing: by form, then the API; a deliverable with none is a 404.
    const removed = await as.coordinator.post(`${EVIDENCE(1)}/delete`, {}, EVIDENCE(1));
    assert.equal(removed.statusCode, 303);
    const { token } = await createAccessToken(ctx, ids.otherMember, 'evidence');
    const del = await app.inject({
      method: 'DELETE',
      url: API_EVIDENCE(0),
      headers: { authorization: `Bearer ${token}` },
    });
    assert.equal(del.statusCode, 200);
    assert.equal((del.json() as ActionDetail).deliverables[0]!.evidence, null);
    const again = await app.inject({
      method: 'DELETE',
      url: API_EVIDENCE(0),
      headers: { authorization: `Bearer ${token}` },
    });
    assert.equal(again.statusCode, 404);
    const gone = await state(urbis);
    assert.equal(gone.files.length, 0);
    assert.deepEqual(gone.kept, before.kept, 'the removed files left the store');
    assert.equal(gone.versions.length, versions + 2);
    assert.equal(snapshotOf(gone.versions.at(-1)!.snapshot).deliverables[0]!.evidence_file, undefined);
  });

  test('refused files, hostile names and addresses: a message at the field or a problem, nothing stored', async (t) => {
    const { urbis, as, ids } = await setUp(t, engine, { URBIS_UPLOAD_MAX_BYTES: '1000' });
    const before = await state(urbis);
    for (const sample of REFUSED) {
      const response = await upload(as.coordinator, 0, [{ name: sample.name, content: sample.content }], {
        explanation: 'kept when the form comes back',
      });
      assert.equal(response.statusCode, 400, sample.why);
      assert.match(response.body, /<a href="#field-file">File: /, sample.why);
      assert.match(errorOf(response.body, 'file') ?? '', /^The (file|name) /, sample.why);
      assert.match(response.body, />kept when the form comes back</, sample.why);
    }
    const big = await upload(as.coordinator, 0, [{ name: 'big.txt', content: 'a'.repeat(1001) }]);
    assert.equal(big.statusCode, 400);
    assert.equal(errorOf(big.body, 'file'), 'The file big.txt is over 1,000 bytes, the largest a file may be.');
    const empty = await upload(as.coordinator, 0, [{ name: 'empty.pdf', content: '' }]);
    assert.equal(errorOf(empty.body, 'file'), 'The file empty.pdf has nothing in it.');
    const none = await upload(as.coordinator, 0, [{ name: '', content: '' }]);
    assert.equal(errorOf(none.body, 'file'), 'Choose a file to attach.');
    const two = await upload(as.coordinator, 0, [TEXT, REPORT]);
    assert.equal(errorOf(two.body, 'file'), 'Attach one file only.');
    const long = await upload(as.coordinator, 0, [TEXT], { explanation: 'x'.repeat(2001) });
    assert.equal(long.statusCode, 400);
    assert.match(errorOf(long.body, 'explanation') ?? '', /2,000/);
    const czech = await upload(as.coordinator, 0, [{ name: 'logo.svg', content: '<svg/>' }], {}, 'cs');
    assert.match(errorOf(czech.body, 'file') ?? '', /^Soubor logo\.svg nelze připojit/);
    // Deliverables that are not there, and hostile places: 404.
    for (const i of ['9', '-1', '1e3', 'abc', '99999999999999'])
      assert.equal((await as.coordinator.get(EVIDENCE(i))).statusCode, 404, i);
    assert.equal((await upload(as.coordinator, 7, [TEXT])).statusCode, 404);

    const { token } = await createAccessToken(urbis.ctx, ids.coordinator, 'evidence');
    const api = await apiUpload(urbis, token, 0, [{ name: 'big.csv', content: 'a,b\n'.repeat(300) }]);
    assert.equal(api.statusCode, 400);
    assert.match(String(api.headers['content-type']), /^application\/problem\+json/);
    assert.deepEqual(api.json().errors, [
      { pointer: '/body/file', detail: 'The file big.csv is over 1,000 bytes, the largest a file may be.' },
    ]);
    const after = await state(urbis);
    assert.equal(after.versions.length, before.versions.length, 'no version');
    assert.equal(after.files.length, 0);
    assert.deepEqual(after.kept, before.kept);
    assert.deepEqual(filesIn(urbis.ctx.config.uploadsDir).temporary, [], 'no temporary file left');

    // Hostile names: kept as text, escaped, harmless in the download's headers.
    const hostile = [
      '../../etc/passwd.txt',
      'photo\u202Egpj.txt',
      `x"; filename*=UTF-8''evil.html; y=".txt`,
      ...stringsOf('PayloadsAllTheThings/XSS Injection/Intruders/XSS_Polyglots.txt')
        .slice(0, 4)
        .map((p) => `${p}.txt`),
    ];
    let count = 0;
    for (const name of hostile) {
      const response = await apiUpload(urbis, token, 0, [{ name, content: 'hostile name\n' }]);
      if (response.statusCode === 400) continue;
      assert.equal(response.statusCode, 201, `${JSON.stringify(name)}: ${response.body.slice(0, 200)}`);
      count += 1;
      const evidence = (response.json() as ActionDetail).deliverables[0]!.evidence;
      assert.ok(evidence?.kind === 'file');
      assert.ok(![...evidence.name].some((c) => c === '/' || c < ' ' || c === '\u202e'), evidence.name);
      const file = await urbis.app.inject({ url: `/en${evidence.path}` });
      assert.equal(file.statusCode, 200);
      assert.match(
        String(file.headers['content-disposition']),
        /^attachment; filename="[^"\\;=*%']*"; filename\*=UTF-8''[A-Za-z0-9%._~!$&+,^`|#-]*$/,
      );
      const page = await as.visitor.get(PAGE);
      assert.doesNotMatch(page.body, /<script>alert|<svg\/onload|javascript:alert\(/i);
    }
    assert.ok(count >= 3, `${count} hostile names kept`);
    assert.equal((await state(urbis)).files.length, 1, 'each replaced the one before');
  });

  test('downloads: whoever may see the action; a members-only action’s file is a 404 to others', async (t) => {
    const { urbis, as, ids } = await setUp(t, engine);
    const { app, ctx } = urbis;
    assert.equal((await upload(as.coordinator, 0, [REPORT])).statusCode, 303);
    const evidence = await evidenceOf(urbis, 0);
    assert.ok(evidence?.kind === 'file');
    assert.deepEqual(
      { name: evidence.name, type: evidence.type, size: evidence.size },
      { name: REPORT.name, type: 'application/pdf', size: PDF.content.length },
    );
    const url = `/en${evidence.path}`;
    const apiUrl = `/api/v1${evidence.path.replace(/\/[^/]+$/, '')}`;
    const got = await as.visitor.get(url);
    assert.equal(got.statusCode, 200);
    assert.equal(got.headers['content-type'], 'application/pdf');
    assert.equal(got.headers['x-content-type-options'], 'nosniff');
    assert.match(String(got.headers['content-disposition']), /^attachment; filename="Pilot report _ Oulu.pdf"/);
    assert.match(String(got.headers['cache-control']), /^public/);
    assert.deepEqual(got.rawPayload, PDF.content);
    assert.equal((await app.inject({ url: apiUrl })).statusCode, 200);
    assert.equal((await as.visitor.get(url.replace(/[^/]+$/, 'other.pdf'))).statusCode, 404, 'another name');
    assert.equal((await as.visitor.get(url.replace(/\/(\d+)\//, '/999999/'))).statusCode, 404, 'another id');
    assert.notEqual((await as.visitor.get(url.replace(/\/(\d+)\//, '/0/'))).statusCode, 500);
    assert.notEqual((await as.visitor.get(url.replace(/\/(\d+)\//, '/abc/'))).statusCode, 500);
    assert.equal(
      (await as.visitor.get(url.replace('/actions/4/', '/actions/5/'))).statusCode,
      404,
      'another action’s address',
    );

    // Members-only: a 404 to visitors and to members of other partnerships, with or without a token.
    const { action } = await state(urbis);
    await changeAction(ctx.db, action.id, { membersOnly: true }, { userId: null, at: new Date().toISOString() });
    assert.equal((await as.visitor.get(url)).statusCode, 404);
    assert.equal((await as.outsider.get(url)).statusCode, 404);
    const outsider = (await createAccessToken(ctx, ids.outsider, 'files')).token;
    assert.equal((await app.inject({ url: apiUrl, headers: { authorization: `Bearer ${outsider}` } })).statusCode, 404);
    const member = await as.member.get(url);
    assert.equal(member.statusCode, 200);
    assert.match(String(member.headers['cache-control']), /^private/);
    const token = (await createAccessToken(ctx, ids.member, 'files')).token;
    assert.equal((await app.inject({ url: apiUrl, headers: { authorization: `Bearer ${token}` } })).statusCode, 200);
  });

  test('the edit form keeps the file, lets it go when unticked; export and import keep it', async (t) => {
    const { urbis, as } = await setUp(t, engine);
    assert.equal((await upload(as.coordinator, 1, [REPORT])).statusCode, 303);
    const edit = await as.coordinator.get(`${PAGE}/edit`);
    assert.equal(edit.statusCode, 200);
    const { files } = await state(urbis);
    const id = files[0]!.id;
    assert.match(
      edit.body,
      new RegExp(
        '<input type="checkbox" id="field-deliverable_1_evidence_file" ' +
          `name="deliverable_1_evidence_file" value="${id}" checked`,
      ),
    );
    assert.match(edit.body, /Keep the file Pilot report – Oulu\.pdf as evidence/);
    assert.match(
      edit.body,
      /href="\/en\/partnerships\/digital-transition\/actions\/4\/deliverables\/0\/evidence">Attach a file/,
    );

    // The plan as a file: the file goes out as its address, and comes back as the same file.
    const { dtp } = await state(urbis);
    const csv = planCsv(await planRecord(urbis.ctx, dtp, true));
    assert.match(csv, /\/en\/partnerships\/digital-transition\/actions\/4\/attachments\/\d+\/Pilot-report-Oulu\.pdf/);
    const versionsBefore = (await state(urbis)).versions.length;
    const report = await importPlan(urbis.ctx, dtp, Buffer.from(csv), {
      userId: null,
      dryRun: false,
      atomic: true,
      lang: 'en',
    });
    assert.equal(report.counts.refused, 0);
    const imported = await state(urbis);
    assert.equal(imported.versions.length, versionsBefore, 'nothing changed, nothing written');
    assert.equal(imported.deliverables[1]!.evidence_file_id, id, 'the file kept');

    // Saving the form as it is keeps the file; a link as well as the file is refused at the field.
    const values = formOf(edit.body);
    const kept = await as.coordinator.post(`${PAGE}/edit`, values, `${PAGE}/edit`);
    assert.equal(kept.statusCode, 303, errorsIn(kept.body));
    assert.equal((await state(urbis)).deliverables[1]!.evidence_file_id, id);
    const both = await as.coordinator.post(
      `${PAGE}/edit`,
      { ...values, deliverable_1_evidence_url: 'https://example.eu/report' },
      `${PAGE}/edit`,
    );
    assert.equal(both.statusCode, 400);
    assert.equal(
      errorOf(both.body, 'deliverable_1_evidence_file'),
      'Give one evidence: a link, a news post or a file.',
    );
    const forged = await as.coordinator.post(
      `${PAGE}/edit`,
      { ...values, deliverable_0_evidence_file: '999999' },
      `${PAGE}/edit`,
    );
    assert.equal(forged.statusCode, 400);
    assert.equal(errorOf(forged.body, 'deliverable_0_evidence_file'), 'Keep a file of this action, or none.');

    // Unticked: the save lets it go, and the file leaves the store. (The form is made again from the
    // version the save above made: sent from the older one, it would be refused as changed meanwhile.)
    const { deliverable_1_evidence_file: _dropped, ...without } = formOf(
      (await as.coordinator.get(`${PAGE}/edit`)).body,
    );
    const keptBefore = filesIn(urbis.ctx.config.uploadsDir).kept.length;
    assert.equal((await as.coordinator.post(`${PAGE}/edit`, without, `${PAGE}/edit`)).statusCode, 303);
    const after = await state(urbis);
    assert.equal(after.deliverables[1]!.evidence_file_id, null);
    assert.equal(after.files.length, 0);
    assert.equal(filesIn(urbis.ctx.config.uploadsDir).kept.length, keptBefore - 1);
  });

  test('personal data: the files a person gave are in their export; erasing forgets who gave them', async (t) => {
    const { urbis, as, ids } = await setUp(t, engine);
    assert.equal((await upload(as.coordinator, 0, [REPORT])).statusCode, 303);
    const data = (await exportActionData(urbis.ctx, ids.coordinator)) as { evidenceFiles: { name: string }[] };
    assert.deepEqual(
      data.evidenceFiles.map((f) => f.name),
      [REPORT.name],
    );
    await eraseActionData(urbis.ctx, ids.coordinator);
    const { files } = await state(urbis);
    assert.equal(files[0]!.uploaded_by, null);
    assert.equal(await countRows(urbis.ctx.db, 'action_files'), 1, 'the file stays: the plan’s record');
  });
});

/** A page's messages at fields, for a failing assertion. */
const errorsIn = (html: string) =>
  [...html.matchAll(/id="(field-[^"]+)-error">([^<]*)</g)].map((m) => `${m[1]}: ${m[2]}`).join('; ');

/** The fields of the edit form as a browser would send them (text inputs, selects, ticked boxes). */
function formOf(html: string): Record<string, string> {
  const form = html.slice(
    html.indexOf('<form method="post" action="/en/partnerships/digital-transition/actions/4/edit"'),
  );
  const values: Record<string, string> = {};
  const attr = (tag: string, name: string) =>
    new RegExp(`\\s${name}="([^"]*)"`)
      .exec(tag)?.[1]
      ?.replace(/&amp;/g, '&')
      .replace(/&quot;/g, '"');
  for (const [tag] of form.matchAll(/<input[^>]*>/g)) {
    const name = attr(tag, 'name');
    if (!name) continue;
    const type = attr(tag, 'type') ?? 'text';
    if (type === 'checkbox' && !/\schecked/.test(tag)) continue;
    values[name] = attr(tag, 'value') ?? (type === 'checkbox' ? 'on' : '');
  }
  for (const [, name, body] of form.matchAll(/<select[^>]*name="([^"]+)"[^>]*>([\s\S]*?)<\/select>/g)) {
    // An empty value is written as a bare attribute (`<option value selected>`).
    const selected = /<option value(?:="([^"]*)")? selected/.exec(body!) ?? /<option value(?:="([^"]*)")?/.exec(body!);
    values[name!] = selected?.[1] ?? '';
  }
  for (const [, name, body] of form.matchAll(/<textarea[^>]*name="([^"]+)"[^>]*>([\s\S]*?)<\/textarea>/g))
    values[name!] = body!
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&#x27;/g, "'")
      .replace(/&quot;/g, '"')
      .replace(/&amp;/g, '&');
  delete values.more;
  return values;
}
