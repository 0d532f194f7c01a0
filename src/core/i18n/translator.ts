import { createIntl, createIntlCache, type IntlShape } from '@formatjs/intl';
import type { Catalogs } from './catalogs.js';
import { DEFAULT_LOCALE } from './locales.js';

export type MessageValues = Record<string, string | number | boolean | Date | null | undefined>;

/** What a page needs to speak the reader's language. */
export interface Translator {
  locale: string;
  /** The message `id` with `values` filled in. */
  t(id: string, values?: MessageValues): string;
  /** A date and time, in the platform time zone, as readers of this locale write it. */
  dateTime(iso: string | Date, style?: 'short' | 'medium' | 'long'): string;
  /** A date without time. */
  date(iso: string | Date, style?: 'short' | 'medium' | 'long'): string;
  number(value: number): string;
}

const DATE_STYLES = {
  short: { day: 'numeric', month: 'numeric', year: 'numeric' },
  medium: { day: 'numeric', month: 'short', year: 'numeric' },
  long: { weekday: 'short', day: 'numeric', month: 'long', year: 'numeric' },
} as const;

/**
 * Builds one translator per locale, once. A key missing in a locale falls back to English
 * (the catalog check in the tests keeps that from happening for shipped locales).
 */
export function createTranslators(catalogs: Catalogs, locales: readonly string[], timeZone: string): Map<string, Translator> {
  const cache = createIntlCache();
  const english = catalogs[DEFAULT_LOCALE] ?? {};
  const translators = new Map<string, Translator>();
  for (const locale of locales) {
    const intl: IntlShape<string> = createIntl(
      {
        locale,
        timeZone,
        defaultLocale: DEFAULT_LOCALE,
        messages: { ...english, ...catalogs[locale] },
        onError: (error) => {
          if (error.code !== 'MISSING_TRANSLATION') throw error;
        },
      },
      cache,
    );
    translators.set(locale, {
      locale,
      t: (id, values) => intl.formatMessage({ id }, values as Record<string, string>) as string,
      dateTime: (iso, style = 'medium') =>
        intl.formatDate(iso, { ...DATE_STYLES[style], hour: '2-digit', minute: '2-digit' }),
      date: (iso, style = 'medium') => intl.formatDate(iso, DATE_STYLES[style]),
      number: (value) => intl.formatNumber(value),
    });
  }
  return translators;
}
