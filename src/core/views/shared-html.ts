import { randomBytes } from 'node:crypto';
import { VISITOR } from '../auth/actor.js';
import { deflatePiece, type DeflatedPiece } from '../http/gzip-splice.js';
import type { PageContext } from './page-context.js';

/**
 * HTML that many readers' pages share word for word (a comment thread as every member who
 * wrote none of it sees it), kept with its compressed form, made on first use. A personal page places it with `page.embed(shared)`: the page is rendered with a
 * marker there, and sending it puts the kept bytes in place (see `render.ts`), so the shared
 * part is neither encoded nor compressed again for each reader.
 */
export class SharedHtml {
  private piece: DeflatedPiece | undefined;
  constructor(readonly html: string) {}

  get deflated(): DeflatedPiece {
    return (this.piece ??= deflatePiece(Buffer.from(this.html)));
  }

  /** What it keeps in memory, roughly: the text, and its compressed bytes once made (about a sixth of it). */
  get weight(): number {
    return this.html.length * 2 + (this.piece?.deflated.length ?? Math.ceil(this.html.length / 6));
  }
}

/**
 * A page that knows only the reader's language, to render shared HTML with: nothing of the
 * reader who happened to ask first can end up in what the next ones get. The actor is a
 * visitor; asking for a form token or placing personal text is a mistake, and fails loudly.
 */
export function neutralPage(page: PageContext): PageContext {
  return {
    ...page,
    actor: VISITOR,
    csrfToken: () => {
      throw new Error('shared HTML must hold no form token');
    },
    personal: () => {
      throw new Error('shared HTML must hold nothing personal');
    },
    // Shared HTML inside shared HTML goes in as it is: a marker would stay in the kept bytes.
    embed: (shared) => shared.html,
  };
}

// A marker is private-use characters around a random word of this process (and a number, for
// shared HTML): text from users passes through escaping unchanged, but cannot guess the word.
const NONCE = randomBytes(9).toString('base64url');
const OPEN = `\uE000${NONCE}`;
const CLOSE = '\uE001';
const CUT = `${OPEN}${CLOSE}`;

/** The marker of the `index`-th shared piece placed in a page. */
export function embedMarker(index: number): string {
  return `${OPEN}:${index}${CLOSE}`;
}

/**
 * `text` between two cuts: the reader's own words in a page sent spliced (their name, a form
 * token), so that the text before and after it is the same for other readers and can be
 * compressed once for all of them (see `render.ts`). The cuts leave nothing in the page.
 */
export function cutAround(text: string): string {
  return `${CUT}${text}${CUT}`;
}

/** The reader's own words in a page cut at its markers: what was between two cuts. */
export class PersonalText {
  constructor(readonly text: string) {}
}

/**
 * A rendered page cut at its markers, in order: text, the reader's own words (`PersonalText`,
 * what `cutAround` put between cuts) and the shared pieces. A marker that names no piece is
 * left in the text.
 */
export function splitAtEmbeds(html: string, embeds: readonly SharedHtml[]): (string | PersonalText | SharedHtml)[] {
  const out: (string | PersonalText | SharedHtml)[] = [];
  let personal = false;
  const text = (piece: string) => {
    if (piece !== '') out.push(personal ? new PersonalText(piece) : piece);
  };
  let from = 0;
  let at = html.indexOf(OPEN);
  while (at >= 0) {
    const after = at + OPEN.length;
    if (html.startsWith(CLOSE, after)) {
      text(html.slice(from, at));
      personal = !personal;
      from = after + CLOSE.length;
    } else if (html.charCodeAt(after) === 58 /* : */) {
      const end = html.indexOf(CLOSE, after);
      const shared = end < 0 ? undefined : embeds[Number(html.slice(after + 1, end))];
      if (shared) {
        text(html.slice(from, at));
        out.push(shared);
        from = end + CLOSE.length;
      }
    }
    at = html.indexOf(OPEN, Math.max(from, after));
  }
  text(html.slice(from));
  return out;
}
