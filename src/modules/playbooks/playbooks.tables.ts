import type { Generated } from 'kysely';

/** A draft (its partnership's coordinators') or published (everyone's). */
export const PLAYBOOK_STATES = ['draft', 'published'] as const;
export type PlaybookState = (typeof PLAYBOOK_STATES)[number];

/** Where an export is: queued, being built (with its progress), ready to download, or failed (tried again). */
export const EXPORT_STATES = ['waiting', 'building', 'ready', 'failed'] as const;
export type ExportState = (typeof EXPORT_STATES)[number];

/** Why an export failed, as its page says it (never the error itself). */
export const EXPORT_FAILURES = ['build', 'unavailable'] as const;
export type ExportFailure = (typeof EXPORT_FAILURES)[number];

export interface PlaybookTable {
  id: Generated<number>;
  slug: string;
  partnership_id: number;
  /** Null once the account of the coordinator who wrote it is deleted (the playbook stays). */
  author_id: number | null;
  state: PlaybookState;
  original_lang: string;
  title: string;
  /** Who it is for: "Small cities starting with open data". */
  target: string;
  /** Plain text, paragraphs split on blank lines. */
  introduction: string;
  /** One step per line. */
  steps: string;
  created_at: string;
  updated_at: string;
  published_at: string | null;
  /** What lists sort by: the publication time once published, the creation time before. */
  sort_at: string;
}

export interface PlaybookTranslationTable {
  playbook_id: number;
  lang: string;
  title: string;
  target: string;
  introduction: string;
  steps: string;
  translator_id: number | null;
  updated_at: string;
}

/** The lessons of a playbook, its chapters, in order (position 1, 2, 3 …). */
export interface PlaybookLessonTable {
  playbook_id: number;
  lesson_id: number;
  position: number;
}

export interface PlaybookExportTable {
  id: Generated<number>;
  playbook_id: number;
  requester_id: number;
  /** The export's language: an interface language of the platform. */
  lang: string;
  /** The city (or organisation) it is for. */
  name: string;
  primary_colour: string;
  on_primary_colour: string;
  accent_colour: string;
  /** The logo in the file store (PNG or JPEG), or none. */
  logo_key: string | null;
  logo_type: string | null;
  state: ExportState;
  /** 0 to 100, written at most every 10. */
  progress: number;
  failure: ExportFailure | null;
  site_key: string | null;
  site_size: number | null;
  site_sha256: string | null;
  pdf_key: string | null;
  pdf_size: number | null;
  pdf_sha256: string | null;
  created_at: string;
  updated_at: string;
  /** When it is deleted, rows and files (`playbooks.expire`). */
  expires_at: string;
}

declare module '../../core/db/types.js' {
  interface Database {
    playbooks: PlaybookTable;
    playbook_translations: PlaybookTranslationTable;
    playbook_lessons: PlaybookLessonTable;
    playbook_exports: PlaybookExportTable;
  }
}
