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

/** Rendered bodies by source: rendering and sanitising cost milliseconds, and the same post is read again and again. */
const rendered = new Map<string, string>();
let renderedChars = 0;
const RENDERED_MAX_CHARS = 4_000_000;

/** A post's Markdown as safe HTML: only the allow-listed elements, links with http(s) or mailto. */
export function renderMarkdown(source: string): string {
  const kept = rendered.get(source);
  if (kept !== undefined) return kept;
  const html = sanitizeHtml(markdown.render(source), ALLOWED);
  if (renderedChars + source.length + html.length > RENDERED_MAX_CHARS) {
    rendered.clear();
    renderedChars = 0;
  }
  rendered.set(source, html);
  renderedChars += source.length + html.length;
  return html;
}

/** Summaries by `max` and source, kept like rendered bodies (a list names the same content again and again). */
const summaries = new Map<string, string>();
let summariesChars = 0;

/** Plain text of a Markdown source, for summaries in feeds and lists (kept by source, as bodies are). */
export function plainText(source: string, max = 300): string {
  const key = `${max}\u0000${source}`;
  const kept = summaries.get(key);
  if (kept !== undefined) return kept;
  const text = sanitizeHtml(markdown.render(source), { allowedTags: [], allowedAttributes: {} })
    .replace(/\s+/g, ' ')
    .trim();
  const summary = text.length > max ? `${text.slice(0, max - 1)}…` : text;
  if (summariesChars + key.length + summary.length > RENDERED_MAX_CHARS) {
    summaries.clear();
    summariesChars = 0;
  }
  summaries.set(key, summary);
  summariesChars += key.length + summary.length;
  return summary;
}
