import type { FastifyInstance } from 'fastify';
import type { ModuleContext } from '../../core/module.js';
import { logoRoutes } from './logo.routes.js';
import { pagesRoutes } from './pages.routes.js';
import { standingRoutes } from './standing.routes.js';

/** What coordinators edit besides the text: the logo, the organisations and their standing, the pages. */
export function registerEditingRoutes(app: FastifyInstance, ctx: ModuleContext): void {
  logoRoutes(app, ctx);
  standingRoutes(app, ctx);
  pagesRoutes(app, ctx);
}
