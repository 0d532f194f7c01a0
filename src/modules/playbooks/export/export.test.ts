import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { deflateSync } from 'node:zlib';
import { IntlMessageFormat } from 'intl-messageformat';
import { type Browser, chromium } from 'playwright-core';
import { createTranslators } from '../../../core/i18n/translator.js';
import { SKIPS_FAIL } from '../../../../test/helpers/app.js';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../../../test/helpers/browser.js';
import { checkSiteFromDisk, makePng, pdfChapters, unzipTo } from '../../../../test/support/playbook-export.js';
import {
  buildPdf,
  buildSite,
  contrastRatio,
  type ExportChapter,
  type ExportDocument,
  exportCatalogs,
  formatRatio,
  parseHexColour,
} from './index.js';
import { decodablePng } from './png.js';
import { cleanText, fileName, paragraphs } from './text.js';

const translators = createTranslators(exportCatalogs, ['en', 'cs'], 'Europe/Brussels');
const t = (lang: string) => translators.get(lang)!.t;

const CITY = 'Kroměříšov nad Ůvalkou';
const PRIMARY = '#0b4f6c';
/** A logo with transparency (RGBA, the kind pdfkit decodes itself): a dark square on a clear ground. */
const LOGO = makePng(48, 32, (x, y) => (x > 8 && x < 40 && y > 4 && y < 28 ? [11, 79, 108, 255] : [255, 255, 255, 0]));

const HOSTILE = {
  script: '<script>alert("pwned")</script> a text that is only text',
  img: '"><img src=x onerror=alert(1)> and then ‘quotes’ & ampersands',
  long: 'Ž'.repeat(2_000) + ' ' + 'x'.repeat(10_000),
  rtl: 'مرحبا بالعالم – שלום עולם 🎉🏙️ 👩🏽‍💻 and back to left-to-right.',
  controls: 'a NUL \u0000 here, a bell \u0007, a lone surrogate \ud800 and a noncharacter \ufdd0: gone',
};

function chapter(n: number, over: Partial<ExportChapter> = {}): ExportChapter {
  return {
    slug: `lekce-${n}`,
    lang: 'cs',
    fellBack: false,
    title: `Lekce ${n}: sdílený katalog dat`,
    tried: `Město zkusilo v kapitole ${n} zveřejnit rozpočet.\n\nDruhý odstavec,\nna dva řádky.`,
    worked: 'Spolupráce s knihovnou.',
    notWorked: 'Placená licence.',
    replicate: 'Začněte jednou datovou sadou.',
    where: { organisation: 'Městský úřad Lhotka u Řeky', country: 'Česko', sizeBand: 'do 10 000 obyvatel' },
    facts: [
      { label: 'Rozpočet', value: 'do 10 000 €' },
      { label: 'Lidé', value: '3' },
    ],
    tags: ['otevřená data', 'rozpočet'],
    onlineUrl: `https://urbis.example.eu/cs/lessons/lekce-${n}`,
    ...over,
  };
}

