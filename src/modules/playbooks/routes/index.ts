import type { FastifyInstance } from 'fastify';
import type { ModuleContext } from '../../../core/module.js';
import { exportRoutes } from './exports.js';
import { pageRoutes } from './pages.js';
import { writeRoutes } from './write.js';

/** Every route of the playbooks module. */
export function registerPlaybookRoutes(app: FastifyInstance, ctx: ModuleContext): void {
  pageRoutes(app, ctx);
  writeRoutes(app, ctx);
  exportRoutes(app, ctx);
}
