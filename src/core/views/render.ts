import type { FastifyReply } from 'fastify';
import type { VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { acceptedCodings, acceptedEncoding, COMPRESS_FROM, compressOnce } from '../http/encoding.js';
import { type DeflatedPiece, KeptPieces, spliceGzip } from '../http/gzip-splice.js';
import { PersonalText, SharedHtml, splitAtEmbeds } from './shared-html.js';

/** A whole HTML document from a page's root element. */
export function renderDocument(root: VNode): string {
  return '<!DOCTYPE html>' + renderToString(root);
}

/** Where a page is encoded to UTF-8 before it is compressed (compression is synchronous, so one will do). */
let scratch = Buffer.allocUnsafe(256 * 1024);

/**
 * Sends an HTML document rendered for this request, compressed in one call when the client
 * accepts it. The text is encoded into a reused buffer (half the cost of `Buffer.from`, which
 * measures the text first); the compress plugin would measure and encode it twice, which for
 * a page of 40 KB cost as much as compressing it.
 */
export function sendHtml(reply: FastifyReply, html: string): FastifyReply {
  reply.type('text/html; charset=utf-8').header('Vary', 'Accept-Encoding');
  const embeds = reply.request.embeds;
  if (embeds) return sendSpliced(reply, splitAtEmbeds(html, embeds));
  const encoding = html.length >= COMPRESS_FROM ? acceptedEncoding(reply.request.headers['accept-encoding']) : null;
  if (!encoding) return reply.send(html);
  // A UTF-16 code unit is at most three bytes of UTF-8.
  if (html.length * 3 > scratch.length) scratch = Buffer.allocUnsafe(html.length * 3);
  const length = scratch.write(html);
  return reply.header('Content-Encoding', encoding).send(compressOnce(scratch.subarray(0, length), encoding));
}

/** The text of spliced pages between their readers' own words, compressed once (4 MiB at most). */
export const keptText = new KeptPieces(4 * 1024 * 1024);

/** Text shorter than this goes into a spliced page as it is: starting a compressor costs more than the bytes. */
const STORE_BELOW = 1024;

/**
 * Sends a personal page rendered by `pageRoute`: cut where it holds shared HTML
 * (`page.embed`) and around the reader's own words (`page.personal`). With gzip, the shared
 * pieces' kept compressed bytes are spliced in, the text between the reader's words is
 * compressed once for every reader (`keptText`) and their words are stored as they are
 * (`gzip-splice.ts`): so gzip is chosen over Brotli for such a page, a few percent more bytes
 * for a fraction of the work. A page whose own words are long (a thread where the reader wrote,
 * filled for them alone) is compressed whole, as any other page. Without compression, joined.
 */
function sendSpliced(reply: FastifyReply, pieces: (string | PersonalText | SharedHtml)[]): FastifyReply {
  const texts = pieces.map((p) => (typeof p === 'string' ? p : p instanceof PersonalText ? p.text : p.html));
  let length = 0;
  for (const text of texts) length += text.length;
  const header = reply.request.headers['accept-encoding'];
  const parts = length >= COMPRESS_FROM && acceptedCodings(header).gzip ? gzipParts(pieces) : null;
  if (parts) return reply.header('Content-Encoding', 'gzip').send(spliceGzip(parts));
  const html = texts.join('');
  const encoding = length >= COMPRESS_FROM ? acceptedEncoding(header) : null;
  if (encoding) return reply.header('Content-Encoding', encoding).send(compressOnce(Buffer.from(html), encoding));
  return reply.send(html);
}

/** The pieces as parts of a spliced gzip stream; null when some text would have to be compressed for this response alone. */
function gzipParts(pieces: readonly (string | PersonalText | SharedHtml)[]): (string | DeflatedPiece)[] | null {
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
  return sendHtml(reply.code(status).header('Cache-Control', 'no-store'), renderDocument(page));
}
