import type { ControlledTransaction } from 'kysely';
import { recordAudit } from '../../core/audit/audit.js';
import { parseCsv, unguardCell } from '../../core/csv.js';
import type { Database } from '../../core/db/types.js';
import { storableText } from '../../core/http/validation.js';
import { isTimeZoneChoice, wallTimeIn } from '../../core/i18n/time-zone.js';
import type { ModuleContext } from '../../core/module.js';
import { findOpportunity, findProgramme, listProgrammes, type Programme } from './funding.queries.js';
import {
  changeOpportunity,
  checked,
  createOpportunity,
  FundingChangeError,
  instantOf,
  saveProgramme,
  type OpportunityChange,
  type OpportunityInput,
  type ProgrammeInput,
} from './funding.service.js';
import type { OpportunityKind, PolicyStage } from './funding.tables.js';
import { ITEM_COLUMNS, LABEL_SEPARATOR, LIST_SEPARATOR, PROGRAMME_COLUMNS } from './funding.transfer.js';

// Importing programmes and items of the register from a CSV or JSON file (README, "Import"). The
// file is read and each row checked in memory first (the cells' types, the programme's slug, an
// external id given twice); then, in one transaction, every row goes through saveProgramme,
// createOpportunity or changeOpportunity, so each item taken has its version and its audit entry.
// All or nothing: when any row is refused, or for a dry run, the transaction is rolled back, and
// the report names every refused row, its column and why.

/** The largest file an import takes (10,000 items with their summaries are ~3 MB; the uploads' default limit). */
export const IMPORT_MAX_BYTES = 10 * 1024 * 1024;
/** The most rows (items and programmes) an import takes. */
export const IMPORT_MAX_ROWS = 50_000;
/** The time zone of an item that names none (the register's default). */
export const DEFAULT_TIME_ZONE = 'Europe/Brussels';

export type ImportFormat = 'csv' | 'json';
/** Which list of the file a row belongs to. */
export type RowList = 'item' | 'programme';
export type RowOutcome = 'created' | 'updated' | 'unchanged' | 'refused';

/** What is wrong with the file (`row` null) or with a row at a column; `key` is a message of the catalogs. */
export interface ImportProblem {
  list: RowList | null;
  row: number | null;
  column: string | null;
  key: string;
  params?: Record<string, string | number>;
}
export interface RowReport {
  list: RowList;
  /** CSV: the record's number, the header being 1; JSON: the object's position in its list, from 1. */
  row: number;
  /** The item's external id or the programme's slug, as the row gives it. */
  id: string | null;
  outcome: RowOutcome;
  problems: ImportProblem[];
}
export type Counts = Record<RowOutcome, number>;
export interface FundingImportReport {
  format: ImportFormat | null;
  dryRun: boolean;
  /** Whether anything was written (never for a dry run, a refused row or a file refused whole). */
  stored: boolean;
  items: Counts;
  programmes: Counts;
  /** Problems of the file as a whole (not CSV or JSON, a wrong header, too big): no row was taken. */
  problems: ImportProblem[];
  rows: RowReport[];
}

export interface ImportOptions {
  dryRun: boolean;
  /** Who imports (null: the command line). */
  userId: number | null;
  /** Said by the caller (a file's name, a content type); otherwise read from the first byte. */
  format?: ImportFormat;
  onProgress?: (done: number, total: number) => void;
}

/** A row as read: its values by column (CSV: text; JSON: any JSON value), absent columns absent. */
interface Row {
  list: RowList;
  row: number;
  values: Map<string, unknown>;
  csv: boolean;
  problems: ImportProblem[];
}

const zero = (): Counts => ({ created: 0, updated: 0, unchanged: 0, refused: 0 });
const key = (name: string) => `funding.import.problem.${name}`;
const fileProblem = (name: string, params?: ImportProblem['params'], column: string | null = null): ImportProblem => ({
  list: null,
  row: null,
  column,
  key: key(name),
  ...(params ? { params } : {}),
});

/** Every problem of a report, the file's first, then the rows' in file order. */
export function problemsOf(report: FundingImportReport): ImportProblem[] {
  return [...report.problems, ...report.rows.flatMap((r) => r.problems)];
}

// ---- Reading the file into rows

