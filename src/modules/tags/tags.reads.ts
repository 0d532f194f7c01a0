import { decodeTimeCursor, encodeTimeCursor } from '../../core/http/cursors.js';
import { defineReads, dim, read } from '../../core/shared/index.js';
import { findTag } from './tags.queries.js';
import { resolveTagged } from './tags.service.js';

/** Items a tag page shows. */
const PAGE_SIZE = 20;

/** What many readers of tag pages share, kept until the next write (see ARCHITECTURE.md). */
export const tagReads = defineReads('tags', {
  /** A tag and a page of what public is tagged with it, newest first; null when there is no such tag. */
  page: read({
    key: { lang: dim.language, slug: dim.text, after: dim.optional(dim.text) },
    // Scheduled posts come out as time passes.
    clock: 60,
    load: async (ctx, k) => {
      const tag = await findTag(ctx.db, k.slug, k.lang);
      if (!tag) return null;
      const { items, next } = await resolveTagged(ctx, tag.id, k.lang, PAGE_SIZE, decodeTimeCursor(k.after));
      const { slug, label, lang, labels } = tag;
      return { slug, label, lang, labels, items, next: next ? encodeTimeCursor(next) : null };
    },
  }),
});