/** The export of the tests: Czech, three chapters, the second fallen back to English, the third hostile. */
function documentFor(over: Partial<ExportDocument> = {}, chapters?: ExportChapter[]): ExportDocument {
  return {
    lang: 'cs',
    t: t('cs'),
    title: { text: 'Otevřená data pro malá města', lang: 'cs' },
    target: { text: 'Malé obce, které s otevřenými daty začínají', lang: 'cs' },
    introduction: {
      text: 'Tato příručka vychází ze zkušeností tří měst.\n\nKaždá kapitola je jedno poučení.',
      lang: 'cs',
    },
    steps: [
      { text: 'Vyberte jednu datovou sadu.', lang: 'cs' },
      { text: 'Publish it under an open licence.', lang: 'en' },
      { text: 'Zeptejte se obyvatel, co chtějí vidět.', lang: 'cs' },
    ],
    chapters: chapters ?? [
      chapter(1),
      chapter(2, {
        lang: 'en',
        fellBack: true,
        title: 'A budget anyone can read',
        tried: 'The town published its budget as a table.\n\nThen as a chart.',
        worked: 'People asked questions.',
      }),
      chapter(3, {
        title: 'Data & "otevřenost" <b>bez</b> skriptů',
        tried: HOSTILE.script,
        worked: HOSTILE.img,
        notWorked: HOSTILE.long,
        replicate: `${HOSTILE.rtl}\n\n${HOSTILE.controls}`,
        tags: ['<i>značka</i>', 'řeka'],
        onlineUrl: 'javascript:alert(1)',
      }),
    ],
    branding: {
      name: CITY,
      logo: { bytes: LOGO, mediaType: 'image/png' },
      primary: PRIMARY,
      onPrimary: '#ffffff',
      accent: '#8a1c3a',
    },
    partnership: 'Partnerství pro digitální přechod',
    madeOn: '7. prosince 2026',
    onlineUrl: 'https://urbis.example.eu/cs/playbooks/otevrena-data',
    ...over,
  };
}

describe('colour contrast (WCAG 2.1)', () => {
  test('#rrggbb in either case is read; anything else is null', () => {
    assert.deepEqual(parseHexColour('#1a2B3c'), { r: 0x1a, g: 0x2b, b: 0x3c });
    for (const wrong of ['#abc', '1a2b3c', ' #1a2b3c', '#1a2b3c ', '#1a2b3g', 'red', 'rgb(0,0,0)', '', '#1a2b3c4d']) {
      assert.equal(parseHexColour(wrong), null, wrong);
    }
  });

  test('known pairs: black on white 21:1, #777777 on white 4.48:1, a colour on itself 1:1', () => {
    assert.equal(contrastRatio('#000000', '#ffffff'), 21);
    assert.equal(contrastRatio('#ffffff', '#000000'), 21);
    assert.equal(contrastRatio('#777777', '#ffffff').toFixed(2), '4.48');
    assert.equal(contrastRatio('#767676', '#FFFFFF').toFixed(2), '4.54');
    assert.equal(contrastRatio('#0b4f6c', '#0b4f6c'), 1);
    assert.throws(() => contrastRatio('#fff', '#000000'), TypeError);
  });

  test('a ratio is shown rounded down, so that one just under 4.5 never reads 4.5', () => {
    assert.equal(formatRatio(contrastRatio('#777777', '#ffffff')), '4.4');
    assert.equal(formatRatio(4.49), '4.4');
    assert.equal(formatRatio(4.4999), '4.4');
    assert.equal(formatRatio(4.5), '4.5');
    assert.equal(formatRatio(21), '21.0');
    assert.equal(formatRatio(1), '1.0');
  });
});

describe('texts', () => {
  test('paragraphs split on blank lines; control characters, lone surrogates and noncharacters go', () => {
    assert.deepEqual(paragraphs('one\r\n\r\n  two\nlines \n\n\n\nthree\n \n'), ['one', 'two\nlines', 'three']);
    assert.equal(
      cleanText(HOSTILE.controls),
      'a NUL  here, a bell , a lone surrogate \ufffd and a noncharacter : gone',
    );
    assert.equal(cleanText('🎉 stays'), '🎉 stays');
  });

  test('file names are ASCII, safe, and never empty', () => {
    assert.equal(fileName('Otevřená data pro malá města', 'x'), 'otevrena-data-pro-mala-mesta');
    assert.equal(fileName('Straße, Łódź & Ærø', 'x'), 'strasse-lodz-aero');
    assert.equal(fileName('../../etc/passwd', 'x'), 'etc-passwd');
    assert.equal(fileName('Ελληνικά', 'playbook'), 'playbook');
    assert.ok(fileName('word '.repeat(40), 'x').length <= 60);
  });

  test('the catalogs have the same keys in English and Czech, and every message formats in both', () => {
    assert.deepEqual(Object.keys(exportCatalogs.cs!).sort(), Object.keys(exportCatalogs.en!).sort());
    for (const [lang, messages] of Object.entries(exportCatalogs)) {
      for (const [key, text] of Object.entries(messages)) {
        assert.ok(key.startsWith('playbooks.export.'), key);
        const values = {
          city: CITY,
          partnership: 'Partnerství pro digitální přechod',
          madeOn: '7. prosince 2026',
          playbook: 'Otevřená data',
          chapter: 'Lekce 1',
          exportLang: 'cs',
          exportLanguage: 'čeština',
          textLang: 'de',
          textLanguage: 'němčina',
          number: 1,
          count: 3,
        };
        const out = String(new IntlMessageFormat(text, lang).format(values));
        assert.ok(out.length > 0 && !out.includes('{'), `${lang}: ${key} formats: ${out}`);
      }
    }
  });
});

