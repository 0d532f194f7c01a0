import MarkdownIt from 'markdown-it';
import sanitizeHtml from 'sanitize-html';

// Raw HTML in the Markdown is shown as text (html: false); images from elsewhere are not
// made (the syntax stays text); links are not auto-detected from bare text; what markdown-it
// makes is then cut down to an allow-list.
const markdown = new MarkdownIt({ html: false, linkify: false, typographer: false }).disable('image');

const ALLOWED: sanitizeHtml.IOptions = {
  allowedTags: [
    'h2',
    'h3',
    'h4',
    'h5',
    'h6',
    'p',
    'br',
    'hr',
    'ul',
    'ol',
    'li',
    'a',
    'em',
    'strong',
    'blockquote',
    'code',
    'pre',
    'table',
    'thead',
    'tbody',
    'tr',
    'th',
    'td',
  ],
  allowedAttributes: { a: ['href'], ol: ['start'], th: ['align'], td: ['align'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: {},
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  // A heading 1 is the post's title: headings in the body start at 2.
  transformTags: {
    h1: 'h2',
    a: (tagName, attribs) => ({ tagName, attribs: { ...attribs, rel: 'nofollow noopener' } }),
  },
};
// `rel` is added by the transform above, so it must survive the filter.
ALLOWED.allowedAttributes = { ...(ALLOWED.allowedAttributes as Record<string, string[]>), a: ['href', 'rel'] };

/**
 * Text worked out from a source and kept by it, up to a budget of characters (keys and values),
 * then started again empty: rendering and sanitising cost milliseconds, and the same post is
 * read again and again.
 */
function keptBySource(make: (source: string) => string, maxChars = 4_000_000): (source: string) => string {
  const kept = new Map<string, string>();
  let chars = 0;
  return (source) => {
    const found = kept.get(source);
    if (found !== undefined) return found;
    const made = make(source);
    if (chars + source.length + made.length > maxChars) {
      kept.clear();
      chars = 0;
    }
    kept.set(source, made);
    chars += source.length + made.length;
    return made;
  };
}

/** A post's Markdown as safe HTML: only the allow-listed elements, links with http(s) or mailto. */
export const renderMarkdown = keptBySource((source) => sanitizeHtml(markdown.render(source), ALLOWED));

/** Summaries, by `max` then a NUL then the source. */
const summaries = keptBySource((key) => {
  const cut = key.indexOf('\u0000');
  const max = Number(key.slice(0, cut));
  const text = sanitizeHtml(markdown.render(key.slice(cut + 1)), { allowedTags: [], allowedAttributes: {} })
    .replace(/\s+/g, ' ')
    .trim();
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
});

/** Plain text of a Markdown source, for summaries in feeds and lists (kept by source, as bodies are). */
export const plainText = (source: string, max = 300): string => summaries(`${max}\u0000${source}`);