type Read =
  | { ok: true; format: ImportFormat; rows: Row[] }
  | { ok: false; format: ImportFormat | null; problems: ImportProblem[] };

function formatOf(bytes: Uint8Array): ImportFormat {
  let i = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  while (i < bytes.length && (bytes[i] === 0x20 || bytes[i] === 0x09 || bytes[i] === 0x0a || bytes[i] === 0x0d)) i++;
  return bytes[i] === 0x5b || bytes[i] === 0x7b ? 'json' : 'csv';
}

function readCsv(bytes: Uint8Array): Read {
  const parsed = parseCsv(bytes);
  if (!parsed.ok)
    return { ok: false, format: 'csv', problems: [fileProblem(parsed.problem.reason, { line: parsed.problem.line })] };
  const [header = [], ...records] = parsed.records;
  if (records.length > IMPORT_MAX_ROWS)
    return { ok: false, format: 'csv', problems: [fileProblem('tooManyRows', { limit: IMPORT_MAX_ROWS })] };
  const names = header.map((h) => h.trim().toLowerCase());
  // A file of programmes names them by slug; one of items, by external id.
  const list: RowList = names.includes('slug') && !names.includes('external_id') ? 'programme' : 'item';
  const known: readonly string[] = list === 'item' ? ITEM_COLUMNS : PROGRAMME_COLUMNS;
  const problems: ImportProblem[] = [];
  const index = new Map<string, number>();
  names.forEach((name, i) => {
    if (name === '') return;
    const shown = header[i]!.trim().slice(0, 60);
    if (!known.includes(name)) problems.push(fileProblem('unknownColumn', { column: shown }, shown));
    else if (index.has(name)) problems.push(fileProblem('duplicateColumn', { column: name }, name));
    else index.set(name, i);
  });
  const required = list === 'item' ? 'external_id' : 'slug';
  if (!index.has(required)) problems.push(fileProblem('missingColumn', { column: required }, required));
  if (problems.length > 0) return { ok: false, format: 'csv', problems };
  const rows = records.map((record, i): Row => {
    const row: Row = { list, row: i + 2, values: new Map(), csv: true, problems: [] };
    record.forEach((cell, c) => {
      if ((c >= names.length || names[c] === '') && cell.trim() !== '')
        row.problems.push({ list, row: row.row, column: null, key: key('extraCell'), params: { position: c + 1 } });
    });
    for (const [name, c] of index) row.values.set(name, unguardCell(record[c] ?? ''));
    return row;
  });
  return { ok: true, format: 'csv', rows };
}

function readJson(bytes: Uint8Array): Read {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { ok: false, format: 'json', problems: [fileProblem('encoding', { line: 1 })] };
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { ok: false, format: 'json', problems: [fileProblem('json')] };
  }
  const isObject = (v: unknown): v is Record<string, unknown> =>
    typeof v === 'object' && v !== null && !Array.isArray(v);
  let items: unknown = data;
  let programmes: unknown = [];
  if (isObject(data)) {
    items = data.items ?? [];
    programmes = data.programmes ?? [];
  }
  if (!Array.isArray(items) || !Array.isArray(programmes))
    return { ok: false, format: 'json', problems: [fileProblem('shape')] };
  if (items.length + programmes.length > IMPORT_MAX_ROWS)
    return { ok: false, format: 'json', problems: [fileProblem('tooManyRows', { limit: IMPORT_MAX_ROWS })] };
  if (items.length + programmes.length === 0) return { ok: false, format: 'json', problems: [fileProblem('empty')] };
  const rowsOf = (list: RowList, entries: unknown[], known: readonly string[]) =>
    entries.map((entry, i): Row => {
      const row: Row = { list, row: i + 1, values: new Map(), csv: false, problems: [] };
      if (!isObject(entry)) {
        row.problems.push({ list, row: i + 1, column: null, key: key('notObject') });
        return row;
      }
      for (const [name, value] of Object.entries(entry)) {
        if (known.includes(name)) row.values.set(name, value);
        else row.problems.push({ list, row: i + 1, column: name.slice(0, 60), key: key('unknownField') });
      }
      return row;
    });
  return {
    ok: true,
    format: 'json',
    rows: [...rowsOf('programme', programmes, PROGRAMME_COLUMNS), ...rowsOf('item', items, ITEM_COLUMNS)],
  };
}

