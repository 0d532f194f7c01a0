import type { ControlledTransaction, Kysely } from 'kysely';
import { recordAudit } from '../../core/audit/audit.js';
import { parseCsv, unguardCell } from '../../core/csv.js';
import { nowIso } from '../../core/db/dialect.js';
import type { Database } from '../../core/db/types.js';
import { cleanLine, storableText } from '../../core/http/validation.js';
import { EU_LANGUAGES } from '../../core/i18n/locales.js';
import type { ModuleContext } from '../../core/module.js';
import { organisationIdBySlug } from '../organisations/index.js';
import { EDIT_LIMITS } from './actions.edit.js';
import * as q from './actions.queries.js';
import { pruneEvidenceFiles } from './actions.evidence.js';
import {
  ActionChangeError,
  changeAction,
  createAction,
  isPlanDate,
  type ActionChange,
  type ChallengeInput,
  type DeliverableInput,
} from './actions.service.js';
import {
  ACTION_STATUSES,
  CHALLENGE_STATUSES,
  DELIVERABLE_TYPES,
  IMPACTS,
  PROGRESS_MODES,
  WORK_STATUSES,
  type ActionStatus,
} from './actions.tables.js';
import {
  actionRecords,
  COLUMNS,
  COLUMNS_OF,
  LIST_SEPARATOR,
  ROW_KINDS,
  type ActionRecord,
  type ActivityRecord,
  type ChallengeRecord,
  type Column,
  type DeliverableRecord,
  type RowKind,
} from './actions.transfer.js';

// Importing an action plan from a CSV file (the columns of actions.transfer.ts): the file is read
// and checked row by row, then each action is created (a new number) or updated (a number the plan
// has) through `createAction`/`changeAction`, so every action taken gets its version and its audit
// entry. Everything runs in one transaction, each action behind a savepoint: a dry run rolls the
// whole back, an atomic import rolls it back when any row is refused, and otherwise the actions
// refused are rolled back alone.

/** The largest file an import takes (a plan of a hundred actions with their children is ~200 KB). */
export const IMPORT_MAX_BYTES = 2 * 1024 * 1024;
/** The most rows (after the header) an import takes. */
export const IMPORT_MAX_ROWS = 20_000;
/** The columns every file must have; a column left out leaves that field of an existing action as it is. */
export const REQUIRED_COLUMNS: readonly Column[] = ['kind', 'number', 'title', 'status'];

/** A problem of the file (`row` null) or of a row, at a column; `key` is a message of the catalogs. */
export interface ImportProblem {
  row: number | null;
  column: string | null;
  key: string;
  params?: Record<string, string | number>;
}
export type RowOutcome = 'created' | 'updated' | 'unchanged' | 'refused';
export interface RowReport {
  row: number;
  kind: RowKind | null;
  number: number | null;
  outcome: RowOutcome;
  problems: ImportProblem[];
}
export interface ImportReport {
  dryRun: boolean;
  atomic: boolean;
  /** Whether anything was written (false for a dry run, an atomic import with a refused row, a file refused whole). */
  stored: boolean;
  /** Actions (and themes) by outcome. */
  counts: Record<RowOutcome, number> & { themes: number };
  /** Problems of the file as a whole (it is not CSV, its header is wrong, it is too big): no row was read. */
  problems: ImportProblem[];
  rows: RowReport[];
}

export interface ImportOptions {
  dryRun: boolean;
  atomic: boolean;
  /** Who imports (null: the command line, "the platform"). */
  userId: number | null;
  /** The language of actions whose `lang` cell is empty or left out. */
  lang: string;
  onProgress?: (done: number, total: number) => void;
}

type Cells = Partial<Record<Column, string>>;
interface Row {
  row: number;
  /** Null when the `kind` cell names no kind of row. */
  kind: RowKind | null;
  cells: Cells;
  problems: ImportProblem[];
}
interface Child<T> {
  row: Row;
  value: T;
}
interface Draft {
  row: Row;
  number: number;
  activities: Child<ActivityRecord>[];
  deliverables: Child<DeliverableRecord>[];
  challenges: Child<ChallengeRecord>[];
}

