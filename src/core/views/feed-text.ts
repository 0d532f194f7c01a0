import { escapeHtml } from '../shared/markers.js';

/**
 * Text for Atom feeds written with the `feed` library, which marks titles and summaries
 * `type="html"` (inside CDATA): a reader decodes them as HTML, so plain text is escaped first,
 * or a title such as `<script>` would be markup. Characters XML 1.0 does not allow at all (a
 * form feed, say) are dropped, or the feed would not parse.
 */
// eslint-disable-next-line no-control-regex -- these very characters are what must go
const FORBIDDEN_IN_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;

/** Text as XML may hold it (for elements the library escapes itself: names, labels, HTML content). */
export const xmlText = (text: string): string => text.replace(FORBIDDEN_IN_XML, '');

/** Plain text for a `type="html"` title or summary: XML-safe, then HTML-escaped. */
export const feedHtmlText = (text: string): string => escapeHtml(xmlText(text));

/**
 * Text for an XML attribute value in double quotes (line ends and tabs as references, or a parser
 * would read spaces).
 */
export const xmlAttribute = (text: string): string =>
  xmlText(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;')
    .replace(/\t/g, '&#9;');
