import { defineFragment, dim } from '../../core/shared/index.js';
import { presentAttachments } from './news.attachments.js';
import { newsReads } from './news.reads.js';
import { postApiPath, postPath } from './views/parts.js';
import { PostBody } from './views/PostPage.js';

/**
 * A post's body as every reader of a language reads it (its text, attachments, tags, author
 * line and other languages): rendered once per language and write generation, and placed in
 * each reader's page with `<Shared>`. `view` is a translation the reader asked for.
 */
export const postBody = defineFragment('news', 'post-body', {
  key: { post: dim.id, view: dim.optional(dim.language) },
  // Its status ("scheduled") turns as the post's time comes.
  clock: 60,
  load: async (ctx, k, lang) => {
    const [shown, rows] = await Promise.all([
      newsReads.shown.get(ctx, { post: k.post, lang, view: k.view }),
      newsReads.attachments.get(ctx, { post: k.post }),
    ]);
    if (!shown) return null;
    const attachments = presentAttachments(rows, postApiPath(shown.partnership, shown.slug));
    return { post: { ...shown, attachments }, timeZone: ctx.config.timeZone };
  },
  render: ({ post, timeZone }, page) => <PostBody page={page} post={post} self={postPath(post)} timeZone={timeZone} />,
});
