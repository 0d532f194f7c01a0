import type { FastifyInstance } from 'fastify';
import { acceptedEncoding, COMPRESS_FROM, compressOnce } from './encoding.js';

/** What is worth compressing: text, JSON and XML (not images, archives or documents, which are compressed already). */
const COMPRESSIBLE = /^(?:text\/|application\/(?:json|problem\+json|atom\+xml|xml)\b)/;

/**
 * Compresses what a route sends as text or bytes in one call (JSON, feeds, error pages), with
 * the best encoding the client accepts, when it is 1 KiB or more. Pages sent by `sendHtml`
 * are compressed (or spliced) already, streams (downloads) are left alone, and so is anything
 * that says its encoding. Compressing in one synchronous call costs much less than a stream.
 */
export function registerCompression(app: FastifyInstance): void {
  app.addHook('onSend', (request, reply, payload, done) => {
    if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return done(null, payload);
    if (payload.length < COMPRESS_FROM || reply.hasHeader('content-encoding')) return done(null, payload);
    if (!COMPRESSIBLE.test(String(reply.getHeader('content-type') ?? ''))) return done(null, payload);
    const vary = reply.getHeader('vary');
    if (!vary) reply.header('Vary', 'Accept-Encoding');
    else if (!/accept-encoding/i.test(String(vary))) reply.header('Vary', `${String(vary)}, Accept-Encoding`);
    const encoding = acceptedEncoding(request.headers['accept-encoding']);
    if (!encoding) return done(null, payload);
    reply.header('Content-Encoding', encoding).removeHeader('content-length');
    done(null, compressOnce(typeof payload === 'string' ? Buffer.from(payload) : payload, encoding));
  });
}
