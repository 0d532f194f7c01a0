import { Feed } from 'feed';

/**
 * The library marks titles and summaries `type="html"` (inside CDATA), so a reader decodes
 * them as HTML: plain text must be escaped first, or a title such as `<script>` would be markup.
 */
const escapeHtml = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

/** Characters XML 1.0 does not allow at all (a form feed, say): dropped, or the feed would not parse. */
// eslint-disable-next-line no-control-regex -- these very characters are what must go
const xmlText = (text: string): string => text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '');

/** An Atom document; every text goes through the feed library, which escapes it. */
export function atom(options: { id: string; title: string; link: string; self: string; language: string; updated: Date; items: { id: string; title: string; link: string; date: Date; summary?: string }[] }): string {
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
  for (const item of options.items) feed.addItem({ id: item.id, title: escapeHtml(xmlText(item.title)), link: item.link, date: item.date, ...(item.summary ? { description: escapeHtml(xmlText(item.summary)) } : {}) });
  return feed.atom1();
}
