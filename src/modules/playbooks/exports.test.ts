// White-label exports of playbooks on both engines, on the demo: the form refusing bad input at its
// field (too little contrast with the ratio shown, in English and Czech; a colour that is not one; a logo
// that is not an image or is too large; a language that is not offered) with nothing stored; an export
// asked for, its job run as the queue runs it, its page and files for its requester and administrators
// only; the API (202 with Location, problems, the hourly limit as 429); a build that fails and is tried
// again; a playbook no longer available; expiry; a person's exports in their data and gone with them.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { forEachEngine } from '../../../test/helpers/app.js';
import { isPolyglotList, uniqueStrings, xssLists } from '../../../test/helpers/corpora.js';
import { createAccessToken } from '../../../test/support/accounts.js';
import { filesIn, multipart } from '../../../test/support/news-attachments.js';
import { setUp } from '../../../test/support/news.js';
import { makePng, unzipTo } from '../../../test/support/playbook-export.js';
import { jobHandlers } from '../../app.js';
import { JobRunner } from '../../core/jobs/queue.js';
import { createLogger } from '../../core/logger.js';
import { deleteAccount } from '../accounts/index.js';
import { expireExports, progressWriter } from './exports.job.js';
import { storeOf } from './exports.service.js';
import { exportPlaybooks } from './playbooks.privacy.js';

const DEMO = 'open-data-and-digital-services-in-a-small-city-where-to-start';
const EXPORTS = `/en/playbooks/${DEMO}/exports`;
const LOGO = makePng(40, 40, (x, y) => (Math.abs(x - y) < 4 ? [240, 200, 40, 255] : [20, 60, 110, 255]));
const GOOD = { name: 'Město Litomyšl', primary: '#1d3a5f', onPrimary: '#ffffff', accent: '#1f5aa6', lang: 'cs' };

type Problem = { errors?: { pointer: string; detail: string }[]; detail?: string };

