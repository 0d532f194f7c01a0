import { type Formats, type Formatters, IntlMessageFormat } from 'intl-messageformat';
import type { Catalogs } from './catalogs.js';
import { dateLocale, DEFAULT_LOCALE } from './locales.js';

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
  /**
   * Dates and times in another time zone than the platform's (a meeting's: `Europe/Luxembourg`,
   * valid for `Intl`), the same way, with the zone's short name after a time ("09:30 CET").
   */
  inZone(timeZone: string): ZonedDates;
}

/** Dates in one time zone (`Translator.inZone`). */
export interface ZonedDates {
  dateTime(iso: string | Date, style?: 'short' | 'medium' | 'long'): string;
  date(iso: string | Date, style?: 'short' | 'medium' | 'long'): string;
  /** The time of day alone, with the zone's short name. */
  time(iso: string | Date): string;
}

type DateStyle = 'short' | 'medium' | 'long';

const DATE_STYLES = {
  short: { day: 'numeric', month: 'numeric', year: 'numeric' },
  medium: { day: 'numeric', month: 'short', year: 'numeric' },
  long: { weekday: 'short', day: 'numeric', month: 'long', year: 'numeric' },
} as const;

/** English dates read the EU way: day, month, year ("12 March 2019"). */
const ENGLISH_DATE_STYLES = {
  short: { day: '2-digit', month: '2-digit', year: 'numeric' },
  medium: { day: 'numeric', month: 'long', year: 'numeric' },
  long: { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' },
} as const;

/** A compiled message: the text itself when it has no arguments, else its formatter. */
type Compiled = string | IntlMessageFormat;

/** `{x, date, short}` and `{x, time}` inside messages use the platform time zone too. */
function formatsIn(timeZone: string): Formats {
  const withZone = (styles: Record<string, Intl.DateTimeFormatOptions>) =>
    Object.fromEntries(Object.entries(styles).map(([name, options]) => [name, { timeZone, ...options }]));
  const defaults = IntlMessageFormat.formats;
  return { ...defaults, date: withZone(defaults.date), time: withZone(defaults.time) };
}

/** `Intl` formatters shared by every message, one per set of arguments. */
function sharedFormatters(): Formatters {
  const memo = <A extends unknown[], R>(make: (...args: A) => R) => {
    const made = new Map<string, R>();
    return (...args: A): R => {
      const key = JSON.stringify(args);
      let value = made.get(key);
      if (value === undefined) {
        value = make(...args);
        made.set(key, value);
      }
      return value;
    };
  };
  return {
    getNumberFormat: memo((...args: ConstructorParameters<typeof Intl.NumberFormat>) => new Intl.NumberFormat(...args)),
    getDateTimeFormat: memo(
      (...args: ConstructorParameters<typeof Intl.DateTimeFormat>) => new Intl.DateTimeFormat(...args),
    ),
    getPluralRules: memo((...args: ConstructorParameters<typeof Intl.PluralRules>) => new Intl.PluralRules(...args)),
  };
}

const asDate = (value: string | Date): Date => (typeof value === 'string' ? new Date(value || 0) : value);

/**
 * Builds one translator per locale, once. A key missing in a locale falls back to English
 * (the catalog check in the tests keeps that from happening for shipped locales).
 *
 * Each message is compiled (ICU MessageFormat) on first use and kept by id; a message
 * without arguments is kept as its text. A message that does not parse throws at first use.
 * Dates and numbers use `Intl` formatters made once per locale and style.
 */
export function createTranslators(
  catalogs: Catalogs,
  locales: readonly string[],
  timeZone: string,
): Map<string, Translator> {
  const english = catalogs[DEFAULT_LOCALE] ?? {};
  const formats = formatsIn(timeZone);
  const formatters = sharedFormatters();
  const translators = new Map<string, Translator>();
  for (const locale of locales) {
    const own = catalogs[locale] ?? {};
    const compiled = new Map<string, Compiled>();
    const compile = (text: string): Compiled => {
      const format = new IntlMessageFormat(text, locale, formats, { formatters });
      return format.getAst().every((element) => element.type === 0 /* literal */) ? String(format.format()) : format;
    };
    const dateFormats = new Map<string, Intl.DateTimeFormat>();
    const inEnglish = locale === 'en';
    const dateFormat = (style: DateStyle | 'time', withTime: boolean, zone = timeZone, named = false) => {
      const key = `${style}${withTime ? '+time' : ''}${zone === timeZone ? '' : `@${zone}`}${named ? '+zone' : ''}`;
      let format = dateFormats.get(key);
      if (!format) {
        const fields = style === 'time' ? {} : inEnglish ? ENGLISH_DATE_STYLES[style] : DATE_STYLES[style];
        format = new Intl.DateTimeFormat(dateLocale(locale), {
          timeZone: zone,
          ...fields,
          ...(withTime ? { hour: '2-digit', minute: '2-digit' } : {}),
          ...(named ? { timeZoneName: 'short' } : {}),
        });
        dateFormats.set(key, format);
      }
      return format;
    };
    // English the EU way: "12 March 2019, 16:39" (Intl's British English says "at" between them).
    const dateTimeIn =
      (zone: string, named: boolean) =>
      (iso: string | Date, style: DateStyle = 'medium'): string => {
        const date = asDate(iso);
        return inEnglish
          ? `${dateFormat(style, false, zone).format(date)}, ${dateFormat('time', true, zone, named).format(date)}`
          : dateFormat(style, true, zone, named).format(date);
      };
    const dateTime = dateTimeIn(timeZone, false);
    const zones = new Map<string, ZonedDates>();
    const inZone = (zone: string): ZonedDates => {
      let dates = zones.get(zone);
      if (!dates) {
        dates = {
          dateTime: dateTimeIn(zone, true),
          date: (iso, style = 'medium') => dateFormat(style, false, zone).format(asDate(iso)),
          time: (iso) => dateFormat('time', true, zone, true).format(asDate(iso)),
        };
        zones.set(zone, dates);
      }
      return dates;
    };
    let numberFormat: Intl.NumberFormat | undefined;
    translators.set(locale, {
      locale,
      t: (id, values) => {
        let message = compiled.get(id);
        if (message === undefined) {
          const text = Object.hasOwn(own, id) ? own[id] : Object.hasOwn(english, id) ? english[id] : undefined;
          // An unknown (or empty) message shows its id, as @formatjs/intl did; not kept, so
          // ids made from data cannot fill the map.
          if (!text) return id;
          message = compile(text);
          compiled.set(id, message);
        }
        return typeof message === 'string' ? message : (message.format(values ?? {}) as string);
      },
      dateTime,
      date: (iso, style = 'medium') => dateFormat(style, false).format(asDate(iso)),
      number: (value) => (numberFormat ??= new Intl.NumberFormat(locale)).format(value),
      inZone,
    });
  }
  return translators;
}
