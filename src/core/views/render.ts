import type { FastifyReply } from 'fastify';
import type { VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { acceptedCodings, acceptedEncoding, COMPRESS_FROM, compressOnce } from '../http/encoding.js';
import { KeptPieces, spliceGzip } from '../http/gzip-splice.js';
import { type SharedHtml, splitAtEmbeds } from './shared-html.js';

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

/**
 * Sends a personal page rendered by `pageRoute`: cut where it holds shared HTML
 * (`page.embed`) and around the reader's own words (`page.personal`). With gzip, the shared
 * pieces' kept compressed bytes are spliced in, the text between the reader's words is
 * compressed once for every reader (`keptText`) and their words are stored as they are
 * (`gzip-splice.ts`): so gzip is chosen over Brotli for such a page, a few percent more bytes
 * for a fraction of the work. Without compression, the kept UTF-8 bytes are copied.
 */
function sendSpliced(reply: FastifyReply, pieces: (string | SharedHtml)[]): FastifyReply {
  const codings = acceptedCodings(reply.request.headers['accept-encoding']);
  let length = 0;
  for (const p of pieces) length += typeof p === 'string' ? p.length : p.html.length;
  if (codings.gzip && length >= COMPRESS_FROM) {
    return reply.header('Content-Encoding', 'gzip').send(spliceGzip(pieces.map((p) => (typeof p === 'string' ? p : p.deflated)), keptText));
  }
  const html = pieces.map((p) => (typeof p === 'string' ? p : p.html)).join('');
  if (codings.br && length >= COMPRESS_FROM) return reply.header('Content-Encoding', 'br').send(compressOnce(Buffer.from(html), 'br'));
  return reply.send(html);
}

/**
 * Sends an HTML page that no cache may keep: pages with forms carry a CSRF token, and
 * signed-in pages are personal.
 */
export function sendPage(reply: FastifyReply, page: VNode, status = 200): FastifyReply {
  return sendHtml(reply.code(status).header('Cache-Control', 'no-store'), renderDocument(page));
}
