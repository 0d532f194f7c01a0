import type { FastifyInstance } from 'fastify';
import type { ModuleContext } from '../../../core/module.js';
import { apiRoutes } from './api.js';
import { formRoutes } from './forms.js';
import { moderationRoutes } from './moderation.js';

/** Every route of the comments, one file per concern. */
export function registerCommentRoutes(app: FastifyInstance, ctx: ModuleContext): void {
  formRoutes(app, ctx);
  moderationRoutes(app, ctx);
  apiRoutes(app, ctx);
}
