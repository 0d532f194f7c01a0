import type { FastifyInstance } from 'fastify';
import type { Actor } from '../../core/auth/actor.js';
import { signedIn } from '../../core/auth/policy.js';
import type { ModuleContext } from '../../core/module.js';
import { renderDocument } from '../../core/views/render.js';
import { NotificationsQuery } from './notifications.schema.js';
import { countUnread, listNotifications, markAllRead } from './notifications.service.js';
import { NotificationsPage } from './views/NotificationsPage.js';

type SignedIn = Extract<Actor, { kind: 'user' }>;

export function registerNotificationRoutes(app: FastifyInstance, ctx: ModuleContext): void {
  app.get<{ Querystring: { after?: string; done?: string } }>(
    '/:lang/notifications',
    { config: { policy: signedIn }, schema: { hide: true, querystring: NotificationsQuery } },
    async (request, reply) => {
      const actor = request.actor as SignedIn;
      const after = request.query.after ? Number(request.query.after) : undefined;
      const [list, unread] = await Promise.all([
        listNotifications(ctx.db, actor.id, after),
        countUnread(ctx.db, actor.id),
      ]);
      const page = NotificationsPage({
        page: request.page(),
        items: list.items,
        next: list.next,
        unread,
        done: request.query.done,
      });
      return reply.header('Cache-Control', 'no-store').type('text/html; charset=utf-8').send(renderDocument(page));
    },
  );

  app.post('/:lang/notifications/read', { config: { policy: signedIn } }, async (request, reply) => {
    await markAllRead(ctx.db, (request.actor as SignedIn).id);
    return reply.redirect(`/${request.locale}/notifications?done=read`, 303);
  });
}
