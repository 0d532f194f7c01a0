import type { ActionSnapshot } from './actions.schema.js';

/**
 * Comparing two versions of an action: their snapshots (`snapshotOf`) side by side, field by field
 * and child by child. Pure: what names things (organisations, themes, posts) is the caller's.
 */

/** What happened to a row between the two versions. */
export const CHANGES = ['unchanged', 'changed', 'added', 'removed'] as const;
export type Change = (typeof CHANGES)[number];

/** The action's own tracked fields, in the order the comparison shows them. */
export const COMPARED_FIELDS = [
  'title',
  'status',
  'mergedInto',
  'progress',
  'progressMode',
  'startsOn',
  'endsOn',
  'themeId',
  'membersOnly',
  'supportNeeded',
] as const;
export type ComparedField = (typeof COMPARED_FIELDS)[number];

/** A field's value in a version: text, a number, a flag, or null (not set). */
export type FieldValue = string | number | boolean | null;

export interface FieldRow {
  field: ComparedField;
  before: FieldValue;
  after: FieldValue;
  change: 'unchanged' | 'changed';
}

export interface OrganisationRow {
  organisationId: number;
  before: string | null;
  after: string | null;
  change: Change;
}

/** A child (activity, deliverable, challenge) in both versions; `fields`: which of its fields differ. */
export interface ItemRow<T> {
  before: T | null;
  after: T | null;
  change: Change;
  fields: string[];
}

/** A version's snapshot; `supportNeeded` is kept by versions since it was added (an older one had none). */
export type Snap = ActionSnapshot & { supportNeeded?: string };
type Activity = Snap['activities'][number];
type Deliverable = Snap['deliverables'][number];
type Challenge = Snap['challenges'][number];

export interface Comparison {
  fields: FieldRow[];
  organisations: OrganisationRow[];
  activities: ItemRow<Activity>[];
  deliverables: ItemRow<Deliverable>[];
  challenges: ItemRow<Challenge>[];
  /** How many rows are not unchanged. */
  changes: number;
}

const same = (a: unknown, b: unknown): boolean => (a ?? null) === (b ?? null);

/** The fields of two records that differ, in the order of the first's keys (then the second's). */
function differing(a: Record<string, unknown>, b: Record<string, unknown>): string[] {
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
  return keys.filter((k) => !same(a[k], b[k]));
}

/**
 * Pairs the children of two versions: the same key (a title) first, in order; what is left at the
 * same place in both lists next (a child renamed); the rest were removed or added. In the order of
 * the later version, the removed ones where they were.
 */
export function pairItems<T extends Record<string, unknown>>(
  before: readonly T[],
  after: readonly T[],
  keyOf: (item: T) => string,
): ItemRow<T>[] {
  const partner = new Map<number, number>(); // after index → before index
  const taken = new Set<number>();
  after.forEach((item, i) => {
    const j = before.findIndex((b, k) => !taken.has(k) && keyOf(b) === keyOf(item));
    if (j >= 0) {
      partner.set(i, j);
      taken.add(j);
    }
  });
  after.forEach((_item, i) => {
    if (!partner.has(i) && i < before.length && !taken.has(i)) {
      partner.set(i, i);
      taken.add(i);
    }
  });
  const rows: { at: number; row: ItemRow<T> }[] = [];
  after.forEach((item, i) => {
    const j = partner.get(i);
    if (j === undefined) {
      rows.push({ at: i, row: { before: null, after: item, change: 'added', fields: [] } });
      return;
    }
    const old = before[j]!;
    const fields = differing(old, item);
    rows.push({
      at: i,
      row: { before: old, after: item, change: fields.length > 0 ? 'changed' : 'unchanged', fields },
    });
  });
  before.forEach((item, j) => {
    if (!taken.has(j)) rows.push({ at: j - 0.5, row: { before: item, after: null, change: 'removed', fields: [] } });
  });
  return rows.sort((a, b) => a.at - b.at).map((r) => r.row);
}

/** A snapshot as stored, its lists made lists whatever an older version kept. */
export function normalSnapshot(raw: unknown): Snap {
  const s = (raw && typeof raw === 'object' ? raw : {}) as Partial<Snap>;
  const list = <T>(v: unknown): T[] => (Array.isArray(v) ? (v as T[]) : []);
  return {
    ...(s as Snap),
    // Versions from before support needed was kept had none.
    supportNeeded: typeof s.supportNeeded === 'string' ? s.supportNeeded : '',
    organisations: list(s.organisations),
    activities: list(s.activities),
    deliverables: list(s.deliverables),
    challenges: list(s.challenges),
  };
}

/** What changed from `a` (the earlier version) to `b`. */
export function compareSnapshots(a: Snap, b: Snap): Comparison {
  const fields = COMPARED_FIELDS.map((field): FieldRow => ({
    field,
    before: a[field] ?? null,
    after: b[field] ?? null,
    change: same(a[field], b[field]) ? 'unchanged' : 'changed',
  }));
  const roleIn = (s: Snap) => new Map(s.organisations.map((o) => [o.organisation_id, o.role]));
  const [rolesA, rolesB] = [roleIn(a), roleIn(b)];
  const orgIds = [...new Set([...rolesB.keys(), ...rolesA.keys()])];
  const organisations = orgIds.map((id): OrganisationRow => {
    const before = rolesA.get(id) ?? null;
    const after = rolesB.get(id) ?? null;
    const change: Change =
      before === null ? 'added' : after === null ? 'removed' : before === after ? 'unchanged' : 'changed';
    return { organisationId: id, before, after, change };
  });
  const activities = pairItems(a.activities, b.activities, (x) => x.title);
  const deliverables = pairItems(a.deliverables, b.deliverables, (x) => x.title);
  const challenges = pairItems(a.challenges, b.challenges, (x) => x.description);
  const changes = [...fields, ...organisations, ...activities, ...deliverables, ...challenges].filter(
    (r) => r.change !== 'unchanged',
  ).length;
  return { fields, organisations, activities, deliverables, challenges, changes };
}
