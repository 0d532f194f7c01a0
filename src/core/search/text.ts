/** The most characters of a query that are read; the rest is cut. */
export const MAX_QUERY_CHARS = 200;
/** The most words of a query; the rest is left out. */
export const MAX_QUERY_WORDS = 8;
/** The longest word a query keeps (longer ones are cut). */
const MAX_WORD_CHARS = 64;

/**
 * The words of a query: letters, digits and their marks (Unicode), in NFC, at most
 * `MAX_QUERY_WORDS` from the first `MAX_QUERY_CHARS` characters. Nothing else of the text
 * passes: no quote, star, colon, operator or bracket of either engine's query language.
 */
export function queryWords(text: string): string[] {
  const cut = Array.from(text).slice(0, MAX_QUERY_CHARS).join('').normalize('NFC');
  const words = cut.match(/[\p{L}\p{N}][\p{L}\p{M}\p{N}]*/gu) ?? [];
  return words.slice(0, MAX_QUERY_WORDS).map((w) => Array.from(w).slice(0, MAX_WORD_CHARS).join(''));
}

/** Lower case without diacritics, for comparing words the way the index does. */
export function folded(text: string): string {
  // ASCII has nothing to decompose (a search folds every word of its snippets and ranks: most are ASCII).
  // eslint-disable-next-line no-control-regex
  if (/^[\u0000-\u007f]*$/.test(text)) return text.toLowerCase();
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/**
 * Plain text of Markdown or HTML for the index: tags, Markdown marks, link targets, control
 * characters and runs of white space go.
 */
export function plainText(source: string): string {
  return (
    source
      // Control characters (NUL included) never reach the index: the snippet's marks are control characters.
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, ' ')
      .replace(/<[^>]*>/g, ' ')
      .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
      .replace(/&(?:amp|lt|gt|quot|#39|nbsp);/g, (e) =>
        e === '&amp;'
          ? '&'
          : e === '&lt;'
            ? '<'
            : e === '&gt;'
              ? '>'
              : e === '&quot;'
                ? '"'
                : e === '&#39;'
                  ? "'"
                  : ' ',
      )
      .replace(/[*_`#>~|]+/g, ' ')
      .replace(/\s+/g, ' ')
      .trim()
  );
}

/** One piece of a snippet: text, marked or not. Rendered as text (escaped), marks as `<mark>`. */
export interface SnippetPart {
  text: string;
  mark: boolean;
}

const SNIPPET_WORDS = 30;

/**
 * A short passage of `text` around the first word that matches the query (the last query word
 * also as a prefix, and any word for which `also` says yes: one of the query's stems), with every
 * matching word marked. Made here from the stored text, never
 * from the engine's output, so what is shown is text and the marks are ours.
 */
export function snippetOf(
  text: string,
  words: readonly string[],
  also: (token: string) => boolean = () => false,
  known = new Map<string, boolean>(),
): SnippetPart[] {
  const wanted = words.map(folded);
  const last = wanted.length - 1;
  // A word is asked once (words repeat; a text that matched by its title alone is read to its end): `known`
  // holds the answers, and may be shared by the snippets of one query (the same `words` and `also`).
  const matches = (token: string) => {
    let match = known.get(token);
    if (match === undefined) {
      const f = folded(token);
      match = wanted.some((w, i) => f === w || (i === last && f.startsWith(w))) || also(token);
      known.set(token, match);
    }
    return match;
  };
  // The words of the text (where each starts and ends), read from its start only as far as the passage
  // needs: to the first match, then to the passage's end and one word more (which says that the text goes on).
  // A text without a match is read to its end.
  const word = /[\p{L}\p{M}\p{N}]+/gu;
  const starts: number[] = [];
  const ends: number[] = [];
  let firstHit = -1;
  for (let m = word.exec(text); m !== null; m = word.exec(text)) {
    const n = starts.push(m.index) - 1;
    ends.push(m.index + m[0].length);
    if (firstHit < 0 && matches(m[0])) firstHit = n;
    if (firstHit >= 0 && n >= Math.max(0, firstHit - 8) + SNIPPET_WORDS) break;
  }
  if (starts.length === 0) return text ? [{ text: text.slice(0, 200), mark: false }] : [];
  const startWord = Math.max(0, (firstHit < 0 ? 0 : firstHit) - 8);
  const endWord = Math.min(starts.length, startWord + SNIPPET_WORDS);
  const parts: SnippetPart[] = [];
  // Text between words joins the unmarked text before it; a marked word stands alone.
  const add = (piece: string, mark: boolean) => {
    if (!piece) return;
    const prev = parts[parts.length - 1];
    if (prev && !prev.mark && !mark) prev.text += piece;
    else parts.push({ text: piece, mark });
  };
  if (startWord > 0) parts.push({ text: '… ', mark: false });
  let at = startWord === 0 ? 0 : starts[startWord]!;
  for (let k = startWord; k < endWord; k++) {
    add(text.slice(at, starts[k]), false);
    const piece = text.slice(starts[k], ends[k]);
    add(piece, matches(piece));
    at = ends[k]!;
  }
  const goesOn = endWord < starts.length;
  add(text.slice(at, goesOn ? starts[endWord] : text.length), false);
  if (goesOn) parts.push({ text: ' …', mark: false });
  return parts;
}
