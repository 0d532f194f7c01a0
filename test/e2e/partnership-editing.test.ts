// What coordinators edit besides the text, in Chromium with JavaScript disabled: the logo, the
// organisations and their standing, the partnership's pages (list, form, asking before a delete),
// in English and Czech, at 1280 and 390 px. axe-core and the Nu HTML checker find nothing; nothing
// scrolls sideways (tables scroll in their own region); the keyboard alone moves a page down,
// writes a new one and changes an organisation's standing.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createUser } from '../../src/modules/accounts/index.js';
import { partnershipIdOf, putPerson } from '../../src/modules/partnerships/membership.queries.js';
import { Browser } from '../support/accounts.js';
import { ACCEPTED, multipart } from '../support/news-attachments.js';
import { csrfTokenOf } from '../helpers/app.js';
import { checkAxe, describeInBrowser, enter, fitsWidth, signInWithForm, tabUntil } from '../helpers/browser.js';
import { checkHtml, formatVnuMessage } from '../helpers/vnu.js';

const DTP = '/partnerships/digital-transition';
const PASSWORD = 'a partnership edits its pages';
const EMAIL = 'kaja.tamm@example.eu';

/** The pages a coordinator edits, after `/{lang}`. */
const PAGES = [
  `${DTP}/edit`,
  `${DTP}/edit/logo`,
  `${DTP}/edit/organisations`,
  `${DTP}/edit/organisations?q=dg`,
  `${DTP}/organisations/urbact/remove`,
  `${DTP}/edit/pages`,
  `${DTP}/edit/pages/new`,
  `${DTP}/edit/pages/working-notes`,
  `${DTP}/edit/pages/about/delete`,
  '/partnerships',
];

