/**
 * HTML for the exported site, written as tagged templates: every value put into a template is
 * escaped unless it is itself `Html` made by one, so a text from the document can never become
 * markup. (The tag is `markup`, not `html`: Prettier would reformat a template tagged `html`,
 * adding white space inside the text.)
 */
import { cleanText } from './text.js';

/** Markup made by `markup` (or `raw`), safe to put into another template as it is. */
export class Html {
  constructor(readonly markup: string) {}
  toString(): string {
    return this.markup;
  }
}

/** What a template takes: text (escaped), markup, or a list of them; nothing for null, undefined and false. */
export type HtmlPart = Html | string | number | null | undefined | false | readonly HtmlPart[];

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text as HTML text or as a quoted attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

function write(part: HtmlPart): string {
  if (part === null || part === undefined || part === false) return '';
  if (part instanceof Html) return part.markup;
  if (Array.isArray(part)) return part.map(write).join('');
  return escapeHtml(cleanText(String(part)));
}

/** A template whose values are escaped (and cleaned of what HTML forbids, see `cleanText`). */
export function markup(strings: TemplateStringsArray, ...values: HtmlPart[]): Html {
  let out = strings[0]!;
  values.forEach((value, i) => {
    out += write(value) + strings[i + 1]!;
  });
  return new Html(out);
}

/** Markup written by this module itself (never a text from the document). */
export function raw(markup: string): Html {
  return new Html(markup);
}
