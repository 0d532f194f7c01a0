import type { VNode } from 'preact';
import { VISITOR } from '../auth/actor.js';
import type { ModuleContext } from '../module.js';
import type { PageContext } from '../views/page-context.js';
import { type Dims, keyOf, type KeyOf } from './dims.js';
import { OwnHtml, type Placeable, SharedHtml, splitAtSlots } from './markers.js';
import { type Bucket, rememberAt } from './reads.js';
import { type RenderedSlot, renderShared } from './render.js';

/** How a fragment is declared (see `defineFragment`). */
export interface FragmentSpec<D extends Dims, P> {
  /** What the HTML depends on besides the stored data and the reader's language (always part of the key). */
  key: D;
  /** Depends on the clock: kept per bucket of this many seconds (see `ReadSpec.clock`). */
  clock?: number;
  /**
   * What it shows, from the key alone (nothing of the request); `null` when there is nothing
   * (then `get` answers null).
   */
  load(ctx: ModuleContext, key: KeyOf<D>, lang: string, time: Bucket): Promise<P | null> | P | null;
  /**
   * The HTML, rendered once for every reader of the language with a page that knows only the
   * language: its actor is a visitor, and asking for a form token or placing `<Personal>` is a
   * mistake that fails loudly. What depends on the reader goes into `<Slot>`s.
   */
  render(props: P, page: PageContext): VNode;
}

/** How a reader's page fills a fragment's slots. */
export interface Filling {
  /**
   * The readers who get the same filling share it under this name (`'user:true:false'`: what
   * they may do there), and it is made once for all of them (and compressed once).
   */
  sharedAs: string;
  /**
   * The options of the slot that go in, in order (`null` or `[]`: the slot stays empty). For
   * every slot that is not `own`, the same for every reader who shares `sharedAs`.
   */
  pick(slot: string): readonly string[] | string | null;
  /**
   * The slots whose filling is this reader's alone (the comments they wrote or reported): they
   * go in as the reader's own words, between pieces of the class's filling, each made once.
   */
  own?(slot: string): boolean;
}

/** A fragment rendered for a language: the data it was made from, and its HTML to place with `<Shared>`. */
export class RenderedFragment<P> {
  private readonly byClass = new Map<string, SharedHtml>();
  /** The class's filling cut around some readers' own slots, by class and those slots. */
  private readonly aroundOwn = new Map<string, SharedHtml[]>();
  private whole: SharedHtml | undefined;
  private readonly bytes: number;

  constructor(
    /** What `load` gave (shared: do not change it). */
    readonly props: P,
    /** Text at even indexes, slot names at odd ones. */
    private readonly parts: readonly string[],
    private readonly slots: ReadonlyMap<string, RenderedSlot>,
  ) {
    let bytes = 64;
    for (const part of parts) bytes += part.length * 2;
    for (const slot of slots.values()) {
      bytes += (slot.before.length + slot.after.length) * 2;
      for (const html of Object.values(slot.options)) bytes += html.length * 2 + 32;
    }
    this.bytes = bytes;
  }

  /** The HTML with every slot empty: what a fragment without slots is. */
  get html(): SharedHtml {
    return (this.whole ??= new SharedHtml(this.join(() => null, 0, this.parts.length)));
  }

  /** Whether a slot of this name is in the HTML. */
  has(slot: string): boolean {
    return this.slots.has(slot);
  }