const emptyReport = (options: ImportOptions, problems: ImportProblem[]): ImportReport => ({
  dryRun: options.dryRun,
  atomic: options.atomic,
  stored: false,
  counts: { created: 0, updated: 0, unchanged: 0, refused: 0, themes: 0 },
  problems,
  rows: [],
});

const fileProblem = (key: string, params?: ImportProblem['params'], column: string | null = null): ImportProblem => ({
  row: null,
  column,
  key: `actions.transfer.problem.${key}`,
  ...(params ? { params } : {}),
});

/** The file's records under a checked header, or the file's problems. */
function readRows(
  bytes: Uint8Array,
): { ok: true; rows: Row[]; present: Set<Column> } | { ok: false; problems: ImportProblem[] } {
  if (bytes.length > IMPORT_MAX_BYTES)
    return { ok: false, problems: [fileProblem('tooBig', { limit: IMPORT_MAX_BYTES / (1024 * 1024) })] };
  const parsed = parseCsv(bytes);
  if (!parsed.ok) return { ok: false, problems: [fileProblem(parsed.problem.reason, { line: parsed.problem.line })] };
  const [header = [], ...records] = parsed.records;
  if (records.length > IMPORT_MAX_ROWS)
    return { ok: false, problems: [fileProblem('tooManyRows', { limit: IMPORT_MAX_ROWS })] };
  const problems: ImportProblem[] = [];
  const index = new Map<Column, number>();
  header.forEach((raw, i) => {
    const name = raw.trim().toLowerCase();
    if (name === '') return;
    if (!(COLUMNS as readonly string[]).includes(name))
      problems.push(fileProblem('unknownColumn', { column: raw.trim().slice(0, 60) }, raw.trim().slice(0, 60)));
    else if (index.has(name as Column)) problems.push(fileProblem('duplicateColumn', { column: name }, name));
    else index.set(name as Column, i);
  });
  for (const column of REQUIRED_COLUMNS)
    if (!index.has(column)) problems.push(fileProblem('missingColumn', { column }, column));
  if (problems.length > 0) return { ok: false, problems };

  const rows = records.map((record, i): Row => {
    const rowNumber = i + 2;
    const rowProblems: ImportProblem[] = [];
    const at = (column: string | null, key: string, params?: ImportProblem['params']) =>
      rowProblems.push({
        row: rowNumber,
        column,
        key: `actions.transfer.problem.${key}`,
        ...(params ? { params } : {}),
      });
    record.forEach((cell, c) => {
      if (c >= header.length || header[c]!.trim() === '') {
        if (cell.trim() !== '') at(null, 'extraCell', { position: c + 1 });
      }
    });
    const kind = unguardCell(record[index.get('kind')!] ?? '')
      .trim()
      .toLowerCase() as RowKind;
    const cells: Cells = {};
    for (const [column, c] of index) {
      const value = unguardCell(record[c] ?? '');
      if (!storableText(value)) at(column, 'badText');
      cells[column] = value;
    }
    if (!(ROW_KINDS as readonly string[]).includes(kind)) {
      at('kind', 'notOneOf', { words: ROW_KINDS.join(', ') });
      return { row: rowNumber, kind: null, cells, problems: rowProblems };
    }
    for (const column of index.keys())
      if (!COLUMNS_OF[kind].includes(column) && (cells[column] ?? '').trim() !== '') at(column, 'notForKind', { kind });
    return { row: rowNumber, kind, cells, problems: rowProblems };
  });
  return { ok: true, rows, present: new Set(index.keys()) };
}

// ---- Reading the cells of a row into values (a problem at the cell otherwise)

const problemAt = (row: Row, column: Column, key: string, params?: ImportProblem['params']) =>
  row.problems.push({ row: row.row, column, key: `actions.transfer.problem.${key}`, ...(params ? { params } : {}) });

function line(row: Row, column: Column, required: boolean, max: number = EDIT_LIMITS.title): string {
  const value = cleanLine(row.cells[column] ?? '')
    .replace(/\s+/g, ' ')
    .trim();
  if (required && value === '') problemAt(row, column, 'required');
  else if (value.length > max) problemAt(row, column, 'tooLong', { limit: max });
  return value;
}

