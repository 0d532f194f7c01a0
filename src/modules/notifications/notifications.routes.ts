import type { FastifyInstance } from 'fastify';
import { signedIn } from '../../core/auth/policy.js';
import type { ModuleContext } from '../../core/module.js';
import { actorOf } from '../../core/http/handlers.js';
import { sendPage } from '../../core/http/html.js';
import { NotificationsQuery } from './notifications.schema.js';
import { countUnread, listNotifications, markAllRead } from './notifications.service.js';
import { NotificationsPage } from './views/NotificationsPage.js';
import { registerSettingsRoutes } from './notifications.settings.routes.js';
import { registerUnsubscribeRoutes } from './notifications.unsubscribe.routes.js';

export function registerNotificationRoutes(app: FastifyInstance, ctx: ModuleContext): void {
  app.get<{ Querystring: { after?: string; done?: string } }>(
    '/:lang/notifications',
    { config: { policy: signedIn }, schema: { hide: true, querystring: NotificationsQuery } },
    async (request, reply) => {
      const actor = actorOf(request, signedIn);
      const after = request.query.after ? Number(request.query.after) : undefined;
      const [list, unread] = await Promise.all([
        listNotifications(ctx, actor, request.locale, after),
        countUnread(ctx.db, actor.id),
      ]);
      const page = NotificationsPage({
        page: request.page(),
        items: list.items,
        next: list.next,
        unread,
        done: request.query.done,
      });
      return sendPage(reply, page);
    },
  );

  app.post('/:lang/notifications/read', { config: { policy: signedIn } }, async (request, reply) => {
    await markAllRead(ctx.db, actorOf(request, signedIn).id);
    return reply.redirect(`/${request.locale}/notifications?done=read`, 303);
  });

  registerSettingsRoutes(app, ctx);
  registerUnsubscribeRoutes(app, ctx);
}
