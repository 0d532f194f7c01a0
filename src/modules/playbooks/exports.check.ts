import { readFile, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { validateForm, type FieldErrors } from '../../core/http/forms.js';
import { TEMPORARY_FOLDER, type UploadedFile } from '../../core/http/multipart.js';
import type { Translator } from '../../core/i18n/translator.js';
import { cleanFileName } from '../../core/uploads/names.js';
import { sniffFile } from '../../core/uploads/sniff.js';
import { contrastRatio, formatRatio, parseHexColour } from './export/index.js';
import { EXPORT_LIMITS, ExportForm } from './playbooks.schema.js';

/** The least contrast text may have on its background (WCAG 2.1 AA, 1.4.3). */
export const MIN_CONTRAST = 4.5;

/** A city's branding as checked: name, colours (`#rrggbb`, lower case) and language. */
export interface BrandingValues {
  name: string;
  primary: string;
  onPrimary: string;
  accent: string;
  lang: string;
}

/** A logo that passed every check: a PNG or JPEG of at most 512 KiB, in a temporary file of the uploads folder. */
export interface AcceptedLogo {
  path: string;
  mediaType: 'image/png' | 'image/jpeg';
}

type Checked<T> = { ok: true; value: T } | { ok: false; errors: FieldErrors };

/** A ratio as the reader writes numbers, rounded down to one decimal ("2.8" in English, "2,8" in Czech). */
const ratioIn = (i18n: Pick<Translator, 'number'>, ratio: number) => i18n.number(Number(formatRatio(ratio)));

/**
 * The branding fields of the export form or the API's body: the city's name, the three colours as
 * `#rrggbb`, text on its background with a contrast of at least 4.5:1 (the header's text on its
 * background, links and headings on white; refused with the ratio found), and an interface language.
 */
export function checkBranding(
  raw: unknown,
  i18n: Pick<Translator, 't' | 'number'>,
  languages: readonly string[],
): Checked<BrandingValues> {
  const { t } = i18n;
  const form = validateForm<BrandingValues>(ExportForm, raw, t);
  const errors: FieldErrors = form.ok ? {} : { ...form.errors };
  const source = (form.ok ? form.value : {}) as Partial<BrandingValues>;
  const colour = (name: 'primary' | 'onPrimary' | 'accent') => {
    const value = typeof source[name] === 'string' ? source[name].trim() : '';
    if (errors[name]) return null;
    if (!parseHexColour(value)) {
      errors[name] = t('playbooks.exports.error.colour');
      return null;
    }
    return value.toLowerCase();
  };
  const primary = colour('primary');
  const onPrimary = colour('onPrimary');
  const accent = colour('accent');
  if (primary && onPrimary && contrastRatio(onPrimary, primary) < MIN_CONTRAST)
    errors.onPrimary = t('playbooks.exports.error.headerContrast', {
      ratio: ratioIn(i18n, contrastRatio(onPrimary, primary)),
      needed: i18n.number(MIN_CONTRAST),
    });
  if (accent && contrastRatio(accent, '#ffffff') < MIN_CONTRAST)
    errors.accent = t('playbooks.exports.error.accentContrast', {
      ratio: ratioIn(i18n, contrastRatio(accent, '#ffffff')),
      needed: i18n.number(MIN_CONTRAST),
    });
  if (!errors.lang && !languages.includes(String(source.lang ?? ''))) errors.lang = t('playbooks.exports.error.lang');
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    value: { name: source.name!, primary: primary!, onPrimary: onPrimary!, accent: accent!, lang: source.lang! },
  };
}

