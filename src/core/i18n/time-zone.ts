/** `2019-03-12T16:39` as a wall-clock time in `timeZone` → the instant (an invalid Date when it does not parse). */
export function wallTimeIn(local: string, timeZone: string): Date {
  const m = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?$/.exec(local);
  if (!m) return new Date(NaN);
  const [, y, mo, d, h, mi] = m.map(Number) as number[];
  const asUtc = Date.UTC(y!, mo! - 1, d!, h!, mi!, m[6] ? Number(m[6]) : 0);
  // The zone's offset at that moment: what its clock shows for `asUtc`, minus `asUtc`.
  const parts = Object.fromEntries(
    zoneClock(timeZone)
      .formatToParts(new Date(asUtc))
      .map((p) => [p.type, Number(p.value)]),
  );
  const shown = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!);
  return new Date(asUtc - (shown - asUtc));
}

/**
 * A time from a form: with an offset (`…Z`, `…+01:00`) as written; without one (what a
 * `datetime-local` field sends), in the platform's time zone.
 */
export function instantFromForm(raw: string, timeZone: string): Date {
  return /[zZ]|[+-]\d\d:?\d\d$/.test(raw) ? new Date(raw) : wallTimeIn(raw, timeZone);
}

/** An instant as a `datetime-local` field shows it in `timeZone`: `2019-03-12T16:39` (`wallTimeIn` reversed). */
export function wallTimeOf(iso: string, timeZone: string): string {
  const parts = Object.fromEntries(
    zoneClock(timeZone)
      .formatToParts(new Date(iso))
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}

const clocks = new Map<string, Intl.DateTimeFormat>();
/** A formatter that shows a zone's wall clock as numbers (`en-GB`, 24 hours, to the second), made once per zone. */
export function zoneClock(timeZone: string): Intl.DateTimeFormat {
  let clock = clocks.get(timeZone);
  if (!clock) {
    clock = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    clocks.set(timeZone, clock);
  }
  return clock;
}

let choices: readonly string[] | undefined;
let known: ReadonlySet<string> | undefined;

/**
 * The time zones a person may choose as their own: `UTC`, then every IANA zone `Intl` knows by
 * its canonical name (`Europe/Prague`), in order.
 */
export function timeZoneChoices(): readonly string[] {
  return (choices ??= ['UTC', ...Intl.supportedValuesOf('timeZone').filter((zone) => zone !== 'UTC')]);
}

/** Whether `zone` is one of `timeZoneChoices()` (exactly: no aliases, no other case). */
export function isTimeZoneChoice(zone: string): boolean {
  return (known ??= new Set(timeZoneChoices())).has(zone);
}

/**
 * The zone "your time" is shown in for a reader: their own when they are signed in and chose one
 * still known, else the platform's. `undefined` when that is the platform's, so that visitors and
 * readers of the platform's zone share one key of a shared fragment.
 */
export function ownTimeZone(actor: { kind: string; timeZone?: string | null }, platform: string): string | undefined {
  const zone = actor.kind === 'user' ? actor.timeZone : null;
  return zone && zone !== platform && isTimeZoneChoice(zone) ? zone : undefined;
}
