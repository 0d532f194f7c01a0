import type { FastifyReply } from 'fastify';
import type { VNode } from 'preact';
import { sendPage } from '../../core/http/html.js';

/** A refusal for a while: 429, `Retry-After`, and the page that says how long in words. */
export const tooMany = (reply: FastifyReply, seconds: number, page: VNode) =>
  sendPage(reply.header('Retry-After', String(seconds)), page, 429);
