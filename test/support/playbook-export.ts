// Test support for the white-label export of playbooks (issue 16): unzip the site, check it opened
// from disk in Chromium (nothing loaded from elsewhere, axe, the city's branding, the Nu checker),
// read the PDF with a parser of its own (pdf.js, not the pdfkit that wrote it), and make a logo.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { deflateSync } from 'node:zlib';
import type { Browser } from 'playwright-core';
import yauzl from 'yauzl';
import { checkAxe } from '../helpers/browser.js';
import { checkHtml, formatVnuMessage } from '../helpers/vnu.js';

/**
 * Writes every file of the zip under `dir` and returns their paths in the zip, in its order. An
 * entry with `..`, an absolute path or a backslash is refused (throws) before anything is written
 * outside `dir`.
 */
export async function unzipTo(zip: Buffer, dir: string): Promise<string[]> {
  const file = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.fromBuffer(zip, { lazyEntries: true }, (error, opened) => (error ? reject(error) : resolve(opened))),
  );
  const root = path.resolve(dir);
  const names: string[] = [];
  await new Promise<void>((resolve, reject) => {
    file.on('error', reject);
    file.on('end', () => resolve());
    file.on('entry', (entry: yauzl.Entry) => {
      const name = entry.fileName;
      const target = path.resolve(root, name);
      if (
        name.startsWith('/') ||
        /^[a-zA-Z]:/.test(name) ||
        name.includes('\\') ||
        name.split('/').includes('..') ||
        !target.startsWith(root + path.sep)
      ) {
        file.close();
        reject(new Error(`the zip holds an entry outside its folder: ${JSON.stringify(name)}`));
        return;
      }
      if (name.endsWith('/')) {
        mkdirSync(target, { recursive: true });
        file.readEntry();
        return;
      }
      file.openReadStream(entry, (error, stream) => {
        if (error) return reject(error);
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('error', reject);
        stream.on('end', () => {
          mkdirSync(path.dirname(target), { recursive: true });
          writeFileSync(target, Buffer.concat(chunks));
          names.push(name);
          file.readEntry();
        });
      });
    });
    file.readEntry();
  });
  return names;
}

/** Every `.html` file under `dir`, as paths relative to it with `/`, sorted. */
function htmlFiles(dir: string, prefix = ''): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(path.join(dir, prefix), { withFileTypes: true })) {
    const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) found.push(...htmlFiles(dir, relative));
    else if (entry.name.endsWith('.html')) found.push(relative);
  }
  return found.sort();
}

/** `#rrggbb` as the browser computes it: `rgb(r, g, b)`. */
function cssRgb(hex: string): string {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
  return `rgb(${r}, ${g}, ${b})`;
}

/**
 * Opens every page of an unzipped site over `file://` in Chromium (JavaScript off), and checks on
 * each: no request but to `file:` or `data:` (anything else is recorded and aborted); no axe
 * violation (WCAG 2.1 AA); the city's name shown in the header, whose computed background is
 * `primary`; the logo shown (loaded, with a text alternative naming the city) when `logo`; every
 * relative link and source pointing at a file that is there. Then validates every page with the
 * Nu checker (one run): no error. Returns the pages checked, relative to `dir`.
 */