forEachEngine('playbook exports', (engine) => {
  test('the form, an export built and downloaded, the API, failures, expiry, personal data', async (t) => {
    const { urbis, as, ids } = await setUp(t, engine);
    const { db } = urbis.ctx;
    const uploads = urbis.ctx.config.uploadsDir;
    const runQueue = () =>
      new JobRunner(db, urbis.ctx.dialect, jobHandlers(urbis.ctx), createLogger('silent')).runDue(50);
    const count = async () =>
      Number(
        (
          await db
            .selectFrom('playbook_exports')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    /** The export form sent by `who` (multipart, as a browser sends it), with a logo or none. */
    const send = async (
      who: keyof typeof as,
      fields: Record<string, string>,
      logo?: { name: string; content: Buffer },
      lang = 'en',
    ) => {
      const page = await as[who].get(`/${lang}/playbooks/${DEMO}/exports`);
      const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
      const body = multipart({ _csrf: token, ...fields }, logo ? [{ ...logo, field: 'logo', type: 'image/png' }] : []);
      return urbis.app.inject({
        method: 'POST',
        url: `/${lang}/playbooks/${DEMO}/exports`,
        headers: { cookie: as[who].header(), 'content-type': body.contentType },
        payload: body.payload,
      });
    };
    const lastJob = () =>
      db
        .selectFrom('core_jobs')
        .selectAll()
        .where('kind', '=', 'playbooks.export')
        .orderBy('id', 'desc')
        .executeTakeFirstOrThrow();

    await t.test('who may: anyone signed in who sees the playbook; visitors are sent to sign in', async () => {
      assert.equal((await as.visitor.get(EXPORTS)).statusCode, 303);
      for (const role of ['member', 'outsider', 'otherMember', 'coordinator', 'admin'] as const)
        assert.equal((await as[role].get(EXPORTS)).statusCode, 200, role);
      const page = await as.outsider.get(EXPORTS);
      assert.match(page.body, /enctype="multipart\/form-data"/);
      assert.match(page.body, /<input type="color" id="field-onPrimary" name="onPrimary" value="#ffffff"/);
      assert.equal((await as.visitor.get(`/api/v1/playbooks/${DEMO}/exports`)).statusCode, 401);
    });

    await t.test('bad input: at the field, the contrast with its ratio, nothing stored', async () => {
      const filesBefore = filesIn(uploads);
      const refused = await send('member', { ...GOOD, primary: '#ffffff', onPrimary: '#777777', accent: '#999999' });
      assert.equal(refused.statusCode, 400);
      assert.match(
        refused.body,
        new RegExp(
          'id="field-onPrimary-error">The header’s text has a contrast of 4\\.4:1 on its background; ' +
            'it needs at least 4\\.5:1\\.',
        ),
      );
      assert.match(refused.body, /id="field-accent-error">Links and headings have a contrast of 2\.8:1 on white/);
      assert.match(refused.body, /class="error-summary"/);
      assert.match(refused.body, /value="Město Litomyšl"/, 'what was typed is kept');
      const czech = await send('member', { ...GOOD, onPrimary: '#1d3a5f' }, undefined, 'cs');
      assert.equal(czech.statusCode, 400);
      assert.match(czech.body, /Text záhlaví má vůči svému pozadí kontrast 1 : 1; potřebuje alespoň 4,5 : 1\./);
      const wrong = await send('member', { ...GOOD, name: '', primary: 'red', lang: 'de' });
      assert.equal(wrong.statusCode, 400);
      for (const field of ['name', 'primary', 'lang'])
        assert.match(wrong.body, new RegExp(`id="field-${field}-error"`), field);
      assert.match(wrong.body, /Give a colour as # and six hexadecimal digits/);
      const text = await send('member', GOOD, { name: 'logo.png', content: Buffer.from('not an image at all\n') });
      assert.equal(text.statusCode, 400);
      assert.match(text.body, /id="field-logo-error">“logo\.png” is not a PNG or JPEG image\./);
      const noise = randomBytes(450 * 450 * 3);
      const large = makePng(450, 450, (x, y) => {
        const at = (y * 450 + x) * 3;
        return [noise[at]!, noise[at + 1]!, noise[at + 2]!, 255];
      });
      assert.ok(large.length > 512 * 1024, `a large logo (${large.length} bytes)`);
      const tooLarge = await send('member', GOOD, { name: 'logo.png', content: large });
      assert.equal(tooLarge.statusCode, 400);
      assert.match(tooLarge.body, /id="field-logo-error">The logo is larger than 512 KiB/);
      const misnamed = await send('member', GOOD, { name: 'logo.txt', content: LOGO });
      assert.match(misnamed.body, /id="field-logo-error">“logo\.txt” is an image whose name does not say so/);
      assert.equal(await count(), 0);
      assert.deepEqual(filesIn(uploads), filesBefore, 'no file kept, no temporary left');
    });

    let exportPath = '';
    await t.test('an export asked for, built by the queue, its page and files for its requester only', async () => {
      const made = await send('member', GOOD, { name: 'logo.png', content: LOGO });
      assert.equal(made.statusCode, 303);
      assert.match(made.headers.location!, new RegExp(`^/en/playbooks/${DEMO}/exports/\\d+$`));
      exportPath = made.headers.location!.replace(/^\/en/, '');
      const id = Number(exportPath.split('/').pop());
      const row = await db.selectFrom('playbook_exports').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      assert.deepEqual(
        [row.state, row.requester_id, row.lang, row.name, row.logo_type],
        ['waiting', ids.member, 'cs', 'Město Litomyšl', 'image/png'],
      );
      const days = (Date.parse(row.expires_at) - Date.parse(row.created_at)) / 86_400_000;
      assert.equal(days, 30, 'kept for 30 days');
      const job = await lastJob();
      assert.equal(job.status, 'pending');
      assert.deepEqual(typeof job.payload === 'string' ? JSON.parse(job.payload) : job.payload, { export: id });
      const waiting = await as.member.get(`/en${exportPath}`);
      assert.equal(waiting.statusCode, 200);
      assert.match(waiting.body, /Waiting/);
      assert.match(waiting.body, new RegExp(`<a href="/en${exportPath}">Check again</a>`));
      assert.ok(!/http-equiv/i.test(waiting.body), 'no refresh the reader did not ask for');
      assert.match(waiting.body, /Kept until/);
      for (const [role, status] of [
        ['otherMember', 404],
        ['outsider', 404],
        ['coordinator', 404],
        ['admin', 200],
        ['visitor', 303],
      ] as const)
        assert.equal((await as[role].get(`/en${exportPath}`)).statusCode, status, role);
      assert.match((await as.member.get(EXPORTS)).body, new RegExp(`href="/en${exportPath}"`), 'listed as theirs');
      assert.ok(!(await as.otherMember.get(EXPORTS)).body.includes(exportPath), 'not someone else’s');
      assert.equal(
        (await as.member.get(`/en${exportPath}/site.zip`)).statusCode,
        404,
        'nothing to download before it is built',
      );

      // While it is being built: a progress bar with its percentage.
      await db.updateTable('playbook_exports').set({ state: 'building', progress: 40 }).where('id', '=', id).execute();
      const building = await as.member.get(`/en${exportPath}`);
      assert.match(
        building.body,
        new RegExp(`<progress id="export-progress-${id}" max="100" value="40">40%</progress>`),
      );
      assert.match(building.body, /Check again/);
      assert.ok((await runQueue()) >= 1);
      const built = await db.selectFrom('playbook_exports').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      assert.deepEqual([built.state, built.progress, built.failure], ['ready', 100, null]);
      assert.equal((await lastJob()).status, 'done');
      const ready = await as.member.get(`/en${exportPath}`);
      assert.match(ready.body, /The website, as a zip \(\d/);
      assert.match(ready.body, /The PDF \(\d/);
      assert.ok(!ready.body.includes('Check again'));

      const zip = await as.member.get(`/en${exportPath}/site.zip`);
      assert.equal(zip.statusCode, 200);
      assert.equal(zip.headers['content-type'], 'application/zip');
      assert.match(
        String(zip.headers['content-disposition']),
        new RegExp(`^attachment; filename="${DEMO}-mesto-litomysl\\.zip"`),
      );
      assert.equal(zip.headers['x-content-type-options'], 'nosniff');
      const dir = mkdtempSync(path.join(tmpdir(), 'urbis-playbook-site-'));
      try {
        const names = await unzipTo(zip.rawPayload, dir);
        const first = names.find((name) => /^[^/]+\/index\.html$/.test(name));
        assert.ok(first, names.join(', '));
        const index = readFileSync(path.join(dir, first), 'utf8');
        assert.match(index, /lang="cs"/);
        assert.ok(index.includes('Město Litomyšl'));
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
      const pdf = await as.member.get(`/en${exportPath}/playbook.pdf`);
      assert.equal(pdf.statusCode, 200);
      assert.equal(pdf.headers['content-type'], 'application/pdf');
      assert.equal(pdf.rawPayload.subarray(0, 5).toString('latin1'), '%PDF-');
      assert.match(String(pdf.headers['content-disposition']), /^attachment; filename=".*-mesto-litomysl\.pdf"/);
      assert.equal((await as.admin.get(`/en${exportPath}/playbook.pdf`)).statusCode, 200, 'an administrator');
      for (const role of ['otherMember', 'outsider', 'coordinator'] as const)
        assert.equal((await as[role].get(`/en${exportPath}/site.zip`)).statusCode, 404, role);
      assert.equal((await as.visitor.get(`/en${exportPath}/site.zip`)).statusCode, 303);

      const token = (await createAccessToken(urbis.ctx, ids.member, 'exports')).token;
      const api = await urbis.app.inject({
        url: `/api/v1${exportPath}`,
        headers: { authorization: `Bearer ${token}` },
      });
      const json = JSON.parse(api.body) as { state: string; progress: number; downloads: { site: { url: string } } };
      assert.deepEqual([json.state, json.progress], ['ready', 100]);
      assert.equal(json.downloads.site.url, `/api/v1${exportPath}/site.zip`);
      const file = await urbis.app.inject({
        url: json.downloads.site.url,
        headers: { authorization: `Bearer ${token}` },
      });
      assert.equal(file.statusCode, 200);
      assert.equal(file.rawPayload.subarray(0, 2).toString('latin1'), 'PK');
      const other = (await createAccessToken(urbis.ctx, ids.otherMember, 'exports')).token;
      for (const url of [`/api/v1${exportPath}`, json.downloads.site.url])
        assert.equal(
          (await urbis.app.inject({ url, headers: { authorization: `Bearer ${other}` } })).statusCode,
          404,
          url,
        );
    });

    await t.test('progress is written at most every tenth', async () => {
      const written: number[] = [];
      const part = progressWriter(async (percent) => void written.push(percent));
      for (let i = 0; i <= 100; i++) await part(0, 50)(i / 100);
      for (let i = 0; i <= 100; i++) await part(50, 50)(i / 100);
      assert.deepEqual(written, [10, 20, 30, 40, 50, 60, 70, 80, 90]);
    });

    await t.test('the API: problems at their fields, 202 with Location, then ten an hour and 429', async () => {
      const token = (await createAccessToken(urbis.ctx, ids.outsider, 'exports')).token;
      const post = (payload: object) =>
        urbis.app.inject({
          method: 'POST',
          url: `/api/v1/playbooks/${DEMO}/exports`,
          headers: { authorization: `Bearer ${token}` },
          payload,
        });
      const bad = await post({ ...GOOD, onPrimary: '#2a4a70', lang: 'xx', logo: { data: 'bm90IGEgcGljdHVyZQ==' } });
      assert.equal(bad.statusCode, 400);
      const problem = JSON.parse(bad.body) as Problem;
      assert.deepEqual(problem.errors!.map((e) => e.pointer).sort(), [
        '/body/lang',
        '/body/logo/data',
        '/body/onPrimary',
      ]);
      assert.match(problem.errors!.find((e) => e.pointer === '/body/onPrimary')!.detail, /contrast of 1\.2:1/);
      const before = await count();
      const made = await post({ ...GOOD, name: 'Town of Telč', lang: 'en', logo: { data: LOGO.toString('base64') } });
      assert.equal(made.statusCode, 202);
      const body = JSON.parse(made.body) as { id: number; state: string; logo: boolean };
      assert.deepEqual([body.state, body.logo], ['waiting', true]);
      assert.equal(made.headers.location, `/api/v1/playbooks/${DEMO}/exports/${body.id}`);
      assert.equal(await count(), before + 1);
      for (let i = 0; i < 9; i++)
        assert.equal((await post({ ...GOOD, lang: 'en' })).statusCode, 202, `export ${i + 2}`);
      const eleventh = await post({ ...GOOD, lang: 'en' });
      assert.equal(eleventh.statusCode, 429);
      assert.match((JSON.parse(eleventh.body) as Problem).detail!, /You have asked for 10 exports in the last hour/);
      const page = await send('outsider', GOOD);
      assert.equal(page.statusCode, 429);
      assert.match(page.body, /You have asked for 10 exports in the last hour/);
      assert.equal(await count(), before + 10);
      assert.equal(filesIn(uploads).temporary.length, 0, 'no temporary left');
      // A name from the attack lists is shown as text.
      const polyglot = uniqueStrings(xssLists().filter(isPolyglotList)).find((s) => s.length <= 100 && /</.test(s))!;
      await db.updateTable('playbook_exports').set({ name: polyglot }).where('id', '=', body.id).execute();
      const listed = await as.outsider.get(EXPORTS);
      assert.ok(!listed.body.includes(polyglot), 'escaped');
      assert.ok(listed.body.includes(`/exports/${body.id}"`));
      // An hour later, one more may be asked for.
      await db
        .updateTable('playbook_exports')
        .set({ created_at: new Date(Date.now() - 3_700_000).toISOString() })
        .where('requester_id', '=', ids.outsider)
        .execute();
      assert.equal((await post({ ...GOOD, lang: 'en' })).statusCode, 202);
      await db.deleteFrom('core_jobs').where('kind', '=', 'playbooks.export').where('status', '=', 'pending').execute();
    });

    await t.test(
      'a failed build says so (no error text) and the queue tries again; an unavailable playbook',
      async () => {
        const made = await send('otherMember', { ...GOOD, lang: 'en' }, { name: 'logo.png', content: LOGO });
        const failingPath = made.headers.location!.replace(/^\/en/, '');
        const id = Number(failingPath.split('/').pop());
        const row = await db.selectFrom('playbook_exports').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
        const logo = storeOf(urbis.ctx).pathOf(row.logo_key!);
        rmSync(logo);
        await runQueue();
        const failed = await db
          .selectFrom('playbook_exports')
          .selectAll()
          .where('id', '=', id)
          .executeTakeFirstOrThrow();
        assert.deepEqual([failed.state, failed.failure], ['failed', 'build']);
        const job = await lastJob();
        assert.deepEqual([job.status, job.attempts], ['pending', 1], 'the queue tries again later');
        const page = await as.otherMember.get(`/en${failingPath}`);
        assert.match(page.body, /Making the export failed\. It is tried again by itself/);
        assert.ok(!/ENOENT|no such file|at async/i.test(page.body), 'no error text on the page');
        writeFileSync(logo, LOGO);
        await db
          .updateTable('core_jobs')
          .set({ run_at: new Date(Date.now() - 1000).toISOString() })
          .execute();
        await runQueue();
        const again = await db
          .selectFrom('playbook_exports')
          .selectAll()
          .where('id', '=', id)
          .executeTakeFirstOrThrow();
        assert.equal(again.state, 'ready');

        // Asked for, then the playbook goes back to a draft before it is built: the requester no longer sees it.
        const second = await send('otherMember', { ...GOOD, lang: 'en' });
        const secondId = Number(second.headers.location!.split('/').pop());
        await db.updateTable('playbooks').set({ state: 'draft' }).where('slug', '=', DEMO).execute();
        await runQueue();
        const unavailable = await db
          .selectFrom('playbook_exports')
          .selectAll()
          .where('id', '=', secondId)
          .executeTakeFirstOrThrow();
        assert.deepEqual([unavailable.state, unavailable.failure], ['failed', 'unavailable']);
        assert.equal((await lastJob()).status, 'done', 'nothing to try again');
        assert.equal((await as.otherMember.get(`/en${failingPath}`)).statusCode, 404, 'nor its exports');
        await db.updateTable('playbooks').set({ state: 'published' }).where('slug', '=', DEMO).execute();
      },
    );

    await t.test('expiry: past their time, rows and files go; the sweep queues its next run', async () => {
      const row = await db
        .selectFrom('playbook_exports')
        .selectAll()
        .where('state', '=', 'ready')
        .where('requester_id', '=', ids.otherMember)
        .executeTakeFirstOrThrow();
      const files = [row.logo_key!, row.site_key!, row.pdf_key!].map((key) => storeOf(urbis.ctx).pathOf(key));
      assert.ok(files.every((f) => existsSync(f)));
      await db
        .updateTable('playbook_exports')
        .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
        .where('id', '=', row.id)
        .execute();
      const page = `/en/playbooks/${DEMO}/exports/${row.id}`;
      assert.equal((await as.otherMember.get(page)).statusCode, 200, 'still there until the sweep');
      const before = await count();
      assert.equal(await expireExports(urbis.ctx), 1);
      assert.equal(await count(), before - 1);
      assert.ok(
        files.every((f) => !existsSync(f)),
        'its files are gone',
      );
      assert.equal((await as.otherMember.get(page)).statusCode, 404);
      const sweeps = await db.selectFrom('core_jobs').select('run_at').where('kind', '=', 'playbooks.expire').execute();
      assert.equal(sweeps.length, 1, 'the next sweep, once');
      assert.ok(Date.parse(sweeps[0]!.run_at) > Date.now());
      await urbis.ctx.modules.find((m) => m.id === 'playbooks')!.startJobs!(urbis.ctx);
      assert.equal(
        (await db.selectFrom('core_jobs').select('id').where('kind', '=', 'playbooks.expire').execute()).length,
        1,
        'a node starting asks for the same sweep',
      );
    });

    await t.test('a person’s exports are in their data, and go with their account (rows and files)', async () => {
      const data = (await exportPlaybooks(urbis.ctx, ids.member)) as { exports: { name: string }[] };
      assert.deepEqual(
        data.exports.map((e) => e.name),
        ['Město Litomyšl'],
      );
      const row = await db
        .selectFrom('playbook_exports')
        .selectAll()
        .where('requester_id', '=', ids.member)
        .executeTakeFirstOrThrow();
      const files = [row.logo_key!, row.site_key!, row.pdf_key!].map((key) => storeOf(urbis.ctx).pathOf(key));
      await deleteAccount(urbis.ctx, ids.member);
      assert.equal(
        (await db.selectFrom('playbook_exports').select('id').where('requester_id', '=', ids.member).execute()).length,
        0,
      );
      assert.ok(files.every((f) => !existsSync(f)));
    });
  });
});
