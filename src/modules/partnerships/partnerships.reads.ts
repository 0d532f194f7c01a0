import { defineReads, dim, read } from '../../core/shared/index.js';
import { decodeTimeCursor, encodeTimeCursor } from '../../core/http/cursors.js';
import { ACROSS_PAGE, ACROSS_SHOWN, activityAcrossStream, activityStream } from './activity.service.js';
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
  /**
   * The activity across every partnership (the home page, `/activity`), or of one person (`person`:
   * their profile), as a reader sees it: `members` is whose members-only lines they see
   * (`membersKey`: `''` for visitors and people of no partnership, `'all'` for administrators, else
   * the ids). `recent` is the first lines of the home page and a profile, `page` a page of
   * `/activity` (`before`: the cursor of the page before).
   */
  across: read({
    key: {
      lang: dim.language,
      members: dim.text,
      person: dim.optional(dim.id),
      size: dim.oneOf('recent', 'page'),
      before: dim.optional(dim.text),
    },
    clock: 60,
    load: async (ctx, k, time) => {
      const { items, next } = await activityAcrossStream(ctx, {
        members: k.members,
        locale: k.lang,
        now: time.now,
        limit: k.size === 'recent' ? ACROSS_SHOWN : ACROSS_PAGE,
        ...(k.before !== undefined ? { before: decodeTimeCursor(k.before, 'before')! } : {}),
        ...(k.person !== undefined ? { actorId: k.person } : {}),
      });
      return { items, next: next ? encodeTimeCursor(next) : null };
    },
  }),
});
