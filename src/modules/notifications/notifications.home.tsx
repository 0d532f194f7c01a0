import type { HomeSection } from '../../core/module.js';
import { countUnread } from './notifications.service.js';

/**
 * On the home page, a signed-in person with unread notifications is told so, with a link. Visitors get nothing (their
 * page stays cacheable).
 */
export const notificationsHomeSection: HomeSection = {
  order: 1,
  async render(page, ctx) {
    if (page.actor.kind !== 'user') return null;
    const unread = await countUnread(ctx.db, page.actor.id);
    if (unread === 0) return null;
    return (
      <div class="notice notice--info" role="status">
        <p>
          <a href={page.href('/notifications')}>{page.t('notifications.home', { count: unread })}</a>
        </p>
      </div>
    );
  },
};
