import type { FastifyInstance } from 'fastify';
import type { ModuleContext } from '../../../core/module.js';
import { attachmentRoutes } from './attachments.js';
import { deleteRoutes } from './delete.js';
import { feedRoutes } from './feeds.js';
import { listRoutes } from './list.js';
import { postRoutes } from './post.js';
import { translateRoutes } from './translate.js';
import { writeRoutes } from './write.js';

/** Every route of the news, one file per concern. */
export function registerNewsRoutes(app: FastifyInstance, ctx: ModuleContext): void {
  for (const routes of [
    listRoutes,
    writeRoutes,
    postRoutes,
    translateRoutes,
    deleteRoutes,
    attachmentRoutes,
    feedRoutes,
  ]) {
    routes(app, ctx);
  }
}
