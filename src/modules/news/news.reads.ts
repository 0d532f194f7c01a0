import { decodeTimeCursor, encodeTimeCursor } from '../../core/http/cursors.js';
import { VISITORS } from '../../core/module.js';
import { defineReads, dim, read } from '../../core/shared/index.js';
import * as q from './news.queries.js';
import { presentPost, presentPosts } from './news.service.js';

/** Posts a page of the news list shows. */
export const PAGE_SIZE = 20;
/** Drafts and scheduled posts shown above the list, at most. */
const UNPUBLISHED_SHOWN = 50;
/** Posts on the home page. */
export const HOME_SIZE = 5;

/**
 * What many readers of the news share, kept until the next write (see ARCHITECTURE.md,
 * "Making a page fast"). What the reader may see is a dimension of each key (`membersOnly`,
 * `writer`); whether a post exists and they may see it is read fresh on every request, never
 * kept here (`news.lookup.ts`: several nodes serve one site).
 */
export const newsReads = defineReads('news', {
  /** A post as readers of a language see it (`view`: a translation they asked for), without attachments. */
  shown: read({
    key: { post: dim.id, lang: dim.language, view: dim.optional(dim.language) },
    load: async (ctx, k) => {
      const post = await q.findPostById(ctx.db, k.post);
      return post ? presentPost(ctx, post, k.lang, ctx.i18n(k.lang).t, k.view) : null;
    },
  }),
  /** A post's attachments, in order. */
  attachments: read({
    key: { post: dim.id },
    load: (ctx, k) => q.attachmentsOf(ctx.db, k.post),
  }),
  /** A page of a partnership's posts that are out, newest first (`after`: the cursor of the page before). */
  list: read({
    key: { lang: dim.language, partnership: dim.id, membersOnly: dim.flag, after: dim.optional(dim.text) },
    // Scheduled posts come out as time passes.
    clock: 60,
    load: async (ctx, k, time) => {
      const audience = { membersOf: k.membersOnly ? [k.partnership] : [], editorOf: [], userId: null };
      const filter = { partnershipId: k.partnership, audience, now: time.now };
      const { items, next } = await q.listOut(ctx.db, filter, PAGE_SIZE, decodeTimeCursor(k.after));
      const t = ctx.i18n(k.lang).t;
      return { items: await presentPosts(ctx, items, k.lang, t), next: next ? encodeTimeCursor(next) : null };
    },
  }),
  /** Drafts and scheduled posts of a partnership: everyone's (`writer` absent) or one writer's. */
  unpublished: read({
    key: { lang: dim.language, partnership: dim.id, writer: dim.optional(dim.id) },
    clock: 60,
    load: async (ctx, k, time) => {
      // Who publishes sees every draft (`writer` absent), another writer their own.
      const audience =
        k.writer === undefined
          ? { membersOf: [], editorOf: [k.partnership], userId: null }
          : { membersOf: [], editorOf: [], userId: k.writer };
      const posts = await q.listUnpublished(ctx.db, k.partnership, audience, UNPUBLISHED_SHOWN, time.now);
      return presentPosts(ctx, posts, k.lang, ctx.i18n(k.lang).t);
    },
  }),
  /** The latest public posts of every partnership, for the home page. */
  latest: read({
    key: { lang: dim.language },
    clock: 60,
    load: async (ctx, k, time) => {
      const { items } = await q.listOut(ctx.db, { audience: VISITORS, now: time.now }, HOME_SIZE);
      return presentPosts(ctx, items, k.lang, ctx.i18n(k.lang).t);
    },
  }),
});
