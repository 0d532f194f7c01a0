import type { Kysely } from 'kysely';
import { toCsv } from '../../core/csv.js';
import type { Database } from '../../core/db/types.js';
import { wallTimeIn, wallTimeOf } from '../../core/i18n/time-zone.js';
import { tagsOf } from '../tags/index.js';
import { PUBLIC_READER } from './funding.policy.js';
import { listProgrammes, loadOpportunities, type Opportunity, type Programme } from './funding.queries.js';
import { visibleOpportunities } from './funding.visibility.js';

// The register as a file, in the words of the import (README, "Import"): one row (CSV) or one object
// (JSON) per item, the programmes in a file of their own (CSV) or beside the items (JSON). What the
// export writes, the import takes back unchanged: export → import into an empty register → export
// gives the same bytes.

/** The columns of an items file, in the order the export writes them. */
export const ITEM_COLUMNS = [
  'external_id',
  'programme',
  'kind',
  'title',
  'summary',
  'body',
  'lang',
  'stage',
  'opens_at',
  'deadlines',
  'time_zone',
  'budget_eur',
  'grant_min_eur',
  'grant_max_eur',
  'cofinancing_rate',
  'url',
  'contact',
  'eligible_kinds',
  'eligible_countries',
  'eligible_sizes',
  'topics',
] as const;
export type ItemColumn = (typeof ITEM_COLUMNS)[number];

/** The columns of a programmes file. */
export const PROGRAMME_COLUMNS = [
  'slug',
  'name',
  'period_from',
  'period_to',
  'budget_eur',
  'budget_note',
  'managing_service',
  'url',
  'description',
] as const;
export type ProgrammeColumn = (typeof PROGRAMME_COLUMNS)[number];

/** Between the values of a list cell (`city; region`) and between the deadlines of a CSV cell. */
export const LIST_SEPARATOR = ';';
/** Between a deadline's time and its label in a CSV cell: `2027-03-31T17:00|Stage 1`. */
export const LABEL_SEPARATOR = '|';

/** An item as a file holds it (the JSON object; the CSV row's cells say the same as text). */
export interface ItemRecord {
  external_id: string | null;
  programme: string | null;
  kind: string;
  title: string;
  summary: string;
  body: string;
  lang: string;
  stage: string | null;
  /** The wall-clock time in `time_zone` (`2027-03-01T09:00`), or an instant with its offset. */
  opens_at: string | null;
  deadlines: { at: string; label: string }[];
  time_zone: string;
  budget_eur: number | null;
  grant_min_eur: number | null;
  grant_max_eur: number | null;
  cofinancing_rate: number | null;
  url: string | null;
  contact: string;
  eligible_kinds: string[];
  eligible_countries: string[];
  eligible_sizes: string[];
  /** Tag labels in the item's language. */
  topics: string[];
}

export type ProgrammeRecord = Record<'slug' | 'name' | 'budget_note' | 'managing_service' | 'description', string> &
  Record<'period_from' | 'period_to' | 'budget_eur', number | null> & { url: string | null };

/**
 * An instant as a file writes it: the wall-clock time in the item's zone (`2027-03-31T17:00`), or,
 * when that would not say the same instant (seconds, or an hour a change of clocks repeats), the
 * instant in UTC (`2027-10-31T00:30:00.000Z`).
 */
export function timeCell(iso: string, timeZone: string): string {
  const wall = wallTimeOf(iso, timeZone);
  return wallTimeIn(wall, timeZone).toISOString() === iso ? wall : iso;
}

export function itemRecordOf(o: Opportunity, topics: string[]): ItemRecord {
  return {
    external_id: o.externalId,
    programme: o.programme?.slug ?? null,
    kind: o.kind,
    title: o.title,
    summary: o.summary,
    body: o.body,
    lang: o.lang,
    stage: o.stage,
    opens_at: o.opensAt === null ? null : timeCell(o.opensAt, o.timeZone),
    deadlines: o.deadlines.map((d) => ({ at: timeCell(d.at, o.timeZone), label: d.label })),
    time_zone: o.timeZone,
    budget_eur: o.budgetEur,
    grant_min_eur: o.grantMinEur,
    grant_max_eur: o.grantMaxEur,
    cofinancing_rate: o.cofinancingRate,
    url: o.url,
    contact: o.contact,
    eligible_kinds: o.eligibility.kinds,
    eligible_countries: o.eligibility.countries,
    eligible_sizes: o.eligibility.sizes,
    topics,
  };
}

export function programmeRecordOf(p: Programme): ProgrammeRecord {
  return {
    slug: p.slug,
    name: p.name,
    period_from: p.periodFrom,
    period_to: p.periodTo,
    budget_eur: p.budgetEur,
    budget_note: p.budgetNote,
    managing_service: p.managingService,
    url: p.url,
    description: p.description,
  };
}

const cellOf = (value: unknown): string =>
  value === null || value === undefined ? '' : Array.isArray(value) ? value.join(`${LIST_SEPARATOR} `) : String(value);

const deadlinesCell = (deadlines: ItemRecord['deadlines']): string =>
  deadlines.map((d) => (d.label ? `${d.at}${LABEL_SEPARATOR}${d.label}` : d.at)).join(`${LIST_SEPARATOR} `);

/** Items as a CSV file (UTF-8 with a byte order mark, the header row first). */
export function itemsCsv(items: readonly ItemRecord[]): string {
  return toCsv([
    [...ITEM_COLUMNS],
    ...items.map((item) =>
      ITEM_COLUMNS.map((column) => (column === 'deadlines' ? deadlinesCell(item.deadlines) : cellOf(item[column]))),
    ),
  ]);
}

/** Programmes as a CSV file. */
export function programmesCsv(programmes: readonly ProgrammeRecord[]): string {
  return toCsv([[...PROGRAMME_COLUMNS], ...programmes.map((p) => PROGRAMME_COLUMNS.map((c) => cellOf(p[c])))]);
}

/** The register as one JSON file: its programmes, then its items. */
export function fundingJson(file: { programmes: readonly ProgrammeRecord[]; items: readonly ItemRecord[] }): string {
  return `${JSON.stringify({ programmes: file.programmes, items: file.items }, null, 2)}\n`;
}

/**
 * What the export holds: every programme (by slug) and the register's published items (what
 * everyone may see: `visibleOpportunities` of a visitor), in the order they were added; topics as
 * their labels in the item's language.
 */
export async function exportRecords(
  db: Kysely<Database>,
): Promise<{ programmes: ProgrammeRecord[]; items: ItemRecord[] }> {
  const programmes = (await listProgrammes(db))
    .sort((a, b) => (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0))
    .map(programmeRecordOf);
  const ids = (
    await db
      .selectFrom('funding_opportunities')
      .select('id')
      .where(visibleOpportunities(PUBLIC_READER))
      .orderBy('id')
      .execute()
  ).map((r) => r.id);
  const items: ItemRecord[] = [];
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = await loadOpportunities(db, ids.slice(i, i + 500));
    const topics = new Map<number, string[]>();
    for (const lang of new Set(chunk.map((o) => o.lang))) {
      const ofLang = chunk.filter((o) => o.lang === lang).map((o) => o.id);
      for (const [id, tags] of await tagsOf(db, 'opportunity', ofLang, lang))
        topics.set(
          id,
          tags.map((tag) => tag.label),
        );
    }
    for (const o of chunk) items.push(itemRecordOf(o, topics.get(o.id) ?? []));
  }
  return { programmes, items };
}
