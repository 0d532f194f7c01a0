import { randomBytes } from 'node:crypto';
import { deflatePiece, type DeflatedPiece } from '../http/gzip-splice.js';

// One marker scheme for everything a page is put together from. A marker is private-use
// characters around a random word of this process: text from users passes through escaping
// unchanged, but cannot guess the word, so it cannot forge a marker.
const NONCE = randomBytes(9).toString('base64url');
const OPEN = `\uE000${NONCE}`;
const CLOSE = '\uE001';
/** Before and after the reader's own words (`<Personal>`). */
const CUT = `${OPEN}${CLOSE}`;
const EMBED = ':';
const SLOT = '=';
const HOLE = '?';
const CHILDREN = `${OPEN}!${CLOSE}`;

/**
 * HTML that many readers' pages share word for word (a post's body, a comment thread as
 * every member who wrote none of it sees it), with its compressed form, made on first use.
 * Pages place it with `<Shared html={…} />`; sending a personal page copies the kept bytes
 * in (`core/http/html.ts`), so it is neither encoded nor compressed again for each reader.
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

/** HTML made for this reader alone (a thread filled for someone who wrote in it): it goes in as their own words. */
export class OwnHtml {
  constructor(readonly html: string) {}
}

/** What `<Shared>` places: HTML many readers share, or HTML made for this reader alone. */
export type Placeable = SharedHtml | OwnHtml;

/** The reader's own words in a page cut at its markers. */
export class PersonalText {
  constructor(readonly text: string) {}
}

/** What a rendered page is cut into: text every reader of it shares, the reader's own words, shared HTML. */
export type Piece = string | PersonalText | SharedHtml;

export const embedMarker = (index: number): string => `${OPEN}${EMBED}${index}${CLOSE}`;
export const slotMarker = (name: string): string => `${OPEN}${SLOT}${name}${CLOSE}`;
export const cut = (): string => CUT;
export const holeMarker = (name: string): string => `${OPEN}${HOLE}${name}${CLOSE}`;
export const childrenMarker = (): string => CHILDREN;

/** A place in a frame for one of the reader's own words, by name (filled, escaped, per request). */
export class Hole {
  constructor(readonly name: string) {}
}

/**
 * Shared HTML around a page's own content (the site's header and footer), with holes for the
 * reader's own words (their name, a form token): the text before the content and after it,
 * each cut into shared pieces and holes.
 */
export interface Frame {
  readonly before: readonly (SharedHtml | Hole)[];
  readonly after: readonly (SharedHtml | Hole)[];
  readonly weight: number;
}

/** Cuts rendered frame HTML at its children marker and its holes. */
export function splitFrame(html: string): Frame {
  const at = html.indexOf(CHILDREN);
  if (at < 0 || html.indexOf(CHILDREN, at + 1) >= 0) throw new Error('a frame places its children exactly once');
  const side = (text: string): (SharedHtml | Hole)[] => {
    const out: (SharedHtml | Hole)[] = [];
    let from = 0;
    let open = text.indexOf(OPEN + HOLE);
    while (open >= 0) {
      const end = text.indexOf(CLOSE, open);
      if (end < 0) break;
      if (open > from) out.push(new SharedHtml(text.slice(from, open)));
      out.push(new Hole(text.slice(open + OPEN.length + HOLE.length, end)));
      from = end + CLOSE.length;
      open = text.indexOf(OPEN + HOLE, from);
    }
    if (from < text.length) out.push(new SharedHtml(text.slice(from)));
    return out;
  };
  return { before: side(html.slice(0, at)), after: side(html.slice(at + CHILDREN.length)), weight: html.length * 3 };
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
/** Text made safe for HTML text and attribute values. */
export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

/**
 * A rendered page cut at its markers, in order: text, the reader's own words (what was between
 * two cuts, or HTML made for this reader alone) and the shared pieces (`embeds[i]` for the i-th
 * embed marker). A marker that names no piece is left in the text.
 */
export function splitPage(html: string, embeds: readonly (SharedHtml | OwnHtml)[]): Piece[] {
  const out: Piece[] = [];
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
    } else if (html.startsWith(EMBED, after)) {
      const end = html.indexOf(CLOSE, after);
      const shared = end < 0 ? undefined : embeds[Number(html.slice(after + 1, end))];
      if (shared) {
        text(html.slice(from, at));
        out.push(shared instanceof OwnHtml ? new PersonalText(shared.html) : shared);
        from = end + CLOSE.length;
      }
    }
    at = html.indexOf(OPEN, Math.max(from, after));
  }
  text(html.slice(from));
  return out;
}

/** The pieces as one text: what a visitor, an error page or an uncompressed answer gets. */
export function joinPieces(pieces: readonly Piece[]): string {
  let html = '';
  for (const piece of pieces)
    html += typeof piece === 'string' ? piece : piece instanceof SharedHtml ? piece.html : piece.text;
  return html;
}

/**
 * Shared HTML cut at its slots: text (even indexes) and slot names (odd indexes). Only the
 * markers of `<Slot>` are cut at; every other marker stays in the text.
 */
export function splitAtSlots(html: string): string[] {
  const parts: string[] = [];
  let from = 0;
  let at = html.indexOf(OPEN + SLOT);
  while (at >= 0) {
    const end = html.indexOf(CLOSE, at);
    if (end < 0) break;
    parts.push(html.slice(from, at), html.slice(at + OPEN.length + SLOT.length, end));
    from = end + CLOSE.length;
    at = html.indexOf(OPEN + SLOT, from);
  }
  parts.push(html.slice(from));
  return parts;
}
