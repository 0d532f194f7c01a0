import type { Kysely } from 'kysely';
import type { Database } from '../../core/db/types.js';
import type { Translator } from '../../core/i18n/translator.js';

// The history of an item of the register: every version (who, when, why) and what changed from the
// version before, found by comparing the two snapshots field by field and said in the reader's words.

/** One field that changed from one version to the next. */
export interface FieldChange {
  field: string;
  label: string;
  before: string;
  after: string;
  sentence: string;
}

export interface HistoryVersion {
  version: number;
  at: string;
  by: string | null;
  explanation: string;
  changes: FieldChange[];
}

type Snapshot = Record<string, unknown>;

/** The fields compared, in the order they are told (eligibility split by its dimensions). */
const FIELDS = [
  'state',
  'title',
  'kind',
  'programme',
  'stage',
  'summary',
  'body',
  'opens_at',
  'deadlines',
  'time_zone',
  'budget_eur',
  'grant_min_eur',
  'grant_max_eur',
  'cofinancing_rate',
  'eligibility/kinds',
  'eligibility/countries',
  'eligibility/sizes',
  'url',
  'contact',
  'tags',
  'external_id',
] as const;

const valueAt = (s: Snapshot, field: string): unknown => {
  const [head, sub] = field.split('/');
  const v = s[head!];
  return sub ? ((v as Record<string, unknown> | null | undefined)?.[sub] ?? []) : (v ?? null);
};

const empty = (v: unknown) => v === null || v === '' || (Array.isArray(v) && v.length === 0);

/** A snapshot's value of a field, as words. */
function shown(field: string, v: unknown, zone: string, i18n: Translator): string {
  const { t } = i18n;
  if (empty(v)) return t('funding.history.none');
  const when = (iso: string) => i18n.inZone(zone).dateTime(iso);
  switch (field) {
    case 'state':
    case 'kind':
    case 'stage':
      return t(`funding.${field}.${String(v)}`);
    case 'opens_at':
      return when(String(v));
    case 'deadlines':
      return (v as { at: string; label: string }[])
        .map((d) => (d.label ? `${d.label}: ${when(d.at)}` : when(d.at)))
        .join('; ');
    case 'budget_eur':
    case 'grant_min_eur':
    case 'grant_max_eur':
      return t('funding.history.eur', { amount: i18n.number(Number(v)) });
    case 'cofinancing_rate':
      return t('funding.history.percent', { rate: Number(v) });
    case 'eligibility/kinds':
      return (v as string[]).map((k) => t(`organisations.kind.${k}`)).join(', ');
    case 'eligibility/sizes':
      return (v as string[]).map((k) => t(`organisations.size.${k}`)).join(', ');
    default:
      return Array.isArray(v) ? v.join(', ') : String(v);
  }
}

/** What changed from `before` to `after` (the first version: nothing, it was added). */
export function changesBetween(before: Snapshot | null, after: Snapshot, i18n: Translator): FieldChange[] {
  if (before === null) return [];
  const { t } = i18n;
  const zoneOf = (s: Snapshot) => String(s.time_zone ?? 'UTC');
  const out: FieldChange[] = [];
  for (const field of FIELDS) {
    const a = valueAt(before, field);
    const b = valueAt(after, field);
    if (JSON.stringify(a) === JSON.stringify(b) || (empty(a) && empty(b))) continue;
    const label = t(`funding.edit.field.${field.replace('/', '.')}`);
    // A long text is told as changed; the two versions side by side are for reading it.
    if (field === 'body') {
      out.push({ field, label, before: '', after: '', sentence: t('funding.history.textChanged', { field: label }) });
      continue;
    }
    const was = shown(field, a, zoneOf(before), i18n);
    const is = shown(field, b, zoneOf(after), i18n);
    out.push({
      field,
      label,
      before: was,
      after: is,
      sentence: t('funding.history.changed', { field: label, before: was, after: is }),
    });
  }
  return out;
}

/** Every version of an item, oldest first, each with what changed from the one before. */
export async function historyOf(db: Kysely<Database>, id: number, i18n: Translator): Promise<HistoryVersion[]> {
  const rows = await db
    .selectFrom('funding_versions as v')
    .leftJoin('users as u', 'u.id', 'v.user_id')
    .select(['v.version', 'v.at', 'v.explanation', 'v.snapshot', 'v.user_id', 'u.display_name', 'u.deleted_at'])
    .where('v.opportunity_id', '=', id)
    .orderBy('v.version')
    .execute();
  let before: Snapshot | null = null;
  return rows.map((row) => {
    const snapshot = (typeof row.snapshot === 'string' ? JSON.parse(row.snapshot) : row.snapshot) as Snapshot;
    const changes = changesBetween(before, snapshot, i18n);
    before = snapshot;
    return {
      version: Number(row.version),
      at: new Date(row.at).toISOString(),
      by:
        row.user_id === null
          ? null
          : row.deleted_at || row.display_name === null
            ? i18n.t('accounts.deletedUser')
            : String(row.display_name),
      explanation: row.explanation,
      changes,
    };
  });
}
