import { defineFragment, dim } from '../../core/shared/index.js';
import { Pagination } from '../../core/views/components.js';
import { presentAttachments } from './news.attachments.js';
import { newsReads } from './news.reads.js';
import { PostItem, postApiPath, postPath } from './views/parts.js';
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
    return { post: { ...shown, attachments } };
  },
  render: ({ post }, page) => <PostBody page={page} post={post} self={postPath(post)} />,
});

/** A page of a partnership's posts that are out (`after`: the cursor of the page before), with the link to the next. */
export const postList = defineFragment('news', 'post-list', {
  key: { partnership: dim.id, slug: dim.text, membersOnly: dim.flag, after: dim.optional(dim.text) },
  clock: 60,
  load: async (ctx, k, lang) => {
    const list = await newsReads.list.get(ctx, { lang, ...k });
    return { ...list, slug: k.slug };
  },
  render: ({ items, next, slug }, page) => {
    const more = next ? page.href(`/partnerships/${slug}/news?after=${encodeURIComponent(next)}`) : null;
    return (
      <>
        {items.length === 0 ? (
          <p>{page.t('news.list.empty')}</p>
        ) : (
          <ul class="list">
            {items.map((post) => (
              <PostItem page={page} post={post} />
            ))}
          </ul>
        )}
        <Pagination page={page} next={more} />
      </>
    );
  },
});

/**
 * A partnership's drafts and scheduled posts: everyone's (`writer` absent) or one writer's;
 * null when there are none.
 */
export const unpublishedList = defineFragment('news', 'unpublished-list', {
  key: { partnership: dim.id, writer: dim.optional(dim.id) },
  clock: 60,
  load: async (ctx, k, lang) => {
    const posts = await newsReads.unpublished.get(ctx, { lang, partnership: k.partnership, writer: k.writer });
    return posts.length > 0 ? posts : null;
  },
  render: (posts, page) => (
    <section aria-labelledby="news-unpublished">
      <h2 id="news-unpublished">{page.t('news.list.unpublished')}</h2>
      <ul class="list">
        {posts.map((post) => (
          <PostItem page={page} post={post} heading="h3" />
        ))}
      </ul>
    </section>
  ),
});
