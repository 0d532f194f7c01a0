// Files of a meeting (agenda, slides) on both engines: coordinators (and administrators) add and
// delete them by form and with a token, everyone else gets the 404 of a missing page; readers who
// may see the meeting see and download them with the core's safety headers, others get a 404;
// hostile names, files too big or of a refused kind, unknown and malformed ids store nothing and
// never answer 500; every write is audited.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import type { Urbis } from '../../app.js';
import { csrfTokenOf, forEachEngine } from '../../../test/helpers/app.js';
import { stringsOf } from '../../../test/helpers/corpora.js';
import { countRows, createAccessToken, type Browser } from '../../../test/support/accounts.js';
import { addMeeting } from '../../../test/support/meetings.js';
import { ACCEPTED, filesIn, multipart, REFUSED, type FilePart } from '../../../test/support/news-attachments.js';
import { setUp, type Role } from '../../../test/support/news.js';
import { partnershipIdOf } from '../partnerships/index.js';
import { eraseMeetingData, exportMeetingData } from './meetings.privacy.js';

const BASE = '/partnerships/digital-transition/meetings';
const PDF = ACCEPTED.find((s) => s.name.endsWith('.pdf'))!;
const TEXT = { name: 'Programme.txt', content: Buffer.from('1. Welcome\n2. Actions\n') };

/** The CSRF token of a page this browser may open (every page has the header's forms). */
async function tokenFor(browser: Browser): Promise<string> {
  const home = (await browser.get('/en/')).body;
  return csrfTokenOf(home.includes('name="_csrf"') ? home : (await browser.get('/en/sign-in')).body);
}

/** Posts the upload form of meeting `number` (`lang` for the page's language). */
async function upload(
  browser: Browser,
  number: number | string,
  files: FilePart[],
  fields: Record<string, string> = { kind: 'agenda' },
  options: { csrf?: boolean; lang?: string } = {},
): Promise<LightMyRequestResponse> {
  const csrf: Record<string, string> = options.csrf === false ? {} : { _csrf: await tokenFor(browser) };
  const body = multipart({ ...csrf, ...fields }, files);
  return browser.app.inject({
    method: 'POST',
    url: `/${options.lang ?? 'en'}${BASE}/${number}/attachments`,
    headers: { cookie: browser.header(), 'content-type': body.contentType },
    payload: body.payload,
  });
}

/** Posts the delete form of a file. */
async function remove(browser: Browser, number: number | string, id: number | string) {
  const token = await tokenFor(browser);
  return browser.app.inject({
    method: 'POST',
    url: `/en${BASE}/${number}/attachments/${id}/delete`,
    headers: { cookie: browser.header(), 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ _csrf: token }).toString(),
  });
}

function apiUpload(urbis: Urbis, token: string, number: number | string, files: FilePart[], fields = {}) {
  const body = multipart(fields, files);
  return urbis.app.inject({
    method: 'POST',
    url: `/api/v1${BASE}/${number}/attachments`,
    headers: { authorization: `Bearer ${token}`, 'content-type': body.contentType },
    payload: body.payload,
  });
}

interface Listed {
  id: number;
  name: string;
  kind: string;
  type: string;
  size: number;
  description: string;
  url: string;
}

async function listed(urbis: Urbis, number: number, headers: Record<string, string> = {}): Promise<Listed[]> {
  const response = await urbis.app.inject({ url: `/api/v1${BASE}/${number}`, headers });
  assert.equal(response.statusCode, 200, response.body.slice(0, 300));
  return (response.json() as { attachments: Listed[] }).attachments;
}

/** The download link of the file called `name` on a meeting page's HTML. */
function linkOf(html: string, name: string): string {
  const escaped = name.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
  const match = new RegExp(
    `<a href="([^"]+)" download(?:="")?>${escaped.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}</a>`,
  ).exec(html);
  assert.ok(match?.[1], `a download link for ${name}`);
  return match[1].replace(/&amp;/g, '&');
}