/** Whether the bytes hold what a PNG (its header chunk) or a JPEG (a frame header) must have to be shown. */
function readableImage(bytes: Buffer, mediaType: AcceptedLogo['mediaType']): boolean {
  if (mediaType === 'image/png')
    return bytes.length > 24 && bytes.toString('latin1', 12, 16) === 'IHDR' && bytes.readUInt32BE(16) > 0;
  // Segments after the start of image until a start of frame (SOF0 to SOF15, not DHT, JPG or DAC).
  let at = 2;
  while (at + 4 <= bytes.length && bytes[at] === 0xff) {
    const marker = bytes[at + 1]!;
    if (marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker)) return at + 9 <= bytes.length;
    if (marker === 0xd8 || marker === 0xff) {
      at += marker === 0xff ? 1 : 2;
      continue;
    }
    at += 2 + bytes.readUInt16BE(at + 2);
  }
  return false;
}

type LogoCheck = { ok: true; logo: AcceptedLogo | null } | { ok: false; message: string; unsaved?: boolean };

/**
 * The logo of the form, if one was chosen: one file, not empty, at most 512 KiB, a PNG or JPEG by its
 * bytes with a name that says so, and a header an image has. None chosen is no logo.
 */
export async function checkUploadedLogo(files: UploadedFile[], t: Translator['t']): Promise<LogoCheck> {
  // A form whose file input was left empty sends a part with no name and no bytes.
  const chosen = files.filter((f) => f.filename !== '' || f.size > 0);
  if (chosen.length === 0) return { ok: true, logo: null };
  if (chosen.length > 1) return { ok: false, message: t('playbooks.exports.error.oneLogo') };
  const file = chosen[0]!;
  const name = cleanFileName(file.filename) || 'logo';
  const limit = { size: EXPORT_LIMITS.logoBytes / 1024 };
  if (file.problem === 'tooBig' || file.size > EXPORT_LIMITS.logoBytes)
    return { ok: false, message: t('playbooks.exports.error.logoSize', limit) };
  if (file.problem === 'unsaved' || file.path === null)
    return { ok: false, message: t('playbooks.exports.error.unsaved'), unsaved: true };
  return checkLogoFile(file.path, file.size, name, true, t);
}

/**
 * The API's logo: base64 of a PNG or JPEG of at most 512 KiB, written to a temporary file to be checked
 * like an upload.
 */
export async function checkLogoData(
  data: unknown,
  uploadsDir: string,
  t: Translator['t'],
): Promise<LogoCheck & { temporary?: string }> {
  if (typeof data !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(data.replace(/\s+/g, '')))
    return { ok: false, message: t('playbooks.exports.error.logoData') };
  const bytes = Buffer.from(data, 'base64');
  if (bytes.length > EXPORT_LIMITS.logoBytes)
    return { ok: false, message: t('playbooks.exports.error.logoSize', { size: EXPORT_LIMITS.logoBytes / 1024 }) };
  const temporary = path.join(uploadsDir, TEMPORARY_FOLDER, randomBytes(16).toString('hex'));
  await writeFile(temporary, bytes, { mode: 0o600 });
  return { ...(await checkLogoFile(temporary, bytes.length, 'logo', false, t)), temporary };
}

async function checkLogoFile(
  file: string,
  size: number,
  name: string,
  namesMatter: boolean,
  t: Translator['t'],
): Promise<LogoCheck> {
  const sniffed = await sniffFile(file, size, name);
  if (!sniffed.ok && sniffed.reason === 'empty') return { ok: false, message: t('playbooks.exports.error.logoEmpty') };
  const type = sniffed.ok || sniffed.reason === 'mismatch' ? sniffed.type : null;
  if (!type || (type.kind !== 'png' && type.kind !== 'jpeg'))
    return { ok: false, message: t('playbooks.exports.error.logoKind', { name }) };
  if (!sniffed.ok && namesMatter)
    return {
      ok: false,
      message: t('playbooks.exports.error.logoName', { name, extensions: type.extensions.join(', ') }),
    };
  const mediaType = type.mediaType as AcceptedLogo['mediaType'];
  if (!readableImage(await readFile(file), mediaType))
    return { ok: false, message: t('playbooks.exports.error.logoUnreadable', { name }) };
  return { ok: true, logo: { path: file, mediaType } };
}
