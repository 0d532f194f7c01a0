import type { FastifyInstance } from 'fastify';
import type { ModuleContext } from '../../../core/module.js';
import { pageRoutes } from './pages.js';
import { writeRoutes } from './write.js';

/** Every route of the lessons module. */
export function registerLessonRoutes(app: FastifyInstance, ctx: ModuleContext): void {
  pageRoutes(app, ctx);
  writeRoutes(app, ctx);
}
