const displayNames = new Map<string, Intl.DisplayNames>();

function namesIn(locale: string): Intl.DisplayNames {
  let names = displayNames.get(locale);
  if (!names)
    displayNames.set(locale, (names = new Intl.DisplayNames([locale], { type: 'language', fallback: 'none' })));
  return names;
}

/**
 * True for a two-letter ISO 639-1 code that Intl can name, in any language, not only the
 * interface ones ("uk", "tr", "ar"); false for "zz" or "english".
 */
export function isLanguageCode(code: string): boolean {
  return /^[a-z]{2}$/.test(code) && namesIn('en').of(code) !== undefined;
}

/** A language's name in the reader's language: "cs" read in English is "Czech", in Czech "čeština". */
export function languageName(locale: string, code: string): string {
  return namesIn(locale).of(code) ?? code;
}

/** The same, capitalised, for a label at the start of a line ("Čeština"). */
export function languageLabel(locale: string, code: string): string {
  const name = languageName(locale, code);
  return name.charAt(0).toLocaleUpperCase(locale) + name.slice(1);
}

/** A language's own name ("čeština"), capitalised as that language does at the start of a line. */
export function ownLanguageName(code: string): string {
  return languageLabel(code, code);
}

/** "English, Czech and German" in the reader's language. */
export function languageList(locale: string, codes: readonly string[]): string {
  return new Intl.ListFormat(locale, { type: 'conjunction' }).format(codes.map((code) => languageName(locale, code)));
}
