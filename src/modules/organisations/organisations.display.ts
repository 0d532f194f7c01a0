import type { Translator } from '../../core/i18n/translator.js';
import type { Organisation } from './organisations.schema.js';

const regionNames = new Map<string, Intl.DisplayNames>();

/** A country's name in the reader's language ("CZ" → "Česko"). */
export function countryName(locale: string, code: string): string {
  let names = regionNames.get(locale);
  if (!names) regionNames.set(locale, (names = new Intl.DisplayNames([locale], { type: 'region' })));
  return names.of(code) ?? code;
}

/** The name to show: a member state is named in the reader's language, others as they write it. */
export function displayName(org: Pick<Organisation, 'name' | 'kind' | 'country'>, locale: string): string {
  return org.kind === 'member-state' && org.country ? countryName(locale, org.country) : org.name;
}

export function kindLabel(t: Translator['t'], kind: string): string {
  return t(`organisations.kind.${kind}`);
}
