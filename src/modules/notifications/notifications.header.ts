import type { HeaderItem } from '../../core/module.js';
import { countUnread } from './notifications.service.js';

/** In the header of every signed-in page, on its line: "Notifications", with the number unread (one prepared count). */
export const unreadInHeader: HeaderItem = {
  order: 10,
  place: 'bar',
  async load(ctx, actor, locale) {
    const count = await countUnread(ctx.db, actor.id);
    const { t, number } = ctx.i18n(locale);
    const text = t('notifications.header.link');
    if (count === 0) return { text, path: '/notifications' };
    return {
      text,
      path: '/notifications',
      count: { shown: count > 99 ? '99+' : number(count), said: t('notifications.header.unread', { count }) },
    };
  },
};