// ---- Reading a row's values (a problem at the column otherwise)

const problemAt = (row: Row, column: string, name: string, params?: ImportProblem['params']) =>
  row.problems.push({
    list: row.list,
    row: row.row,
    column,
    key: name.includes('.') ? name : key(name),
    ...(params ? { params } : {}),
  });

/** Text (absent: undefined; JSON null: ''). */
function text(row: Row, column: string): string | undefined {
  if (!row.values.has(column)) return undefined;
  const value = row.values.get(column);
  if (value === null) return '';
  if (typeof value !== 'string') {
    problemAt(row, column, 'text');
    return '';
  }
  if (!storableText(value)) {
    problemAt(row, column, 'badText');
    return '';
  }
  return value;
}

/** Text, with nothing as null. */
function optional(row: Row, column: string): string | null | undefined {
  const value = text(row, column)?.trim();
  return value === undefined ? undefined : value === '' ? null : value;
}

/** A whole number (`reason`: the message when it is not one); nothing is null. */
function whole(row: Row, column: string, reason: string): number | null | undefined {
  if (!row.values.has(column)) return undefined;
  const value = row.values.get(column);
  if (value === null || value === '') return null;
  if (typeof value === 'number' && Number.isSafeInteger(value)) return value;
  if (typeof value === 'string' && /^\s*\d{1,15}\s*$/.test(value)) return Number(value);
  if (typeof value === 'string' && value.trim() === '') return null;
  problemAt(row, column, reason);
  return null;
}

/** A list: `a; b` (CSV or a JSON string) or a JSON array of text. */
function list(row: Row, column: string): string[] | undefined {
  if (!row.values.has(column)) return undefined;
  const value = row.values.get(column);
  const parts =
    value === null
      ? []
      : typeof value === 'string'
        ? value.split(LIST_SEPARATOR)
        : Array.isArray(value) && value.every((v) => typeof v === 'string')
          ? (value as string[])
          : null;
  if (parts === null) {
    problemAt(row, column, 'list');
    return [];
  }
  if (!parts.every(storableText)) {
    problemAt(row, column, 'badText');
    return [];
  }
  return parts.map((p) => p.trim()).filter((p) => p !== '');
}

/** A time with its offset as written, or a wall-clock time in `timeZone`; as an instant (ISO), or a problem. */
function instantIn(row: Row, column: string, value: string, timeZone: string): string | null {
  const trimmed = value.trim();
  if (/([zZ]|[+-]\d\d:\d\d)$/.test(trimmed)) {
    const at = instantOf(trimmed.replace(' ', 'T'));
    if (at) return at;
  } else if (/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2})?$/.test(trimmed)) {
    const at = wallTimeIn(trimmed, timeZone);
    if (Number.isFinite(at.getTime())) {
      const iso = instantOf(at.toISOString());
      if (iso) return iso;
    }
  }
  problemAt(row, column, 'date');
  return null;
}

function deadlines(row: Row, timeZone: string): { at: string; label: string }[] | undefined {
  if (!row.values.has('deadlines')) return undefined;
  const value = row.values.get('deadlines');
  const entries: unknown[] =
    value === null
      ? []
      : typeof value === 'string'
        ? value.split(LIST_SEPARATOR).filter((p) => p.trim() !== '')
        : Array.isArray(value)
          ? value
          : [undefined];
  const out: { at: string; label: string }[] = [];
  for (const entry of entries) {
    let at: unknown;
    let label: unknown = '';
    if (typeof entry === 'string') {
      const bar = entry.indexOf(LABEL_SEPARATOR);
      [at, label] = bar < 0 ? [entry, ''] : [entry.slice(0, bar), entry.slice(bar + 1)];
    } else if (typeof entry === 'object' && entry !== null && !Array.isArray(entry)) {
      ({ at, label = '' } = entry as { at?: unknown; label?: unknown });
    }
    if (typeof at !== 'string' || typeof label !== 'string') {
      problemAt(row, 'deadlines', 'deadline');
      return [];
    }
    if (!storableText(label)) {
      problemAt(row, 'deadlines', 'badText');
      return [];
    }
    const instant = instantIn(row, 'deadlines', at, timeZone);
    if (instant === null) return [];
    out.push({ at: instant, label: label.trim() });
  }
  return out;
}

