import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Urbis } from '../../app.js';
import { csrfTokenOf, forEachEngine } from '../../../test/helpers/app.js';
import { createAccessToken } from '../../../test/support/accounts.js';
import { ACCEPTED, filesIn, multipart, type FilePart } from '../../../test/support/news-attachments.js';
import { imageSize } from './logo.service.js';
import { signInOnce, withPartnershipPeople } from '../../../test/support/partnerships.js';

const DTP = '/en/partnerships/digital-transition';
const API = '/api/v1/partnerships/digital-transition';

const PNG = ACCEPTED.find((s) => s.name === 'map.png')!.content;
/** The header of a baseline JPEG of that size: start of image, JFIF, a start of frame (three components), end. */
function jpegOfSize(width: number, height: number): Buffer {
  const frame = Buffer.from([0xff, 0xc0, 0, 17, 8, 0, 0, 0, 0, 3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1]);
  frame.writeUInt16BE(height, 5);
  frame.writeUInt16BE(width, 7);
  return Buffer.concat([
    Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]),
    Buffer.from('JFIF\0\x01\x01\0\0\x01\0\x01\0\0', 'latin1'),
    frame,
    Buffer.from([0xff, 0xd9]),
  ]);
}
const WEBP = ACCEPTED.find((s) => s.name === 'dot.webp')!.content;

/** The 1×1 PNG with its IHDR saying another size. */
function pngOfSize(width: number, height: number): Buffer {
  const bytes = Buffer.from(PNG);
  bytes.writeUInt32BE(width, 16);
  bytes.writeUInt32BE(height, 20);
  return bytes;
}

/** GETs `from` as the person of `cookie`, then POSTs a form with its token (a visitor's: none). */
async function postForm(urbis: Urbis, cookie: string, from: string, url: string, fields: Record<string, string>) {
  const page = await urbis.app.inject({ url: from, headers: { cookie } });
  const token = page.statusCode === 200 ? csrfTokenOf(page.body) : '';
  return urbis.app.inject({
    method: 'POST',
    url,
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ _csrf: token, ...fields }).toString(),
  });
}

/** Sends the logo form with a file, as the person of `cookie`, with a form token from their own (or the edit) page. */
async function uploadLogo(urbis: Urbis, cookie: string, file: FilePart) {
  const page = await urbis.app.inject({ url: DTP, headers: { cookie } });
  const token = page.statusCode === 200 ? csrfTokenOf(page.body) : '';
  const { payload, contentType } = multipart({ _csrf: token }, [{ field: 'logo', ...file }]);
  return urbis.app.inject({
    method: 'POST',
    url: `${DTP}/logo`,
    headers: { cookie, 'content-type': contentType },
    payload,
  });
}

async function auditActions(urbis: Urbis, partnershipId: number): Promise<string[]> {
  const rows = await urbis.ctx.db
    .selectFrom('core_audit_log')
    .select('action')
    .where('partnership_id', '=', partnershipId)
    .orderBy('id')
    .execute();
  return rows.map((r) => r.action);
}

const fieldError = (html: string, field: string) =>
  new RegExp(`id="field-${field}-error">([^<]*)<`).exec(html)?.[1]?.trim();

test('the size of a logo is read from its header (PNG, JPEG, WebP); a file that only begins like one has none', () => {
  assert.deepEqual(imageSize(PNG, 'png'), { width: 1, height: 1 });
  assert.deepEqual(imageSize(pngOfSize(640, 480), 'png'), { width: 640, height: 480 });
  assert.deepEqual(imageSize(WEBP, 'webp'), { width: 1, height: 1 });
  assert.deepEqual(imageSize(jpegOfSize(320, 200), 'jpeg'), { width: 320, height: 200 });
  const noFrame = ACCEPTED.find((s) => s.name === 'Photo.JPG')!.content;
  assert.equal(imageSize(noFrame, 'jpeg'), null, 'a JPEG without a frame has no size');
  const vp8x = Buffer.alloc(30);
  vp8x.write('RIFF', 0, 'latin1');
  vp8x.write('WEBPVP8X', 8, 'latin1');
  vp8x.writeUIntLE(299, 24, 3);
  vp8x.writeUIntLE(149, 27, 3);
  assert.deepEqual(imageSize(vp8x, 'webp'), { width: 300, height: 150 });
  const disguised = Buffer.concat([PNG.subarray(0, 8), Buffer.from('<script>alert(1)</script>')]);
  assert.equal(imageSize(disguised, 'png'), null);
  assert.equal(imageSize(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 1, 2, 3, 4, 5, 6]), 'jpeg'), null);
});

