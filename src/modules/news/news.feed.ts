import { Feed } from 'feed';

/**
 * The library marks titles and summaries `type="html"` (inside CDATA), so a reader decodes
 * them as HTML: plain text must be escaped first, or a title such as `<script>` would be markup.
 */
const escapeHtml = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
import type { PostSummary } from './news.schema.js';

/** Characters XML 1.0 does not allow at all (a form feed, say): dropped, or the feed would not parse. */
// eslint-disable-next-line no-control-regex -- these very characters are what must go
const xmlText = (text: string): string => text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '');
/** The library escapes `&` and `"` in attributes but not `<`, which XML forbids there: finish the job. */
const fixAttributes = (xml: string): string => xml.replace(/label="([^"]*)"/g, (_m, value: string) => `label="${value.replace(/</g, '&lt;')}"`);

/** An Atom feed of posts (public and out only: the caller picks them); the library escapes every text. */
export function postsFeed(options: { base: string; locale: string; title: string; page: string; self: string; posts: (PostSummary & { html: string })[] }): string {
  const feed = new Feed({
    id: `${options.base}${options.page}`,
    title: xmlText(options.title),
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
      title: escapeHtml(xmlText(post.title)),
      link,
      date: new Date(post.publishedAt ?? 0),
      description: escapeHtml(xmlText(post.summary)),
      content: xmlText(post.html),
      ...(post.author ? { author: [{ name: xmlText(post.author.displayName) }] } : {}),
      category: post.tags.map((tag) => ({ name: xmlText(tag.label), term: tag.slug })),
    });
  }
  return fixAttributes(feed.atom1());
}
