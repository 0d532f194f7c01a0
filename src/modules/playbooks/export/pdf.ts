/**
 * The white-label PDF: the same content as the site (a cover in the city's colours, the
 * introduction, the steps and the contents, then one lesson per chapter, each on a new page), with
 * the chapters as the PDF's outline, the language and title in its metadata, and its structure
 * tagged (headings, paragraphs, lists, the logo as a figure; the running header and footer are
 * artifacts). Set in DejaVu Sans, embedded as a subset: it has every letter of the EU's Latin,
 * Greek and Cyrillic alphabets, which the PDF's standard fonts do not.
 */
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import { checkBranding, linkAddress } from './branding.js';
import type { ExportBranding, ExportChapter, ExportDocument, ExportText, ReportProgress } from './model.js';
import { decodablePng } from './png.js';
import { chapterFallbackNote, cleanText, languageTag, oneLine, paragraphs, playbookFallbackNote } from './text.js';

const require = createRequire(import.meta.url);
const FONTS = {
  regular: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'),
  bold: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf'),
};

/** The document's date in its metadata: a constant, so that the same document gives the same bytes. */
const CREATED = new Date(Date.UTC(2020, 0, 1, 12, 0, 0));

const TEXT = '#1a1a1a';
const MUTED = '#555555';
const MARGIN = { top: 76, bottom: 64, left: 64, right: 64 };
const BAND = 40;
const COVER_BAND = 150;

type Pdf = PDFKit.PDFDocument;
type Struct = PDFKit.PDFStructureElement;

/** What the drawing functions of one export share. */
interface Writer {
  pdf: Pdf;
  doc: ExportDocument;
  root: Struct;
  lang: string;
  accent: string;
}

/** Builds the PDF; calls `progress` after the cover and after each chapter. */
export async function buildPdf(doc: ExportDocument, progress?: ReportProgress): Promise<Buffer> {
  checkBranding(doc.branding);
  const lang = languageTag(doc.lang, 'en');
  const pdf = new PDFDocument({
    size: 'A4',
    margins: MARGIN,
    bufferPages: true,
    autoFirstPage: false,
    tagged: true,
    lang,
    displayTitle: true,
    pdfVersion: '1.7',
    font: FONTS.regular,
    info: {
      Title: oneLine(doc.title.text),
      Subject: oneLine(doc.target.text),
      Author: oneLine(doc.branding.name),
      Creator: 'Urbis',
      Producer: 'Urbis',
      CreationDate: CREATED,
    },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });
  pdf.registerFont('Regular', FONTS.regular);
  pdf.registerFont('Bold', FONTS.bold);
  const root = pdf.struct('Document');
  pdf.addStructure(root);
  const writer: Writer = { pdf, doc, root, lang, accent: doc.branding.accent };
  const steps = doc.chapters.length + 2;

  await cover(writer);
  introduction(writer);
  await progress?.(1 / steps);
  for (const [i, chapter] of doc.chapters.entries()) {
    chapterPages(writer, chapter, i);
    await progress?.((i + 2) / steps);
  }
  root.end();
  runningHeads(writer);
  pdf.end();
  const bytes = await done;
  await progress?.(1);
  return bytes;
}

/** The `lang` of a text's structure element when it is not the document's. */
function langOf(w: Writer, lang: string): { lang?: string } {
  const tag = languageTag(lang, w.lang);
  return tag === w.lang ? {} : { lang: tag };
}

/**
 * The text with a zero-width space after every 60 characters of a longer word: pdfkit breaks a
 * word wider than the line itself, but in time that grows with the square of its length (a
 * 10,000-character word took seconds); at these points it breaks it at once.
 */
function breakable(text: string): string {
  return text.replace(/\S{60}(?=\S)/gu, '$&\u200b');
}

/** A block of text as a structure element of `type`, at the left margin. */
function block(w: Writer, type: string, options: { lang?: string }, draw: () => void): void {
  w.root.add(
    w.pdf.struct(type, options, () => {
      w.pdf.x = MARGIN.left;
      draw();
    }),
  );
}

/** A heading, moved to the next page when it would sit alone at the foot of this one. */
function heading(w: Writer, type: 'H1' | 'H2' | 'H3', text: string, lang: { lang?: string } = {}): void {
  const size = type === 'H1' ? 22 : type === 'H2' ? 16 : 13;
  if (w.pdf.y > w.pdf.page.height - MARGIN.bottom - size * 5) w.pdf.addPage();
  else if (w.pdf.y > MARGIN.top) w.pdf.moveDown(0.6);
  block(w, type, lang, () => {
    w.pdf
      .font('Bold')
      .fontSize(size)
      .fillColor(w.accent)
      .text(breakable(text), { paragraphGap: size / 2 });
  });
}

/** A plain text as paragraphs, in its own language. */
function prose(w: Writer, text: string, lang: { lang?: string } = {}): void {
  for (const paragraph of paragraphs(text)) {
    block(w, 'P', lang, () => {
      w.pdf.font('Regular').fontSize(11).fillColor(TEXT).text(breakable(paragraph), { paragraphGap: 7, lineGap: 2 });
    });
  }
}

