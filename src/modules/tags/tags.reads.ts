import { decodeTimeCursor, encodeTimeCursor } from '../../core/http/cursors.js';
import { contentTypesOf } from '../../core/module.js';
import { defineReads, dim, read } from '../../core/shared/index.js';
import { findTag, tagIsShown } from './tags.queries.js';
import { resolveTagged } from './tags.service.js';

/** Items a tag page shows. */
const PAGE_SIZE = 20;

/** What many readers of tag pages share, kept until the next write (see ARCHITECTURE.md). */
export const tagReads = defineReads('tags', {
  /**
   * A tag and a page of what everyone may see tagged with it, newest first; null when there is
   * no such tag, or nothing everyone may see is tagged with it.
   */
  page: read({
    key: { lang: dim.language, slug: dim.text, after: dim.optional(dim.text) },
    // Scheduled posts come out as time passes.
    clock: 60,
    load: async (ctx, k, time) => {
      const tag = await findTag(ctx.db, k.slug, k.lang);
      if (!tag || !(await tagIsShown(ctx.db, contentTypesOf(ctx.modules), tag.id, time.now))) return null;
      const after = decodeTimeCursor(k.after);
      const { items, next } = await resolveTagged(ctx, tag.id, k.lang, time.now, PAGE_SIZE, after);
      const { slug, label, lang, labels } = tag;
      return { slug, label, lang, labels, items, next: next ? encodeTimeCursor(next) : null };
    },
  }),
});