// ---- Rows into the register's inputs

interface Known {
  programmes: Map<string, Programme>;
  /** Items by external id: id, version, time zone and language. */
  items: Map<string, { id: number; version: number; timeZone: string; lang: string }>;
}

/** The change an item row makes (what it leaves out stays as it is, or takes the defaults of a new item). */
function itemChange(row: Row, known: Known): { externalId: string; change: OpportunityChange } | null {
  const externalId = (text(row, 'external_id') ?? '').trim();
  if (externalId === '') problemAt(row, 'external_id', 'funding.error.required');
  const existing = known.items.get(externalId);
  const change: OpportunityChange = { externalId };
  const given = text(row, 'time_zone')?.trim();
  if (given !== undefined && given !== '') change.timeZone = given;
  else if (given !== undefined || !existing) change.timeZone = DEFAULT_TIME_ZONE;
  const zone =
    change.timeZone && isTimeZoneChoice(change.timeZone) ? change.timeZone : (existing?.timeZone ?? DEFAULT_TIME_ZONE);

  const programme = optional(row, 'programme');
  if (programme === null) change.programmeId = null;
  else if (programme !== undefined) {
    const found = known.programmes.get(programme);
    if (found) change.programmeId = found.id;
    else problemAt(row, 'programme', 'unknownProgramme', { slug: programme.slice(0, 80) });
  }
  const kind = text(row, 'kind');
  if (kind !== undefined) change.kind = kind.trim().toLowerCase() as OpportunityKind;
  for (const column of ['title', 'summary', 'body', 'contact'] as const) {
    const value = text(row, column);
    if (value !== undefined) change[column] = value;
  }
  const lang = text(row, 'lang')?.trim().toLowerCase();
  if (lang) change.lang = lang;
  else if (!existing) change.lang = 'en';
  const stage = optional(row, 'stage');
  if (stage !== undefined) change.stage = (stage?.toLowerCase() ?? null) as PolicyStage | null;
  const opens = optional(row, 'opens_at');
  if (opens !== undefined) change.opensAt = opens === null ? null : instantIn(row, 'opens_at', opens, zone);
  const due = deadlines(row, zone);
  if (due !== undefined) change.deadlines = due;
  const amounts = { budget_eur: 'budgetEur', grant_min_eur: 'grantMinEur', grant_max_eur: 'grantMaxEur' } as const;
  for (const [column, field] of Object.entries(amounts)) {
    const value = whole(row, column, 'funding.error.amount');
    if (value !== undefined) change[field] = value;
  }
  const rate = whole(row, 'cofinancing_rate', 'funding.error.range');
  if (rate !== undefined) change.cofinancingRate = rate;
  const url = optional(row, 'url');
  if (url !== undefined) change.url = url;
  const eligibility = {
    kinds: list(row, 'eligible_kinds')?.map((v) => v.toLowerCase()),
    countries: list(row, 'eligible_countries'),
    sizes: list(row, 'eligible_sizes')?.map((v) => v.toLowerCase()),
  };
  change.eligibility = Object.fromEntries(Object.entries(eligibility).filter(([, v]) => v !== undefined));
  const topics = list(row, 'topics');
  if (topics !== undefined) change.tags = { labels: topics, lang: change.lang ?? existing?.lang ?? 'en' };
  return row.problems.length > 0 ? null : { externalId, change };
}

/** A programme as the row gives it, what it leaves out taken from the programme as it is. */
function programmeInput(row: Row, known: Known): ProgrammeInput | null {
  const slug = (text(row, 'slug') ?? '').trim();
  if (slug === '') problemAt(row, 'slug', 'funding.error.required');
  const before = known.programmes.get(slug);
  const pick = <T>(value: T | undefined, fallback: T): T => (value === undefined ? fallback : value);
  const input: ProgrammeInput = {
    slug,
    name: pick(text(row, 'name'), before?.name ?? ''),
    periodFrom: pick(whole(row, 'period_from', 'funding.error.year'), before?.periodFrom ?? null),
    periodTo: pick(whole(row, 'period_to', 'funding.error.year'), before?.periodTo ?? null),
    budgetEur: pick(whole(row, 'budget_eur', 'funding.error.amount'), before?.budgetEur ?? null),
    budgetNote: pick(text(row, 'budget_note'), before?.budgetNote ?? ''),
    managingService: pick(text(row, 'managing_service'), before?.managingService ?? ''),
    url: pick(optional(row, 'url'), before?.url ?? null),
    description: pick(text(row, 'description'), before?.description ?? ''),
  };
  return row.problems.length > 0 ? null : input;
}

