/**
 * Colour contrast as WCAG 2.1 defines it (success criterion 1.4.3 and its "relative luminance"
 * and "contrast ratio" terms): the playbooks module refuses a city's colours below 4.5:1 and
 * shows the ratio it found.
 */

/** A colour as its three channels, 0 to 255. */
export interface Rgb {
  r: number;
  g: number;
  b: number;
}

const HEX_COLOUR = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i;

/** `#rrggbb` (either case) as its channels; null for anything else (`#abc`, names, `rgb()`, spaces). */
export function parseHexColour(text: string): Rgb | null {
  const match = typeof text === 'string' ? HEX_COLOUR.exec(text) : null;
  if (!match) return null;
  return { r: parseInt(match[1]!, 16), g: parseInt(match[2]!, 16), b: parseInt(match[3]!, 16) };
}

/** One sRGB channel (0 to 255) made linear. */
function linear(channel: number): number {
  const c = channel / 255;
  return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
}

/** Relative luminance: 0 for black, 1 for white. */
export function relativeLuminance({ r, g, b }: Rgb): number {
  return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
}

/** The contrast ratio of two colours (`Rgb` or `#rrggbb`), from 1 (none) to 21 (black on white); either order. */
export function contrastRatio(a: Rgb | string, b: Rgb | string): number {
  const first = typeof a === 'string' ? parseHexColour(a) : a;
  const second = typeof b === 'string' ? parseHexColour(b) : b;
  if (!first || !second) throw new TypeError('contrastRatio takes two #rrggbb colours');
  const [light, dark] = [relativeLuminance(first), relativeLuminance(second)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

/**
 * A ratio for display, rounded down to one decimal ("4.4" for 4.49), so that a refused ratio never
 * reads as the 4.5 it missed. Always a dot: the message formats it into its sentence.
 */
export function formatRatio(ratio: number): string {
  // The small epsilon keeps 4.5 exactly (4.499999… after floating point) from showing as 4.4.
  return (Math.floor(ratio * 10 + 1e-9) / 10).toFixed(1);
}
