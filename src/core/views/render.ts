import type { FastifyReply } from 'fastify';
import type { VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { acceptedEncoding, COMPRESS_FROM, compressOnce } from '../http/encoding.js';

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
  const encoding = html.length >= COMPRESS_FROM ? acceptedEncoding(reply.request.headers['accept-encoding']) : null;
  if (!encoding) return reply.send(html);
  // A UTF-16 code unit is at most three bytes of UTF-8.
  if (html.length * 3 > scratch.length) scratch = Buffer.allocUnsafe(html.length * 3);
  const length = scratch.write(html);
  return reply.header('Content-Encoding', encoding).send(compressOnce(scratch.subarray(0, length), encoding));
}

/**
 * Sends an HTML page that no cache may keep: pages with forms carry a CSRF token, and
 * signed-in pages are personal.
 */
export function sendPage(reply: FastifyReply, page: VNode, status = 200): FastifyReply {
  return sendHtml(reply.code(status).header('Cache-Control', 'no-store'), renderDocument(page));
}