const sameProgramme = (p: Programme, input: ProgrammeInput): boolean =>
  p.name === input.name.trim() &&
  p.periodFrom === (input.periodFrom ?? null) &&
  p.periodTo === (input.periodTo ?? null) &&
  p.budgetEur === (input.budgetEur ?? null) &&
  p.budgetNote === (input.budgetNote ?? '') &&
  p.managingService === (input.managingService ?? '') &&
  p.url === (input.url || null) &&
  p.description === (input.description ?? '');

/** The column of the file a refusal of the register names (`eligibility/countries/2` → `eligible_countries`). */
function columnOf(row: Row, field: string): string {
  const [head = '', sub] = field.split('/');
  if (head === 'eligibility') return `eligible_${sub ?? 'kinds'}`;
  if (row.list === 'programme') return { budgetNote: 'budget_note', managingService: 'managing_service' }[head] ?? head;
  return head;
}

/** Rows that name the same item (or programme) twice: a problem at each of them. */
function markDuplicates(rows: Row[]): void {
  const seen = new Map<string, Row[]>();
  for (const row of rows) {
    const id = row.values.get(row.list === 'item' ? 'external_id' : 'slug');
    if (typeof id !== 'string' || id.trim() === '') continue;
    const name = `${row.list}:${id.trim()}`;
    seen.set(name, [...(seen.get(name) ?? []), row]);
  }
  for (const same of seen.values())
    if (same.length > 1)
      for (const row of same)
        problemAt(row, row.list === 'item' ? 'external_id' : 'slug', 'duplicateId', {
          rows: same.map((r) => r.row).join(', '),
        });
}

/** The items the file names that the register has, by external id (in slices: engines limit a query's parameters). */
async function knownItems(db: ControlledTransaction<Database>, rows: Row[]): Promise<Known['items']> {
  const ids = [
    ...new Set(
      rows.flatMap((r) => {
        const id = r.list === 'item' ? r.values.get('external_id') : undefined;
        return typeof id === 'string' && id.trim() !== '' ? [id.trim()] : [];
      }),
    ),
  ];
  const known: Known['items'] = new Map();
  for (let i = 0; i < ids.length; i += 1000) {
    const found = await db
      .selectFrom('funding_opportunities')
      .select(['id', 'external_id', 'version', 'time_zone', 'original_lang'])
      .where('external_id', 'in', ids.slice(i, i + 1000))
      .execute();
    for (const f of found)
      known.set(f.external_id!, { id: f.id, version: Number(f.version), timeZone: f.time_zone, lang: f.original_lang });
  }
  return known;
}

/**
 * Reads a CSV or JSON file of programmes or items and takes it into the register, all or nothing
 * (README, "Import"): per row, what was (or for a dry run would be) done, or every problem with its
 * row and column. Never throws for what is in the file.
 */