export async function checkSiteFromDisk(
  browser: Browser,
  dir: string,
  expect: { city: string; primary: string; logo: boolean },
): Promise<{ pages: string[] }> {
  const pages = htmlFiles(dir);
  assert.ok(pages.length > 0, `no HTML page under ${dir}`);
  const context = await browser.newContext({ javaScriptEnabled: false });
  context.setDefaultTimeout(10_000);
  const requests: string[] = [];
  const outside: string[] = [];
  context.on('request', (request) => requests.push(request.url()));
  await context.route(
    (url) => url.protocol !== 'file:' && url.protocol !== 'data:',
    (route) => {
      outside.push(route.request().url());
      return route.abort();
    },
  );
  try {
    const page = await context.newPage();
    for (const relative of pages) {
      const url = pathToFileURL(path.join(dir, relative)).href;
      await page.goto(url, { waitUntil: 'load' });
      assert.deepEqual(outside, [], `${relative}: requests to other places than the disk`);
      const header = page.locator('header').first();
      assert.ok(await header.isVisible(), `${relative}: a header`);
      const headerText = (await header.innerText()).replace(/\s+/g, ' ');
      assert.ok(headerText.includes(expect.city), `${relative}: the header shows "${expect.city}": "${headerText}"`);
      const background = await page.evaluate(`getComputedStyle(document.querySelector('header')).backgroundColor`);
      assert.equal(background, cssRgb(expect.primary), `${relative}: the header's background is ${expect.primary}`);
      const logos = header.locator('img');
      if (expect.logo) {
        assert.equal(await logos.count(), 1, `${relative}: one logo in the header`);
        assert.ok(await logos.isVisible(), `${relative}: the logo is visible`);
        const loaded = await page.evaluate(`(() => {
          const img = document.querySelector('header img');
          return img.complete && img.naturalWidth > 0;
        })()`);
        assert.equal(loaded, true, `${relative}: the logo has loaded`);
        const alt = (await logos.getAttribute('alt')) ?? '';
        assert.ok(alt.includes(expect.city), `${relative}: the logo's text alternative names the city: "${alt}"`);
      } else {
        assert.equal(await logos.count(), 0, `${relative}: no logo`);
      }
      const targets = (await page.evaluate(`[...document.querySelectorAll('a[href], link[href], img[src]')]
        .map((e) => e.getAttribute('href') ?? e.getAttribute('src'))`)) as string[];
      for (const target of targets) {
        if (/^(https?:|mailto:)/.test(target) || target.startsWith('#')) continue;
        const resolved = new URL(target, url);
        assert.equal(resolved.protocol, 'file:', `${relative}: ${target} is a relative link`);
        assert.ok(existsSync(fileURLToPath(resolved)), `${relative}: ${target} leads to a file of the site`);
      }
      await checkAxe(page);
    }
    await page.close();
  } finally {
    await context.close();
  }
  const strange = requests.filter((url) => !url.startsWith('file:') && !url.startsWith('data:'));
  assert.deepEqual(strange, [], 'every request was to a file of the site');
  const documents = Object.fromEntries(
    pages.map((relative) => [relative, readFileSync(path.join(dir, relative), 'utf8')]),
  );
  const report = await checkHtml(documents);
  const errors = Object.entries(report).flatMap(([relative, messages]) =>
    messages.map((m) => `${relative}: ${formatVnuMessage(m)}`),
  );
  assert.deepEqual(errors, [], 'the Nu HTML checker finds no error');
  return { pages };
}

/** What an independent parser (pdf.js) reads in a PDF. */
export interface PdfReading {
  /** The outline's (bookmarks') titles, depth first. */
  outline: string[];
  /** The text of every page, a page after the other, lines ended by `\n`, without zero-width spaces. */
  text: string;
  /** The same, page by page. */
  pageTexts: string[];
  pages: number;
  /** The title in the document's information, and the document's language (its catalog's `Lang`). */
  title: string | null;
  lang: string | null;
  /** Whether the PDF says it is tagged (its `MarkInfo`), and the text alternatives of its figures, in order. */
  tagged: boolean;
  figures: string[];
}

/** Reads a PDF with pdf.js (its legacy build, for Node 20): outline, text (whole and by page), title, language. */
export async function pdfChapters(pdf: Buffer): Promise<PdfReading> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const task = pdfjs.getDocument({
    data: new Uint8Array(pdf),
    useSystemFonts: false,
    disableFontFace: true,
    isEvalSupported: false,
    verbosity: 0,
  });
  const document = await task.promise;
  try {
    type Item = { title: string; items: Item[] };
    const titles = (items: Item[]): string[] => items.flatMap((item) => [item.title, ...titles(item.items)]);
    const outline = titles(((await document.getOutline()) ?? []) as Item[]);
    const lines: string[] = [];
    const figures: string[] = [];
    type Node = { role?: string; alt?: string; children?: Node[] };
    const visit = (node: Node | null): void => {
      if (node?.role === 'Figure') figures.push(node.alt ?? '');
      for (const child of node?.children ?? []) visit(child);
    };
    for (let n = 1; n <= document.numPages; n++) {
      const page = await document.getPage(n);
      visit((await page.getStructTree()) as Node | null);
      const content = await page.getTextContent();
      lines.push(
        content.items
          .map((item) => ('str' in item ? item.str + (item.hasEOL ? '\n' : '') : ''))
          .join('')
          .replace(/\u200b/g, '') + '\n',
      );
    }
    const { info } = (await document.getMetadata()) as { info: { Title?: string; Language?: string } };
    return {
      outline,
      text: lines.join(''),
      pageTexts: lines,
      pages: document.numPages,
      title: info.Title ?? null,
      lang: info.Language ?? null,
      tagged: (await document.getMarkInfo())?.Marked === true,
      figures,
    };
  } finally {
    await task.destroy();
  }
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function pngChunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/**
 * A PNG (8-bit RGBA, not interlaced) of `width` × `height` with each pixel from `pixel`; with
 * `idat` the image data are replaced (to make a broken image whose header is fine).
 */
export function makePng(
  width: number,
  height: number,
  pixel: (x: number, y: number) => [number, number, number, number],
  idat?: Buffer,
): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bits a sample
  header[9] = 6; // RGBA
  const rows = Buffer.alloc(height * (1 + width * 4));
  for (let y = 0; y < height; y++) {
    const start = y * (1 + width * 4);
    rows[start] = 0; // no filter
    for (let x = 0; x < width; x++) Buffer.from(pixel(x, y)).copy(rows, start + 1 + x * 4);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('IDAT', idat ?? deflateSync(rows)),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}
