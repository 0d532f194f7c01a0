/**
 * A dimension of a cached value's key: one thing the value depends on besides the stored data
 * (the language, the post, what the reader may see, the page of a list). It checks the value
 * it is given and writes it into the key, so that no two different values share a key.
 */
export interface Dim<T> {
  /** The value as it goes into a key; throws on a value the dimension does not take (a mistake in the caller). */
  encode(value: T): string;
}

/** The dimensions of a key, by name. */
export type Dims = Record<string, Dim<never>>;

/** The key a value of dimensions `D` is asked for with: each dimension's value, by name. */
export type KeyOf<D extends Dims> = { [N in keyof D]: D[N] extends Dim<infer T> ? T : never };

const refuse = (what: string, value: unknown): never => {
  throw new TypeError(`a key dimension got ${JSON.stringify(value)}, not ${what}`);
};

// `,` separates a key's parts and `~` marks "absent": text is percent-encoded so it holds neither.
const id: Dim<number> = {
  encode: (value) => (Number.isSafeInteger(value) && value >= 0 ? String(value) : refuse('an id', value)),
};
const language: Dim<string> = {
  encode: (value) => (/^[a-z]{2,3}$/.test(value) ? value : refuse('a language code', value)),
};
const text: Dim<string> = {
  encode: (value) => (typeof value === 'string' ? encodeURIComponent(value) : refuse('a string', value)),
};
const flag: Dim<boolean> = {
  encode: (value) => (value === true ? '1' : value === false ? '0' : refuse('true or false', value)),
};

/** The kinds of key dimension. */
export const dim = {
  /** A row's id: a safe integer, 0 or more. */
  id,
  /** A language code (`en`, `cs`). */
  language,
  /** Any text (a slug, an opaque cursor). */
  text,
  /** Yes or no (`includeMembersOnly`). */
  flag,
  /** One of a few names: what the reader may see (`'public' | 'members'`), a kind of list. */
  oneOf<const T extends string>(...values: T[]): Dim<T> {
    const allowed = new Set<string>(values);
    return { encode: (value) => (allowed.has(value) ? value : refuse(`one of ${values.join(', ')}`, value)) };
  },
  /** The same dimension, or nothing (`undefined`: no cursor, the first page). */
  optional<T>(inner: Dim<T>): Dim<T | undefined> {
    return { encode: (value) => (value === undefined ? '~' : inner.encode(value)) };
  },
};

/** `prefix(part,part,…)`: a key naming every dimension's value, in the order the dimensions were declared. */
export function keyOf<D extends Dims>(prefix: string, dims: D, key: KeyOf<D>): string {
  let out = `${prefix}(`;
  let first = true;
  for (const name in dims) {
    out += (first ? '' : ',') + (dims[name] as Dim<unknown>).encode((key as Record<string, unknown>)[name]);
    first = false;
  }
  return out + ')';
}