function text(row: Row, column: Column, max: number): string {
  const value = row.cells[column] ?? '';
  if (value.length > max) problemAt(row, column, 'tooLong', { limit: max });
  return value;
}

function word<T extends string>(row: Row, column: Column, words: readonly T[], fallback?: T): T {
  const value = (row.cells[column] ?? '').trim().toLowerCase();
  if (value === '' && fallback !== undefined) return fallback;
  if (!(words as readonly string[]).includes(value)) {
    problemAt(row, column, value === '' ? 'required' : 'notOneOf', { words: words.join(', ') });
    return words[0]!;
  }
  return value as T;
}

function date(row: Row, column: Column, required = false): string | null {
  const value = (row.cells[column] ?? '').trim();
  if (value === '') {
    if (required) problemAt(row, column, 'required');
    return null;
  }
  if (!isPlanDate(value)) problemAt(row, column, 'date');
  return value;
}

function whole(row: Row, column: Column, min: number, max: number): number | null {
  const value = (row.cells[column] ?? '').trim();
  if (value === '') return null;
  if (!/^\d{1,10}$/.test(value) || Number(value) < min || Number(value) > max) {
    problemAt(row, column, 'range', { min, max });
    return null;
  }
  return Number(value);
}

function listOf(row: Row, column: Column, max: number = EDIT_LIMITS.tag): string[] {
  const values = (row.cells[column] ?? '')
    .split(LIST_SEPARATOR)
    .map((v) => cleanLine(v).replace(/\s+/g, ' ').trim())
    .filter((v) => v !== '');
  if (values.some((v) => v.length > max)) problemAt(row, column, 'tooLong', { limit: max });
  return values;
}

function flag(row: Row, column: Column): boolean {
  const value = (row.cells[column] ?? '').trim().toLowerCase();
  if (['', 'false', 'no', '0'].includes(value)) return false;
  if (['true', 'yes', '1'].includes(value)) return true;
  problemAt(row, column, 'notOneOf', { words: 'true, false' });
  return false;
}

const NUMBER_MAX = 2 ** 31 - 1;

function childOf(row: Row): ActivityRecord | DeliverableRecord | ChallengeRecord {
  if (row.kind === 'activity') {
    const value = {
      title: line(row, 'title', true, EDIT_LIMITS.rowTitle),
      status: word(row, 'status', WORK_STATUSES),
      starts_on: date(row, 'starts_on'),
      ends_on: date(row, 'ends_on'),
    };
    if (value.starts_on && value.ends_on && value.ends_on < value.starts_on) problemAt(row, 'ends_on', 'beforeStart');
    return value;
  }
  if (row.kind === 'deliverable') {
    const evidence = (row.cells.evidence ?? '').trim();
    if (evidence !== '' && !/^https?:\/\/[^\s]+$/i.test(evidence)) problemAt(row, 'evidence', 'url');
    else if (evidence.length > EDIT_LIMITS.url) problemAt(row, 'evidence', 'tooLong', { limit: EDIT_LIMITS.url });
    return {
      title: line(row, 'title', true, EDIT_LIMITS.rowTitle),
      type: word(row, 'type', DELIVERABLE_TYPES, 'other'),
      due_on: date(row, 'due_on'),
      status: word(row, 'status', WORK_STATUSES),
      weight: whole(row, 'weight', 0, 100) ?? 1,
      evidence: evidence === '' ? null : evidence,
    };
  }
  const description = text(row, 'description', EDIT_LIMITS.rowText);
  if (description.trim() === '') problemAt(row, 'description', 'required');
  const value = {
    description,
    impact: word(row, 'impact', IMPACTS),
    mitigation: text(row, 'mitigation', EDIT_LIMITS.rowText),
    status: word(row, 'status', CHALLENGE_STATUSES),
    raised_on: date(row, 'raised_on', true) ?? '',
    resolved_on: date(row, 'resolved_on'),
  };
  if (value.resolved_on && value.raised_on && value.resolved_on < value.raised_on)
    problemAt(row, 'resolved_on', 'beforeStart');
  return value;
}

