import { parseHexColour } from './contrast.js';
import type { ExportBranding } from './model.js';

/** The logo's file in the site's `assets/`, with the extension its type has. */
export function logoFile(branding: ExportBranding): string | null {
  if (!branding.logo) return null;
  return branding.logo.mediaType === 'image/png' ? 'logo.png' : 'logo.jpg';
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/**
 * Checks again what the playbooks module checked before it built the document: colours that go
 * into CSS and the PDF are `#rrggbb`, and the logo's bytes are of the type it says. A document
 * that fails here is a mistake of the caller, not of the city: it throws.
 */
export function checkBranding(branding: ExportBranding): void {
  for (const name of ['primary', 'onPrimary', 'accent'] as const) {
    if (!parseHexColour(branding[name])) throw new TypeError(`branding.${name} is not a #rrggbb colour`);
  }
  const logo = branding.logo;
  if (!logo) return;
  const bytes = logo.bytes;
  const isPng = bytes.length > 8 && PNG_SIGNATURE.every((b, i) => bytes[i] === b);
  const isJpeg = bytes.length > 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
  if (logo.mediaType === 'image/png' ? !isPng : logo.mediaType === 'image/jpeg' ? !isJpeg : true) {
    throw new TypeError(`branding.logo is not the ${String(logo.mediaType)} it says it is`);
  }
}

/** An address to link to: absolute `http:` or `https:`, or null. */
export function linkAddress(url: string | null): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : null;
  } catch {
    return null;
  }
}
