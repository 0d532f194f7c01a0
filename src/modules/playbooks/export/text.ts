/**
 * What the site and the PDF do alike with the document's texts: make them safe to write out
 * (well-formed, without the code points HTML forbids), split them into paragraphs, name files,
 * and word the notes on texts that fell back to another language.
 */
import type { ExportChapter, ExportDocument, ExportText } from './model.js';

/**
 * Lone surrogates become U+FFFD; NUL and the other control characters but tab and line breaks go,
 * as do the noncharacters (the Nu checker refuses all of them); CR LF and CR become LF.
 */
export function cleanText(text: string): string {
  return (
    String(text ?? '')
      .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd')
      .replace(/\r\n?/g, '\n')
      // Control characters are what is being removed here.
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]|\p{Noncharacter_Code_Point}/gu, '')
  );
}

/** Paragraphs: split on blank lines, trimmed, empty ones dropped; a paragraph keeps its single line breaks. */
export function paragraphs(text: string): string[] {
  return cleanText(text)
    .split(/\n[ \t]*\n/)
    .map((p) => p.replace(/^\s+|\s+$/g, '').replace(/[ \t]*\n[ \t]*/g, '\n'))
    .filter((p) => p !== '');
}

/** One line: line breaks and runs of white space become one space. */
export function oneLine(text: string): string {
  return cleanText(text).replace(/\s+/g, ' ').trim();
}

/** A BCP 47 tag in its canonical form, or `fallback` when it is none. */
export function languageTag(tag: string, fallback: string): string {
  try {
    return Intl.getCanonicalLocales(tag)[0] ?? fallback;
  } catch {
    return fallback;
  }
}

/** Letters NFKD does not take apart. */
const LATIN: Record<string, string> = { ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', đ: 'd', ð: 'd', ł: 'l', þ: 'th', ı: 'i' };

/**
 * ASCII, lower case, words joined by `-`, at most `max` characters, cut between words: a name
 * that is safe for a file on any system; `fallback` when nothing is left (a title in Greek).
 */
export function fileName(text: string, fallback: string, max = 60): string {
  const ascii = cleanText(text)
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[ßæœøđðłþı]/g, (c) => LATIN[c] ?? '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  let name = ascii;
  if (name.length > max) {
    name = name.slice(0, max + 1);
    const cut = name.lastIndexOf('-');
    name = (cut > max / 2 ? name.slice(0, cut) : name.slice(0, max)).replace(/-+$/, '');
  }
  return name || fallback;
}

/** The file of each chapter, in order: `01-<slug>.html`, with as many digits as the count needs (two at least). */
export function chapterFiles(chapters: ExportChapter[]): string[] {
  const digits = Math.max(2, String(chapters.length).length);
  return chapters.map(
    (chapter, i) => `${String(i + 1).padStart(digits, '0')}-${fileName(chapter.slug, 'chapter', 50)}.html`,
  );
}

/** A language's name in the export's language ("English", "angličtina"). */
export function languageName(doc: ExportDocument, tag: string): string {
  try {
    return new Intl.DisplayNames([doc.lang], { type: 'language' }).of(tag) ?? tag;
  } catch {
    return tag;
  }
}

/** The note at the top of a chapter that is not in the export's language, in the export's language. */
export function chapterFallbackNote(doc: ExportDocument, lang: string): string {
  return doc.t('playbooks.export.fallback.chapter', {
    exportLang: doc.lang,
    exportLanguage: languageName(doc, doc.lang),
    textLang: lang,
    textLanguage: languageName(doc, lang),
  });
}

/** The playbook's own texts (title, target, introduction, steps). */
export function playbookTexts(doc: ExportDocument): ExportText[] {
  return [doc.title, doc.target, doc.introduction, ...doc.steps];
}

/** The note on the cover when some of the playbook's own texts are in another language; null when none is. */
export function playbookFallbackNote(doc: ExportDocument): string | null {
  const others = [...new Set(playbookTexts(doc).map((text) => text.lang))].filter((lang) => lang !== doc.lang);
  if (others.length === 0) return null;
  if (others.length > 1) {
    return doc.t('playbooks.export.fallback.playbookMixed', {
      exportLang: doc.lang,
      exportLanguage: languageName(doc, doc.lang),
    });
  }
  return doc.t('playbooks.export.fallback.playbook', {
    exportLang: doc.lang,
    exportLanguage: languageName(doc, doc.lang),
    textLang: others[0]!,
    textLanguage: languageName(doc, others[0]!),
  });
}
