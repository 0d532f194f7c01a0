import { Feed } from 'feed';
import { feedHtmlText, xmlText } from '../../core/views/feed-text.js';
import type { PostSummary } from './news.schema.js';

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
      title: feedHtmlText(post.title),
      link,
      date: new Date(post.publishedAt ?? 0),
      description: feedHtmlText(post.summary),
      content: xmlText(post.html),
      ...(post.author ? { author: [{ name: xmlText(post.author.displayName) }] } : {}),
      category: post.tags.map((tag) => ({ name: xmlText(tag.label), term: tag.slug })),
    });
  }
  return fixAttributes(feed.atom1());
}
