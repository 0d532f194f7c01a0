import type { FastifyInstance } from 'fastify';
import type { ModuleContext } from '../../../core/module.js';
import { assessmentRoutes } from './assessments.js';
import { questionRoutes } from './questions.js';

/** The self-assessment's routes: the administrators' question set, then the assessments. */
export function registerAssessmentRoutes(app: FastifyInstance, ctx: ModuleContext): void {
  questionRoutes(app, ctx);
  assessmentRoutes(app, ctx);
}
