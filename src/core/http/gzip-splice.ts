import { constants as zlib, crc32, deflateRawSync } from 'node:zlib';

/**
 * A gzip body put together from pieces, some compressed once and kept (HTML shared by many
 * readers), some compressed for this response only (what is personal in it).
 *
 * Deflate allows it: each piece is compressed on its own as raw deflate that ends on a byte
 * boundary and is not marked last (a "sync flush"), so its back-references stay inside it and
 * any number of them can follow one another; an empty last block ends the stream. The gzip
 * trailer's CRC-32 of the whole is combined from the pieces' CRCs without reading the kept
 * pieces again. Only the personal text is compressed per response: a page of 41 KB whose
 * thread is shared costs a few kilobytes of compression instead of forty.
 */

/** A piece compressed once and kept: raw deflate ending in a sync flush, with its CRC-32 and length. */
export interface DeflatedPiece {
  readonly deflated: Buffer;
  readonly crc: number;
  readonly length: number;
}

const GZIP_HEADER = Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0, 0x00, 0xff]);
/** An empty block with the "last" bit set, in fixed Huffman codes: what deflate writes to end a stream. */
const LAST_BLOCK = Buffer.from([0x03, 0x00]);
/** Personal text shorter than this is stored, not compressed: starting a compressor costs more than the bytes. */
const STORE_BELOW = 1024;
const STORED_HEADER = 5;

/** Raw deflate of `bytes` ending in a sync flush, ready to be followed by more (level 6 for kept pieces). */
export function deflatePiece(bytes: Buffer, level = 6): DeflatedPiece {
  return { deflated: deflateRawSync(bytes, { level, finishFlush: zlib.Z_SYNC_FLUSH }), crc: crc32(bytes), length: bytes.length };
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

  deflated(text: string): DeflatedPiece {
    const found = this.entries.get(text);
    if (found) {
      this.hits++;
      this.entries.delete(text);
      this.entries.set(text, found);
      return found.piece;
    }
    this.misses++;
    const piece = deflatePiece(Buffer.from(text), 4);
    const weight = text.length * 3 + piece.deflated.length + 100;
    // V8 hashes strings of up to ~16k characters by content, longer ones by length only: those
    // would all collide, so they are not kept (pages that hold shared HTML have shorter text).
    if (text.length > 16_000 || weight > this.maxBytes / 16) return piece;
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
 * A gzip stream of the pieces in order. Kept pieces are copied; text is stored as it is when
 * short (a name, a token: compressing it would cost more than the bytes), else compressed, by
 * `kept` when given. The stream is written into one buffer of the right size.
 */
export function spliceGzip(pieces: readonly (string | DeflatedPiece)[], kept?: KeptPieces): Buffer {
  const parts: (DeflatedPiece | { text: string; bytes: number })[] = [];
  let size = GZIP_HEADER.length + LAST_BLOCK.length + 8;
  for (const piece of pieces) {
    let part: DeflatedPiece | { text: string; bytes: number };
    if (typeof piece !== 'string') part = piece;
    else if (piece.length === 0) continue;
    else if (piece.length >= STORE_BELOW && kept) part = kept.deflated(piece);
    else {
      const bytes = Buffer.byteLength(piece);
      part = bytes >= STORE_BELOW ? deflatePiece(Buffer.from(piece), 4) : { text: piece, bytes };
    }
    size += 'text' in part ? STORED_HEADER + part.bytes : part.deflated.length;
    parts.push(part);
  }
  const out = Buffer.allocUnsafe(size);
  let at = GZIP_HEADER.copy(out, 0);
  let crc = 0;
  let length = 0;
  for (const part of parts) {
    if ('text' in part) {
      // A stored block: a header byte (not last, no compression) on a byte boundary, LEN, ~LEN, the bytes.
      out[at] = 0x00;
      out.writeUInt16LE(part.bytes, at + 1);
      out.writeUInt16LE(~part.bytes & 0xffff, at + 3);
      at += STORED_HEADER;
      out.write(part.text, at);
      crc = crc32(out.subarray(at, at + part.bytes), crc);
      at += part.bytes;
      length += part.bytes;
    } else if (part.length > 0) {
      crc = crc32Combine(crc, part.crc, part.length);
      length += part.length;
      at += part.deflated.copy(out, at);
    }
  }
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
