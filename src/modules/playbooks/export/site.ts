/**
 * The white-label site: a zip of static pages in the city's colours that works opened from disk
 * (`file://`) as well as on any web host. Relative links only; no script, no web font, nothing
 * loaded from elsewhere (the platform's addresses are plain links).
 *
 *     <playbook>/index.html                the cover: city, title, target, introduction, steps, contents
 *     <playbook>/chapters/01-<slug>.html   one page per lesson, with previous, next and contents
 *     <playbook>/assets/style.css
 *     <playbook>/assets/logo.png|jpg
 */
import yazl from 'yazl';
import { checkBranding, linkAddress, logoFile } from './branding.js';
import { type Html, type HtmlPart, markup, raw } from './html.js';
import type { ExportChapter, ExportDocument, ExportText, ReportProgress } from './model.js';
import { stylesheet } from './style.js';
import {
  chapterFallbackNote,
  chapterFiles,
  fileName,
  languageTag,
  oneLine,
  paragraphs,
  playbookFallbackNote,
} from './text.js';

/**
 * Every entry's date: a constant, so that the same document gives the same bytes. (Local time, as
 * zip dates are; 1 January 2020 is as good as any, and does not pretend to be the export's day.)
 */
const ENTRY_DATE = new Date(2020, 0, 1, 12, 0, 0);

/** What every page of one export shares. */
interface Site {
  doc: ExportDocument;
  lang: string;
  files: string[];
  logo: string | null;
  city: string;
  playbook: string;
}

/** Builds the zip of the site; calls `progress` after the cover and after each chapter. */
export async function buildSite(doc: ExportDocument, progress?: ReportProgress): Promise<Buffer> {
  checkBranding(doc.branding);
  const site: Site = {
    doc,
    lang: languageTag(doc.lang, 'en'),
    files: chapterFiles(doc.chapters),
    logo: logoFile(doc.branding),
    city: oneLine(doc.branding.name),
    playbook: oneLine(doc.title.text),
  };
  const folder = fileName(site.playbook, 'playbook');
  const zip = new yazl.ZipFile();
  const add = (name: string, bytes: Buffer, compress = true) =>
    zip.addBuffer(bytes, `${folder}/${name}`, { mtime: ENTRY_DATE, mode: 0o100644, compress });
  const steps = doc.chapters.length + 2;

  add('index.html', Buffer.from(coverPage(site).markup, 'utf8'));
  await progress?.(1 / steps);
  for (const [i, chapter] of doc.chapters.entries()) {
    add(`chapters/${site.files[i]!}`, Buffer.from(chapterPage(site, chapter, i).markup, 'utf8'));
    await progress?.((i + 2) / steps);
  }
  add('assets/style.css', Buffer.from(stylesheet(doc.branding), 'utf8'));
  // Already compressed: stored as it is.
  if (doc.branding.logo && site.logo) add(`assets/${site.logo}`, Buffer.from(doc.branding.logo.bytes), false);
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream) chunks.push(chunk as Buffer);
  await progress?.(1);
  return Buffer.concat(chunks);
}

/** ` lang="…"` when a text is not in the page's language. */
function langOf(site: Site, lang: string): Html {
  const tag = languageTag(lang, site.lang);
  return tag === site.lang ? raw('') : markup` lang="${tag}"`;
}

/**
 * One line of the document's text in an element (`h1`, `span`, `a` with `href`), marked with its
 * language when it is not the page's, its direction left to the browser.
 */
function inLang(site: Site, lang: string, tag: 'h1' | 'span' | 'a', text: string, href?: string): Html {
  const link = href === undefined ? '' : markup` href="${href}"`;
  return markup`<${raw(tag)}${link}${langOf(site, lang)} dir="auto">${oneLine(text)}</${raw(tag)}>`;
}

/** A plain text as paragraphs; its single line breaks kept. */
function prose(text: string): Html[] {
  return paragraphs(text).map((p) => {
    const lines: HtmlPart[] = p.split('\n').map((line, i) => (i === 0 ? line : markup`<br>${line}`));
    return markup`<p dir="auto">${lines}</p>`;
  });
}

/** A page: the city's header, the content, the colophon. `root` leads back to the site's folder. */
function page(site: Site, root: string, title: string, main: Html, onCover: boolean): Html {
  const { doc } = site;
  const t = doc.t;
  const online = linkAddress(doc.onlineUrl);
  const alt = t('playbooks.export.logoAlt', { city: site.city });
  const colophon = t('playbooks.export.colophon', {
    city: site.city,
    partnership: oneLine(doc.partnership),
    madeOn: oneLine(doc.madeOn),
  });
  const logo = site.logo && markup`<img class="brand__logo" src="${root}assets/${site.logo}" alt="${alt}">\n`;
  const home =
    !onCover &&
    markup`<p class="brand__playbook">${inLang(site, doc.title.lang, 'a', site.playbook, `${root}index.html`)}</p>\n`;
  return markup`<!DOCTYPE html>
<html lang="${site.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<link rel="stylesheet" href="${root}assets/style.css">
</head>
<body>
<a class="skip" href="#content">${t('playbooks.export.skip')}</a>
<header class="brand">
<div class="brand__inner">
${logo}<p class="brand__name">${site.city}</p>
${home}</div>
</header>
<main id="content">
${main}</main>
<footer class="colophon">
<p>${colophon}</p>
${online && markup`<p><a href="${online}">${t('playbooks.export.onlinePlaybook')}</a></p>\n`}</footer>
</body>
</html>
`;
}

