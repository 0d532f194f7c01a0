import { inflateSync } from 'node:zlib';

/** The largest logo, in pixels, that the PDF takes (4096 × 4096); a larger one is left out of it. */
export const MAX_LOGO_PIXELS = 4096 * 4096;

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
/** Channels by colour type, and the bit depths each type allows (PNG specification, 11.2.2). */
const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };
const DEPTHS: Record<number, number[]> = { 0: [1, 2, 4, 8, 16], 2: [8, 16], 3: [1, 2, 4, 8], 4: [8, 16], 6: [8, 16] };
/** Adam7: each pass's first column and row, and its steps. */
const PASSES = [
  [0, 0, 8, 8],
  [4, 0, 8, 8],
  [0, 4, 4, 8],
  [2, 0, 4, 4],
  [0, 2, 2, 4],
  [1, 0, 2, 2],
  [0, 1, 1, 2],
] as const;

/**
 * True when a PNG decodes to exactly the pixels its header announces, at most `MAX_LOGO_PIXELS`:
 * every chunk in bounds, a palette where one is needed, the image data inflating to the size of its
 * scanlines, each with a known filter; and none that png-js would misread (under 8 bits a sample,
 * interlaced or with a palette's transparency). pdfkit (through png-js) decodes some PNGs (with alpha,
 * with a palette's transparency, interlaced) in a zlib callback, where a broken or oversized image
 * would throw out of reach of any `catch` and stop the process: such an image never gets there.
 */
export function decodablePng(bytes: Uint8Array): boolean {
  const data = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (data.length < 8 || SIGNATURE.some((b, i) => data[i] !== b)) return false;
  let header: { width: number; height: number; depth: number; type: number; interlaced: boolean } | null = null;
  let palette = false;
  let transparency = false;
  const idat: Buffer[] = [];
  let pos = 8;
  let ended = false;
  while (pos + 12 <= data.length) {
    const length = data.readUInt32BE(pos);
    const type = data.toString('latin1', pos + 4, pos + 8);
    const start = pos + 8;
    if (length > data.length - start - 4) return false;
    const chunk = data.subarray(start, start + length);
    pos = start + length + 4;
    if (type === 'IHDR') {
      if (length !== 13 || header) return false;
      header = {
        width: chunk.readUInt32BE(0),
        height: chunk.readUInt32BE(4),
        depth: chunk[8]!,
        type: chunk[9]!,
        interlaced: chunk[12] === 1,
      };
      if (chunk[10] !== 0 || chunk[11] !== 0 || chunk[12]! > 1) return false;
    } else if (!header) {
      return false;
    } else if (type === 'PLTE') {
      palette = length > 0 && length % 3 === 0 && length <= 768;
    } else if (type === 'tRNS') {
      transparency = true;
    } else if (type === 'IDAT') {
      idat.push(chunk);
    } else if (type === 'IEND') {
      ended = true;
      break;
    }
  }
  if (!header || !ended || idat.length === 0) return false;
  const { width, height, depth, type, interlaced } = header;
  const channels = CHANNELS[type];
  if (!channels || !DEPTHS[type]!.includes(depth) || (type === 3 && !palette)) return false;
  if (width < 1 || height < 1 || width * height > MAX_LOGO_PIXELS) return false;
  // png-js decodes these itself and counts a pixel of less than a byte wrong, losing its place in the rows.
  if (depth < 8 && (interlaced || (type === 3 && transparency))) return false;
  const bitsPerPixel = channels * depth;
  const passes = interlaced
    ? PASSES.map(([x0, y0, dx, dy]) => [Math.ceil((width - x0) / dx), Math.ceil((height - y0) / dy)] as const)
    : ([[width, height]] as const);
  const rows: number[] = [];
  for (const [w, h] of passes) {
    if (w <= 0 || h <= 0) continue;
    for (let r = 0; r < h; r++) rows.push(1 + Math.ceil((w * bitsPerPixel) / 8));
  }
  const expected = rows.reduce((sum, row) => sum + row, 0);
  let pixels: Buffer;
  try {
    pixels = inflateSync(Buffer.concat(idat), { maxOutputLength: expected });
  } catch {
    return false;
  }
  if (pixels.length !== expected) return false;
  let at = 0;
  for (const row of rows) {
    if (pixels[at]! > 4) return false;
    at += row;
  }
  return true;
}
