import { defineReads, dim, read } from '../../core/shared/index.js';
import { activityStream } from './activity.service.js';
import { partnershipSlugsByIds } from './membership.queries.js';
import { findPartnershipWithId } from './partnerships.queries.js';

/** What many readers of partnerships' pages share, kept until the next write (see ARCHITECTURE.md). */
export const partnershipReads = defineReads('partnerships', {
  /** A partnership by its address, in a language, with its id; null when there is none. */
  bySlug: read({
    key: { lang: dim.language, slug: dim.text },
    load: (ctx, { lang, slug }) => findPartnershipWithId(ctx.db, lang, slug),
  }),
  /** A partnership's slug by its id ('' when it is gone). */
  slugOf: read({
    key: { id: dim.id },
    load: async (ctx, { id }) => (await partnershipSlugsByIds(ctx.db, [id])).get(id) ?? '',
  }),
  /** The latest lines of a partnership's activity stream, as its members or everyone else see them, in a language. */
  activity: read({
    key: { partnership: dim.id, lang: dim.language, members: dim.flag },
    // Lines about content show once it is out (a scheduled post at its time).
    clock: 60,
    load: (ctx, k, time) => activityStream(ctx, k.partnership, k.members, k.lang, time.now),
  }),
});
