import { Feed } from 'feed';

import { feedHtmlText, xmlText } from '../../core/views/feed-text.js';

/** An Atom document; every text goes through the feed library, which escapes it. */
export function atom(options: {
  id: string;
  title: string;
  link: string;
  self: string;
  language: string;
  updated: Date;
  items: { id: string; title: string; link: string; date: Date; summary?: string }[];
}): string {
  const feed = new Feed({
    id: options.id,
    title: xmlText(options.title),
    link: options.link,
    language: options.language,
    updated: options.updated,
    generator: 'Urbis',
    copyright: '',
    feedLinks: { atom: options.self },
  });
  for (const item of options.items)
    feed.addItem({
      id: item.id,
      title: feedHtmlText(item.title),
      link: item.link,
      date: item.date,
      ...(item.summary ? { description: feedHtmlText(item.summary) } : {}),
    });
  return feed.atom1();
}
