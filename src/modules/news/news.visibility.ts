import type { ContentType } from '../../core/module.js';
import { plainText } from './news.markdown.js';
import { maySee } from './news.policy.js';
import * as q from './news.queries.js';
import { namePosts } from './news.service.js';

/**
 * Posts as other modules see them (`contentTypes.post`): the tag pages and feeds, the
 * partnership's activity stream, notifications and search name a post only where `maySee`
 * lets the reader see it, and list only what `visiblePosts` selects.
 */
export const postContentType: ContentType = {
  async describe(ctx, ids, audience, locale, now) {
    if (ids.length === 0) return new Map();
    const posts = (await q.findPostsByIds(ctx.db, [...new Set(ids)])).filter((p) => maySee(audience, p, now.getTime()));
    const named = await namePosts(ctx, posts, locale);
    return new Map(
      named.map((p) => [
        p.id,
        { title: p.title, path: p.path, lang: p.lang, summary: p.summary || plainText(p.body, 200) },
      ]),
    );
  },
  visibleIds: (db, audience, now) => q.visiblePostIds(db, audience, now),
};
