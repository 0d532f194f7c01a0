/**
 * A title as the ASCII part of an address: accents dropped ("Město" → "mesto"), lower case, every run
 * of anything other than a letter or digit one hyphen, none at either end, at most `max` characters;
 * `fallback` when nothing is left (a title in another script).
 */
export function slugOf(title: string, fallback: string, max = 80): string {
  return (
    title
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+/, '')
      .slice(0, max)
      .replace(/-+$/, '') || fallback
  );
}

/** The first of `base`, `base-2`, `base-3` … that is not `taken` (nor `new`, which names a form's page). */
export function firstFreeSlug(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base) && base !== 'new') return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}
