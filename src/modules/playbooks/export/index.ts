/**
 * The white-label export engine of playbooks (issue 16, part 2): from an `ExportDocument`, a
 * static site in a zip and a PDF, in the city's name, logo and colours. It knows nothing of the
 * database; the playbooks module gathers the document and runs the builds in its job.
 */
import { loadCatalogs } from '../../../core/i18n/catalogs.js';

export { contrastRatio, formatRatio, parseHexColour, relativeLuminance, type Rgb } from './contrast.js';
export type { ExportBranding, ExportChapter, ExportDocument, ExportText, ReportProgress } from './model.js';
export { buildPdf } from './pdf.js';
export { buildSite } from './site.js';

/** The messages the site and the PDF show (`playbooks.export.*`), for the module to merge into its catalog. */
export const exportCatalogs = loadCatalogs(new URL('./locales/', import.meta.url));
