import type { FastifyInstance } from 'fastify';
import type { ModuleContext } from '../../../core/module.js';
import { attachmentRoutes } from './attachments.js';
import { calendarRoutes } from './calendar.js';
import { agendaRoutes } from './agenda.js';
import { listRoutes } from './list.js';
import { meetingRoutes } from './meeting.js';
import { minutesRoutes } from './minutes.js';
import { registrationRoutes } from './registration.js';
import { writeRoutes } from './write.js';

/** Every route of meetings, one file per concern (a file that adds routes adds one line here). */
export function registerMeetingRoutes(app: FastifyInstance, ctx: ModuleContext): void {
  for (const routes of [
    listRoutes,
    writeRoutes,
    meetingRoutes,
    agendaRoutes,
    registrationRoutes,
    minutesRoutes,
    attachmentRoutes,
    calendarRoutes,
  ]) {
    routes(app, ctx);
  }
}
