import { Feed } from 'feed';
import { feedHtmlText, xmlAttribute, xmlText } from '../../core/views/feed-text.js';
import type { PostSummary } from './news.schema.js';

/** The library escapes `&` and `"` in attributes but not `<`, which XML forbids there: finish the job. */
const fixAttributes = (xml: string): string =>
  xml.replace(/label="([^"]*)"/g, (_m, value: string) => `label="${value.replace(/</g, '&lt;')}"`);

/** A file attached to a post, as an Atom enclosure: an absolute address, its media type, size in bytes and name. */
export interface Enclosure {
  href: string;
  type: string;
  length: number;
  title: string;
}

/**
 * Puts each entry's enclosures (`<link rel="enclosure">`) in it. The library takes one per
 * entry and guesses its type from the address (`image/pdf`), so they are written here, at the
 * start of each entry, which holds no `<entry>` of its own (titles and summaries are escaped,
 * content is sanitised HTML).
 */
function withEnclosures(xml: string, enclosures: readonly (readonly Enclosure[])[]): string {
  const parts = xml.split('<entry>');
  return parts
    .map((part, i) => {
      const files = i === 0 ? [] : (enclosures[i - 1] ?? []);
      const links = files.map(
        (f) =>
          `\n        <link rel="enclosure" href="${xmlAttribute(f.href)}" type="${xmlAttribute(f.type)}"` +
          ` length="${f.length}" title="${xmlAttribute(f.title)}"/>`,
      );
      return links.join('') + part;
    })
    .join('<entry>');
}

/** An Atom feed of posts (public and out only: the caller picks them); the library escapes every text. */
export function postsFeed(options: {
  base: string;
  locale: string;
  title: string;
  page: string;
  self: string;
  posts: (PostSummary & { html: string; enclosures: Enclosure[] })[];
}): string {
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
  return withEnclosures(
    fixAttributes(feed.atom1()),
    options.posts.map((post) => post.enclosures),
  );
}
