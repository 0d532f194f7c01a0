import type { FastifyReply } from 'fastify';
import type { VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';

/** A whole HTML document from a page's root element. */
export function renderDocument(root: VNode): string {
  return '<!DOCTYPE html>' + renderToString(root);
}

/**
 * Sends an HTML page that no cache may keep: pages with forms carry a CSRF token, and
 * signed-in pages are personal.
 */
export function sendPage(reply: FastifyReply, page: VNode, status = 200): FastifyReply {
  return reply.code(status).header('Cache-Control', 'no-store').type('text/html; charset=utf-8').send(renderDocument(page));
}
