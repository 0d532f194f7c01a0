/**
 * What a white-label export of a playbook is made from (issue 16, part 2). The playbooks module
 * gathers it (the playbook, its lessons in the export's language where translated, the city's
 * branding, already checked) and hands it to `buildSite` and `buildPdf`, which know nothing of the
 * database: the same document gives the same site and the same PDF.
 */

/** A text in the language the export asked for, or in another one when it has no translation there. */
export interface ExportText {
  text: string;
  /** The language the text is in (BCP 47 code); differs from `ExportDocument.lang` when it fell back. */
  lang: string;
}

/** One lesson: a chapter of the playbook, in the playbook's order. */
export interface ExportChapter {
  /** Stable, file-name safe (`[a-z0-9-]+`): the lesson's slug. */
  slug: string;
  /** The language the chapter's texts are in: the export's, or the lesson's own when not translated. */
  lang: string;
  /** True when the chapter is not in the export's language (the page says so, visibly). */
  fellBack: boolean;
  title: string;
  /** Plain text, paragraphs split on blank lines (not Markdown, not HTML). */
  tried: string;
  worked: string;
  notWorked: string;
  replicate: string;
  /** Where it was tried: the organisation's name, its country's name and its size band, in the export's language. */
  where: { organisation: string; country: string | null; sizeBand: string | null };
  /** Context and effort, already worded in the export's language (e.g. "Budget: under €10,000"). */
  facts: { label: string; value: string }[];
  /** Tag labels. */
  tags: string[];
  /** The lesson's page on the platform, absolute, when the platform's address is known (a link, never a load). */
  onlineUrl: string | null;
}

/** The city's branding, already checked by the playbooks module (image sniffed, colours' contrast). */
export interface ExportBranding {
  /** The city (or organisation) the export is for: shown on every page and on the PDF's cover. */
  name: string;
  /** PNG or JPEG bytes, at most 512 KiB; null for none. */
  logo: { bytes: Uint8Array; mediaType: 'image/png' | 'image/jpeg' } | null;
  /** `#rrggbb`: the header's background. */
  primary: string;
  /** `#rrggbb`: the header's text on `primary` (contrast at least 4.5:1, checked). */
  onPrimary: string;
  /** `#rrggbb`: links and headings on white (contrast at least 4.5:1, checked). */
  accent: string;
}

export interface ExportDocument {
  /** The export's language (an interface language of the platform: `en`, `cs`). */
  lang: string;
  /** Message lookup in the export's language, from the playbooks module's catalog (`playbooks.export.*`). */
  t(key: string, values?: Record<string, string | number>): string;
  /** The playbook's own texts, in the export's language when translated. */
  title: ExportText;
  /** Who it is for ("Small cities starting with open data"). */
  target: ExportText;
  /** Plain text, paragraphs split on blank lines. */
  introduction: ExportText;
  /** The steps, in order; each a short plain text. */
  steps: ExportText[];
  chapters: ExportChapter[];
  branding: ExportBranding;
  /** The partnership whose lessons these are (for the colophon). */
  partnership: string;
  /** When the export was made, already formatted in the export's language ("7 December 2026"). */
  madeOn: string;
  /** The playbook on the platform, absolute, when known. */
  onlineUrl: string | null;
}

/** Progress of a long build, 0 to 1, for the export's status page. */
export type ReportProgress = (fraction: number) => void | Promise<void>;