forEachEngine('partnership editing', (engine) => {
  test(
    'a coordinator sets a logo: shown in the API, the list and the edit ' +
      'page, served as an image; replaced, then removed',
    async (t) => {
      const { urbis, dtp } = await withPartnershipPeople(t, engine);
      const kaja = await signInOnce(urbis, 'kaja');
      const before = filesIn(urbis.ctx.config.uploadsDir).kept.length;
      assert.equal((await urbis.app.inject(`${API}`)).json().logo, null);
      assert.equal((await urbis.app.inject(`${API}/logo`)).statusCode, 404, 'no logo yet');

      const sent = await uploadLogo(urbis, kaja, { name: 'logo.png', content: PNG, type: 'image/png' });
      assert.equal(sent.statusCode, 303, sent.body.slice(0, 400));
      assert.equal(sent.headers.location, `${DTP}/edit/logo?done=saved`);
      const saved = await urbis.app.inject({ url: sent.headers.location as string, headers: { cookie: kaja } });
      assert.match(saved.body, /The logo has been saved/);
      assert.match(saved.body, /alt="Logo of Digital Transition"/);

      const detail = (await urbis.app.inject(API)).json();
      assert.match(detail.logo, /^\/api\/v1\/partnerships\/digital-transition\/logo\?v=[0-9a-f]{16}$/);
      const list = await urbis.app.inject('/en/partnerships');
      assert.ok(list.body.includes(`src="${detail.logo.replace(/&/g, '&amp;')}"`), 'the card shows it');
      assert.equal(
        (await urbis.app.inject('/api/v1/partnerships'))
          .json()
          .items.find((p: { slug: string }) => p.slug === 'digital-transition').logo,
        detail.logo,
      );

      const image = await urbis.app.inject(detail.logo);
      assert.equal(image.statusCode, 200);
      assert.equal(image.headers['content-type'], 'image/png');
      assert.equal(image.headers['x-content-type-options'], 'nosniff');
      assert.equal(image.headers['content-security-policy'], "default-src 'none'; sandbox");
      assert.match(String(image.headers['cache-control']), /immutable/);
      assert.deepEqual(image.rawPayload, PNG);
      const again = await urbis.app.inject({
        url: detail.logo,
        headers: { 'if-none-match': String(image.headers.etag) },
      });
      assert.equal(again.statusCode, 304);
      assert.doesNotMatch(String((await urbis.app.inject(`${API}/logo`)).headers['cache-control']), /immutable/);

      // Replaced: the old file goes from the store (besides the demo's attachments).
      assert.equal(filesIn(urbis.ctx.config.uploadsDir).kept.length, before + 1);
      const replaced = await uploadLogo(urbis, kaja, { name: 'logo.webp', content: WEBP, type: 'image/webp' });
      assert.equal(replaced.statusCode, 303);
      assert.equal(filesIn(urbis.ctx.config.uploadsDir).kept.length, before + 1, 'the old logo’s file is gone');
      const webp = (await urbis.app.inject(API)).json().logo;
      assert.notEqual(webp, detail.logo, 'a new logo is a new address');
      assert.equal((await urbis.app.inject(webp)).headers['content-type'], 'image/webp');

      // Removed (twice: the second click removes nothing and records nothing).
      const removed = await postForm(urbis, kaja, `${DTP}/edit/logo`, `${DTP}/logo/delete`, {});
      assert.equal(removed.headers.location, `${DTP}/edit/logo?done=removed`);
      const twice = await postForm(urbis, kaja, `${DTP}/edit/logo`, `${DTP}/logo/delete`, {});
      assert.equal(twice.headers.location, `${DTP}/edit/logo?done=none`);
      assert.equal((await urbis.app.inject(API)).json().logo, null);
      assert.equal((await urbis.app.inject(`${API}/logo`)).statusCode, 404);
      assert.equal(filesIn(urbis.ctx.config.uploadsDir).kept.length, before);
      assert.deepEqual(await auditActions(urbis, dtp), [
        'partnerships.setLogo',
        'partnerships.setLogo',
        'partnerships.removeLogo',
      ]);
      // The sentences the audit log says them with, in both languages.
      const said = { actor: 'Kaja Tamm', partnership: 'Digital Transition', subject: '1' };
      assert.equal(
        urbis.ctx.i18n('en').t('partnerships.audit.setLogo', said),
        'Kaja Tamm set a new logo for Digital Transition.',
      );
      assert.equal(
        urbis.ctx.i18n('cs').t('partnerships.audit.removeLogo', said),
        'Kaja Tamm odebral(a) logo partnerství Digital Transition.',
      );
    },
  );

  test(
    'a logo that is not a PNG, JPEG or WebP by its bytes, too big or ' +
      'unreadable is refused at its field; nothing is kept',
    async (t) => {
      const { urbis, ids } = await withPartnershipPeople(t, engine);
      const kaja = await signInOnce(urbis, 'kaja');
      const demoFiles = filesIn(urbis.ctx.config.uploadsDir).kept;
      const cases: [string, FilePart, RegExp][] = [
        [
          'a script disguised as a PNG',
          { name: 'logo.png', content: Buffer.from('<script>alert(1)</script>') },
          /not a PNG, JPEG or WebP/,
        ],
        [
          'an SVG',
          {
            name: 'logo.svg',
            content: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
          },
          /SVG among them/,
        ],
        [
          'an SVG named as a PNG',
          { name: 'logo.png', content: Buffer.from('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>') },
          /not a PNG, JPEG or WebP/,
        ],
        [
          'a GIF',
          { name: 'dot.gif', content: ACCEPTED.find((s) => s.name === 'dot.gif')!.content },
          /not a PNG, JPEG or WebP/,
        ],
        [
          'a PDF',
          { name: 'minutes.pdf', content: ACCEPTED.find((s) => s.name === 'minutes.pdf')!.content },
          /not a PNG/,
        ],
        [
          'a PNG signature with a script after it',
          { name: 'logo.png', content: Buffer.concat([PNG.subarray(0, 8), Buffer.from('<script>alert(1)</script>')]) },
          /could not be read as an image/,
        ],
        ['a PNG named as a JPEG', { name: 'logo.jpg', content: PNG }, /its name does not say so/],
        [
          'over 1 MB',
          { name: 'big.png', content: Buffer.concat([PNG, Buffer.alloc(1024 * 1024)]) },
          /larger than 1 MB/,
        ],
        ['over 4096 pixels a side', { name: 'wide.png', content: pngOfSize(5000, 10) }, /larger than 4,096 pixels/],
        ['an empty file', { name: 'logo.png', content: Buffer.alloc(0) }, /empty|Choose an image/],
        ['no file', { name: '', content: Buffer.alloc(0) }, /Choose an image file/],
      ];
      for (const [why, file, message] of cases) {
        const response = await uploadLogo(urbis, kaja, file);
        assert.equal(response.statusCode, 400, why);
        assert.match(fieldError(response.body, 'logo') ?? '', message, why);
        assert.match(response.body, /class="error-summary"/, why);
      }
      assert.equal((await urbis.app.inject(API)).json().logo, null);
      assert.deepEqual(filesIn(urbis.ctx.config.uploadsDir), { kept: demoFiles, temporary: [] });

      // Through the API: a problem whose pointer names the field.
      const { token } = await createAccessToken(urbis.ctx, ids.coordinator, 'logo');
      const { payload, contentType } = multipart({}, [
        { field: 'logo', name: 'logo.png', content: Buffer.from('<script>alert(1)</script>') },
      ]);
      const problem = await urbis.app.inject({
        method: 'POST',
        url: `${API}/logo`,
        headers: { authorization: `Bearer ${token}`, 'content-type': contentType },
        payload,
      });
      assert.equal(problem.statusCode, 400);
      assert.equal(problem.json().errors[0].pointer, '/body/logo');
      const good = multipart({}, [{ field: 'logo', name: 'logo.png', content: PNG }]);
      const set = await urbis.app.inject({
        method: 'POST',
        url: `${API}/logo`,
        headers: { authorization: `Bearer ${token}`, 'content-type': good.contentType },
        payload: good.payload,
      });
      assert.equal(set.statusCode, 200);
      assert.match(set.json().logo, /\/logo\?v=/);
      const gone = await urbis.app.inject({
        method: 'DELETE',
        url: `${API}/logo`,
        headers: { authorization: `Bearer ${token}` },
      });
      assert.equal(gone.statusCode, 204);
      assert.equal((await urbis.app.inject(API)).json().logo, null);
    },
  );

  test(
    'members, outsiders and visitors cannot set or remove a logo, nor ' +
      'see the editing pages: a 404, and nothing changes',
    async (t) => {
      const { urbis, dtp } = await withPartnershipPeople(t, engine);
      const kaja = await signInOnce(urbis, 'kaja');
      const before = filesIn(urbis.ctx.config.uploadsDir).kept.length;
      assert.equal((await uploadLogo(urbis, kaja, { name: 'logo.png', content: PNG })).statusCode, 303);
      const logo = (await urbis.app.inject(API)).json().logo;
      for (const who of ['lotte', 'milan']) {
        const cookie = await signInOnce(urbis, who);
        for (const path of [
          '/edit/logo',
          '/edit/organisations',
          '/edit/pages',
          '/edit/pages/new',
          '/edit/pages/about',
        ]) {
          assert.equal(
            (await urbis.app.inject({ url: `${DTP}${path}`, headers: { cookie } })).statusCode,
            404,
            `${who} ${path}`,
          );
        }
        assert.equal((await uploadLogo(urbis, cookie, { name: 'other.webp', content: WEBP })).statusCode, 404, who);
        assert.equal((await postForm(urbis, cookie, DTP, `${DTP}/logo/delete`, {})).statusCode, 404, who);
        assert.equal(
          (
            await postForm(urbis, cookie, DTP, `${DTP}/edit/pages`, {
              slug: 'mine',
              title: 'Mine',
              body: 'x',
              lang: 'en',
            })
          ).statusCode,
          404,
        );
        assert.equal(
          (await postForm(urbis, cookie, DTP, `${DTP}/organisations`, { organisation: 'espon', standing: 'member' }))
            .statusCode,
          404,
        );
      }
      const visitor = await urbis.app.inject(`${DTP}/edit/logo`);
      assert.equal(visitor.statusCode, 303, 'a visitor is asked to sign in');
      assert.equal((await urbis.app.inject(API)).json().logo, logo, 'the logo stayed');
      assert.deepEqual(await auditActions(urbis, dtp), ['partnerships.setLogo']);
      assert.equal(filesIn(urbis.ctx.config.uploadsDir).kept.length, before + 1, 'no file of theirs was kept');
    },
  );

  test(
    'a coordinator adds an organisation from the directory, changes its ' +
      'standing and takes it out (asked first); each audited once',
    async (t) => {
      const { urbis, dtp, ids } = await withPartnershipPeople(t, engine);
      const kaja = await signInOnce(urbis, 'kaja');
      const page = `${DTP}/edit/organisations`;
      const list = await urbis.app.inject({ url: page, headers: { cookie: kaja } });
      assert.equal(list.statusCode, 200);
      assert.match(list.body, /<option value="espon">ESPON<\/option>/, 'ESPON can be added');
      assert.doesNotMatch(list.body, /<option value="urbact">/, 'URBACT takes part already');
      const search = await urbis.app.inject({ url: `${page}?q=esp`, headers: { cookie: kaja } });
      assert.match(search.body, /<option value="espon">/);
      assert.doesNotMatch(search.body, /<option value="eurocities">/, 'the search narrows the list');

      // Added twice at once (a double click): once, with one record.
      const [first, second] = await Promise.all([
        postForm(urbis, kaja, page, `${DTP}/organisations`, { organisation: 'espon', standing: 'observer' }),
        postForm(urbis, kaja, page, `${DTP}/organisations`, { organisation: 'espon', standing: 'observer' }),
      ]);
      assert.deepEqual([first.headers.location, second.headers.location].sort(), [
        `${page}?done=added`,
        `${page}?done=unchanged`,
      ]);
      const members = (await urbis.app.inject(`${API}/members`)).json();
      assert.equal(members.organisations.find((o: { slug: string }) => o.slug === 'espon').role, 'observer');

      const unknown = await postForm(urbis, kaja, page, `${DTP}/organisations`, {
        organisation: 'no-such-org',
        standing: 'member',
      });
      assert.equal(unknown.statusCode, 400);
      assert.ok(fieldError(unknown.body, 'organisation'));
      const noStanding = await postForm(urbis, kaja, page, `${DTP}/organisations`, {
        organisation: 'espon',
        standing: 'king',
      });
      assert.equal(noStanding.statusCode, 400);
      assert.ok(fieldError(noStanding.body, 'standing'));

      const changed = await postForm(urbis, kaja, page, `${DTP}/organisations/espon`, { standing: 'member' });
      assert.equal(changed.headers.location, `${page}?done=changed`);
      const same = await postForm(urbis, kaja, page, `${DTP}/organisations/espon`, { standing: 'member' });
      assert.equal(same.headers.location, `${page}?done=unchanged`);
      const badStanding = await postForm(urbis, kaja, page, `${DTP}/organisations/espon`, { standing: 'emperor' });
      assert.equal(badStanding.statusCode, 400);
      assert.ok(fieldError(badStanding.body, 'standing-espon'));
      assert.equal(
        (await postForm(urbis, kaja, page, `${DTP}/organisations/luxembourg`, { standing: 'member' })).statusCode,
        404,
        'not in it',
      );

      const confirm = await urbis.app.inject({ url: `${DTP}/organisations/espon/remove`, headers: { cookie: kaja } });
      assert.equal(confirm.statusCode, 200);
      assert.match(confirm.body, /Take ESPON out of the partnership\?/);
      const removed = await postForm(
        urbis,
        kaja,
        `${DTP}/organisations/espon/remove`,
        `${DTP}/organisations/espon/remove`,
        {},
      );
      assert.equal(removed.headers.location, `${page}?done=removed`);
      const again = await postForm(urbis, kaja, page, `${DTP}/organisations/espon/remove`, {});
      assert.equal(again.statusCode, 404, 'taken out already');
      assert.equal(
        (await urbis.app.inject({ url: `${DTP}/organisations/espon/remove`, headers: { cookie: kaja } })).statusCode,
        404,
      );
      assert.ok(
        !(await urbis.app.inject(`${API}/members`))
          .json()
          .organisations.some((o: { slug: string }) => o.slug === 'espon'),
      );
      assert.deepEqual(await auditActions(urbis, dtp), [
        'partnerships.addOrganisation',
        'partnerships.changeStanding',
        'partnerships.removeOrganisation',
      ]);
      const en = urbis.ctx.i18n('en').t;
      const cs = urbis.ctx.i18n('cs').t;
      const said = { actor: 'Kaja Tamm', subject: 'ESPON', partnership: 'Digital Transition' };
      assert.equal(
        en('partnerships.audit.changeStanding', { ...said, from: 'observer', to: 'commission-service' }),
        'Kaja Tamm changed the standing of ESPON from observer to Commission service.',
      );
      assert.equal(
        cs('partnerships.audit.addOrganisation', { ...said, standing: 'observer' }),
        'Kaja Tamm přidal(a) organizaci ESPON do partnerství jako pozorovatele.',
      );

      // The API, with the administrator's token.
      const { token } = await createAccessToken(urbis.ctx, ids.admin, 'orgs');
      const auth = { authorization: `Bearer ${token}` };
      const added = await urbis.app.inject({
        method: 'POST',
        url: `${API}/organisations`,
        headers: auth,
        payload: { organisation: 'espon', standing: 'member' },
      });
      assert.equal(added.statusCode, 201);
      assert.equal(added.json().role, 'member');
      const bad = await urbis.app.inject({
        method: 'POST',
        url: `${API}/organisations`,
        headers: auth,
        payload: { organisation: 'espon', standing: 'x' },
      });
      assert.equal(bad.statusCode, 400);
      const moved = await urbis.app.inject({
        method: 'POST',
        url: `${API}/organisations/espon`,
        headers: auth,
        payload: { standing: 'coordinator' },
      });
      assert.equal(moved.json().role, 'coordinator');
      const taken = await urbis.app.inject({ method: 'DELETE', url: `${API}/organisations/espon`, headers: auth });
      assert.equal(taken.statusCode, 204);
      assert.equal(
        (await urbis.app.inject({ method: 'DELETE', url: `${API}/organisations/espon`, headers: auth })).statusCode,
        404,
      );
      const member = await createAccessToken(urbis.ctx, ids.member, 'orgs');
      const refused = await urbis.app.inject({
        method: 'POST',
        url: `${API}/organisations`,
        headers: { authorization: `Bearer ${member.token}` },
        payload: { organisation: 'espon', standing: 'member' },
      });
      assert.equal(refused.statusCode, 404, 'a member does not learn that the route exists');
    },
  );

  test(
    'pages: created at the end, put in order with up and down (the ' +
      'same move twice moves once), deleted after asking',
    async (t) => {
      const { urbis, dtp } = await withPartnershipPeople(t, engine);
      const kaja = await signInOnce(urbis, 'kaja');
      const list = `${DTP}/edit/pages`;
      const order = async () =>
        (await urbis.app.inject({ url: `${API}/edit/pages`, headers: { cookie: kaja } }))
          .json()
          .items.map((p: { slug: string }) => p.slug);
      assert.deepEqual(await order(), ['about', 'working-notes']);
      for (const slug of ['agenda', 'contacts']) {
        const created = await postForm(urbis, kaja, `${list}/new`, list, {
          slug,
          title: `The ${slug}`,
          body: 'One.\n\nTwo.',
          lang: 'en',
        });
        assert.equal(created.headers.location, `${list}?done=created`, slug);
      }
      assert.deepEqual(await order(), ['about', 'working-notes', 'agenda', 'contacts']);

      const taken = await postForm(urbis, kaja, `${list}/new`, list, {
        slug: 'agenda',
        title: 'Again',
        body: 'x',
        lang: 'en',
      });
      assert.equal(taken.statusCode, 400);
      assert.match(fieldError(taken.body, 'slug') ?? '', /has a page at this address already/);
      assert.match(taken.body, /value="Again"/, 'what was typed is shown again');
      const reserved = await postForm(urbis, kaja, `${list}/new`, list, {
        slug: 'new',
        title: 'New',
        body: 'x',
        lang: 'en',
      });
      assert.match(fieldError(reserved.body, 'slug') ?? '', /kept for the site/);
      const badSlug = await postForm(urbis, kaja, `${list}/new`, list, {
        slug: 'Not a slug!',
        title: '',
        body: 'x',
        lang: 'xx',
      });
      assert.equal(badSlug.statusCode, 400);
      for (const field of ['slug', 'title', 'lang']) assert.ok(fieldError(badSlug.body, field), field);

      // "Move up" on contacts (4 → 3), sent twice: it moves once.
      const page = await urbis.app.inject({ url: list, headers: { cookie: kaja } });
      assert.match(page.body, /action="\/en\/partnerships\/digital-transition\/edit\/pages\/contacts\/move"/);
      for (let i = 0; i < 2; i++) {
        const moved = await postForm(urbis, kaja, list, `${list}/contacts/move`, { position: '3' });
        assert.equal(moved.headers.location, `${list}?done=moved`);
      }
      assert.deepEqual(await order(), ['about', 'working-notes', 'contacts', 'agenda']);
      await postForm(urbis, kaja, list, `${list}/about/move`, { position: '99' });
      assert.deepEqual(await order(), ['working-notes', 'contacts', 'agenda', 'about']);
      assert.equal((await postForm(urbis, kaja, list, `${list}/about/move`, { position: '0' })).statusCode, 400);
      // Readers see that order.
      const hub = await urbis.app.inject({ url: DTP, headers: { cookie: kaja } });
      const at = (title: string) => hub.body.indexOf(title);
      assert.ok(
        at('The contacts') > 0 &&
          at('The contacts') < at('The agenda') &&
          at('The agenda') < at('About the partnership'),
      );

      const edited = await postForm(urbis, kaja, `${list}/agenda`, `${list}/agenda`, {
        title: 'Agenda 2019',
        body: 'Luxembourg.',
        lang: 'cs',
      });
      assert.equal(edited.headers.location, `${list}?done=saved`);
      const read = (await urbis.app.inject(`${API}/pages/agenda`)).json();
      assert.deepEqual(
        [read.title, read.body, read.lang, read.membersOnly],
        ['Agenda 2019', 'Luxembourg.', 'cs', false],
      );

      const confirm = await urbis.app.inject({ url: `${list}/agenda/delete`, headers: { cookie: kaja } });
      assert.match(confirm.body, /Delete the page “Agenda 2019”\?/);
      const deleted = await postForm(urbis, kaja, `${list}/agenda/delete`, `${list}/agenda/delete`, {});
      assert.equal(deleted.headers.location, `${list}?done=deleted`);
      const twice = await postForm(urbis, kaja, list, `${list}/agenda/delete`, {});
      assert.equal(twice.statusCode, 404, 'deleted already');
      assert.equal((await urbis.app.inject(`${DTP}/pages/agenda`)).statusCode, 404);
      const lines = await urbis.ctx.db
        .selectFrom('partnership_activity')
        .select('path')
        .where('partnership_id', '=', dtp)
        .where('kind', '=', 'pageUpdated')
        .execute();
      assert.deepEqual(
        lines.map((l) => l.path).filter((p) => p?.endsWith('/agenda') || p?.endsWith('/contacts')),
        ['/partnerships/digital-transition/pages/contacts'],
        'one line for the page written, none for the one deleted',
      );
      const items = (await urbis.app.inject({ url: `${API}/edit/pages`, headers: { cookie: kaja } })).json().items;
      assert.deepEqual(
        items.map((p: { position: number }) => p.position),
        [1, 2, 3],
        'numbered again without a gap',
      );
      assert.deepEqual(await auditActions(urbis, dtp), [
        'partnerships.createPage',
        'partnerships.createPage',
        'partnerships.movePage',
        'partnerships.movePage',
        'partnerships.editPage',
        'partnerships.deletePage',
      ]);
    },
  );

  test(
    'a members-only page stays invisible to visitors and ' + 'outsiders everywhere, until it is made public',
    async (t) => {
      const { urbis } = await withPartnershipPeople(t, engine);
      const kaja = await signInOnce(urbis, 'kaja');
      const list = `${DTP}/edit/pages`;
      const created = await postForm(urbis, kaja, `${list}/new`, list, {
        slug: 'budget-draft',
        title: 'Budget draft',
        body: 'Figures for the members.',
        lang: 'en',
        members_only: 'on',
      });
      assert.equal(created.statusCode, 303);
      const milan = await signInOnce(urbis, 'milan');
      const lotte = await signInOnce(urbis, 'lotte');
      const hidden = async (cookie: string | undefined, who: string) => {
        const headers = cookie ? { cookie } : {};
        assert.equal((await urbis.app.inject({ url: `${DTP}/pages/budget-draft`, headers })).statusCode, 404, who);
        assert.equal((await urbis.app.inject({ url: `${API}/pages/budget-draft`, headers })).statusCode, 404, who);
        assert.doesNotMatch((await urbis.app.inject({ url: DTP, headers })).body, /Budget draft/, who);
        assert.doesNotMatch((await urbis.app.inject({ url: `${DTP}/pages`, headers })).body, /Budget draft/, who);
        assert.doesNotMatch(
          JSON.stringify((await urbis.app.inject({ url: API, headers })).json()),
          /budget-draft/,
          who,
        );
        assert.equal(
          (await urbis.app.inject({ url: `${API}/edit/pages`, headers })).statusCode,
          cookie ? 404 : 401,
          who,
        );
      };
      await hidden(undefined, 'visitor');
      await hidden(milan, 'outsider');
      // Members see its line in the activity stream, linking to it.
      const stream = JSON.stringify((await urbis.app.inject({ url: API, headers: { cookie: lotte } })).json());
      assert.match(stream, /\/partnerships\/digital-transition\/pages\/budget-draft/);
      assert.equal(
        (await urbis.app.inject({ url: `${DTP}/pages/budget-draft`, headers: { cookie: lotte } })).statusCode,
        200,
      );
      assert.match((await urbis.app.inject({ url: DTP, headers: { cookie: lotte } })).body, /Budget draft/);

      const made = await postForm(urbis, kaja, `${list}/budget-draft`, `${list}/budget-draft`, {
        title: 'Budget',
        body: 'Figures for everyone.',
        lang: 'en',
      });
      assert.equal(made.statusCode, 303);
      assert.equal((await urbis.app.inject(`${DTP}/pages/budget-draft`)).statusCode, 200, 'public now');
      assert.match(JSON.stringify((await urbis.app.inject(API)).json()), /pages\/budget-draft/, 'and in the stream');
    },
  );
});
