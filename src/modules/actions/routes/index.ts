import type { FastifyInstance } from 'fastify';
import type { ModuleContext } from '../../../core/module.js';
import { actionRoutes } from './action.js';
import { planRoutes } from './plan.js';
import { updateRoutes } from './update.js';
import { editRoutes } from './edit.js';
import { mergeRoutes } from './merge.js';
import { compareRoutes } from './compare.js';
import { dashboardRoutes } from './dashboard.js';
import { transferRoutes } from './transfer.js';
import { evidenceRoutes } from './evidence.js';

/** Every route of the action plan, one file per concern (a file that adds routes adds one line here). */
export function registerActionRoutes(app: FastifyInstance, ctx: ModuleContext): void {
  for (const routes of [
    planRoutes,
    actionRoutes,
    updateRoutes,
    compareRoutes,
    dashboardRoutes,
    transferRoutes,
    editRoutes,
    mergeRoutes,
    evidenceRoutes,
  ])
    routes(app, ctx);
}