describe('the logo check before pdfkit', () => {
  test('a whole PNG passes; a broken, truncated or too large one does not', () => {
    assert.equal(decodablePng(LOGO), true);
    const broken = makePng(48, 32, () => [0, 0, 0, 255], Buffer.from('not deflate data at all'));
    assert.equal(decodablePng(broken), false);
    const short = makePng(48, 32, () => [0, 0, 0, 255], deflateSync(Buffer.alloc(10)));
    assert.equal(decodablePng(short), false);
    assert.equal(decodablePng(LOGO.subarray(0, LOGO.length - 20)), false);
    const huge = Buffer.from(LOGO);
    huge.writeUInt32BE(100_000, 16);
    huge.writeUInt32BE(100_000, 20);
    assert.equal(decodablePng(huge), false);
    const badFilter = makePng(
      2,
      2,
      () => [0, 0, 0, 255],
      deflateSync(Buffer.from([9, 0, 0, 0, 0, 0, 0, 0, 0, 9, 0, 0, 0, 0, 0, 0, 0, 0])),
    );
    assert.equal(decodablePng(badFilter), false);
  });
});

describe('the white-label site and PDF', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'urbis-playbook-export-'));
  let zip: Buffer;
  let pdf: Buffer;
  let files: string[];
  const progress = { site: [] as number[], pdf: [] as number[] };
  const folder = 'otevrena-data-pro-mala-mesta';
  const read = (name: string) => readFileSync(path.join(dir, folder, name), 'utf8');

  before(async () => {
    const doc = documentFor();
    [zip, pdf] = await Promise.all([
      buildSite(doc, (f) => void progress.site.push(f)),
      // Progress may be reported asynchronously: the build waits for it.
      buildPdf(doc, async (f) => {
        await new Promise((resolve) => setImmediate(resolve));
        progress.pdf.push(f);
      }),
    ]);
    files = await unzipTo(zip, dir);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('the zip holds one folder named from the playbook: the cover, a page per chapter, style and logo', () => {
    assert.deepEqual(files, [
      `${folder}/index.html`,
      `${folder}/chapters/01-lekce-1.html`,
      `${folder}/chapters/02-lekce-2.html`,
      `${folder}/chapters/03-lekce-3.html`,
      `${folder}/assets/style.css`,
      `${folder}/assets/logo.png`,
    ]);
    assert.deepEqual(readFileSync(path.join(dir, folder, 'assets/logo.png')), LOGO);
    for (const reported of [progress.site, progress.pdf]) {
      assert.ok(reported.length >= 4, `progress reported ${reported.length} times`);
      assert.deepEqual(
        reported,
        [...reported].sort((a, b) => a - b),
        'progress only grows',
      );
      assert.equal(reported.at(-1), 1);
    }
  });

  test('the same document gives the same zip and the same PDF, byte for byte', async () => {
    const doc = documentFor();
    assert.ok((await buildSite(doc)).equals(zip), 'the same zip');
    assert.ok((await buildPdf(doc)).equals(pdf), 'the same PDF');
  });

  test('the cover has the city, the title, the target, the introduction, the steps and the contents', () => {
    const cover = read('index.html');
    assert.match(cover, /^<!DOCTYPE html>\n<html lang="cs">/);
    assert.ok(cover.includes(`<p class="brand__name">${CITY}</p>`));
    assert.ok(cover.includes(`alt="Logo: ${CITY}"`));
    assert.ok(cover.includes('<h1 dir="auto">Otevřená data pro malá města</h1>'));
    assert.ok(cover.includes('Malé obce, které s otevřenými daty začínají'));
    assert.ok(cover.includes('<p dir="auto">Každá kapitola je jedno poučení.</p>'));
    assert.ok(
      cover.includes('<li lang="en" dir="auto">Publish it under an open licence.</li>'),
      'a step in English says so',
    );
    assert.ok(
      cover.includes(
        '<p class="note">Některé texty této příručky zatím nebyly přeloženy do češtiny; ' +
          'jsou zobrazeny v angličtině.</p>',
      ),
    );
    const links = [...cover.matchAll(/<li><a href="(chapters\/[^"]+)"/g)].map((m) => m[1]);
    assert.deepEqual(links, ['chapters/01-lekce-1.html', 'chapters/02-lekce-2.html', 'chapters/03-lekce-3.html']);
    assert.ok(
      cover.includes(
        'Zdroj poučení: Partnerství pro digitální přechod. Vytvořeno 7. prosince 2026 na platformě Urbis.',
      ),
    );
  });

  test('a chapter that fell back to English says so at its top, in Czech, and is marked as English', () => {
    const page = read('chapters/02-lekce-2.html');
    assert.ok(page.includes('<html lang="cs">'));
    const top = page.slice(page.indexOf('<main'));
    assert.match(
      top,
      new RegExp(
        '^<main id="content">\n<p class="kicker">Kapitola 2 z 3</p>\n' +
          '<h1 lang="en" dir="auto">A budget anyone can read</h1>\n' +
          '<p class="note">Tato kapitola zatím nebyla přeložena do češtiny; je zobrazena v angličtině\\.</p>',
      ),
    );
    assert.ok(page.includes('<div lang="en"><p dir="auto">The town published its budget as a table.</p>'));
    assert.ok(page.includes('<h2>Co se zkoušelo</h2>'), 'the headings are in Czech');
    assert.ok(page.includes('href="01-lekce-1.html" rel="prev"') && page.includes('href="03-lekce-3.html" rel="next"'));
    assert.ok(!read('chapters/01-lekce-1.html').includes('class="note"'), 'a translated chapter has no note');
  });

  test('hostile text comes out as text: escaped, without the characters HTML forbids, links only to the web', () => {
    const page = read('chapters/03-lekce-3.html');
    assert.ok(!/<script|<img src=x|<b>bez|<i>značka/i.test(page), 'no markup from the document');
    assert.ok(page.includes('&lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt;'));
    assert.ok(page.includes('&quot;&gt;&lt;img src=x onerror=alert(1)&gt; and then ‘quotes’ &amp; ampersands'));
    assert.ok(page.includes('Data &amp; &quot;otevřenost&quot; &lt;b&gt;bez&lt;/b&gt; skriptů'));
    assert.ok(page.includes('x'.repeat(10_000)));
    assert.ok(page.includes(HOSTILE.rtl));
    const bytes = readFileSync(path.join(dir, folder, 'chapters/03-lekce-3.html'));
    assert.doesNotThrow(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes), 'well-formed UTF-8');
    for (const gone of ['\u0000', '\u0007', '\ufdd0']) assert.ok(!page.includes(gone), JSON.stringify(gone));
    assert.ok(page.includes('a lone surrogate \ufffd and a noncharacter : gone'));
    assert.ok(!page.includes('javascript:'), 'a link that is not to the web is left out');
  });

  test('the PDF has the chapters as its outline, in order, each on a new page, in Czech with the city', async () => {
    const reading = await pdfChapters(pdf);
    const titles = documentFor().chapters.map((c) => c.title);
    assert.deepEqual(reading.outline, titles);
    assert.equal(reading.title, 'Otevřená data pro malá města');
    assert.equal(reading.lang, 'cs');
    assert.equal(reading.tagged, true);
    assert.deepEqual(reading.figures, [`Logo: ${CITY}`], 'the logo is a figure with its text alternative');
    const text = reading.text.replace(/\s+/g, ' ');
    assert.ok(text.includes(CITY), `the city's name, with its Czech letters, in the text`);
    for (const title of titles) assert.ok(text.includes(title), `"${title}" in the text`);
    for (let n = 1; n <= 3; n++) {
      const page = reading.pageTexts.findIndex((p) => p.replace(/\s+/g, ' ').includes(`Kapitola ${n} z 3 `));
      assert.ok(page > 0, `chapter ${n} starts a page`);
      assert.ok(reading.pageTexts[page]!.includes(titles[n - 1]!.slice(0, 10)));
    }
    assert.ok(reading.pages >= 5, `${reading.pages} pages: a cover, the introduction, a page at least per chapter`);
    assert.ok(text.includes('Tato kapitola zatím nebyla přeložena do češtiny'));
    assert.ok(text.includes('<script>alert("pwned")</script>'), 'hostile text is only text in the PDF too');
  });

  describe(
    'opened from disk in Chromium',
    { skip: !existsSync(CHROMIUM_PATH) && !SKIPS_FAIL ? `no Chromium at ${CHROMIUM_PATH}` : false },
    () => {
      let browser: Browser;
      before(async () => {
        browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, timeout: 30_000 });
      });
      after(() => browser?.close());

      test('branding on every page, axe, the Nu checker, nothing loaded from elsewhere', async () => {
        const { pages } = await checkSiteFromDisk(browser, dir, { city: CITY, primary: PRIMARY, logo: true });
        assert.deepEqual(pages, [
          `${folder}/chapters/01-lekce-1.html`,
          `${folder}/chapters/02-lekce-2.html`,
          `${folder}/chapters/03-lekce-3.html`,
          `${folder}/index.html`,
        ]);
      });

      test('a JPEG logo (made by Chromium) goes into the site as logo.jpg and onto the PDF cover', async () => {
        const page = await browser.newPage({ viewport: { width: 60, height: 40 } });
        const jpeg = await page.screenshot({ type: 'jpeg', quality: 80 });
        await page.close();
        const doc = documentFor();
        const branded = documentFor({ branding: { ...doc.branding, logo: { bytes: jpeg, mediaType: 'image/jpeg' } } });
        const copy = mkdtempSync(path.join(tmpdir(), 'urbis-playbook-export-'));
        try {
          const names = await unzipTo(await buildSite(branded), copy);
          assert.ok(names.includes(`${folder}/assets/logo.jpg`), names.join(', '));
          assert.ok(readFileSync(path.join(copy, folder, 'index.html'), 'utf8').includes('src="assets/logo.jpg"'));
        } finally {
          rmSync(copy, { recursive: true, force: true });
        }
        assert.deepEqual((await pdfChapters(await buildPdf(branded))).figures, [`Logo: ${CITY}`]);
      });

      test("the check fails on a page loading from elsewhere, a header not in the city's colour or name", async () => {
        const copy = mkdtempSync(path.join(tmpdir(), 'urbis-playbook-export-'));
        try {
          cpSync(path.join(dir, folder), copy, { recursive: true, filter: (f) => !f.includes('chapters') });
          const cover = readFileSync(path.join(copy, 'index.html'), 'utf8');
          await assert.rejects(
            checkSiteFromDisk(browser, copy, { city: CITY, primary: '#0b4f6d', logo: true }),
            /#0b4f6d/,
          );
          await assert.rejects(
            checkSiteFromDisk(browser, copy, { city: 'Jinde', primary: PRIMARY, logo: true }),
            /Jinde/,
          );
          const outside = cover.replace('</main>', '<img src="https://example.invalid/pixel.png" alt="">\n</main>');
          writeFileSync(path.join(copy, 'index.html'), outside);
          await assert.rejects(
            checkSiteFromDisk(browser, copy, { city: CITY, primary: PRIMARY, logo: true }),
            /other places than the disk[\s\S]*example\.invalid/,
          );
        } finally {
          rmSync(copy, { recursive: true, force: true });
        }
      });
    },
  );
});

