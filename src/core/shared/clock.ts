/**
 * Which clock-dependent values were used lately, and until when each holds: a page cached for
 * visitors must not outlive the time bucket of a value it shows ("upcoming" after the meeting
 * began). A request notes where the count stands when it starts; when its page is stored, every
 * clock-dependent value used since, by this request or by one running at the same time, caps
 * how long the page is kept. Capping by another request's value only shortens a page's life,
 * which is always safe; and it costs nothing to the pages that use no clock.
 */
export class ClockWatch {
  private count = 0;
  /** The bucket ends of the last `ends.length` uses, by their number modulo the length. */
  private readonly ends = new Float64Array(256);

  /** A clock-dependent value was used that holds until `end` (ms since the epoch). */
  used(end: number): void {
    this.ends[this.count % this.ends.length] = end;
    this.count++;
  }

  /** Where the count stands now: give it to `until` later. */
  mark(): number {
    return this.count;
  }

  /**
   * Until when everything used since `mark` holds: `Infinity` when nothing clock-dependent was
   * used, `-Infinity` (keep nothing) when more was used than this watch remembers.
   */
  until(mark: number): number {
    const used = this.count - mark;
    if (used === 0) return Infinity;
    if (used > this.ends.length) return -Infinity;
    let end = Infinity;
    for (let n = mark; n < this.count; n++) end = Math.min(end, this.ends[n % this.ends.length]!);
    return end;
  }
}

/** The one watch of this process (the page cache reads it; reads and fragments with a clock write it). */
export const clockWatch = new ClockWatch();

/** The bucket of `seconds` that `now` falls in: its number, its start and its end (ms). */
export function bucketOf(now: number, seconds: number): { index: number; start: number; end: number } {
  const size = seconds * 1000;
  const index = Math.floor(now / size);
  return { index, start: index * size, end: (index + 1) * size };
}
