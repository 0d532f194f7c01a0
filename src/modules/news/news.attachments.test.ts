import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { XMLParser } from 'fast-xml-parser';
import { sql } from 'kysely';
import type { Urbis } from '../../app.js';
import { csrfTokenOf, forEachEngine } from '../../../test/helpers/app.js';
import { CORPORA } from '../../../test/helpers/corpora.js';
import { TEMPORARY_FOLDER } from '../../core/http/multipart.js';
import { cleanFileName } from '../../core/uploads/names.js';
import { fileTypeOf } from '../../core/uploads/sniff.js';
import type { Browser } from '../../../test/support/accounts.js';
import { partnershipIdOf } from '../partnerships/index.js';
import { attachFiles } from './news.attachments.js';
import { ACCEPTED, filesIn, multipart, REFUSED, type FilePart } from '../../../test/support/news-attachments.js';
import { findPostBySlug } from './news.queries.js';
import { erasePosts, exportPosts } from './news.targets.js';
import { MEMBERS_ONLY, SEED, setUp } from '../../../test/support/news.js';

const POST = `/en${SEED}`;
const API_POST = `/api/v1${SEED.replace('/news/', '/posts/')}`;

const payloads = (file: string, count = Infinity) =>
  readFileSync(path.join(CORPORA, file), 'utf8')
    .split(/\r?\n/)
    .filter((line) => line.trim() !== '')
    .slice(0, count);
/** The XSS polyglots, and the first hundred of a long list of payloads. */
const PAYLOADS = [
  ...payloads('PayloadsAllTheThings/XSS Injection/Intruders/XSS_Polyglots.txt'),
  ...payloads('xss-payload-list/Intruder/xss-payload-list.txt', 100),
];

/** Text as the renderer escapes it (`>` stays as it is). */
const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');