/** Nothing kept, nothing left over: no row, and no file but those there before. */
async function assertNothingStored(urbis: Urbis, rows: number, kept: string[], what: string) {
  assert.equal(await countRows(urbis.ctx.db, 'meeting_attachments'), rows, `${what}: no row`);
  const files = filesIn(urbis.ctx.config.uploadsDir);
  assert.deepEqual(files.kept.sort(), [...kept].sort(), `${what}: no file kept`);
  assert.deepEqual(files.temporary, [], `${what}: no temporary file left`);
}

const errorOf = (html: string, field: string) =>
  new RegExp(`<p class="field__error" id="field-${field}-error">([^<]*)</p>`).exec(html)?.[1]?.replace(/&#39;/g, "'");

forEachEngine('meetings: files', (engine) => {
  test('each role against each route: coordinators and administrators add and delete, others get a 404', async (t) => {
    const { urbis, as } = await setUp(t, engine);
    const { db } = urbis.ctx;
    const dtp = (await partnershipIdOf(db, 'digital-transition'))!;
    const { number } = await addMeeting(db, dtp, { title: 'Data spaces workshop' });
    const rows = await countRows(db, 'meeting_attachments');
    const kept = filesIn(urbis.ctx.config.uploadsDir).kept;

    // The visitor is sent to sign in; the file never reaches the disk.
    const page = await as.visitor.get(`/en${BASE}/${number}/attachments`);
    assert.equal(page.statusCode, 303);
    assert.match(page.headers.location ?? '', /^\/en\/sign-in\?next=/);
    const visitorUpload = await upload(as.visitor, number, [TEXT]);
    assert.ok([303, 403, 404].includes(visitorUpload.statusCode), String(visitorUpload.statusCode));
    for (const who of ['member', 'otherMember', 'outsider'] as Role[]) {
      assert.equal((await as[who].get(`/en${BASE}/${number}/attachments`)).statusCode, 404, who);
      assert.equal((await upload(as[who], number, [TEXT])).statusCode, 404, who);
      const link = await as[who].get(`/en${BASE}/${number}`);
      assert.doesNotMatch(link.body, /\/attachments"/, `${who}: no link to the coordinators' page`);
    }
    await assertNothingStored(urbis, rows, kept, 'by those who may not plan the meeting');

    // The coordinator: the link from the meeting's page, the page, an upload.
    const meetingPage = await as.coordinator.get(`/en${BASE}/${number}`);
    assert.match(meetingPage.body, new RegExp(`href="/en${BASE}/${number}/attachments">Files of the meeting`));
    const form = await as.coordinator.get(`/en${BASE}/${number}/attachments`);
    assert.equal(form.statusCode, 200);
    assert.match(form.body, /<h1>Files of the \d+(st|nd|rd|th) meeting<\/h1>/);
    assert.match(form.body, /enctype="multipart\/form-data"/);
    assert.match(form.body, /This meeting has no files yet\./);
    const added = await upload(as.coordinator, number, [TEXT], { kind: 'agenda', description: 'As sent' });
    assert.equal(added.statusCode, 303, errorOf(added.body, 'file') ?? String(added.statusCode));
    assert.equal(added.headers.location, `/en${BASE}/${number}/attachments?done=added`);
    const after = await as.coordinator.get(added.headers.location!);
    assert.match(after.body, /The file is added to the meeting\./);
    assert.match(after.body, /Programme\.txt/);
    const byAdmin = await upload(as.admin, number, [PDF], { kind: 'slides' });
    assert.equal(byAdmin.statusCode, 303);
    const files = await listed(urbis, number);
    assert.deepEqual(
      files.map((f) => [f.name, f.kind, f.type, f.size, f.description]),
      [
        ['Programme.txt', 'agenda', 'text/plain', TEXT.content.length, 'As sent'],
        [PDF.name, 'slides', 'application/pdf', PDF.content.length, ''],
      ],
    );
    assert.match(files[0]!.url, new RegExp(`^/api/v1${BASE}/${number}/attachments/${files[0]!.id}$`));

    // Deleting: others get a 404 and the file stays; the coordinator deletes.
    for (const who of ['visitor', 'member', 'otherMember', 'outsider'] as const) {
      const refused = await remove(as[who], number, files[0]!.id);
      assert.ok([302, 303, 403, 404].includes(refused.statusCode), `${who}: ${refused.statusCode}`);
      if (who !== 'visitor') assert.equal(refused.statusCode, 404, who);
    }
    assert.equal((await listed(urbis, number)).length, 2);
    const deleted = await remove(as.coordinator, number, files[0]!.id);
    assert.equal(deleted.statusCode, 303);
    assert.equal(deleted.headers.location, `/en${BASE}/${number}/attachments?done=deleted`);
    assert.equal((await remove(as.coordinator, number, files[0]!.id)).statusCode, 404, 'deleted once');
    assert.equal((await remove(as.admin, number, files[1]!.id)).statusCode, 303);
    await assertNothingStored(urbis, rows, kept, 'after both were deleted');

    const audits = await db
      .selectFrom('core_audit_log')
      .select(['action', 'details'])
      .where('action', 'like', 'meetings.attachment%')
      .orderBy('id')
      .execute();
    assert.deepEqual(
      audits.map((a) => [
        a.action,
        ((typeof a.details === 'string' ? JSON.parse(a.details) : a.details) as { name: string }).name,
      ]),
      [
        ['meetings.attachmentAdd', 'Programme.txt'],
        ['meetings.attachmentAdd', PDF.name],
        ['meetings.attachmentDelete', 'Programme.txt'],
        ['meetings.attachmentDelete', PDF.name],
      ],
    );
    // The audit log names them in words.
    const log = await as.admin.get('/en/admin/audit');
    assert.equal(log.statusCode, 200);
    assert.match(log.body, /added the file “Programme\.txt” \(agenda\) to the meeting/);
    assert.match(log.body, /deleted the file “Programme\.txt” from the meeting/);
  });

  test('readers who may see the meeting see and download its files; the others get a 404', async (t) => {
    const { urbis, as, ids } = await setUp(t, engine);
    const { db } = urbis.ctx;
    const dtp = (await partnershipIdOf(db, 'digital-transition'))!;
    const open = await addMeeting(db, dtp, { title: 'Open meeting' });
    const closed = await addMeeting(db, dtp, { title: 'Closed meeting', membersOnly: true });
    const name = 'Zápis z jednání – Brno.txt';
    for (const m of [open, closed])
      assert.equal((await upload(as.coordinator, m.number, [{ name, content: 'Zápis\n' }])).statusCode, 303);

    // A public meeting: everyone sees the file on the page (name, kind, type, size) and downloads it.
    const pageOf = await as.visitor.get(`/en${BASE}/${open.number}`);
    assert.match(pageOf.body, /<h2 id="meeting-files">Documents<\/h2>/);
    assert.match(pageOf.body, /\(agenda; text, 7 bytes\)/);
    const href = linkOf(pageOf.body, name);
    assert.match(href, new RegExp(`^/en${BASE}/${open.number}/attachments/\\d+/Zapis-z-jednani-Brno\\.txt$`));
    const cs = await as.visitor.get(`/cs${BASE}/${open.number}`);
    assert.match(cs.body, /\(program; text, 7 bajtů\)/);
    for (const who of ['visitor', 'outsider', 'member', 'coordinator', 'admin'] as const) {
      const got = await as[who].get(href);
      assert.equal(got.statusCode, 200, who);
      assert.equal(got.body, 'Zápis\n');
    }
    const got = await as.visitor.get(href);
    assert.equal(got.headers['content-type'], 'text/plain; charset=utf-8');
    assert.equal(got.headers['x-content-type-options'], 'nosniff');
    assert.equal(got.headers['content-security-policy'], "default-src 'none'; sandbox");
    assert.equal(got.headers['cache-control'], 'public, max-age=300');
    assert.equal(
      got.headers['content-disposition'],
      `attachment; filename="Zapis z jednani _ Brno.txt"; ` +
        `filename*=UTF-8''Z%C3%A1pis%20z%20jedn%C3%A1n%C3%AD%20%E2%80%93%20Brno.txt`,
    );
    assert.equal((await as.visitor.get(href, { 'if-none-match': String(got.headers.etag) })).statusCode, 304);
    const [file] = await listed(urbis, open.number);
    assert.equal((await urbis.app.inject(file!.url)).statusCode, 200, 'the API download');

    // A members-only meeting: members, coordinators and administrators; the others a 404, page and API.
    const secret = await listed(urbis, closed.number, { cookie: as.member.header() });
    const secretHref = linkOf((await as.member.get(`/en${BASE}/${closed.number}`)).body, name);
    for (const who of ['member', 'otherMember', 'coordinator', 'admin'] as const) {
      const ok = await as[who].get(secretHref);
      assert.equal(ok.statusCode, 200, who);
      assert.equal(ok.headers['cache-control'], 'private, max-age=300', who);
    }
    for (const who of ['visitor', 'outsider'] as const) {
      const refused = await as[who].get(secretHref);
      assert.equal(refused.statusCode, 404, who);
      assert.doesNotMatch(refused.body, /Zápis/);
      assert.equal((await as[who].get(secret[0]!.url)).statusCode, 404, `${who}, API`);
    }
    const token = (await createAccessToken(urbis.ctx, ids.member, 'files')).token;
    const withToken = await urbis.app.inject({ url: secret[0]!.url, headers: { authorization: `Bearer ${token}` } });
    assert.equal(withToken.statusCode, 200, 'a member with a token');

    // Another name, another meeting's number, an unknown or malformed id: a 404 or a 400, never a 500.
    for (const url of [
      secretHref.replace(/[^/]+$/, 'other.txt'),
      secretHref.replace(`/${closed.number}/`, `/${open.number}/`),
      secretHref.replace(/\/attachments\/\d+\//, '/attachments/999999/'),
      secretHref.replace(/\/attachments\/\d+\//, '/attachments/abc/'),
      secretHref.replace(/\/attachments\/\d+\//, '/attachments/-1/'),
      secretHref.replace(/\/attachments\/\d+\//, '/attachments/99999999999999999999/'),
      secretHref.replace(`/meetings/${closed.number}/`, '/meetings/x/'),
      secretHref.replace(`/meetings/${closed.number}/`, '/meetings/99999/'),
      `/api/v1${BASE}/${closed.number}/attachments/abc`,
      `/api/v1${BASE}/${closed.number}/attachments/0`,
      `/api/v1${BASE}/99999/attachments/1`,
      `/en${BASE}/abc/attachments`,
      `/en${BASE}/99999/attachments`,
    ]) {
      const response = await as.coordinator.get(url);
      assert.ok([400, 404].includes(response.statusCode), `${url}: ${response.statusCode}`);
    }
    for (const [number, id] of [
      [closed.number, 'abc'],
      [closed.number, '999999'],
      ['abc', '1'],
      [99999, '1'],
    ] as const) {
      const response = await remove(as.coordinator, number, id);
      assert.ok([400, 404].includes(response.statusCode), `delete ${number}/${id}: ${response.statusCode}`);
    }
    const unknown = await upload(as.coordinator, 99999, [TEXT]);
    assert.equal(unknown.statusCode, 404);
  });

  test('refused kinds, a wrong kind, hostile names and a file over the limit: a message, nothing stored', async (t) => {
    const { urbis, as, ids } = await setUp(t, engine, { URBIS_UPLOAD_MAX_BYTES: '1000' });
    const { db } = urbis.ctx;
    const dtp = (await partnershipIdOf(db, 'digital-transition'))!;
    const { number } = await addMeeting(db, dtp);
    const rows = await countRows(db, 'meeting_attachments');
    const kept = filesIn(urbis.ctx.config.uploadsDir).kept;

    for (const sample of REFUSED) {
      const response = await upload(as.coordinator, number, [{ name: sample.name, content: sample.content }]);
      assert.equal(response.statusCode, 400, sample.why);
      assert.match(response.body, /<a href="#field-file">File: /, `${sample.why}: the summary links to the field`);
      assert.match(errorOf(response.body, 'file') ?? '', /^The (file|name of) /, sample.why);
    }
    const big = await upload(as.coordinator, number, [{ name: 'big.txt', content: 'a'.repeat(1001) }]);
    assert.equal(big.statusCode, 400);
    assert.equal(errorOf(big.body, 'file'), 'The file big.txt is larger than 1,000 bytes, the most a file may have.');
    const none = await upload(as.coordinator, number, [{ name: '', content: '' }], {
      kind: 'slides',
      description: 'kept when the form comes back',
    });
    assert.equal(errorOf(none.body, 'file'), 'Choose a file to add.');
    assert.match(none.body, /name="description"[^>]*value="kept when the form comes back"/);
    assert.match(none.body, /<option value="slides" selected/);
    const kind = await upload(as.coordinator, number, [TEXT], { kind: 'minutes<script>' });
    assert.equal(kind.statusCode, 400);
    assert.match(errorOf(kind.body, 'kind') ?? '', /^Choose what the file is/);
    assert.doesNotMatch(kind.body, /minutes<script>/);
    const long = await upload(as.coordinator, number, [TEXT], { kind: 'other', description: 'x'.repeat(501) });
    assert.equal(long.statusCode, 400);
    assert.match(errorOf(long.body, 'description') ?? '', /500/);
    const two = await upload(as.coordinator, number, [TEXT, PDF]);
    assert.equal(errorOf(two.body, 'file'), 'Add one file at a time.');
    const csrf = await upload(as.coordinator, number, [TEXT], { kind: 'agenda' }, { csrf: false });
    assert.equal(csrf.statusCode, 403);
    const czech = await upload(as.coordinator, number, [{ name: 'logo.svg', content: '<svg/>' }], {}, { lang: 'cs' });
    assert.match(errorOf(czech.body, 'file') ?? '', /^Soubor logo\.svg nelze přidat/);

    // Through the API: RFC 9457 problems naming the field.
    const token = (await createAccessToken(urbis.ctx, ids.coordinator, 'files')).token;
    const api = await apiUpload(urbis, token, number, [{ name: 'big.csv', content: 'a,b\n'.repeat(300) }]);
    assert.equal(api.statusCode, 400);
    assert.match(String(api.headers['content-type']), /^application\/problem\+json/);
    assert.deepEqual(api.json().errors, [
      { pointer: '/body/file', detail: 'The file big.csv is larger than 1,000 bytes, the most a file may have.' },
    ]);
    const apiKind = await apiUpload(urbis, token, number, [TEXT], { kind: 'poster' });
    assert.equal(apiKind.statusCode, 400);
    assert.equal(apiKind.json().errors[0].pointer, '/body/kind');
    await assertNothingStored(urbis, rows, kept, 'after every refusal');

    // Hostile names: kept as text (no path, no controls), escaped on the page, harmless in the headers.
    const hostile = [
      '../../etc/passwd.txt',
      'C:\\Windows\\system32\\evil.txt',
      'photo\u202Egpj.txt',
      `x"; filename*=UTF-8''evil.html; y=".txt`,
      'line\r\nSet-Cookie: a=b.txt',
      ...stringsOf('PayloadsAllTheThings/XSS Injection/Intruders/XSS_Polyglots.txt')
        .slice(0, 6)
        .map((p) => `${p}.txt`),
    ];
    let count = 0;
    for (const name of hostile) {
      const response = await apiUpload(urbis, token, number, [{ name, content: 'hostile name\n' }], { kind: 'other' });
      if (response.statusCode === 400) continue; // a name that says another kind: refused at the field
      assert.equal(response.statusCode, 201, `${JSON.stringify(name)}: ${response.body.slice(0, 200)}`);
      count += 1;
      const shown = response.json() as Listed;
      assert.ok(
        ![...shown.name].some((c) => c === '/' || c === '\\' || c < ' ' || c === '\u202e'),
        JSON.stringify(shown.name),
      );
      assert.equal(response.headers.location, shown.url);
      const file = await urbis.app.inject({ url: shown.url, headers: { authorization: `Bearer ${token}` } });
      assert.equal(file.statusCode, 200);
      const disposition = String(file.headers['content-disposition']);
      assert.match(disposition, /^attachment; filename="[^"\\;=*%']*"; filename\*=UTF-8''[A-Za-z0-9%._~!$&+,^`|#-]*$/);
      assert.equal(file.headers['set-cookie'], undefined);
    }
    assert.ok(count >= 5, `${count} hostile names kept`);
    const page = await as.visitor.get(`/en${BASE}/${number}`);
    assert.equal(page.statusCode, 200);
    assert.doesNotMatch(page.body, /<script>alert|<svg\/onload|javascript:alert\(/i);
    const manage = await as.coordinator.get(`/en${BASE}/${number}/attachments`);
    assert.doesNotMatch(manage.body, /<script>alert|<svg\/onload/i);
  });

  test('the API: upload, listing in the meeting JSON and delete with a token; refusals as problems', async (t) => {
    const { urbis, ids } = await setUp(t, engine);
    const { db } = urbis.ctx;
    const dtp = (await partnershipIdOf(db, 'digital-transition'))!;
    const { number } = await addMeeting(db, dtp);
    const coordinator = (await createAccessToken(urbis.ctx, ids.coordinator, 'files')).token;
    const member = (await createAccessToken(urbis.ctx, ids.member, 'files')).token;
    const rows = await countRows(db, 'meeting_attachments');
    const kept = filesIn(urbis.ctx.config.uploadsDir).kept;

    const refused = await apiUpload(urbis, member, number, [TEXT]);
    assert.equal(refused.statusCode, 404, 'a member who does not coordinate');
    assert.match(String(refused.headers['content-type']), /^application\/problem\+json/);
    const body = multipart({}, [TEXT]);
    const anonymous = await urbis.app.inject({
      method: 'POST',
      url: `/api/v1${BASE}/${number}/attachments`,
      headers: { 'content-type': body.contentType },
      payload: body.payload,
    });
    assert.ok([401, 403].includes(anonymous.statusCode), String(anonymous.statusCode));
    await assertNothingStored(urbis, rows, kept, 'refused uploads');

    const made = await apiUpload(urbis, coordinator, number, [PDF], { kind: 'slides', description: 'Talk' });
    assert.equal(made.statusCode, 201, made.body);
    const shown = made.json() as Listed;
    assert.deepEqual(
      [shown.name, shown.kind, shown.type, shown.size, shown.description],
      [PDF.name, 'slides', 'application/pdf', PDF.content.length, 'Talk'],
    );
    assert.deepEqual(await listed(urbis, number), [shown]);

    const del = (token: string, id: number | string) =>
      urbis.app.inject({
        method: 'POST',
        url: `/api/v1${BASE}/${number}/attachments/${id}/delete`,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        payload: '{}',
      });
    const byMember = await del(member, shown.id);
    assert.equal(byMember.statusCode, 404, byMember.body);
    assert.ok([400, 404].includes((await del(coordinator, 'abc')).statusCode));
    const gone = await del(coordinator, shown.id);
    assert.equal(gone.statusCode, 200);
    assert.deepEqual(gone.json(), { id: shown.id });
    assert.equal((await del(coordinator, shown.id)).statusCode, 404);
    assert.deepEqual(await listed(urbis, number), []);
    await assertNothingStored(urbis, rows, kept, 'after the delete');

    // The last place taken by one of three uploads at once; the others are refused and keep nothing.
    const meetingId = (
      await db
        .selectFrom('meetings')
        .select('id')
        .where('partnership_id', '=', dtp)
        .where('number', '=', number)
        .executeTakeFirstOrThrow()
    ).id;
    for (let i = 0; i < 19; i++)
      await db
        .insertInto('meeting_attachments')
        .values({
          meeting_id: meetingId,
          name: `filler-${i}.txt`,
          storage_key: randomBytes(16).toString('hex'),
          media_type: 'text/plain',
          size: 1,
          sha256: '0'.repeat(64),
          uploaded_by: null,
          description: '',
          created_at: new Date().toISOString(),
        })
        .execute();
    const keptBefore = filesIn(urbis.ctx.config.uploadsDir).kept;
    const racing = await Promise.all(
      [1, 2, 3].map((n) => apiUpload(urbis, coordinator, number, [{ name: `race-${n}.txt`, content: `${n}\n` }])),
    );
    assert.deepEqual(racing.map((r) => r.statusCode).sort(), [201, 400, 400]);
    assert.equal(await countRows(db, 'meeting_attachments'), rows + 20);
    assert.equal(filesIn(urbis.ctx.config.uploadsDir).kept.length, keptBefore.length + 1);
    const full = await apiUpload(urbis, coordinator, number, [TEXT]);
    assert.match(full.json().errors[0].detail, /at most 20 files/);

    // The OpenAPI document describes them.
    const openapi = (await urbis.app.inject('/api/openapi.json')).json() as { paths: Record<string, unknown> };
    for (const path of [
      '/api/v1/partnerships/{slug}/meetings/{number}/attachments',
      '/api/v1/partnerships/{slug}/meetings/{number}/attachments/{id}',
      '/api/v1/partnerships/{slug}/meetings/{number}/attachments/{id}/delete',
    ])
      assert.ok(openapi.paths[path], path);
  });

  test('personal data: one’s files are in one’s export; an erased account’s files stay, naming nobody', async (t) => {
    const { urbis, as, ids } = await setUp(t, engine);
    const { db } = urbis.ctx;
    const dtp = (await partnershipIdOf(db, 'digital-transition'))!;
    const { number, id } = await addMeeting(db, dtp, { title: 'Workshop on open data' });
    assert.equal((await upload(as.coordinator, number, [TEXT])).statusCode, 303);
    const data = await exportMeetingData(urbis.ctx, ids.coordinator);
    assert.deepEqual(
      (data.files as { meeting: string; name: string }[]).map((f) => [f.meeting, f.name]),
      [['Workshop on open data', 'Programme.txt']],
    );
    await eraseMeetingData(urbis.ctx, ids.coordinator);
    const rows = await db
      .selectFrom('meeting_attachments')
      .select('uploaded_by')
      .where('meeting_id', '=', id)
      .execute();
    assert.deepEqual(rows, [{ uploaded_by: null }]);
  });

  test('the demo: the 11th meeting has its agenda as a text file', async (t) => {
    const { urbis, as } = await setUp(t, engine);
    const [agenda] = await listed(urbis, 11);
    assert.ok(agenda, 'a file');
    assert.equal(agenda.kind, 'agenda');
    assert.equal(agenda.type, 'text/plain');
    const file = await as.visitor.get(linkOf((await as.visitor.get(`/en${BASE}/11`)).body, agenda.name));
    assert.equal(file.statusCode, 200);
    assert.match(file.body, /^Implementing and scaling up the actions\n/);
  });
});
