import { constants as zlib, crc32, deflateRawSync } from 'node:zlib';

/**
 * A gzip body put together from pieces: some compressed once and kept (HTML and text shared
 * by many readers), some stored as they are (the words that are this reader's own).
 *
 * Deflate allows it: each piece is compressed on its own as raw deflate that ends on a byte
 * boundary and is not marked last (a "sync flush"), so its back-references stay inside it and
 * any number of them can follow one another; an empty last block ends the stream. The gzip
 * trailer's CRC-32 of the whole is combined from the pieces' CRCs without reading the kept
 * pieces again. Text that only this response holds (a name, a form token) is short: it goes
 * in "stored" blocks, as it is. A page of 41 KB whose parts are shared costs a copy of its
 * compressed bytes, instead of encoding and compressing forty kilobytes.
 */

/** A piece compressed once and kept: raw deflate ending in a sync flush, with its CRC-32 and length. */
export interface DeflatedPiece {
  readonly deflated: Buffer;
  readonly crc: number;
  readonly length: number;
  /** x^(8·length) modulo the CRC polynomial: what combines a CRC before it with this piece's in one step. */
  readonly shift: number;
}

const GZIP_HEADER = Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0, 0x00, 0xff]);
/** An empty block with the "last" bit set, in fixed Huffman codes: what deflate writes to end a stream. */
const LAST_BLOCK = Buffer.from([0x03, 0x00]);
const STORED_HEADER = 5;
/** The most bytes one stored block holds. */
const STORED_MAX = 0xffff;

/** Raw deflate of `bytes` ending in a sync flush, ready to be followed by more (level 6 for kept pieces). */
export function deflatePiece(bytes: Buffer, level = 6): DeflatedPiece {
  return {
    deflated: deflateRawSync(bytes, { level, finishFlush: zlib.Z_SYNC_FLUSH }),
    crc: crc32(bytes),
    length: bytes.length,
    shift: xPowModP(bytes.length, 3),
  };
}

/**
 * Text compressed once by its content and kept, the most recently used within a budget of
 * bytes: the text of a personal page between the reader's own words (`page.personal`) is the
 * same for every reader of that page, so it is compressed once for all of them.
 */
export class KeptPieces {
  private readonly entries = new Map<string, { piece: DeflatedPiece; weight: number }>();
  private bytes = 0;
  hits = 0;
  misses = 0;

  constructor(private readonly maxBytes: number) {}

  /** `text` compressed, kept or now; null when it is too long to keep (then it is not compressed either). */
  deflated(text: string): DeflatedPiece | null {
    // V8 hashes strings of up to ~16k characters by content, longer ones by length only: those
    // would all collide, so they are not kept.
    if (text.length > 16_000) return null;
    const found = this.entries.get(text);
    if (found) {
      this.hits++;
      this.entries.delete(text);
      this.entries.set(text, found);
      return found.piece;
    }
    this.misses++;
    const piece = deflatePiece(Buffer.from(text));
    const weight = text.length * 3 + piece.deflated.length + 100;
    if (weight > this.maxBytes / 16) return piece;
    this.entries.set(text, { piece, weight });
    this.bytes += weight;
    for (const [key, entry] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.entries.delete(key);
      this.bytes -= entry.weight;
    }
    return piece;
  }
}

/**
 * A gzip stream of the parts in order: compressed pieces are copied, text is stored as it is
 * (it should be short). The stream is written into one buffer of the right size.
 */
export function spliceGzip(parts: readonly (string | DeflatedPiece)[]): Buffer {
  let size = GZIP_HEADER.length + LAST_BLOCK.length + 8;
  const bytes = parts.map((part) => (typeof part === 'string' ? Buffer.byteLength(part) : 0));
  parts.forEach((part, i) => {
    size +=
      typeof part === 'string' ? Math.ceil(bytes[i]! / STORED_MAX) * STORED_HEADER + bytes[i]! : part.deflated.length;
  });
  const out = Buffer.allocUnsafe(size);
  let at = GZIP_HEADER.copy(out, 0);
  let crc = 0;
  let length = 0;
  parts.forEach((part, i) => {
    if (typeof part === 'string') {
      // The text's bytes go where the blocks' bytes go, then each block gets its header in
      // front of its share: a header byte (not last, not compressed), LEN, ~LEN.
      const count = Math.ceil(bytes[i]! / STORED_MAX);
      const text = out.subarray(at + count * STORED_HEADER, at + count * STORED_HEADER + bytes[i]!);
      text.write(part);
      crc = crc32(text, crc);
      length += bytes[i]!;
      for (let block = 0; block < count; block++) {
        const chunk = Math.min(STORED_MAX, bytes[i]! - block * STORED_MAX);
        // Move this block's bytes behind its header (the first block's are there already).
        text.copy(out, at + STORED_HEADER, block * STORED_MAX, block * STORED_MAX + chunk);
        out[at] = 0x00;
        out.writeUInt16LE(chunk, at + 1);
        out.writeUInt16LE(~chunk & 0xffff, at + 3);
        at += STORED_HEADER + chunk;
      }
    } else if (part.length > 0) {
      // The piece's shift was worked out when it was compressed: one multiplication per piece.
      crc = (multiplyModP(part.shift, crc >>> 0) ^ part.crc) >>> 0;
      length += part.length;
      at += part.deflated.copy(out, at);
    }
  });
  at += LAST_BLOCK.copy(out, at);
  out.writeUInt32LE(crc >>> 0, at);
  out.writeUInt32LE(length % 0x1_0000_0000, at + 4);
  return out.subarray(0, at + 8);
}

// CRC-32 of a concatenation from the CRCs of its parts, as zlib's crc32_combine does it:
// arithmetic on polynomials over GF(2) modulo the CRC polynomial (reflected).
const POLY = 0xedb88320;

/** a(x) · b(x) modulo p(x), the bits reflected as in the CRC. */
function multiplyModP(a: number, b: number): number {
  if (a === 0) return 0;
  let m = 0x80000000;
  let p = 0;
  for (;;) {
    if ((a & m) !== 0) {
      p ^= b;
      if ((a & (m - 1)) === 0) break;
    }
    m >>>= 1;
    b = b & 1 ? (b >>> 1) ^ POLY : b >>> 1;
  }
  return p >>> 0;
}

/** x^(2^k) modulo p(x), for k = 0…31. */
const X_POW_2K: number[] = [];
{
  let p = 0x40000000; // x^1
  X_POW_2K.push(p);
  for (let k = 1; k < 32; k++) X_POW_2K.push((p = multiplyModP(p, p)));
}

/** x^(n · 2^k) modulo p(x). */
function xPowModP(n: number, k: number): number {
  let p = 0x80000000; // x^0
  while (n > 0) {
    if (n % 2 === 1) p = multiplyModP(X_POW_2K[k & 31]!, p);
    n = Math.floor(n / 2);
    k++;
  }
  return p;
}

/** The CRC-32 of A followed by B, from CRC(A), CRC(B) and the length of B in bytes. */
export function crc32Combine(crcA: number, crcB: number, lengthB: number): number {
  return (multiplyModP(xPowModP(lengthB, 3), crcA >>> 0) ^ crcB) >>> 0;
}