/** The rows grouped: themes, and each action with its children (numbers checked, duplicates at both rows). */
function group(rows: Row[]) {
  const themes: { row: Row; position: number; title: string }[] = [];
  const drafts = new Map<number, Draft>();
  const actionRows = new Map<number, Row[]>();
  const themeRows = new Map<number, Row[]>();
  const children: Row[] = [];
  // Action rows with a number taken already: refused, and their cells checked all the same.
  const duplicates: Draft[] = [];
  for (const row of rows) {
    if (row.kind === null) continue;
    const number = whole(row, 'number', 1, NUMBER_MAX);
    if (number === null) {
      if ((row.cells.number ?? '').trim() === '') problemAt(row, 'number', 'required');
      continue;
    }
    if (row.kind === 'theme') {
      themes.push({ row, position: number, title: line(row, 'title', true) });
      themeRows.set(number, [...(themeRows.get(number) ?? []), row]);
    } else if (row.kind === 'action') {
      actionRows.set(number, [...(actionRows.get(number) ?? []), row]);
      if (!drafts.has(number)) drafts.set(number, { row, number, activities: [], deliverables: [], challenges: [] });
      else duplicates.push({ row, number, activities: [], deliverables: [], challenges: [] });
    } else children.push(row);
  }
  for (const [number, list] of [...actionRows, ...themeRows])
    if (list.length > 1)
      for (const row of list)
        problemAt(row, 'number', 'duplicateNumber', { number, rows: list.map((r) => r.row).join(', ') });
  for (const row of children) {
    const number = Number((row.cells.number ?? '').trim());
    const draft = drafts.get(number);
    const value = childOf(row);
    if (!draft) problemAt(row, 'number', 'noActionRow', { number });
    else if (row.kind === 'activity') draft.activities.push({ row, value: value as ActivityRecord });
    else if (row.kind === 'deliverable') draft.deliverables.push({ row, value: value as DeliverableRecord });
    else draft.challenges.push({ row, value: value as ChallengeRecord });
  }
  return { themes, drafts, duplicates };
}

type Trx = ControlledTransaction<Database>;
type Db = Kysely<Database>;

/** An action's record as the file gives it, what it leaves out taken from the action as it is (or the defaults). */
function recordOf(draft: Draft, present: Set<Column>, existing: ActionRecord | undefined, lang: string): ActionRecord {
  const row = draft.row;
  const given = (column: Column) => present.has(column);
  const keep = <K extends keyof ActionRecord>(
    column: Column & K,
    read: () => ActionRecord[K],
    fallback: ActionRecord[K],
  ) => (given(column) ? read() : existing ? existing[column] : fallback);
  const mode = keep('progress_mode', () => word(row, 'progress_mode', PROGRESS_MODES, 'manual'), 'manual');
  const progress =
    mode === 'manual'
      ? keep(
          'progress',
          () => {
            const value = whole(row, 'progress', 0, 100);
            if (value === null && (row.cells.progress ?? '').trim() === '') problemAt(row, 'progress', 'required');
            return value ?? 0;
          },
          0,
        )
      : (existing?.progress ?? 0);
  const startsOn = keep('starts_on', () => date(row, 'starts_on'), null);
  const endsOn = keep('ends_on', () => date(row, 'ends_on'), null);
  if (startsOn && endsOn && endsOn < startsOn && isPlanDate(startsOn) && isPlanDate(endsOn))
    problemAt(row, 'ends_on', 'beforeStart');
  const status = word(row, 'status', ACTION_STATUSES) as ActionStatus;
  const mergedInto = keep('merged_into', () => whole(row, 'merged_into', 1, NUMBER_MAX), null);
  if (status === 'merged' && mergedInto === null && !row.problems.some((p) => p.column === 'merged_into'))
    problemAt(row, 'merged_into', 'required');
  let fileLang = existing?.lang ?? lang;
  if (!existing && given('lang')) {
    const value = (row.cells.lang ?? '').trim().toLowerCase();
    if (value !== '' && !(EU_LANGUAGES as readonly string[]).includes(value))
      problemAt(row, 'lang', 'notOneOf', { words: EU_LANGUAGES.join(', ') });
    else if (value !== '') fileLang = value;
  }
  return {
    number: draft.number,
    theme: keep('theme', () => line(row, 'theme', false) || null, null),
    title: line(row, 'title', true),
    description: keep('description', () => text(row, 'description', EDIT_LIMITS.description), ''),
    status,
    merged_into: status === 'merged' ? mergedInto : null,
    progress,
    progress_mode: mode,
    starts_on: startsOn,
    ends_on: endsOn,
    members_only: keep('members_only', () => flag(row, 'members_only'), false),
    lang: fileLang,
    tags: keep('tags', () => listOf(row, 'tags'), []),
    leads: keep('leads', () => listOf(row, 'leads'), []),
    contributors: keep('contributors', () => listOf(row, 'contributors'), []),
    support_needed: keep('support_needed', () => text(row, 'support_needed', EDIT_LIMITS.support_needed), ''),
    activities: draft.activities.map((c) => c.value),
    deliverables: draft.deliverables.map((c) => c.value),
    challenges: draft.challenges.map((c) => c.value),
  };
}

