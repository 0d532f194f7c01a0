import { Feed } from 'feed';

/**
 * The library marks titles and summaries `type="html"` (inside CDATA), so a reader decodes
 * them as HTML: plain text must be escaped first, or a title such as `<script>` would be markup.
 */
const escapeHtml = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
import type { PostSummary } from './news.schema.js';

/** An Atom feed of posts (public and out only: the caller picks them); the library escapes every text. */
export function postsFeed(options: { base: string; locale: string; title: string; page: string; self: string; posts: (PostSummary & { html: string })[] }): string {
  const feed = new Feed({
    id: `${options.base}${options.page}`,
    title: options.title,
    link: `${options.base}${options.page}`,
    language: options.locale,
    updated: new Date(options.posts[0]?.publishedAt ?? 0),
    generator: 'Urbis',
    copyright: '',
    feedLinks: { atom: `${options.base}${options.self}` },
  });
  for (const post of options.posts) {
    const link = `${options.base}/${options.locale}/partnerships/${post.partnership}/news/${post.slug}`;
    feed.addItem({
      id: link,
      title: escapeHtml(post.title),
      link,
      date: new Date(post.publishedAt ?? 0),
      description: escapeHtml(post.summary),
      content: post.html,
      ...(post.author ? { author: [{ name: post.author.displayName }] } : {}),
      category: post.tags.map((tag) => ({ name: tag.label, term: tag.slug })),
    });
  }
  return feed.atom1();
}