/** A short text in one paragraph, in a colour and size of its own. */
function line(w: Writer, text: string, options: { size?: number; color?: string; link?: string; lang?: string } = {}) {
  block(w, 'P', options.lang ? { lang: options.lang } : {}, () => {
    w.pdf
      .font('Regular')
      .fontSize(options.size ?? 11)
      .fillColor(options.color ?? TEXT)
      .text(breakable(text), {
        paragraphGap: 7,
        lineGap: 2,
        ...(options.link ? { link: options.link, underline: true } : {}),
      });
  });
}

/** An ordered list whose items are single lines; `goTo` makes each item a link inside the PDF. */
function list(w: Writer, items: { text: string; lang: { lang?: string }; goTo?: string }[]): void {
  const l = w.pdf.struct('L');
  w.root.add(l);
  items.forEach((item, i) => {
    l.add(
      w.pdf.struct('LI', item.lang, () => {
        w.pdf.x = MARGIN.left;
        w.pdf
          .font('Regular')
          .fontSize(11)
          .fillColor(item.goTo ? w.accent : TEXT)
          .text(breakable(`${i + 1}. ${item.text}`), {
            indent: 0,
            paragraphGap: 5,
            lineGap: 2,
            ...(item.goTo ? { goTo: item.goTo, underline: true } : {}),
          });
      }),
    );
  });
  l.end();
  w.pdf.moveDown(0.4);
}

/** Decoration that is not content (bands, page numbers): marked as an artifact. */
function artifact(pdf: Pdf, draw: () => void): void {
  pdf.markContent('Artifact', { type: 'Pagination' });
  draw();
  pdf.endMarkedContent();
}

async function cover(w: Writer): Promise<void> {
  const { pdf, doc } = w;
  const { branding } = doc;
  pdf.addPage();
  artifact(pdf, () => pdf.rect(0, 0, pdf.page.width, COVER_BAND).fill(branding.primary));
  block(w, 'P', {}, () => {
    pdf
      .font('Bold')
      .fontSize(26)
      .fillColor(branding.onPrimary)
      .text(breakable(oneLine(branding.name)), MARGIN.left, 48, {
        width: pdf.page.width - MARGIN.left - MARGIN.right,
        height: COVER_BAND - 60,
        ellipsis: true,
      });
  });
  let y = COVER_BAND + 28;
  if (branding.logo) {
    const image = openImage(pdf, branding.logo);
    if (image) {
      await embed(pdf, image);
      const alt = doc.t('playbooks.export.logoAlt', { city: oneLine(branding.name) });
      // pdfkit draws an image it has opened where it takes a source (its types do not say so).
      const source = image as unknown as Buffer;
      w.root.add(pdf.struct('Figure', { alt }, () => pdf.image(source, MARGIN.left, y, { fit: [200, 90] })));
      y += 90 + 28;
    }
  }
  pdf.x = MARGIN.left;
  pdf.y = y;
  heading(w, 'H1', oneLine(doc.title.text), langOf(w, doc.title.lang));
  const note = playbookFallbackNote(doc);
  if (note) line(w, note, { color: MUTED });
  block(w, 'P', {}, () => {
    pdf
      .font('Bold')
      .fontSize(13)
      .fillColor(TEXT)
      .text(`${doc.t('playbooks.export.targetLabel')} `, { continued: true })
      .font('Regular')
      .text(breakable(oneLine(doc.target.text)), { paragraphGap: 16 });
  });
  pdf.moveDown(1);
  colophon(w);
}

function colophon(w: Writer): void {
  const { doc } = w;
  line(
    w,
    doc.t('playbooks.export.colophon', {
      city: oneLine(doc.branding.name),
      partnership: oneLine(doc.partnership),
      madeOn: oneLine(doc.madeOn),
    }),
    { size: 10, color: MUTED },
  );
  const online = linkAddress(doc.onlineUrl);
  if (online) line(w, doc.t('playbooks.export.onlinePlaybook'), { size: 10, color: w.accent, link: online });
}

function introduction(w: Writer): void {
  const { pdf, doc } = w;
  const text = (value: ExportText) => langOf(w, value.lang);
  pdf.addPage();
  if (paragraphs(doc.introduction.text).length > 0) {
    heading(w, 'H2', doc.t('playbooks.export.introduction'));
    prose(w, doc.introduction.text, text(doc.introduction));
  }
  if (doc.steps.length > 0) {
    heading(w, 'H2', doc.t('playbooks.export.steps'));
    list(
      w,
      doc.steps.map((step) => ({ text: oneLine(step.text), lang: text(step) })),
    );
  }
  if (doc.chapters.length > 0) {
    heading(w, 'H2', doc.t('playbooks.export.contents'));
    list(
      w,
      doc.chapters.map((chapter, i) => ({
        text: oneLine(chapter.title),
        lang: langOf(w, chapter.lang),
        goTo: `chapter-${i + 1}`,
      })),
    );
  }
}

