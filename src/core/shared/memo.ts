/** Where the memo reads the current generation: the page cache's, which every write changes. */
export type GenerationSource = () => number;

export interface SharedMemoOptions {
  /** How long a value may be used, in seconds; 0 turns the memo off. */
  seconds: number;
  /** Memory for the values, in bytes, as `weigh` counts them. */
  maxBytes: number;
  /** The clock (tests move it). */
  now?: () => number;
}

interface Kept {
  readonly value: unknown;
  readonly generation: number;
  readonly expires: number;
  readonly bytes: number;
}

/** Anything that says what it weighs itself (shared HTML, a rendered fragment). */
interface Weighed {
  readonly weight: number;
}

const isWeighed = (value: object): value is Weighed => typeof (value as Partial<Weighed>).weight === 'number';

/**
 * About how many bytes a value keeps in memory: strings by their length, numbers and flags
 * by a word, arrays, maps, sets and objects by what they hold plus a little for themselves.
 * What says its own weight (`weight`) is believed. Shared values are trees (no cycles, but
 * the same object twice counts twice); past 10,000 parts it stops counting and guesses.
 */
export function weightOf(value: unknown): number {
  let parts = 0;
  const walk = (v: unknown): number => {
    if (++parts > 10_000) return 64;
    if (typeof v === 'string') return 16 + v.length * 2;
    if (v === null || typeof v !== 'object') return 8;
    if (isWeighed(v)) return v.weight;
    let bytes = 32;
    if (Array.isArray(v)) for (const item of v) bytes += 8 + walk(item);
    else if (v instanceof Map) for (const [k, item] of v) bytes += 16 + walk(k) + walk(item);
    else if (v instanceof Set) for (const item of v) bytes += 16 + walk(item);
    else if (Buffer.isBuffer(v)) bytes += v.length;
    else for (const k in v) bytes += 16 + k.length + walk((v as Record<string, unknown>)[k]);
    return bytes;
  };
  return walk(value);
}

/**
 * What many readers share, computed once per generation: the rows and rendered fragments a
 * page shows to everyone who may see it (a post, its thread of comments as HTML), not what is
 * personal (a reader's standing, their own reports, a form token). Signed-in pages are still
 * rendered for each request; only their shared parts come from here.
 *
 * A value belongs to the generation it was computed in: the page cache's generation, which
 * every database write to a table a page shows advances (and every successful POST, PUT,
 * PATCH or DELETE after it commits, and every write another node announces: `db/other-nodes.ts`).
 * So a value is never used after the data it came from changed; it also expires after
 * `seconds`, which bounds what writes cannot show (a scheduled post whose time comes, in a read
 * that does not declare its clock). Never keep who may see what here. A value computed while a write happened
 * is not kept. Values are shared between requests: callers must not change them. Modules do not
 * call it: they declare reads and fragments (`core/shared/index.ts`), which use it.
 *
 * Made without a generation source (`SharedMemo.off()`: commands, seeding), it keeps nothing.
 */
export class SharedMemo {
  private readonly kept = new Map<string, Kept>();
  private bytes = 0;
  private seenGeneration = -1;
  private readonly now: () => number;
  hits = 0;
  misses = 0;

  constructor(
    private readonly generation: GenerationSource | null,
    private readonly options: SharedMemoOptions,
  ) {
    this.now = options.now ?? Date.now;
  }

  /** A memo that keeps nothing: every call computes. */
  static off(): SharedMemo {
    return new SharedMemo(null, { seconds: 0, maxBytes: 0 });
  }

  get size(): number {
    return this.kept.size;
  }

  private get enabled(): boolean {
    return this.generation !== null && this.options.seconds > 0 && this.options.maxBytes > 0;
  }

  /** The value kept under `key` in this generation, if any. */
  private lookup(key: string, generation: number): Kept | undefined {
    if (generation !== this.seenGeneration) {
      // Everything kept belongs to an older generation: let it all go at once.
      this.kept.clear();
      this.bytes = 0;
      this.seenGeneration = generation;
      return undefined;
    }
    const kept = this.kept.get(key);
    if (!kept) return undefined;
    if (kept.expires <= this.now()) {
      this.drop(key, kept);
      return undefined;
    }
    // Recently used values move to the end, so the least used go first.
    this.kept.delete(key);
    this.kept.set(key, kept);
    return kept;
  }

  /**
   * The value under `key`, computed by `make` when this generation has none. `key` must name
   * everything the value depends on (the language, the page of a list…) except the data.
   * `null` and `undefined` are returned but not kept.
   */
  async remember<T>(key: string, make: () => Promise<T> | T, weigh: (value: T) => number = weightOf): Promise<T> {
    if (!this.generation || !this.enabled) return make();
    const before = this.generation();
    const kept = this.lookup(key, before);
    if (kept) {
      this.hits++;
      return kept.value as T;
    }
    this.misses++;
    const value = await make();
    // A write while it was being computed: the value may show either side of it. Use it once.
    // Nothing found is not kept either, so that made-up addresses cannot fill the memory.
    if (this.generation() !== before || value === null || value === undefined) return value;
    const bytes = weigh(value) + key.length * 2;
    if (bytes > this.options.maxBytes / 4) return value;
    const raced = this.kept.get(key);
    if (raced) this.drop(key, raced);
    this.kept.set(key, { value, generation: before, expires: this.now() + this.options.seconds * 1000, bytes });
    this.bytes += bytes;
    for (const [oldKey, old] of this.kept) {
      if (this.bytes <= this.options.maxBytes) break;
      this.drop(oldKey, old);
    }
    return value;
  }

  private drop(key: string, kept: Kept): void {
    this.kept.delete(key);
    this.bytes -= kept.bytes;
  }
}