  /**
   * The HTML filled for a reader: made once per class of reader (`sharedAs`). A reader with
   * slots of their own gets the class's filling in pieces around them (made once for such a
   * reader), and their slots filled for them alone.
   */
  fill(filling: Filling): Placeable | Placeable[] {
    const own: number[] = [];
    if (filling.own) for (let i = 1; i < this.parts.length; i += 2) if (filling.own(this.parts[i]!)) own.push(i);
    if (own.length === 0) {
      let filled = this.byClass.get(filling.sharedAs);
      if (!filled) {
        filled = new SharedHtml(this.join(filling.pick, 0, this.parts.length));
        // A handful of classes at most (what a reader may do there): more is a mistake in the key.
        if (this.byClass.size < 32) this.byClass.set(filling.sharedAs, filled);
      }
      return filled;
    }
    const key = `${filling.sharedAs}|${own.join(',')}`;
    let pieces = this.aroundOwn.get(key);
    if (!pieces) {
      pieces = [];
      let from = 0;
      for (const at of own) {
        pieces.push(new SharedHtml(this.join(filling.pick, from, at)));
        from = at + 1;
      }
      pieces.push(new SharedHtml(this.join(filling.pick, from, this.parts.length)));
      // The readers who wrote on this page, at most a few dozen: then each is made anew.
      if (this.aroundOwn.size < 32) this.aroundOwn.set(key, pieces);
    }
    const placed: Placeable[] = [];
    own.forEach((at, k) => placed.push(pieces[k]!, new OwnHtml(this.join(filling.pick, at, at + 1))));
    placed.push(pieces[own.length]!);
    return placed;
  }

  /** What it keeps in memory, roughly (the fillings made so far count as twice the text). */
  get weight(): number {
    return this.bytes * (1 + Math.min(this.byClass.size + this.aroundOwn.size, 8));
  }

  /** The parts from `from` to `to` (not included), their slots filled by `pick`. */
  private join(pick: Filling['pick'], from: number, to: number): string {
    let html = '';
    const { parts } = this;
    for (let i = from; i < to; i++) {
      const part = parts[i]!;
      if (i % 2 === 0) {
        html += part;
        continue;
      }
      const chosen = pick(part);
      if (chosen === null || chosen.length === 0) continue;
      const slot = this.slots.get(part);
      if (!slot) throw new Error(`no slot ${part}`);
      html += slot.before;
      for (const name of typeof chosen === 'string' ? [chosen] : chosen) {
        const option = slot.options[name];
        if (option === undefined) throw new Error(`slot ${part} has no option "${name}"`);
        html += option;
      }
      html += slot.after;
    }
    return html;
  }
}

/** A declared fragment: `fragment.get(ctx, page, key)` answers from what is kept, or renders and keeps. */
export interface Fragment<D extends Dims, P> {
  readonly name: string;
  get(ctx: ModuleContext, page: PageContext, key: KeyOf<D>): Promise<RenderedFragment<P> | null>;
}

/**
 * A page that knows only the reader's language, to render shared HTML with: nothing of the
 * reader who happened to ask first can end up in what the next ones get.
 */
function languageOnly(page: PageContext): PageContext {
  return {
    ...page,
    path: '/',
    actor: VISITOR,
    csrfToken: () => {
      throw new Error('shared HTML holds no form token');
    },
  };
}

/**
 * Declares HTML that many readers' pages share word for word (a post's body in a language, a
 * page of a comment thread), in `<module>.fragments.tsx`: rendered once per key, language and
 * write generation, kept with its compressed bytes, placed with `<Shared html={…} />`. What
 * differs between readers goes into `<Slot>`s, filled per class of reader (`fill`). See
 * ARCHITECTURE.md, "Making a page fast".
 */
export function defineFragment<D extends Dims, P>(
  module: string,
  name: string,
  spec: FragmentSpec<D, P>,
): Fragment<D, P> {
  const prefix = `${module}.${name}`;
  const make = async (ctx: ModuleContext, page: PageContext, key: KeyOf<D>, time: Bucket) => {
    const props = await spec.load(ctx, key, page.locale, time);
    if (props === null) return null;
    const { html, slots } = renderShared(spec.render(props, languageOnly(page)));
    return new RenderedFragment(props, splitAtSlots(html), slots);
  };
  return {
    name: prefix,
    get: async (ctx, page, key) =>
      rememberAt(ctx, keyOf(`${prefix}@${page.locale}`, spec.key, key), spec.clock, (time) =>
        make(ctx, page, key, time),
      ),
  };
}
