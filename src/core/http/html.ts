import type { FastifyReply } from 'fastify';
import type { VNode } from 'preact';
import { joinPieces, type Piece, PersonalText, SharedHtml } from '../shared/markers.js';
import { renderPage } from '../shared/render.js';
import { acceptedCodings, acceptedEncoding, COMPRESS_FROM, compressOnce } from './encoding.js';
import { type DeflatedPiece, KeptPieces, spliceGzip } from './gzip-splice.js';

/** Where a page is encoded to UTF-8 before it is compressed (compression is synchronous, so one will do). */
let scratch = Buffer.allocUnsafe(256 * 1024);

/**
 * Sends an HTML document rendered for one request (`renderPage`). A signed-in reader's page is
 * sent spliced when it can be (see `sendSpliced`); any other is joined and compressed in one
 * call when the client accepts it. The text is encoded into a reused buffer (half the cost of
 * `Buffer.from`, which measures the text first; the compress plugin would measure and encode it
 * twice, which for a page of 40 KB cost as much as compressing it).
 */
export function sendHtml(reply: FastifyReply, pieces: readonly Piece[]): FastifyReply {
  reply.type('text/html; charset=utf-8').header('Vary', 'Accept-Encoding');
  if (reply.request.actor.kind !== 'visitor') return sendSpliced(reply, pieces);
  return sendWhole(reply, joinPieces(pieces));
}

function sendWhole(reply: FastifyReply, html: string): FastifyReply {
  const encoding = html.length >= COMPRESS_FROM ? acceptedEncoding(reply.request.headers['accept-encoding']) : null;
  if (!encoding) return reply.send(html);
  // A UTF-16 code unit is at most three bytes of UTF-8.
  if (html.length * 3 > scratch.length) scratch = Buffer.allocUnsafe(html.length * 3);
  const length = scratch.write(html);
  return reply.header('Content-Encoding', encoding).send(compressOnce(scratch.subarray(0, length), encoding));
}

const textOf = (piece: Piece): string =>
  typeof piece === 'string' ? piece : piece instanceof PersonalText ? piece.text : piece.html;

/** The text of spliced pages between their readers' own words, compressed once (4 MiB at most). */
export const keptText = new KeptPieces(4 * 1024 * 1024);

/** Text shorter than this goes into a spliced page as it is: starting a compressor costs more than the bytes. */
const STORE_BELOW = 1024;

/**
 * Sends a personal page cut where it holds shared HTML (`<Shared>`) and around the reader's
 * own words (`<Personal>`). With gzip, the shared pieces' kept compressed bytes are spliced in,
 * the text between the reader's words is compressed once for every reader (`keptText`) and
 * their words are stored as they are (`gzip-splice.ts`): so gzip is chosen over Brotli for
 * such a page, a few percent more bytes for a fraction of the work. A page whose own words are
 * long (a thread where the reader wrote, filled for them alone) is compressed whole, as any
 * other page. Without compression, joined.
 */
function sendSpliced(reply: FastifyReply, pieces: readonly Piece[]): FastifyReply {
  let length = 0;
  for (const piece of pieces) length += textOf(piece).length;
  const parts =
    length >= COMPRESS_FROM && acceptedCodings(reply.request.headers['accept-encoding']).gzip
      ? gzipParts(pieces)
      : null;
  if (parts) return reply.header('Content-Encoding', 'gzip').send(spliceGzip(parts));
  return sendWhole(reply, joinPieces(pieces));
}

/**
 * The pieces as parts of a spliced gzip stream; null when some text would have to be
 * compressed for this response alone.
 */
function gzipParts(pieces: readonly Piece[]): (string | DeflatedPiece)[] | null {
  const parts: (string | DeflatedPiece)[] = [];
  for (const piece of pieces) {
    if (piece instanceof SharedHtml) parts.push(piece.deflated);
    else if (piece instanceof PersonalText) {
      if (piece.text.length >= STORE_BELOW) return null;
      parts.push(piece.text);
    } else if (piece.length < STORE_BELOW) parts.push(piece);
    else {
      const kept = keptText.deflated(piece);
      if (!kept) return null;
      parts.push(kept);
    }
  }
  return parts;
}

/**
 * Sends an HTML page that no cache may keep: pages with forms carry a CSRF token, and
 * signed-in pages are personal.
 */
export function sendPage(reply: FastifyReply, page: VNode, status = 200): FastifyReply {
  return sendHtml(reply.code(status).header('Cache-Control', 'no-store'), renderPage(page));
}