/** Where a refusal of the plan (`ActionChangeError`: `deliverables/2/due_on`) is in the file. */
function refusalAt(draft: Draft, error: ActionChangeError): ImportProblem {
  const [head, index, field] = error.field.split('/');
  const lists = { activities: draft.activities, deliverables: draft.deliverables, challenges: draft.challenges };
  const child = index !== undefined ? lists[head as keyof typeof lists]?.[Number(index)] : undefined;
  const known = ['range', 'date', 'beforeStart', 'outside', 'required', 'unknown'];
  const key = `actions.update.error.${known.includes(error.reason) ? error.reason : 'invalid'}`;
  if (child) return { row: child.row.row, column: field === 'evidence_url' ? 'evidence' : (field ?? null), key };
  return { row: draft.row.row, column: head === 'action' ? null : (head ?? null), key };
}

/** The themes of the plan by title, creating those the file names that it lacks (at the file's position when free). */
async function resolveThemes(
  trx: Db,
  partnershipId: number,
  themes: { row: Row; position: number; title: string }[],
  named: string[],
): Promise<{ ids: Map<string, number>; created: Set<Row> }> {
  const existing = await q.themesOf(trx, partnershipId);
  const ids = new Map(existing.map((t) => [t.title, t.id]));
  const taken = new Set(existing.map((t) => t.position));
  const created = new Set<Row>();
  const add = async (title: string, wanted: number | null) => {
    const position = wanted !== null && !taken.has(wanted) ? wanted : Math.max(0, ...taken) + 1;
    const row = await trx
      .insertInto('action_themes')
      .values({ partnership_id: partnershipId, position, title })
      .returning('id')
      .executeTakeFirstOrThrow();
    taken.add(position);
    ids.set(title, row.id);
  };
  for (const theme of themes) {
    if (theme.row.problems.length > 0 || ids.has(theme.title)) continue;
    await add(theme.title, theme.position);
    created.add(theme.row);
  }
  for (const title of named) if (!ids.has(title)) await add(title, null);
  return { ids, created };
}

/**
 * Reads a CSV file and takes its actions into the partnership's plan (see the module's README,
 * "Import and export"): per row, what was (or in a dry run would be) taken, or its problems with
 * row and column. Never throws for what is in the file.
 */
