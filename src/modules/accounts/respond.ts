import type { FastifyReply } from 'fastify';
import type { VNode } from 'preact';
import { renderDocument } from '../../core/views/render.js';

/** An HTML page that no cache keeps (forms carry a CSRF token; some pages a secret). */
export const html = (reply: FastifyReply, page: VNode, status = 200) =>
  reply.code(status).header('Cache-Control', 'no-store').type('text/html; charset=utf-8').send(renderDocument(page));

/** A refusal for a while: 429, `Retry-After`, and the page that says how long in words. */
export const tooMany = (reply: FastifyReply, seconds: number, page: VNode) => html(reply.header('Retry-After', String(seconds)), page, 429);