describeInBrowser('editing a partnership: logo, organisations, pages', { demo: true }, (env) => {
  let ready = false;
  const setUp = async () => {
    if (ready) return;
    ready = true;
    const db = env.urbis.ctx.db;
    const dtp = (await partnershipIdOf(db, 'digital-transition'))!;
    const id = await createUser(db, { email: EMAIL, handle: 'kaja', displayName: 'Kaja Tamm', password: PASSWORD });
    await putPerson(db, dtp, id, 'coordinator');
    // A logo, sent through the form as a browser sends it.
    const kaja = new Browser(env.urbis.app, { remoteAddress: '10.0.8.1' });
    assert.equal((await kaja.signIn(EMAIL, PASSWORD)).statusCode, 303);
    const form = await kaja.get(`/en${DTP}/edit/logo`);
    const png = ACCEPTED.find((s) => s.name === 'map.png')!;
    const { payload, contentType } = multipart({ _csrf: csrfTokenOf(form.body) }, [
      { field: 'logo', name: 'logo.png', content: png.content, type: 'image/png' },
    ]);
    const sent = await env.urbis.app.inject({
      method: 'POST',
      url: `/en${DTP}/logo`,
      headers: { cookie: kaja.header(), 'content-type': contentType },
      payload,
      remoteAddress: '10.0.8.1',
    });
    assert.equal(sent.statusCode, 303, sent.body.slice(0, 300));
  };

  test('every editing page, en and cs, 1280 and 390 px: axe, no sideways scroll; forms sent back too', async () => {
    await setUp();
    const page = await env.newPage();
    try {
      await signInWithForm(page, EMAIL, PASSWORD);
      for (const width of [1280, 390]) {
        await page.setViewportSize({ width, height: 900 });
        for (const lang of ['en', 'cs']) {
          for (const path of PAGES) {
            const url = `/${lang}${path}`;
            assert.equal((await page.goto(url))?.status(), 200, url);
            await checkAxe(page);
            await fitsWidth(page);
          }
          // The page form sent back with its messages, and the logo form with a file that is not an image.
          await page.goto(`/${lang}${DTP}/edit/pages/new`);
          await page.locator('#field-slug').fill('Not a slug');
          await Promise.all([page.waitForNavigation(), page.locator('main form button[type="submit"]').click()]);
          assert.equal(await page.locator('.error-summary').count(), 1);
          await checkAxe(page);
          await fitsWidth(page);
          await page.goto(`/${lang}${DTP}/edit/logo`);
          await page.locator('#field-logo').setInputFiles({
            name: 'logo.png',
            mimeType: 'image/png',
            buffer: Buffer.from('<script>alert(1)</script>'),
          });
          await Promise.all([page.waitForNavigation(), page.locator('form[enctype] button[type="submit"]').click()]);
          assert.equal(await page.locator('#field-logo-error').count(), 1);
          await checkAxe(page);
          await fitsWidth(page);
        }
      }
      // The logo is shown beside the partnership's title on its card and in its frame.
      await page.goto(`/en/partnerships`);
      assert.equal(await page.locator('li.card img.card__logo').count(), 1);
      await page.goto(`/en${DTP}`);
      assert.equal(await page.locator('.hub__identity img.hub__logo').count(), 1);
      await page.goto(`/en${DTP}/edit/pages`);
      assert.equal(await page.locator('nav.hub-nav').count(), 1, 'the editing pages share the frame');
    } finally {
      await page.close();
    }
  });

  test('keyboard alone: move a page down, write a new one (en); change an organisation’s standing (cs)', async () => {
    await setUp();
    const page = await env.newPage();
    try {
      await signInWithForm(page, EMAIL, PASSWORD);
      await page.setViewportSize({ width: 390, height: 900 });
      await page.goto(`/en${DTP}/edit/pages`);
      const titles = () => page.locator('table.pages-table tbody th').allInnerTexts();
      const before = await titles();
      await tabUntil(page, (e) => e.text.startsWith('Move down') && e.text.includes(before[0]!));
      await enter(page);
      assert.match(await page.locator('main').innerText(), /The page has been moved/);
      assert.deepEqual(await titles(), [before[1], before[0], ...before.slice(2)]);

      await tabUntil(page, (e) => e.text === 'Write a new page');
      await enter(page);
      await tabUntil(page, (e) => e.path.includes('#field-slug'));
      await page.keyboard.type('contacts');
      await page.keyboard.press('Tab');
      await page.keyboard.type('Contacts');
      await page.keyboard.press('Tab');
      await page.keyboard.type('Write to the coordinators.');
      await tabUntil(page, (e) => e.path.includes('#field-members_only'));
      await page.keyboard.press('Space');
      await tabUntil(page, (e) => e.text === 'Create the page');
      await enter(page);
      assert.match(await page.locator('main').innerText(), /The page has been created/);
      const row = page.locator('table.pages-table tbody tr').last();
      assert.match(await row.innerText(), /Contacts[\s\S]*Members only/);

      await page.goto(`/cs${DTP}/edit/organisations`);
      await tabUntil(page, (e) => e.path.includes('#field-standing-urbact'));
      // From "Pozorovatel" one up is "Člen" (the arrow keys change a closed select's value).
      await page.keyboard.press('ArrowUp');
      assert.equal(await page.locator('#field-standing-urbact').inputValue(), 'member');
      await tabUntil(page, (e) => e.text.startsWith('Uložit') && e.text.includes('URBACT'));
      await enter(page);
      assert.match(await page.locator('main').innerText(), /Postavení bylo změněno/);
      const members = await (await env.urbis.app.inject(`/api/v1${DTP}/members`)).json();
      assert.equal(members.organisations.find((o: { slug: string }) => o.slug === 'urbact').role, 'member');
    } finally {
      await page.close();
    }
  });

  test('the Nu HTML checker finds no error on the editing pages, en and cs', async () => {
    await setUp();
    const kaja = new Browser(env.urbis.app, { remoteAddress: '10.0.8.2' });
    assert.equal((await kaja.signIn(EMAIL, PASSWORD)).statusCode, 303);
    const documents: Record<string, string> = {};
    for (const lang of ['en', 'cs']) {
      for (const path of PAGES) {
        const url = `/${lang}${path}`;
        const response = await kaja.get(url);
        assert.equal(response.statusCode, 200, url);
        documents[url] = response.body;
      }
      const refused = await kaja.post(`/${lang}${DTP}/edit/pages`, { slug: 'x y', title: '', body: '', lang: 'zz' });
      assert.equal(refused.statusCode, 400);
      documents[`${lang}: a page form refused`] = refused.body;
      const standing = await kaja.post(`/${lang}${DTP}/organisations/urbact`, { standing: 'emperor' });
      assert.equal(standing.statusCode, 400);
      documents[`${lang}: a standing refused`] = standing.body;
    }
    const results = await checkHtml(documents);
    for (const [name, errors] of Object.entries(results)) assert.deepEqual(errors.map(formatVnuMessage), [], name);
  });
});
