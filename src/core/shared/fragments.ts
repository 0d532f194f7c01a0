import type { VNode } from 'preact';
import { VISITOR } from '../auth/actor.js';
import type { ModuleContext } from '../module.js';
import type { PageContext } from '../views/page-context.js';
import { type Dims, keyOf, type KeyOf } from './dims.js';
import { OwnHtml, SharedHtml, splitAtSlots } from './markers.js';
import { type Bucket, rememberAt } from './reads.js';
import { type RenderedSlot, renderShared } from './render.js';

/** How a fragment is declared (see `defineFragment`). */
export interface FragmentSpec<D extends Dims, P> {
  /** What the HTML depends on besides the stored data and the reader's language (always part of the key). */
  key: D;
  /** Depends on the clock: kept per bucket of this many seconds (see `ReadSpec.clock`). */
  clock?: number;
  /** What it shows, from the key alone (nothing of the request); `null` when there is nothing (then `get` answers null). */
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
   * The readers who get the same filling share it under this name (`'member'`, `'moderator'`),
   * and it is made once for all of them (and compressed once); `null` when it is this reader's
   * alone (they wrote in it): then it goes in as their own words.
   */
  sharedAs: string | null;
  /** The options of the slot that go in, in order (`null` or `[]`: the slot stays empty). */
  pick(slot: string): readonly string[] | string | null;
}

/** A fragment rendered for a language: the data it was made from, and its HTML to place with `<Shared>`. */
export class RenderedFragment<P> {
  private readonly byClass = new Map<string, SharedHtml>();
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
    return (this.whole ??= new SharedHtml(this.join(() => null)));
  }

  /** Whether a slot of this name is in the HTML. */
  has(slot: string): boolean {
    return this.slots.has(slot);
  }

  /** The HTML filled for a reader: made once per class of reader (`sharedAs`), or for them alone. */
  fill(filling: Filling): SharedHtml | OwnHtml {
    if (filling.sharedAs === null) return new OwnHtml(this.join(filling.pick));
    let filled = this.byClass.get(filling.sharedAs);
    if (!filled) {
      filled = new SharedHtml(this.join(filling.pick));
      // A handful of classes at most (what a reader may do there): more is a mistake in the key.
      if (this.byClass.size < 32) this.byClass.set(filling.sharedAs, filled);
    }
    return filled;
  }

  /** What it keeps in memory, roughly (the fillings made so far count as twice the text). */
  get weight(): number {
    return this.bytes * (1 + Math.min(this.byClass.size, 4));
  }

  private join(pick: Filling['pick']): string {
    let html = '';
    const { parts } = this;
    for (let i = 0; i < parts.length; i++) {
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