export async function importPlan(
  ctx: ModuleContext,
  partnershipId: number,
  bytes: Uint8Array,
  options: ImportOptions,
): Promise<ImportReport> {
  const read = readRows(bytes);
  if (!read.ok) return emptyReport(options, read.problems);
  const { rows, present } = read;
  const { themes, drafts, duplicates } = group(rows);
  const report = emptyReport(options, []);
  const trx: Trx = await ctx.db.startTransaction().execute();
  try {
    const plan = await q.actionsOfPlan(trx, partnershipId, true);
    const byNumber = new Map(plan.map((a) => [a.number, a]));
    const records = new Map((await actionRecords({ ...ctx, db: trx }, plan, true)).map((r) => [r.number, r]));
    for (const draft of duplicates) recordOf(draft, present, records.get(draft.number), options.lang);
    const wanted = new Map<Draft, ActionRecord>();
    for (const draft of drafts.values())
      wanted.set(draft, recordOf(draft, present, records.get(draft.number), options.lang));
    const named = [...wanted.values()].flatMap((r) => (r.theme === null ? [] : [r.theme]));
    const themeIds = await resolveThemes(trx, partnershipId, themes, named);
    report.counts.themes = themeIds.created.size;
    const orgIds = new Map<string, number | null>();
    for (const slug of new Set([...wanted.values()].flatMap((r) => [...r.leads, ...r.contributors])))
      orgIds.set(slug, await organisationIdBySlug(trx, slug));
    const ids = new Map(plan.map((a) => [a.number, a.id]));
    const outcome = new Map<Draft, RowOutcome>();
    // Merged actions after the rest: what they went into may be new in this file.
    const order = [...drafts.values()].sort(
      (a, b) =>
        Number(wanted.get(a)!.status === 'merged') - Number(wanted.get(b)!.status === 'merged') || a.number - b.number,
    );
    for (const [done, draft] of order.entries()) {
      options.onProgress?.(done, order.length);
      const record = wanted.get(draft)!;
      for (const column of ['leads', 'contributors'] as const) {
        const unknown = record[column].filter((slug) => orgIds.get(slug) == null);
        if (unknown.length > 0) problemAt(draft.row, column, 'unknownOrganisation', { slugs: unknown.join(', ') });
      }
      const into = record.merged_into === null ? undefined : ids.get(record.merged_into);
      if (record.merged_into !== null && into === undefined)
        problemAt(draft.row, 'merged_into', 'unknownAction', { number: record.merged_into });
      const childRows = [...draft.activities, ...draft.deliverables, ...draft.challenges].map((c) => c.row);
      if ([draft.row, ...childRows].some((r) => r.problems.length > 0)) {
        outcome.set(draft, 'refused');
        continue;
      }
      const existing = records.get(draft.number);
      if (existing && JSON.stringify(existing) === JSON.stringify(record)) {
        outcome.set(draft, 'unchanged');
        continue;
      }
      const change = changeOf(
        record,
        existing,
        themeIds.ids,
        orgIds,
        into ?? null,
        await postEvidence(trx, byNumber.get(draft.number)),
        await fileEvidence(trx, byNumber.get(draft.number)),
      );
      const meta = { userId: options.userId, at: nowIso(), explanation: '' };
      const point = await trx.savepoint('action_row').execute();
      try {
        const found = byNumber.get(draft.number);
        if (found) await changeAction(point, found.id, change, meta);
        else {
          const created = await createAction(
            point,
            {
              ...change,
              partnershipId,
              number: draft.number,
              title: record.title,
              lang: record.lang,
              status: record.status,
            },
            meta,
          );
          ids.set(draft.number, created.id);
        }
        await point.releaseSavepoint('action_row').execute();
        outcome.set(draft, found ? 'updated' : 'created');
      } catch (error) {
        await point.rollbackToSavepoint('action_row').execute();
        if (!(error instanceof ActionChangeError)) throw error;
        const problem = refusalAt(draft, error);
        const row = [draft.row, ...childRows].find((r) => r.row === problem.row) ?? draft.row;
        row.problems.push(problem);
        outcome.set(draft, 'refused');
      }
    }
    options.onProgress?.(order.length, order.length);
    report.rows = rows.map((row): RowReport => {
      const number = Number((row.cells.number ?? '').trim()) || null;
      const draft = row.kind === 'theme' || number === null ? undefined : drafts.get(number);
      const own =
        row.kind === 'theme'
          ? row.problems.length > 0
            ? 'refused'
            : themeIds.created.has(row)
              ? 'created'
              : 'unchanged'
          : row.problems.length > 0 || !draft || (row.kind === 'action' && draft.row !== row)
            ? 'refused'
            : (outcome.get(draft) ?? 'refused');
      return { row: row.row, kind: row.kind, number, outcome: own, problems: row.problems };
    });
    for (const draft of drafts.values()) report.counts[outcome.get(draft) ?? 'refused'] += 1;
    const refused = report.rows.some((r) => r.outcome === 'refused');
    const changed = report.counts.created + report.counts.updated + report.counts.themes > 0;
    if (options.dryRun || (options.atomic && refused) || !changed) {
      await trx.rollback().execute();
      return report;
    }
    await recordAudit(trx, {
      actorId: options.userId,
      action: 'actions.import',
      partnershipId,
      subjectType: 'partnership',
      subjectId: String(partnershipId),
      details: { created: report.counts.created, updated: report.counts.updated, refused: report.counts.refused },
    });
    await trx.commit().execute();
    report.stored = true;
    // Files of evidence the import no longer names (a deliverable replaced or gone) go, once committed.
    for (const action of byNumber.values()) await pruneEvidenceFiles(ctx, action.id);
    return report;
  } catch (error) {
    await trx
      .rollback()
      .execute()
      .catch(() => {});
    throw error;
  }
}

