/**
 * Values worked out once and kept by key, up to `max` of them; when full, it starts again
 * empty (simpler than least-recently-used, and enough for values that are cheap to redo: a
 * hash, a token, a formatted date, a prepared statement).
 */
export class KeptValues<V> {
  private readonly values = new Map<string, V>();

  constructor(private readonly max: number) {}

  /** The value kept under `key`, or the one `make` gives, kept from now on. */
  get(key: string, make: () => V): V {
    let value = this.values.get(key);
    if (value === undefined) {
      value = make();
      if (this.values.size >= this.max) this.values.clear();
      this.values.set(key, value);
    }
    return value;
  }
}
