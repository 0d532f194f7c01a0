import type { ModuleContext } from '../module.js';
import { bucketOf, clockWatch } from './clock.js';
import { type Dims, keyOf, type KeyOf } from './dims.js';

/** How one cached read is declared (see `defineReads`). */
export interface ReadSpec<D extends Dims, V> {
  /** What the answer depends on besides the stored data: each dimension is part of the key. */
  key: D;
  /**
   * The answer depends on the clock ("upcoming", "open", "late", "scheduled"): it is kept per
   * bucket of this many seconds, and `load` gets the bucket as `time`. A page cached for
   * visitors that shows it is kept no longer than the bucket lasts.
   */
  clock?: number;
  /**
   * Reads the answer. It gets the module context and the key, and nothing of the request: what
   * the reader may see has to be a dimension of the key, so no reader's answer reaches another.
   * `null` and `undefined` are answered but not kept.
   */
  load(ctx: ModuleContext, key: KeyOf<D>, time: Bucket): Promise<V> | V;
}

/**
 * The time a clock-dependent answer is worked out at (`now`), and until when it is kept at the
 * latest (`until`, the end of its bucket). What has happened is what happened by `now` (a post
 * whose time comes later in the bucket shows when the bucket ends, at the latest; never
 * early). What is still to come is what comes at or after `until` (a meeting is upcoming when it
 * starts at or after `until`, so no page shows it as upcoming once it started). Without
 * `clock`, both are now.
 */
export interface Bucket {
  now: Date;
  until: Date;
}

/** A declared read: `read.get(ctx, key)` answers from what is kept, or loads and keeps. */
export interface Read<D extends Dims, V> {
  /** `module.name`, the namespace of its keys. */
  readonly name: string;
  get(ctx: ModuleContext, key: KeyOf<D>): Promise<V>;
}

/** One read of `defineReads`; a function of its own so that TypeScript infers the key's type for `load`. */
export function read<D extends Dims, V>(spec: ReadSpec<D, V>): ReadSpec<D, V> {
  return spec;
}

/** The clock: tests move it. */
export const readClock = { now: () => Date.now() };

/**
 * The value kept under `key` in the shared memo, or the one `make` gives: with a clock of
 * `seconds`, the key names the time bucket, `make` gets it, and the clock watch is told how
 * long it holds (for the page cache).
 */
export function rememberAt<V>(
  ctx: ModuleContext,
  key: string,
  seconds: number | undefined,
  make: (time: Bucket) => Promise<V> | V,
): Promise<V> {
  if (seconds === undefined) {
    return ctx.shared.remember(key, () => {
      const now = new Date(readClock.now());
      return make({ now, until: now });
    });
  }
  const bucket = bucketOf(readClock.now(), seconds);
  clockWatch.used(bucket.end);
  return ctx.shared.remember(`${key}@${bucket.index}`, () =>
    make({ now: new Date(readClock.now()), until: new Date(bucket.end) }),
  );
}

/**
 * Declares a module's cached reads, once, in `<module>.reads.ts`: what many readers share
 * (a post, a page of a list, a partnership by its slug), kept until the next write to the data
 * (the shared memo), namespaced by the module's id, keyed by typed dimensions and weighed by
 * the core. See ARCHITECTURE.md, "Making a page fast".
 *
 * ```ts
 * export const reads = defineReads('meetings', {
 *   upcoming: read({
 *     key: { partnership: dim.id, audience: dim.oneOf('public', 'members') },
 *     clock: 60,
 *     load: (ctx, k, now) => q.upcoming(ctx.db, k.partnership, k.audience === 'members', now),
 *   }),
 * });
 * const meetings = await reads.upcoming.get(ctx, { partnership: id, audience });
 * ```
 */
export function defineReads<S extends Record<string, ReadSpec<Dims, unknown>>>(
  module: string,
  specs: S,
): { [N in keyof S]: S[N] extends ReadSpec<infer D, infer V> ? Read<D, V> : never } {
  const out: Record<string, Read<Dims, unknown>> = {};
  for (const [name, spec] of Object.entries(specs)) {
    const prefix = `${module}.${name}`;
    out[name] = {
      name: prefix,
      get: async (ctx, key) =>
        rememberAt(ctx, keyOf(prefix, spec.key, key), spec.clock, (time) => spec.load(ctx, key, time)),
    };
  }
  return out as never;
}