function chapterPages(w: Writer, chapter: ExportChapter, index: number): void {
  const { pdf, doc } = w;
  const t = doc.t;
  const title = oneLine(chapter.title);
  const own = langOf(w, chapter.lang);
  pdf.addPage();
  pdf.addNamedDestination(`chapter-${index + 1}`);
  pdf.outline.addItem(title);
  line(w, t('playbooks.export.chapterOf', { number: index + 1, count: doc.chapters.length }), { color: MUTED });
  heading(w, 'H2', title, own);
  if (chapter.fellBack) line(w, chapterFallbackNote(doc, languageTag(chapter.lang, w.lang)), { color: MUTED });

  const where: [string, string | null][] = [
    [t('playbooks.export.organisation'), chapter.where.organisation],
    [t('playbooks.export.country'), chapter.where.country],
    [t('playbooks.export.sizeBand'), chapter.where.sizeBand],
  ];
  heading(w, 'H3', t('playbooks.export.where'));
  facts(w, where);
  if (chapter.facts.length > 0) {
    heading(w, 'H3', t('playbooks.export.facts'));
    facts(
      w,
      chapter.facts.map((fact) => [fact.label, fact.value]),
    );
  }
  const sections: [string, string][] = [
    [t('playbooks.export.tried'), chapter.tried],
    [t('playbooks.export.worked'), chapter.worked],
    [t('playbooks.export.notWorked'), chapter.notWorked],
    [t('playbooks.export.replicate'), chapter.replicate],
  ];
  for (const [label, text] of sections) {
    if (paragraphs(text).length === 0) continue;
    heading(w, 'H3', label);
    prose(w, text, own);
  }
  const tags = chapter.tags.map(oneLine).filter((tag) => tag !== '');
  if (tags.length > 0) {
    heading(w, 'H3', t('playbooks.export.tags'));
    line(w, tags.join(' · '));
  }
  const online = linkAddress(chapter.onlineUrl);
  if (online) line(w, t('playbooks.export.onlineChapter'), { color: w.accent, link: online });
}

/** Label and value pairs, one paragraph each ("Country: Czechia"); pairs without a value are left out. */
function facts(w: Writer, pairs: [string, string | null][]): void {
  for (const [label, value] of pairs) {
    if (value === null || oneLine(value) === '') continue;
    block(w, 'P', {}, () => {
      w.pdf
        .font('Bold')
        .fontSize(11)
        .fillColor(TEXT)
        .text(`${oneLine(label)}: `, { continued: true })
        .font('Regular')
        .text(breakable(oneLine(value)), { paragraphGap: 4, lineGap: 2 });
    });
  }
}

/** On every page but the cover: a band in the city's colour with its name, and the page's number. */
function runningHeads(w: Writer): void {
  const { pdf, doc } = w;
  const { start, count } = pdf.bufferedPageRange();
  const name = [...oneLine(doc.branding.name)];
  // One line at most: a name too long for it is cut (the cover has it whole).
  const city = name.length > 70 ? `${name.slice(0, 69).join('')}…` : name.join('');
  for (let i = start + 1; i < start + count; i++) {
    pdf.switchToPage(i);
    // Writing below the bottom margin would otherwise start a new page.
    pdf.page.margins.bottom = 0;
    const width = pdf.page.width - MARGIN.left - MARGIN.right;
    artifact(pdf, () => {
      pdf.rect(0, 0, pdf.page.width, BAND).fill(doc.branding.primary);
      pdf.font('Bold').fontSize(10).fillColor(doc.branding.onPrimary).text(city, MARGIN.left, 15, { lineBreak: false });
      pdf
        .font('Regular')
        .fontSize(9)
        .fillColor(MUTED)
        .text(
          cleanText(doc.t('playbooks.export.pdf.page', { number: i - start + 1, count })),
          MARGIN.left,
          pdf.page.height - 40,
          { width, align: 'center', lineBreak: false },
        );
    });
  }
}

/**
 * Writes the image's objects now. pdfkit finishes a PNG with transparency or interlaced in a zlib
 * callback: waited for here, its objects are written at the same place of the file whenever the
 * callback comes, and the same document gives the same bytes.
 */
async function embed(pdf: Pdf, image: object): Promise<void> {
  const opened = image as { embed(pdf: Pdf): void; image?: unknown };
  opened.embed(pdf);
  // A PNG drops its decoder (`image`) when it is done; a JPEG never had one.
  const until = Date.now() + 10_000;
  while (opened.image && Date.now() < until) await new Promise((resolve) => setImmediate(resolve));
}

/**
 * The logo as pdfkit reads it, or null when it cannot, or could not without stopping the process
 * (see `decodablePng`): the cover then shows the city's name alone.
 */
function openImage(pdf: Pdf, logo: NonNullable<ExportBranding['logo']>): object | null {
  if (logo.mediaType === 'image/png' && !decodablePng(logo.bytes)) return null;
  try {
    const image = (pdf as unknown as { openImage(src: Buffer): { width: number; height: number } }).openImage(
      Buffer.from(logo.bytes),
    );
    const sized = (n: number) => Number.isInteger(n) && n > 0;
    return sized(image.width) && sized(image.height) ? image : null;
  } catch {
    return null;
  }
}