const ATTRIBUTE = /\s([^\s"'=<>/]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'>]+))?/g;
const decodeEntities = (text: string) =>
  text
    .replace(/&#x([0-9a-f]+);?/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/&#([0-9]+);?/g, (_, dec: string) => String.fromCodePoint(Number(dec)))
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&colon;/gi, ':')
    .replace(/&amp;/g, '&');

/**
 * What would run in a page: a script element, an event handler attribute, a script address.
 * Tags are read as a browser reads them: one ends at the first `>` outside quotes (the
 * renderer leaves `>` as it is inside attribute values), and text is never a tag.
 */
function unsafe(html: string): string[] {
  const found: string[] = [];
  for (const tag of html.match(/<[a-z][^\s/>]*(?:"[^"]*"|'[^']*'|[^'">])*>/gi) ?? []) {
    const name = /^<([^\s/>]+)/.exec(tag)?.[1] ?? '';
    if (/^script$/i.test(name)) found.push('a <script> element');
    for (const [, attribute = '', raw = ''] of tag.slice(name.length + 1).matchAll(ATTRIBUTE)) {
      const value = decodeEntities(raw.replace(/^["']|["']$/g, ''));
      if (/^on/i.test(attribute)) found.push(`an event handler in ${tag.slice(0, 100)}`);
      if (
        /^(?:href|src|action|formaction|xlink:href)$/i.test(attribute) &&
        /^\s*(?:javascript|vbscript|data):/i.test(value)
      )
        found.push(`a script address in ${tag.slice(0, 100)}`);
    }
  }
  return found;
}

/**
 * Posts the upload form of the post at `path` (`/en/…/news/<post>`) as `browser`, with its CSRF token unless told
 * otherwise.
 */
async function upload(
  browser: Browser,
  postPath: string,
  files: FilePart[],
  fields: Record<string, string> = {},
  csrf = true,
) {
  const form = await browser.get(`${postPath}/edit`);
  const body = multipart({ ...(csrf ? { _csrf: csrfTokenOf(form.body) } : {}), ...fields }, files);
  return browser.app.inject({
    method: 'POST',
    url: `${postPath}/attachments`,
    headers: { cookie: browser.header(), 'content-type': body.contentType },
    payload: body.payload,
  });
}

/** The attachments of the post at `postPath`, as its JSON twin lists them for `browser`. */
async function attachmentsOf(
  browser: Browser,
  postPath: string,
): Promise<{ id: number; name: string; type: string; size: number; description: string; url: string }[]> {
  const response = await browser.get(postPath.replace(/^\/[a-z]{2}\//, '/api/v1/').replace('/news/', '/posts/'));
  assert.equal(response.statusCode, 200, response.body.slice(0, 300));
  return response.json().attachments;
}

/** The download link of the attachment called `name` on the post page's HTML. */
function linkOf(html: string, name: string): string {
  const escaped = escapeHtml(name);
  const match = new RegExp(`<a href="([^"]+)" download>${escaped.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}</a>`).exec(
    html,
  );
  assert.ok(match?.[1], `a download link for ${name}`);
  return match[1].replace(/&amp;/g, '&');
}

/** A personal access token of `browser`'s person, made on the settings page. */
async function tokenOf(browser: Browser): Promise<string> {
  const created = await browser.post('/en/settings/tokens', { name: 'attachments' }, '/en/settings/tokens');
  const token = /<code id="new-token">([^<]+)<\/code>/.exec(created.body)?.[1];
  assert.ok(token, 'a token');
  return token;
}

/** An upload through the API, with a bearer token and no cookie. */
function apiUpload(
  browser: Browser,
  token: string,
  apiPost: string,
  files: FilePart[],
  fields: Record<string, string> = {},
) {
  const body = multipart(fields, files);
  return browser.app.inject({
    method: 'POST',
    url: `${apiPost}/attachments`,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), 'content-type': body.contentType },
    payload: body.payload,
  });
}

async function rowCount(urbis: Urbis): Promise<number> {
  return Number(
    (
      await urbis.ctx.db
        .selectFrom('news_attachments')
        .select(({ fn }) => fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
}

/** Nothing kept, nothing left over: no row, and no file in the uploads folder but those there before. */
async function assertNothingStored(urbis: Urbis, rowsBefore: number, keptBefore: string[], what: string) {
  assert.equal(await rowCount(urbis), rowsBefore, `${what}: no row`);
  const files = filesIn(urbis.ctx.config.uploadsDir);
  assert.deepEqual(files.kept.sort(), [...keptBefore].sort(), `${what}: no file kept`);
  assert.deepEqual(files.temporary, [], `${what}: no temporary file left`);
}

forEachEngine('news attachments', (engine) => {
  test(
    'every accepted kind is stored under a random name, listed on the post with its kind and size, ' +
      'and downloaded as it was sent',
    async (t) => {
      const { urbis, as } = await setUp(t, engine);
      const keptBefore = filesIn(urbis.ctx.config.uploadsDir).kept;
      for (const sample of ACCEPTED) {
        const response = await upload(
          as.coordinator,
          POST,
          [{ name: sample.name, content: sample.content, type: 'application/x-whatever' }],
          sample.type.startsWith('image/') ? { description: `A picture: ${sample.name}` } : {},
        );
        const error = response.body.match(/field__error[^<]*<\/p>|<p class="field__error"[^>]*>([^<]*)/)?.[0];
        assert.equal(response.statusCode, 303, `${sample.name}: ${error ?? response.statusCode}`);
        assert.equal(response.headers.location, `${POST}/edit#attachments`);
      }
      const listed = await attachmentsOf(as.visitor, POST);
      const mine = listed.filter((a) => ACCEPTED.some((s) => s.name === a.name));
      assert.deepEqual(
        mine.map((a) => [a.name, a.type, a.size]),
        ACCEPTED.map((s) => [s.name, s.type, s.content.length]),
        'each with the type its content shows, whatever the client claimed',
      );
      // On disk: one file per upload, under a key that is not its name, with the same bytes.
      const kept = filesIn(urbis.ctx.config.uploadsDir).kept.filter((f) => !keptBefore.includes(f));
      assert.equal(kept.length, ACCEPTED.length);
      for (const file of kept) assert.match(file, /^[0-9a-f]{2}[/\\][0-9a-f]{32}$/);
      const rows = await urbis.ctx.db.selectFrom('news_attachments').selectAll().orderBy('id').execute();
      for (const sample of ACCEPTED) {
        const row = rows.find((r) => r.name === sample.name)!;
        assert.equal(row.sha256, createHash('sha256').update(sample.content).digest('hex'));
        assert.deepEqual(
          readFileSync(path.join(urbis.ctx.config.uploadsDir, row.storage_key.slice(0, 2), row.storage_key)),
          sample.content,
        );
      }

      const page = await as.visitor.get(POST);
      assert.match(page.body, /<h2 id="post-attachments">Attachments<\/h2>/);
      assert.ok(
        /<img src="[^"]+\/attachments\/\d+\/map\.png" alt="A picture: map\.png" loading="lazy"\/?>/.test(page.body),
        'an image is shown, with its description as alternative text',
      );
      assert.ok(page.body.includes('(PDF document, 48 bytes)'), 'kind and size in words');
      const cs = await as.visitor.get(`/cs${SEED}`);
      assert.ok(cs.body.includes('(dokument PDF, 48 bajtů)'), 'in Czech');
      assert.ok(cs.body.includes('<h2 id="post-attachments">Přílohy</h2>'));

      for (const sample of ACCEPTED) {
        const file = await as.visitor.get(linkOf(page.body, sample.name));
        assert.equal(file.statusCode, 200, sample.name);
        assert.deepEqual(file.rawPayload, sample.content, `${sample.name}: the same bytes`);
        assert.equal(
          file.headers['content-type'],
          sample.type.startsWith('text/') ? `${sample.type}; charset=utf-8` : sample.type,
        );
        assert.equal(file.headers['content-length'], String(sample.content.length));
        assert.equal(file.headers['x-content-type-options'], 'nosniff');
        assert.equal(file.headers['content-security-policy'], "default-src 'none'; sandbox");
        assert.equal(
          file.headers['content-disposition'],
          `attachment; filename="${sample.name}"; filename*=UTF-8''${sample.name}`,
        );
        assert.equal(file.headers['cache-control'], 'public, max-age=300', 'a public post: shared caches may keep it');
      }
    },
  );

  test('refused kinds, empty files and missing files get a message on the form, and nothing is stored', async (t) => {
    const { urbis, as } = await setUp(t, engine);
    const rows = await rowCount(urbis);
    const kept = filesIn(urbis.ctx.config.uploadsDir).kept;
    const messageOf = (html: string) =>
      /<p class="field__error" id="field-file-error">([^<]*)<\/p>/.exec(html)?.[1]?.replace(/&#39;|&apos;/g, "'") ?? '';
    for (const sample of REFUSED) {
      const response = await upload(as.coordinator, POST, [
        { name: sample.name, content: sample.content, type: 'text/plain' },
      ]);
      assert.equal(response.statusCode, 400, sample.why);
      assert.match(
        response.body,
        /<a href="#field-file">File: /,
        `${sample.why}: the error summary links to the field`,
      );
      assert.match(
        response.body,
        /<input type="file" id="field-file" name="file"[^>]* aria-invalid="true"/,
        sample.why,
      );
      assert.match(
        messageOf(response.body),
        new RegExp(`^The (file|name of) ${sample.name.replace('.', '\\.')}`),
        `${sample.why}: ${messageOf(response.body)}`,
      );
      await assertNothingStored(urbis, rows, kept, sample.why);
    }
    const mismatch = await upload(as.coordinator, POST, [{ name: 'picture.png', content: 'just text\n' }]);
    assert.equal(
      messageOf(mismatch.body),
      'The name of picture.png does not match its content (text): it must end in .txt.',
    );
    const svg = await upload(as.coordinator, POST, [
      { name: 'logo.svg', content: '<svg xmlns="http://www.w3.org/2000/svg"/>' },
    ]);
    assert.match(
      messageOf(svg.body),
      /^The file logo\.svg cannot be attached: only images \(PNG, JPEG, GIF, WebP\), PDF/,
    );
    const empty = await upload(as.coordinator, POST, [{ name: 'empty.txt', content: '' }]);
    assert.equal(empty.statusCode, 400);
    assert.equal(messageOf(empty.body), 'The file empty.txt is empty.');
    // A form sent with its file input left empty: a part with no name and no bytes.
    const none = await upload(as.coordinator, POST, [{ name: '', content: '' }], {
      description: 'kept when the form comes back',
    });
    assert.equal(none.statusCode, 400);
    assert.equal(messageOf(none.body), 'Choose a file to attach.');
    assert.match(
      none.body,
      /name="description"[^>]*value="kept when the form comes back"/,
      'what was typed comes back',
    );
    const two = await upload(as.coordinator, POST, [ACCEPTED[0]!, ACCEPTED[4]!]);
    assert.equal(messageOf(two.body), 'Attach one file at a time.');
    const long = await upload(as.coordinator, POST, [ACCEPTED[0]!], { description: 'x'.repeat(501) });
    assert.equal(long.statusCode, 400);
    assert.match(long.body, /<p class="field__error" id="field-description-error">[^<]*500/);
    // More parts than a request may have: an error page, not a stack trace, and nothing left over.
    const many = await upload(
      as.coordinator,
      POST,
      Array.from({ length: 7 }, (_, i) => ({ name: `n${i}.txt`, content: 'x' })),
    );
    assert.equal(many.statusCode, 413);
    assert.match(many.body, /<h1>/);
    assert.doesNotMatch(many.body, /at .*\.js:\d+|FST_/);
    const cs = await upload(as.coordinator, `/cs${SEED}`, [{ name: 'logo.svg', content: '<svg/>' }]);
    assert.match(messageOf(cs.body), /^Soubor logo\.svg nelze připojit/);
    await assertNothingStored(urbis, rows, kept, 'after every refusal');
  });

  test(
    'a file over the limit is cut off, ' + 'refused with a message and not kept; one at the limit is taken',
    async (t) => {
      const { urbis, as } = await setUp(t, engine, { URBIS_UPLOAD_MAX_BYTES: '1000' });
      const rows = await rowCount(urbis);
      const kept = filesIn(urbis.ctx.config.uploadsDir).kept;
      const edit = await as.coordinator.get(`${POST}/edit`);
      assert.match(edit.body, /at most 1,000 bytes/, 'the hint says how much');
      for (const size of [1001, 300_000]) {
        const response = await upload(as.coordinator, POST, [{ name: 'big.txt', content: 'a'.repeat(size) }]);
        assert.equal(response.statusCode, 400, `${size} bytes`);
        assert.match(
          response.body,
          new RegExp(
            /<p class="field__error" id="field-file-error">/.source +
              /The file big\.txt is larger than 1,000 bytes, the most a file may have\.<\/p>/.source,
          ),
        );
        await assertNothingStored(urbis, rows, kept, `${size} bytes`);
      }
      const token = await tokenOf(as.coordinator);
      const api = await apiUpload(as.coordinator, token, API_POST, [
        { name: 'big.csv', content: 'a,b\n'.repeat(1000) },
      ]);
      assert.equal(api.statusCode, 400);
      assert.match(String(api.headers['content-type']), /^application\/problem\+json/);
      assert.deepEqual(api.json().errors, [
        { pointer: '/body/file', detail: 'The file big.csv is larger than 1,000 bytes, the most a file may have.' },
      ]);
      await assertNothingStored(urbis, rows, kept, 'through the API');
      assert.equal(
        (await upload(as.coordinator, POST, [{ name: 'exact.txt', content: 'a'.repeat(1000) }])).statusCode,
        303,
      );
      assert.equal(await rowCount(urbis), rows + 1);
    },
  );

  test('without the CSRF token an upload is refused with 403 and nothing is stored', async (t) => {
    const { urbis, as } = await setUp(t, engine);
    const rows = await rowCount(urbis);
    const kept = filesIn(urbis.ctx.config.uploadsDir).kept;
    const missing = await upload(as.coordinator, POST, [ACCEPTED[0]!], {}, false);
    assert.equal(missing.statusCode, 403);
    const wrong = await upload(as.coordinator, POST, [ACCEPTED[0]!], { _csrf: 'not-the-token' }, false);
    assert.equal(wrong.statusCode, 403);
    await assertNothingStored(urbis, rows, kept, 'without a token');
    // Someone who may not edit the post: a 404, and the file never reaches the disk.
    assert.equal((await upload(as.otherMember, POST, [ACCEPTED[0]!])).statusCode, 404);
    assert.equal((await upload(as.member, `/en${MEMBERS_ONLY}`, [ACCEPTED[0]!])).statusCode, 404);
    await assertNothingStored(urbis, rows, kept, 'by someone who may not edit');
  });

  test(
    'a multipart form works on any route (its token is read from the form), ' +
      'and a file sent where none is taken is thrown away',
    async (t) => {
      const { urbis, as } = await setUp(t, engine);
      const kept = filesIn(urbis.ctx.config.uploadsDir).kept;
      const form = await as.coordinator.get(`${POST}/edit`);
      const body = multipart(
        { _csrf: csrfTokenOf(form.body), title: 'Luxembourg, edited as multipart', body: 'Text.', lang: 'en' },
        [ACCEPTED[4]!],
      );
      const saved = await as.coordinator.app.inject({
        method: 'POST',
        url: POST,
        headers: { cookie: as.coordinator.header(), 'content-type': body.contentType },
        payload: body.payload,
      });
      assert.equal(saved.statusCode, 303);
      assert.match((await as.visitor.get(POST)).body, /<h1>Luxembourg, edited as multipart<\/h1>/);
      await assertNothingStored(urbis, await rowCount(urbis), kept, 'a file on a route that takes none');
    },
  );

  test(
    'downloads: only for those who may read the post (else the same 404 as a missing file), privately cached, ' +
      'and under the one name its page links to',
    async (t) => {
      const { urbis, as } = await setUp(t, engine);
      const membersOnly = `/en${MEMBERS_ONLY}`;
      assert.equal(
        (await upload(as.coordinator, membersOnly, [{ name: 'Zápis z jednání – Lucemburk.txt', content: 'Zápis\n' }]))
          .statusCode,
        303,
      );
      const [file] = await attachmentsOf(as.member, membersOnly);
      assert.ok(file);
      assert.equal(file.name, 'Zápis z jednání – Lucemburk.txt');
      const href = linkOf((await as.member.get(membersOnly)).body, file.name);
      assert.match(href, /\/attachments\/\d+\/Zapis-z-jednani-Lucemburk\.txt$/);
      const got = await as.member.get(href);
      assert.equal(got.statusCode, 200);
      assert.equal(got.body, 'Zápis\n');
      assert.equal(got.headers['cache-control'], 'private, max-age=300');
      assert.equal(
        got.headers['content-disposition'],
        `attachment; filename="Zapis z jednani _ Lucemburk.txt"; ` +
          `filename*=UTF-8''Z%C3%A1pis%20z%20jedn%C3%A1n%C3%AD%20%E2%80%93%20Lucemburk.txt`,
      );
      for (const who of ['visitor', 'outsider'] as const) {
        const refused = await as[who].get(href);
        assert.equal(refused.statusCode, 404, who);
        assert.doesNotMatch(refused.body, /Zápis/);
        assert.equal((await as[who].get(file.url)).statusCode, 404, `${who}, through the API`);
      }
      assert.equal((await as.member.get(file.url)).statusCode, 200, 'the API twin, for a member');
      // Any other name, another post's address, or an id that does not exist: the same 404.
      assert.equal((await as.member.get(href.replace(/[^/]+$/, 'other.txt'))).statusCode, 404);
      assert.equal(
        (await as.member.get(href.replace(MEMBERS_ONLY.split('/').pop()!, SEED.split('/').pop()!))).statusCode,
        404,
      );
      assert.equal((await as.member.get(href.replace(/\/attachments\/\d+\//, '/attachments/999999/'))).statusCode, 404);
      // Revalidation by ETag (the file's SHA-256).
      const again = await as.member.get(href, { 'if-none-match': String(got.headers.etag) });
      assert.equal(again.statusCode, 304);
      // A draft's files: its author and the coordinators only.
      const draft = '/en/partnerships/digital-transition/news/draft-lessons-for-small-towns';
      assert.equal((await upload(as.coordinator, draft, [ACCEPTED[0]!])).statusCode, 303);
      const draftFile = linkOf((await as.coordinator.get(draft)).body, ACCEPTED[0]!.name);
      assert.equal((await as.coordinator.get(draftFile)).statusCode, 200);
      for (const who of ['visitor', 'member', 'outsider'] as const)
        assert.equal((await as[who].get(draftFile)).statusCode, 404, who);
      // A file gone from the disk is a 404 (and logged), not a 500.
      const row = await urbis.ctx.db
        .selectFrom('news_attachments')
        .selectAll()
        .where('name', '=', file.name)
        .executeTakeFirstOrThrow();
      rmSync(path.join(urbis.ctx.config.uploadsDir, row.storage_key.slice(0, 2), row.storage_key));
      assert.equal((await as.member.get(href)).statusCode, 404);
    },
  );

  test('those who may edit the post delete an attachment: its record and its file go', async (t) => {
    const { urbis, as } = await setUp(t, engine);
    assert.equal((await upload(as.coordinator, POST, [ACCEPTED[4]!])).statusCode, 303);
    const [, added] = await attachmentsOf(as.visitor, POST);
    assert.ok(added);
    const row = await urbis.ctx.db
      .selectFrom('news_attachments')
      .selectAll()
      .where('id', '=', added.id)
      .executeTakeFirstOrThrow();
    const onDisk = path.join(row.storage_key.slice(0, 2), row.storage_key);
    assert.ok(filesIn(urbis.ctx.config.uploadsDir).kept.includes(onDisk));
    const edit = await as.coordinator.get(`${POST}/edit`);
    assert.match(edit.body, new RegExp(`<form method="post" action="${POST}/attachments/${added.id}/delete"`));
    assert.match(edit.body, /aria-label="Delete minutes\.pdf"/);
    assert.equal(
      (await as.otherMember.post(`${POST}/attachments/${added.id}/delete`, {}, POST)).statusCode,
      404,
      'not theirs',
    );
    const deleted = await as.coordinator.post(`${POST}/attachments/${added.id}/delete`, {}, `${POST}/edit`);
    assert.equal(deleted.statusCode, 303);
    assert.equal(deleted.headers.location, `${POST}/edit#attachments`);
    assert.deepEqual((await attachmentsOf(as.visitor, POST)).map((a) => a.id).includes(added.id), false);
    assert.ok(!filesIn(urbis.ctx.config.uploadsDir).kept.includes(onDisk), 'the file is deleted');
    assert.equal(
      (await as.coordinator.post(`${POST}/attachments/${added.id}/delete`, {}, `${POST}/edit`)).statusCode,
      404,
      'once',
    );
  });

  test(
    'the API attaches a file with a personal access token: ' + '201 with the attachment, or a problem with its pointer',
    async (t) => {
      const { urbis, as, ids } = await setUp(t, engine);
      const token = await tokenOf(as.coordinator);
      const created = await apiUpload(as.coordinator, token, API_POST, [ACCEPTED[5]!], { description: 'The report' });
      assert.equal(created.statusCode, 201, created.body);
      const attachment = created.json();
      assert.equal(attachment.name, 'report.docx');
      assert.equal(attachment.type, ACCEPTED[5]!.type);
      assert.equal(attachment.description, 'The report');
      assert.equal(created.headers.location, attachment.url);
      assert.equal(attachment.url, `${API_POST}/attachments/${attachment.id}`);
      const post = (await as.visitor.get(API_POST)).json();
      assert.deepEqual(post.attachments.at(-1), attachment);
      const download = await as.visitor.app.inject({ url: attachment.url });
      assert.deepEqual(download.rawPayload, ACCEPTED[5]!.content);
      const refused = await apiUpload(as.coordinator, token, API_POST, [{ name: 'x.html', content: '<html></html>' }]);
      assert.equal(refused.statusCode, 400);
      assert.equal(refused.json().errors[0].pointer, '/body/file');
      const nothing = await as.visitor.app.inject({
        method: 'POST',
        url: `${API_POST}/attachments`,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        payload: '{"file":{"path":"/etc/passwd","size":1}}',
      });
      assert.equal(nothing.statusCode, 400, 'a JSON body cannot pass for a file');
      assert.equal(nothing.json().errors[0].detail, 'Choose a file to attach.');
      assert.equal(
        (await apiUpload(as.outsider, await tokenOf(as.outsider), API_POST, [ACCEPTED[0]!])).statusCode,
        404,
      );
      assert.equal((await apiUpload(as.visitor, '', API_POST, [ACCEPTED[0]!])).statusCode, 401);
      const openapi = (await as.visitor.get('/api/openapi.json')).json();
      const documented = openapi.paths['/api/v1/partnerships/{slug}/posts/{post}/attachments'].post;
      assert.ok(documented.requestBody.content['multipart/form-data'], 'the upload is documented as multipart');
      assert.deepEqual(
        Object.keys(
          openapi.paths['/api/v1/partnerships/{slug}/posts/{post}'].get.responses['200'].content['application/json']
            .schema.properties.attachments.items.properties,
        ),
        ['id', 'name', 'type', 'size', 'description', 'url'],
      );
      // Personal data: one's uploads are in the export; on erasure they stay, by nobody.
      const exported = (await exportPosts(urbis.ctx, ids.coordinator)) as { attachments: { name: string }[] };
      assert.deepEqual(
        exported.attachments.map((a) => a.name),
        ['report.docx'],
      );
      await erasePosts(urbis.ctx, ids.coordinator);
      const row = await urbis.ctx.db
        .selectFrom('news_attachments')
        .select('uploaded_by')
        .where('id', '=', attachment.id)
        .executeTakeFirstOrThrow();
      assert.equal(row.uploaded_by, null);
    },
  );

  test(
    'names are cleaned for showing: no path, no control or direction characters, ' +
      'at most 200 characters with the extension kept',
    async (t) => {
      const { as } = await setUp(t, engine);
      const cases: [string, string][] = [
        ['..\\..\\windows\\system32\\notes.txt', 'notes.txt'],
        ['C:/Users/eva/Desktop/minutes.txt', 'minutes.txt'],
        ['invoice\u202Etxt.exe.txt', 'invoicetxt.exe.txt'],
        ['\u0007bell\u0000 and\u001b tab\t.txt', 'bell and tab.txt'],
        ['...hidden.txt', 'hidden.txt'],
        [`${'ž'.repeat(300)}.txt`, `${'ž'.repeat(196)}.txt`],
      ];
      for (const [sent] of cases)
        assert.equal(
          (await upload(as.coordinator, POST, [{ name: sent, content: 'text\n' }])).statusCode,
          303,
          JSON.stringify(sent),
        );
      const names = (await attachmentsOf(as.visitor, POST)).map((a) => a.name);
      for (const [sent, shown] of cases)
        assert.ok(
          names.includes(shown),
          `${JSON.stringify(sent)} is shown as ${JSON.stringify(shown)}: ${JSON.stringify(names)}`,
        );
    },
  );

  test('a post takes at most 20 attachments', async (t) => {
    const { urbis, as } = await setUp(t, engine);
    const post = await urbis.ctx.db
      .selectFrom('news_posts')
      .select('id')
      .where('slug', '=', SEED.split('/').pop()!)
      .executeTakeFirstOrThrow();
    const present = await rowCount(urbis);
    for (let i = present; i < 20; i++) {
      await urbis.ctx.db
        .insertInto('news_attachments')
        .values({
          post_id: post.id,
          name: `n${i}.txt`,
          storage_key: `${i}`.padStart(32, '0'),
          media_type: 'text/plain',
          size: 1,
          sha256: '0',
          uploaded_by: null,
          description: '',
          created_at: new Date().toISOString(),
        })
        .execute();
    }
    const response = await upload(as.coordinator, POST, [ACCEPTED[0]!]);
    assert.equal(response.statusCode, 400);
    assert.match(response.body, /at most 20 attachments/);
  });

  test(
    'when the disk refuses the file nothing is recorded; ' + 'when the database refuses the record the file is deleted',
    async (t) => {
      const { urbis, as } = await setUp(t, engine);
      const dir = urbis.ctx.config.uploadsDir;
      const rows = await rowCount(urbis);
      const kept = filesIn(dir).kept;
      // The temporary folder is a file now: the upload cannot be written.
      rmSync(path.join(dir, TEMPORARY_FOLDER), { recursive: true, force: true });
      writeFileSync(path.join(dir, TEMPORARY_FOLDER), 'in the way');
      const unsaved = await upload(as.coordinator, POST, [ACCEPTED[0]!]);
      assert.equal(unsaved.statusCode, 503);
      assert.match(unsaved.body, /The file could not be saved\. Please try again later\./);
      assert.equal(await rowCount(urbis), rows);
      rmSync(path.join(dir, TEMPORARY_FOLDER));
      // The table is away: a 500 (its page quotes a reference, never the error), and nothing stays.
      const db = urbis.ctx.db;
      await sql`alter table news_attachments rename to news_attachments_away`.execute(db);
      const failed = await upload(as.coordinator, POST, [ACCEPTED[0]!]);
      await sql`alter table news_attachments_away rename to news_attachments`.execute(db);
      assert.equal(failed.statusCode, 500);
      assert.doesNotMatch(failed.body, /news_attachments|SQL|no such table/i);
      await assertNothingStored(urbis, rows, kept, 'a database that is away');
      // The file is kept (moved into the store), then the insert fails: the file goes again.
      const temporary = path.join(dir, TEMPORARY_FOLDER, 'upload-in-progress');
      writeFileSync(temporary, ACCEPTED[0]!.content);
      const refusing = new Proxy(db, {
        get: (target, property) =>
          property === 'transaction'
            ? () => ({ execute: async () => Promise.reject(new Error('the database refuses')) })
            : Reflect.get(target, property),
      });
      const post = (await findPostBySlug(
        db,
        (await partnershipIdOf(db, 'digital-transition'))!,
        SEED.split('/').pop()!,
      ))!;
      const accepted = {
        path: temporary,
        size: ACCEPTED[0]!.content.length,
        sha256: '0',
        name: 'map.png',
        type: fileTypeOf('image/png')!,
      };
      await assert.rejects(
        attachFiles({ ...urbis.ctx, db: refusing }, post, 1, [accepted], ''),
        /the database refuses/,
      );
      await assertNothingStored(urbis, rows, kept, 'a failed insert');
      assert.equal((await upload(as.coordinator, POST, [ACCEPTED[0]!])).statusCode, 303, 'and it works again');
    },
  );

  test(
    'XSS payloads as file names are inert text in the post page, its edit page, the feed and JSON, ' +
      'and in the download header',
    { timeout: 600_000 },
    async (t) => {
      const { as } = await setUp(t, engine);
      assert.ok(PAYLOADS.length >= 100, 'the corpora are there');
      // The checker finds what it looks for, and no more.
      assert.equal(unsafe('<img src=x onerror=alert(1)>').length, 1);
      assert.equal(unsafe('<a title="a>b" href="javascript:alert(1)">x</a>').length, 1);
      assert.equal(unsafe('<script>alert(1)</script>').length, 1);
      assert.equal(unsafe('<p title="<img onerror=x>">&lt;img onerror=x></p>').length, 0);
      const problems: string[] = [];
      const check = (where: string, html: string) => {
        for (const problem of unsafe(html)) problems.push(`${where}: ${problem}`);
      };
      // 20 attachments a post at most: a post per 20 payloads.
      for (let start = 0; start < PAYLOADS.length; start += 20) {
        const created = await as.coordinator.post(
          '/en/partnerships/digital-transition/news',
          { title: `Files ${start}`, body: 'Names.', lang: 'en' },
          '/en/partnerships/digital-transition/news/new',
        );
        const postPath = String(created.headers.location);
        assert.equal((await as.coordinator.post(`${postPath}/publish`, {})).statusCode, 303);
        const batch = PAYLOADS.slice(start, start + 20);
        const expected: string[] = [];
        for (const [i, payload] of batch.entries()) {
          const sent = `${start + i} ${payload} ${start + i}.txt`;
          const response = await upload(as.coordinator, postPath, [{ name: sent, content: `payload ${start + i}\n` }], {
            description: payload.slice(0, 500),
          });
          assert.equal(response.statusCode, 303, `payload ${start + i}: ${response.statusCode}`);
          expected.push(cleanFileName(sent.replace(/[\r\n]+/g, ' ')));
        }
        const json = await attachmentsOf(as.visitor, postPath);
        const names = json.map((a) => a.name);
        assert.deepEqual(
          names.flatMap((name, i) =>
            name === expected[i] ? [] : [`${JSON.stringify(name)} ≠ ${JSON.stringify(expected[i])}`],
          ),
          [],
          'the API gives each name as it was cleaned',
        );
        const page = (await as.visitor.get(postPath)).body;
        check(`page ${postPath}`, page);
        check(`edit page ${postPath}`, (await as.coordinator.get(`${postPath}/edit`)).body);
        for (const a of json) {
          assert.ok(page.includes(`download>${escapeHtml(a.name)}</a>`), `${a.name} is shown as text`);
          const file = await as.visitor.get(linkOf(page, a.name));
          assert.equal(file.statusCode, 200, a.name);
          assert.equal(
            decodeURIComponent(String(file.headers['content-disposition']).split("filename*=UTF-8''")[1] ?? ''),
            a.name,
            'the header carries the name intact',
          );
          assert.match(
            String(file.headers['content-disposition']),
            /^attachment; filename="[\x20-\x7e]*"; filename\*=UTF-8''[A-Za-z0-9%!._~-]+$/,
          );
        }
      }
      const feed = (await as.visitor.get('/en/partnerships/digital-transition/news.atom')).body;
      const doc = new XMLParser({ ignoreAttributes: false }).parse(feed) as { feed: { entry?: unknown } };
      for (const entry of [doc.feed.entry ?? []].flat() as Record<string, unknown>[])
        check('feed content', String((entry.content as Record<string, unknown>)?.['#text'] ?? entry.content ?? ''));
      assert.deepEqual(problems, []);
    },
  );
});
