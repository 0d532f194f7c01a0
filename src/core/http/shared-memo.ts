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

/** A string counts its UTF-16 length twice; anything else a kilobyte unless `weigh` says better. */
const defaultWeight = (value: unknown): number => (typeof value === 'string' ? value.length * 2 : 1024);

/**
 * What many readers share, computed once per generation: the rows and rendered fragments a
 * page shows to everyone who may see it (a post, its thread of comments as HTML), not what is
 * personal (a reader's standing, their own reports, a form token). Signed-in pages are still
 * rendered for each request; only their shared parts come from here.
 *
 * A value belongs to the generation it was computed in: the page cache's generation, which
 * every database write to a table a page shows advances (and every successful POST, PUT,
 * PATCH or DELETE after it commits). So a value is never used after the data it came from
 * changed; it also expires after `seconds`, which bounds what writes cannot show (a scheduled
 * post whose time comes, another process's writes). A value computed while a write happened
 * is not kept. Values are shared between requests: callers must not change them.
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
  async remember<T>(key: string, make: () => Promise<T> | T, weigh: (value: T) => number = defaultWeight): Promise<T> {
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
