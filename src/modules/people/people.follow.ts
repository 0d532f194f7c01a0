import type { Followable } from '../../core/module.js';
import { findUsersByIds } from '../accounts/index.js';

/**
 * Following a person (what they do: their posts, the actions and meetings they plan): anyone whose
 * profile is there (an account not deleted), named as their profile names them. A name is in no
 * language of its own: it takes the reader's.
 */
export const personFollowable: Followable = {
  async describe(ctx, ids, _audience, locale) {
    const users = await findUsersByIds(ctx.db, ids);
    const out = new Map<number, { title: string; path: string; lang: string }>();
    for (const [id, user] of users)
      if (!user.deleted) out.set(id, { title: user.displayName, path: `/people/${user.handle}`, lang: locale });
    return out;
  },
};
