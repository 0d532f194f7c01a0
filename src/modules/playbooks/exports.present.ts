import type { Static } from 'typebox';
import type { ExportRow } from './exports.queries.js';
import { playbookPath } from './playbooks.queries.js';
import type { ExportJson } from './playbooks.schema.js';
import type { ExportFailure, ExportState } from './playbooks.tables.js';

/** An export as its pages show it (addresses after `/{lang}`) and, through `exportJson`, as the API gives it. */
export interface ExportItem {
  id: number;
  playbook: string;
  lang: string;
  name: string;
  colours: { primary: string; onPrimary: string; accent: string };
  logo: boolean;
  state: ExportState;
  progress: number;
  failure: ExportFailure | null;
  createdAt: string;
  expiresAt: string;
  /** Its page, after `/{lang}` (the API's address is `/api/v1` and the same). */
  path: string;
  /** Its two files once ready: their addresses after `/{lang}` (or `/api/v1`) and sizes. */
  files: { site: { path: string; size: number }; pdf: { path: string; size: number } } | null;
}

/** The address of an export's page, after `/{lang}`. */
export const exportPath = (slug: string, id: number): string => `${playbookPath(slug)}/exports/${id}`;

/** The names of an export's two files in its address. */
export const FILE_NAMES = { site: 'site.zip', pdf: 'playbook.pdf' } as const;

export function presentExport(row: ExportRow, slug: string): ExportItem {
  const path = exportPath(slug, row.id);
  const ready = row.state === 'ready' && row.site_size !== null && row.pdf_size !== null;
  return {
    id: row.id,
    playbook: slug,
    lang: row.lang,
    name: row.name,
    colours: { primary: row.primary_colour, onPrimary: row.on_primary_colour, accent: row.accent_colour },
    logo: row.logo_key !== null,
    state: row.state,
    progress: Math.max(0, Math.min(100, row.progress)),
    failure: row.state === 'failed' ? row.failure : null,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    path,
    files: ready
      ? {
          site: { path: `${path}/${FILE_NAMES.site}`, size: row.site_size! },
          pdf: { path: `${path}/${FILE_NAMES.pdf}`, size: row.pdf_size! },
        }
      : null,
  };
}

/** An export as the API gives it: download addresses under `/api/v1` (a session or a token reads them). */
export function exportJson(item: ExportItem): Static<typeof ExportJson> {
  return {
    id: item.id,
    playbook: item.playbook,
    lang: item.lang,
    name: item.name,
    colours: item.colours,
    logo: item.logo,
    state: item.state,
    progress: item.progress,
    failure: item.failure,
    createdAt: item.createdAt,
    expiresAt: item.expiresAt,
    downloads: item.files
      ? {
          site: { url: `/api/v1${item.files.site.path}`, size: item.files.site.size },
          pdf: { url: `/api/v1${item.files.pdf.path}`, size: item.files.pdf.size },
        }
      : null,
  };
}
