// Attachments in Chromium with JavaScript disabled: a coordinator attaches files through the
// edit page's form, is told why a file is refused, and readers see and download them. Every
// page passes axe-core (WCAG 2.1 A/AA) and the Nu HTML checker.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkAxe, describeInBrowser, signInWithForm } from '../../../test/helpers/browser.js';
import { checkHtml, formatVnuMessage } from '../../../test/helpers/vnu.js';
import { DEMO_PASSWORD } from '../people/index.js';
import { ACCEPTED } from '../../../test/support/news-attachments.js';
import { SEED } from '../../../test/support/news.js';

// Kadri Saar (Estonia) coordinates the Digital Transition Partnership in the demo data.
const COORDINATOR = 'kadri-saar@demo.urbis.eu';
const EDIT = `/en${SEED}/edit`;
const PNG = ACCEPTED.find((sample) => sample.type === 'image/png')!;

describeInBrowser('attachments, without JavaScript', { demo: true }, (env) => {
  test(
    'a coordinator attaches an image and a document through the form, is told why an SVG is refused, ' +
      'and readers see and download them',
    async () => {
      const page = await env.newPage();
      const documents: Record<string, string> = {};
      try {
        await signInWithForm(page, COORDINATOR, DEMO_PASSWORD);
        assert.equal((await page.goto(EDIT))?.status(), 200);
        await checkAxe(page);
        documents['the edit page'] = await page.content();

        // The file input has its label; the form posts as multipart without any script.
        const attach = async (file: { name: string; mimeType: string; buffer: Buffer }, description = '') => {
          await page.setInputFiles('#field-file', file);
          await page.fill('#field-description', description);
          const [response] = await Promise.all([
            page.waitForResponse((r) => r.request().method() === 'POST'),
            page.getByRole('button', { name: 'Attach the file' }).click(),
          ]);
          await page.waitForLoadState('load');
          return response.status();
        };
        assert.equal(
          await attach(
            { name: 'map.png', mimeType: 'image/png', buffer: PNG.content },
            'A map of the partnership’s cities',
          ),
          303,
        );
        assert.match(page.url(), /\/edit#attachments$/);
        assert.equal(
          await attach({
            name: 'minutes.pdf',
            mimeType: 'application/pdf',
            buffer: ACCEPTED.find((s) => s.type === 'application/pdf')!.content,
          }),
          303,
        );
        assert.equal(
          await page.locator('#attachments table tbody tr').count(),
          3,
          'the demo programme and the two new files',
        );
        await checkAxe(page);
        documents['the edit page with attachments'] = await page.content();

        assert.equal(
          await attach({
            name: 'logo.svg',
            mimeType: 'image/svg+xml',
            buffer: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'),
          }),
          400,
        );
        assert.match((await page.locator('.error-summary').textContent()) ?? '', /logo\.svg cannot be attached/);
        assert.equal(await page.locator('#field-file').getAttribute('aria-invalid'), 'true');
        await checkAxe(page);
        documents['the edit page with a refused file'] = await page.content();

        // The post: the image shown with its alternative text, every file a download with its name.
        const image = page.waitForResponse((r) => /\/attachments\/\d+\/map\.png$/.test(r.url()));
        assert.equal((await page.goto(`/en${SEED}`))?.status(), 200);
        const served = await image;
        assert.equal(served.status(), 200);
        assert.equal(served.headers()['content-type'], 'image/png');
        assert.equal(await page.locator('.attachments img').getAttribute('alt'), 'A map of the partnership’s cities');
        await checkAxe(page);
        documents['the post with attachments'] = await page.content();
        const [download] = await Promise.all([
          page.waitForEvent('download'),
          page.locator('.attachments a', { hasText: 'minutes.pdf' }).click(),
        ]);
        assert.equal(download.suggestedFilename(), 'minutes.pdf');
      } finally {
        await page.close();
      }
      const results = await checkHtml(documents);
      for (const [name, errors] of Object.entries(results)) {
        assert.deepEqual(
          errors.map(formatVnuMessage),
          [],
          `${name}: the Nu HTML checker found ${errors.length} error(s)`,
        );
      }
    },
  );
});
