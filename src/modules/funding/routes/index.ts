import type { FastifyInstance } from 'fastify';
import type { ModuleContext } from '../../../core/module.js';
import { importRoutes } from './import.js';
import { editorRoutes, editRoutes } from './edit.js';
import { suggestRoutes } from './suggest.js';
import { matchRoutes } from './match.js';
import { followRoutes } from './follow.js';
import { feedRoutes } from './feeds.js';
import { registerRegisterRoutes } from './register.js';

/**
 * The funding module's routes, each part in its own file (the register, an item, editing,
 * suggestions, following and feeds, import, matching). Each part's register function is called
 * here, one line each.
 */
export async function registerFundingRoutes(app: FastifyInstance, ctx: ModuleContext): Promise<void> {
  void app;
  void ctx;
  matchRoutes(app, ctx);
  followRoutes(app, ctx);
  feedRoutes(app, ctx);
  editRoutes(app, ctx);
  editorRoutes(app, ctx);
  suggestRoutes(app, ctx);
  registerRegisterRoutes(app, ctx);
  importRoutes(app, ctx);
}
