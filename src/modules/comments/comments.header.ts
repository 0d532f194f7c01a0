import type { HeaderItem } from '../../core/module.js';
import { moderatesAnywhere } from '../partnerships/index.js';

/**
 * The moderation queue in the header of those who moderate somewhere (a moderator or coordinator
 * of a partnership, or a platform administrator): one prepared query; nothing for the others.
 */
export const moderationInHeader: HeaderItem = {
  order: 30,
  place: 'menu',
  async load(ctx, actor, locale) {
    if (!actor.isAdmin && !(await moderatesAnywhere(ctx.db, actor.id))) return null;
    return { text: ctx.i18n(locale).t('comments.header.moderation'), path: '/comments/reported' };
  },
};
