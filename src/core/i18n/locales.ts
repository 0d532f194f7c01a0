/** The 24 official languages of the EU, by ISO 639-1 code, in the order of their codes. */
export const EU_LANGUAGES = [
  'bg',
  'cs',
  'da',
  'de',
  'el',
  'en',
  'es',
  'et',
  'fi',
  'fr',
  'ga',
  'hr',
  'hu',
  'it',
  'lt',
  'lv',
  'mt',
  'nl',
  'pl',
  'pt',
  'ro',
  'sk',
  'sl',
  'sv',
] as const;

export type LanguageCode = (typeof EU_LANGUAGES)[number];

export const DEFAULT_LOCALE = 'en';

export function isEuLanguage(code: string): code is LanguageCode {
  return (EU_LANGUAGES as readonly string[]).includes(code);
}

const displayNames = new Map<string, Intl.DisplayNames>();

/**
 * The name of language `code` in language `locale` ("angličtina" for `en` in `cs`), or the
 * code when Intl has none. The formatter is made once per EU language (it costs more to make
 * than to use); others get a new one each time.
 */
export function languageNameIn(locale: string, code: string): string {
  let names = displayNames.get(locale);
  if (!names) {
    names = new Intl.DisplayNames([locale], { type: 'language' });
    if (isEuLanguage(locale)) displayNames.set(locale, names);
  }
  return names.of(code) ?? code;
}

const nativeNames = new Map<string, string>();

/** The name of a language in that language ("čeština", "English"), capitalised. Kept per code. */
export function nativeLanguageName(code: string): string {
  let known = nativeNames.get(code);
  if (known === undefined) {
    const name = languageNameIn(code, code);
    known = name.charAt(0).toLocaleUpperCase(code) + name.slice(1);
    // Callers pass interface and content languages; anything else is not kept.
    if (isEuLanguage(code)) nativeNames.set(code, known);
  }
  return known;
}

/**
 * Picks the best of `available` for an Accept-Language header: exact tags first, then the
 * primary language ("cs-CZ" → "cs"), by quality; `null` when none fits.
 */
export function negotiateLanguage(header: string | undefined, available: readonly string[]): string | null {
  if (!header) return null;
  const ranges = header
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      const quality = q ? Number(q.slice(2)) : 1;
      return { tag: tag.trim().toLowerCase(), quality: Number.isFinite(quality) ? quality : 0, index };
    })
    .filter((r) => r.tag && r.quality > 0)
    .sort((a, b) => b.quality - a.quality || a.index - b.index);
  for (const { tag } of ranges) {
    if (available.includes(tag)) return tag;
    const primary = tag.split('-')[0] ?? '';
    if (available.includes(primary)) return primary;
  }
  return null;
}

/** The Intl locale dates of a language are written with: English as in the EU (day first, 24 hours). */
export const dateLocale = (locale: string): string => (locale === 'en' ? 'en-GB' : locale);