function coverPage(site: Site): Html {
  const { doc } = site;
  const t = doc.t;
  const note = playbookFallbackNote(doc);
  const text = (value: ExportText) => langOf(site, value.lang);
  const introduction =
    paragraphs(doc.introduction.text).length > 0 &&
    markup`<h2>${t('playbooks.export.introduction')}</h2>
<div${text(doc.introduction)}>${prose(doc.introduction.text)}</div>
`;
  const steps =
    doc.steps.length > 0 &&
    markup`<h2>${t('playbooks.export.steps')}</h2>
<ol class="steps">
${doc.steps.map((step) => markup`<li${text(step)} dir="auto">${oneLine(step.text)}</li>\n`)}</ol>
`;
  const contents =
    doc.chapters.length > 0 &&
    markup`<nav aria-labelledby="contents-heading">
<h2 id="contents-heading">${t('playbooks.export.contents')}</h2>
<ol class="contents">
${doc.chapters.map(
  (chapter, i) => markup`<li>${inLang(site, chapter.lang, 'a', chapter.title, `chapters/${site.files[i]!}`)}</li>\n`,
)}</ol>
</nav>
`;
  const label = markup`<strong>${t('playbooks.export.targetLabel')}</strong>`;
  const target = markup`${label} ${inLang(site, doc.target.lang, 'span', doc.target.text)}`;
  const main = markup`${inLang(site, doc.title.lang, 'h1', site.playbook)}
${note && markup`<p class="note">${note}</p>\n`}<p class="target">${target}</p>
${introduction}${steps}${contents}`;
  return page(
    site,
    '',
    t('playbooks.export.pageTitle.cover', { playbook: site.playbook, city: site.city }),
    main,
    true,
  );
}

/** Label and value pairs as a description list; pairs without a value are left out. */
function facts(pairs: [string, string | null][]): Html | null {
  const shown = pairs.filter(([, value]) => value !== null && oneLine(value) !== '');
  if (shown.length === 0) return null;
  return markup`<dl class="facts">
${shown.map(([label, value]) => markup`<dt>${oneLine(label)}</dt><dd dir="auto">${oneLine(value!)}</dd>\n`)}</dl>
`;
}

/** A chapter's section: its heading and its text in the chapter's language; nothing when the text is empty. */
function section(site: Site, chapter: ExportChapter, heading: string, text: string): Html | null {
  const body = prose(text);
  if (body.length === 0) return null;
  return markup`<h2>${heading}</h2>
<div${langOf(site, chapter.lang)}>${body}</div>
`;
}

function chapterPage(site: Site, chapter: ExportChapter, index: number): Html {
  const { doc } = site;
  const t = doc.t;
  const title = oneLine(chapter.title);
  const where = facts([
    [t('playbooks.export.organisation'), chapter.where.organisation],
    [t('playbooks.export.country'), chapter.where.country],
    [t('playbooks.export.sizeBand'), chapter.where.sizeBand],
  ]);
  const context = facts(chapter.facts.map((fact) => [fact.label, fact.value]));
  const tags = chapter.tags.map(oneLine).filter((tag) => tag !== '');
  const online = linkAddress(chapter.onlineUrl);
  const neighbour = (i: number, label: string, rel: string) => {
    const other = doc.chapters[i];
    if (!other) return null;
    const text = markup`${label}: ${inLang(site, other.lang, 'span', other.title)}`;
    return markup`<li><a href="${site.files[i]!}" rel="${rel}">${text}</a></li>\n`;
  };
  const kicker = t('playbooks.export.chapterOf', { number: index + 1, count: doc.chapters.length });
  const note = chapter.fellBack && chapterFallbackNote(doc, languageTag(chapter.lang, site.lang));
  const sections = (
    [
      ['tried', chapter.tried],
      ['worked', chapter.worked],
      ['notWorked', chapter.notWorked],
      ['replicate', chapter.replicate],
    ] as const
  ).map(([key, text]) => section(site, chapter, t(`playbooks.export.${key}`), text));
  const topics =
    tags.length > 0 &&
    markup`<h2>${t('playbooks.export.tags')}</h2>
<ul class="tags">
${tags.map((tag) => markup`<li dir="auto">${tag}</li>\n`)}</ul>
`;
  const previous = neighbour(index - 1, t('playbooks.export.previous'), 'prev');
  const next = neighbour(index + 1, t('playbooks.export.next'), 'next');
  const contents = markup`<li><a href="../index.html">${t('playbooks.export.backToContents')}</a></li>\n`;
  const link = online && markup`<p><a href="${online}">${t('playbooks.export.onlineChapter')}</a></p>\n`;
  const main = markup`<p class="kicker">${kicker}</p>
${inLang(site, chapter.lang, 'h1', title)}
${note && markup`<p class="note">${note}</p>\n`}${where && markup`<h2>${t('playbooks.export.where')}</h2>\n${where}`}${
    context && markup`<h2>${t('playbooks.export.facts')}</h2>\n${context}`
  }${sections}${topics}${link}<nav class="pager" aria-label="${t('playbooks.export.pagerLabel')}">
<ul>
${previous}${contents}${next}</ul>
</nav>
`;
  const pageTitle = t('playbooks.export.pageTitle.chapter', {
    chapter: title,
    playbook: site.playbook,
    city: site.city,
  });
  return page(site, '../', pageTitle, main, false);
}