/** The news posts an action's deliverables give as evidence, by title (kept when the file names the same post). */
async function postEvidence(db: Db, action: q.Action | undefined): Promise<Map<string, number>> {
  if (!action) return new Map();
  const rows = await db
    .selectFrom('action_deliverables')
    .select(['title', 'evidence_post_id'])
    .where('action_id', '=', action.id)
    .where('evidence_post_id', 'is not', null)
    .execute();
  return new Map(rows.map((r) => [r.title, r.evidence_post_id!]));
}

/** The files an action's deliverables give as evidence, by title (kept when the file names the same address). */
async function fileEvidence(db: Db, action: q.Action | undefined): Promise<Map<string, number>> {
  if (!action) return new Map();
  const rows = await db
    .selectFrom('action_deliverables')
    .select(['title', 'evidence_file_id'])
    .where('action_id', '=', action.id)
    .where('evidence_file_id', 'is not', null)
    .execute();
  return new Map(rows.map((r) => [r.title, r.evidence_file_id!]));
}

/** The change that makes an action what the file says (organisations and themes by id). */
function changeOf(
  record: ActionRecord,
  existing: ActionRecord | undefined,
  themes: Map<string, number>,
  orgs: Map<string, number | null>,
  mergedInto: number | null,
  posts: Map<string, number>,
  files: Map<string, number> = new Map(),
): ActionChange {
  const before = new Map(existing?.deliverables.map((d) => [d.title, d.evidence]) ?? []);
  const deliverables = record.deliverables.map((d): DeliverableInput => {
    // A news post as evidence goes out as its address: the same address keeps the post.
    const post = posts.get(d.title);
    const samePost = post !== undefined && d.evidence !== null && before.get(d.title) === d.evidence;
    // So does a file's download address; any other address (another plan's file) is a link.
    const file = files.get(d.title);
    const sameFile = !samePost && file !== undefined && d.evidence !== null && before.get(d.title) === d.evidence;
    return {
      title: d.title,
      type: d.type,
      dueOn: d.due_on,
      status: d.status,
      weight: d.weight,
      evidenceUrl: samePost || sameFile ? null : d.evidence,
      evidencePostId: samePost ? post : null,
      evidenceFileId: sameFile ? file : null,
    };
  });
  return {
    title: record.title,
    description: record.description,
    themeId: record.theme === null ? null : (themes.get(record.theme) ?? null),
    status: record.status,
    mergedInto,
    ...(record.progress_mode === 'manual' ? { progress: record.progress } : {}),
    progressMode: record.progress_mode,
    startsOn: record.starts_on,
    endsOn: record.ends_on,
    membersOnly: record.members_only,
    supportNeeded: record.support_needed,
    tags: { labels: record.tags, lang: record.lang },
    organisations: [
      ...record.leads.map((slug) => ({ organisationId: orgs.get(slug)!, role: 'lead' as const })),
      ...record.contributors.map((slug) => ({ organisationId: orgs.get(slug)!, role: 'contributor' as const })),
    ],
    activities: record.activities.map((a) => ({
      title: a.title,
      status: a.status,
      startsOn: a.starts_on,
      endsOn: a.ends_on,
    })),
    deliverables,
    challenges: record.challenges.map((c): ChallengeInput => ({
      description: c.description,
      impact: c.impact,
      mitigation: c.mitigation,
      status: c.status,
      raisedOn: c.raised_on,
      resolvedOn: c.resolved_on,
    })),
  };
}
