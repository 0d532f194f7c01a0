import { readdirSync, readFileSync } from 'node:fs';

/** Messages of one locale: flat keys ("partnerships.list.title") to ICU MessageFormat text. */
export type Messages = Record<string, string>;
/** Every locale's messages, by locale code. */
export type Catalogs = Record<string, Messages>;

/**
 * Reads every JSON file in a module's `locales/` folder: `<locale>.json`, and for a large module
 * its parts, `<locale>.<part>.json` (`en.import.json`), which join its locale's catalog. A key
 * in two parts of one locale is a mistake and throws.
 */
export function loadCatalogs(dir: URL): Catalogs {
  const catalogs: Catalogs = {};
  for (const file of readdirSync(dir).sort()) {
    if (!file.endsWith('.json')) continue;
    const messages = JSON.parse(readFileSync(new URL(file, dir), 'utf8')) as unknown;
    if (!messages || typeof messages !== 'object' || Array.isArray(messages)) {
      throw new Error(`${new URL(file, dir).pathname}: a catalog is one JSON object of strings`);
    }
    const target = (catalogs[file.slice(0, -'.json'.length).split('.')[0]!] ??= {});
    for (const [key, text] of Object.entries(messages as Messages)) {
      if (key in target) throw new Error(`${new URL(file, dir).pathname}: message "${key}" is defined twice`);
      target[key] = text;
    }
  }
  return catalogs;
}

/** Joins several catalogs; a key defined twice is a mistake and throws. */
export function mergeCatalogs(parts: { source: string; catalogs: Catalogs }[]): Catalogs {
  const merged: Catalogs = {};
  const owner = new Map<string, string>();
  for (const { source, catalogs } of parts) {
    for (const [locale, messages] of Object.entries(catalogs)) {
      const target = (merged[locale] ??= {});
      for (const [key, text] of Object.entries(messages)) {
        const previous = owner.get(`${locale}:${key}`);
        if (previous) throw new Error(`message "${key}" (${locale}) is defined by both ${previous} and ${source}`);
        owner.set(`${locale}:${key}`, source);
        target[key] = text;
      }
    }
  }
  return merged;
}

/** Keys that English has and `locale` lacks, for each source; empty when complete. */
export function missingKeys(parts: { source: string; catalogs: Catalogs }[], locale: string): string[] {
  const missing: string[] = [];
  for (const { source, catalogs } of parts) {
    const english = catalogs.en ?? {};
    const other = catalogs[locale] ?? {};
    for (const key of Object.keys(english)) if (!(key in other)) missing.push(`${source}: ${key}`);
  }
  return missing;
}