export async function importFunding(
  ctx: ModuleContext,
  bytes: Uint8Array,
  options: ImportOptions,
): Promise<FundingImportReport> {
  const report: FundingImportReport = {
    format: options.format ?? null,
    dryRun: options.dryRun,
    stored: false,
    items: zero(),
    programmes: zero(),
    problems: [],
    rows: [],
  };
  if (bytes.length > IMPORT_MAX_BYTES) {
    report.problems.push(fileProblem('tooBig', { limit: IMPORT_MAX_BYTES / (1024 * 1024) }));
    return report;
  }
  const format = options.format ?? formatOf(bytes);
  const read = format === 'json' ? readJson(bytes) : readCsv(bytes);
  report.format = read.format;
  if (!read.ok) {
    report.problems.push(...read.problems);
    return report;
  }
  const { rows } = read;
  markDuplicates(rows);
  const at = new Date().toISOString();
  const meta = { userId: options.userId, at, explanation: '' };
  const outcomes = new Map<Row, RowOutcome>();
  const trx = await ctx.db.startTransaction().execute();
  try {
    const known: Known = {
      programmes: new Map((await listProgrammes(trx)).map((p) => [p.slug, p])),
      items: await knownItems(trx, rows),
    };
    // Once a row is refused nothing will be stored, so the item rows after it are only checked (a
    // few reads each instead of the writes of a version): 10,000 rows with a bad one early are
    // reported in a fraction of the time. (An existing item is then counted as to be updated.)
    let doomed = rows.some((r) => r.problems.length > 0);
    // The programmes that exist, for the rows only checked (kept as programmes are saved).
    const programmeIds = new Set([...known.programmes.values()].map((p) => p.id));
    // Programmes first: the file's items may belong to them.
    for (const [done, row] of rows.entries()) {
      options.onProgress?.(done, rows.length);
      try {
        if (row.list === 'programme') {
          const input = row.values.size === 0 ? null : programmeInput(row, known);
          if (input === null) continue;
          const before = known.programmes.get(input.slug);
          if (before && sameProgramme(before, input)) {
            outcomes.set(row, 'unchanged');
            continue;
          }
          const id = await saveProgramme(trx, input, meta);
          known.programmes.set(input.slug, (await findProgramme(trx, { id }))!);
          programmeIds.add(id);
          outcomes.set(row, before ? 'updated' : 'created');
          continue;
        }
        // Every cell of a row is read, so that the report names all that is wrong with it.
        const item = row.values.size === 0 ? null : itemChange(row, known);
        if (item === null) continue;
        const existing = known.items.get(item.externalId);
        // What the row leaves out of a new item: the register's defaults.
        const input = { kind: 'call', title: '', summary: '', ...item.change } as OpportunityInput;
        if (doomed && !options.dryRun) {
          // Nothing will be stored: the rest is only checked, by the register's own rules.
          const before = existing ? await findOpportunity(trx, existing.id) : null;
          await checked(trx, before, before ? item.change : input, programmeIds);
          outcomes.set(row, existing ? 'updated' : 'created');
          continue;
        }
        if (existing) {
          const after = await changeOpportunity(trx, existing.id, item.change, meta);
          outcomes.set(row, after.version === existing.version ? 'unchanged' : 'updated');
        } else {
          const created = await createOpportunity(trx, input, meta);
          known.items.set(item.externalId, {
            id: created.id,
            version: created.version,
            timeZone: created.timeZone,
            lang: created.lang,
          });
          outcomes.set(row, 'created');
        }
      } catch (error) {
        // The register's refusals come before it writes anything of the row.
        if (!(error instanceof FundingChangeError)) throw error;
        problemAt(row, columnOf(row, error.field), `funding.error.${error.reason}`);
      } finally {
        // (In `finally`: a row refused while it was read leaves by `continue`.)
        doomed ||= row.problems.length > 0;
      }
    }
    options.onProgress?.(rows.length, rows.length);
    for (const row of rows) {
      const outcome = row.problems.length > 0 ? 'refused' : (outcomes.get(row) ?? 'refused');
      report[row.list === 'item' ? 'items' : 'programmes'][outcome] += 1;
      const id = row.values.get(row.list === 'item' ? 'external_id' : 'slug');
      report.rows.push({
        list: row.list,
        row: row.row,
        id: typeof id === 'string' ? id.trim().slice(0, 200) : null,
        outcome,
        problems: row.problems,
      });
    }
    const refused = report.items.refused + report.programmes.refused > 0;
    const changed = [report.items, report.programmes].some((c) => c.created + c.updated > 0);
    if (options.dryRun || refused || !changed) {
      await trx.rollback().execute();
      return report;
    }
    await recordAudit(trx, {
      actorId: options.userId,
      action: 'funding.import',
      subjectType: 'funding',
      subjectId: 'register',
      details: {
        created: report.items.created,
        updated: report.items.updated,
        programmes: report.programmes.created + report.programmes.updated,
      },
    });
    await trx.commit().execute();
    report.stored = true;
    return report;
  } catch (error) {
    await trx
      .rollback()
      .execute()
      .catch(() => {});
    throw error;
  }
}