describe('what the engine refuses or works around', () => {
  test('colours not #rrggbb and a logo not of the type it says are refused (the module checks first)', async () => {
    const doc = documentFor();
    const bad = documentFor({ branding: { ...doc.branding, accent: 'red;}body{display:none' } });
    await assert.rejects(buildSite(bad), TypeError);
    await assert.rejects(buildPdf(bad), TypeError);
    const lying = documentFor({ branding: { ...doc.branding, logo: { bytes: LOGO, mediaType: 'image/jpeg' } } });
    await assert.rejects(buildSite(lying), TypeError);
  });

  test('a PNG that pdfkit could not decode leaves the logo out of the PDF, and the rest is made', async () => {
    const doc = documentFor();
    const broken = makePng(48, 32, () => [0, 0, 0, 255], Buffer.from('not deflate data at all'));
    const reading = await pdfChapters(
      await buildPdf(documentFor({ branding: { ...doc.branding, logo: { bytes: broken, mediaType: 'image/png' } } })),
    );
    assert.equal(reading.outline.length, 3);
    assert.ok(reading.text.includes(CITY));
    assert.deepEqual(reading.figures, [], 'no logo');
  });

  test('without a logo, in English, with no chapters: a cover alone, and nothing says it fell back', async () => {
    const doc = documentFor({ lang: 'en', t: t('en') }, []);
    const english = {
      ...doc,
      title: { text: 'Open data for small towns', lang: 'en' },
      target: { text: 'Small towns', lang: 'en' },
      introduction: { text: '', lang: 'en' },
      steps: [],
      branding: { ...doc.branding, logo: null },
    };
    const dir = mkdtempSync(path.join(tmpdir(), 'urbis-playbook-export-'));
    try {
      const files = await unzipTo(await buildSite(english), dir);
      assert.deepEqual(files, ['open-data-for-small-towns/index.html', 'open-data-for-small-towns/assets/style.css']);
      const cover = readFileSync(path.join(dir, files[0]!), 'utf8');
      assert.ok(cover.includes('<html lang="en">') && !cover.includes('<img') && !cover.includes('class="note"'));
      assert.ok(
        cover.includes(
          `Made for ${CITY} from the lessons of Partnerství pro digitální přechod, on 7. prosince 2026, with Urbis.`,
        ),
      );
      const reading = await pdfChapters(await buildPdf(english));
      assert.deepEqual(reading.outline, []);
      assert.equal(reading.lang, 'en');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('ten chapters make a zip and a PDF of less than 1 MB each (the logo aside)', async () => {
    const long = 'Odstavec o tom, co se ve městě zkoušelo a proč. '.repeat(40);
    const ten = Array.from({ length: 10 }, (_, i) => chapter(i + 1, { tried: `${long}\n\n${long}`, worked: long }));
    const doc = documentFor({}, ten);
    const [site, book] = await Promise.all([buildSite(doc), buildPdf(doc)]);
    assert.ok(site.length - LOGO.length < 1024 * 1024, `zip: ${site.length} bytes`);
    assert.ok(book.length < 1024 * 1024, `PDF: ${book.length} bytes`);
    assert.equal((await pdfChapters(book)).outline.length, 10);
  });
});
