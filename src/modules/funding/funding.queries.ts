import type { Kysely } from 'kysely';
import type { Database } from '../../core/db/types.js';
import type {
  EligibilityDimension,
  FundingOpportunityTable,
  OpportunityKind,
  OpportunityState,
  PolicyStage,
} from './funding.tables.js';

type Db = Kysely<Database>;

/** A programme as every surface shows it. */
export interface Programme {
  id: number;
  slug: string;
  name: string;
  periodFrom: number | null;
  periodTo: number | null;
  budgetEur: number | null;
  budgetNote: string;
  managingService: string;
  url: string | null;
  description: string;
}

/** Who may apply: per dimension the allowed values; an empty list allows anyone. */
export interface Eligibility {
  kinds: string[];
  countries: string[];
  sizes: string[];
}

/** An item of the register, whole (without its tags, which are per language: `tagsOf(db, 'opportunity', …)`). */
export interface Opportunity {
  id: number;
  externalId: string | null;
  programme: Pick<Programme, 'id' | 'slug' | 'name'> | null;
  kind: OpportunityKind;
  state: OpportunityState;
  suggestedBy: number | null;
  lang: string;
  title: string;
  summary: string;
  body: string;
  stage: PolicyStage | null;
  opensAt: string | null;
  closesAt: string | null;
  timeZone: string;
  deadlines: { at: string; label: string }[];
  budgetEur: number | null;
  grantMinEur: number | null;
  grantMaxEur: number | null;
  cofinancingRate: number | null;
  url: string | null;
  contact: string;
  eligibility: Eligibility;
  version: number;
  createdAt: string;
  updatedAt: string;
}

type ProgrammeRow = Database['funding_programmes'] extends infer T ? { [K in keyof T]: unknown } : never;

export function toProgramme(row: ProgrammeRow): Programme {
  return {
    id: Number(row.id),
    slug: String(row.slug),
    name: String(row.name),
    periodFrom: row.period_from === null ? null : Number(row.period_from),
    periodTo: row.period_to === null ? null : Number(row.period_to),
    budgetEur: row.budget_eur === null ? null : Number(row.budget_eur),
    budgetNote: String(row.budget_note ?? ''),
    managingService: String(row.managing_service ?? ''),
    url: (row.url as string | null) ?? null,
    description: String(row.description ?? ''),
  };
}

export async function listProgrammes(db: Db): Promise<Programme[]> {
  const rows = await db.selectFrom('funding_programmes').selectAll().orderBy('name').orderBy('id').execute();
  return rows.map(toProgramme);
}

export async function findProgramme(db: Db, by: { id: number } | { slug: string }): Promise<Programme | null> {
  let q = db.selectFrom('funding_programmes').selectAll();
  q = 'id' in by ? q.where('id', '=', by.id) : q.where('slug', '=', by.slug);
  const row = await q.executeTakeFirst();
  return row ? toProgramme(row) : null;
}

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/**
 * Whole opportunities by id, in the order asked (ids not found are left out): three queries
 * whatever their number (the rows with their programme, their deadlines, their eligibility).
 */
export async function loadOpportunities(db: Db, ids: readonly number[]): Promise<Opportunity[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('funding_opportunities as o')
    .leftJoin('funding_programmes as p', 'p.id', 'o.programme_id')
    .selectAll('o')
    .select(['p.slug as programme_slug', 'p.name as programme_name'])
    .where('o.id', 'in', ids)
    .execute();
  const deadlines = await db
    .selectFrom('funding_deadlines')
    .select(['opportunity_id', 'at', 'label'])
    .where('opportunity_id', 'in', ids)
    .orderBy('opportunity_id')
    .orderBy('position')
    .execute();
  const eligibility = await db
    .selectFrom('funding_eligibility')
    .select(['opportunity_id', 'dimension', 'value'])
    .where('opportunity_id', 'in', ids)
    .orderBy('opportunity_id')
    .orderBy('dimension')
    .orderBy('value')
    .execute();
  const byId = new Map<number, Opportunity>();
  for (const row of rows) byId.set(row.id, toOpportunity(row));
  for (const d of deadlines) byId.get(d.opportunity_id)?.deadlines.push({ at: d.at, label: d.label });
  const key: Record<EligibilityDimension, keyof Eligibility> = { kind: 'kinds', country: 'countries', size: 'sizes' };
  for (const e of eligibility) byId.get(e.opportunity_id)?.eligibility[key[e.dimension]].push(e.value);
  return ids.flatMap((id) => byId.get(id) ?? []);
}

export async function findOpportunity(db: Db, id: number): Promise<Opportunity | null> {
  if (!Number.isSafeInteger(id) || id < 1) return null;
  return (await loadOpportunities(db, [id]))[0] ?? null;
}

export async function findOpportunityByExternalId(db: Db, externalId: string): Promise<Opportunity | null> {
  const row = await db
    .selectFrom('funding_opportunities')
    .select('id')
    .where('external_id', '=', externalId)
    .executeTakeFirst();
  return row ? findOpportunity(db, row.id) : null;
}

function toOpportunity(
  row: { [K in keyof FundingOpportunityTable]: unknown } & { programme_slug: unknown; programme_name: unknown },
): Opportunity {
  return {
    id: Number(row.id),
    externalId: (row.external_id as string | null) ?? null,
    programme:
      row.programme_id === null
        ? null
        : { id: Number(row.programme_id), slug: String(row.programme_slug), name: String(row.programme_name) },
    kind: row.kind as OpportunityKind,
    state: row.state as OpportunityState,
    suggestedBy: num(row.suggested_by),
    lang: String(row.original_lang),
    title: String(row.title),
    summary: String(row.summary),
    body: String(row.body),
    stage: (row.stage as PolicyStage | null) ?? null,
    opensAt: (row.opens_at as string | null) ?? null,
    closesAt: (row.closes_at as string | null) ?? null,
    timeZone: String(row.time_zone),
    deadlines: [],
    budgetEur: num(row.budget_eur),
    grantMinEur: num(row.grant_min_eur),
    grantMaxEur: num(row.grant_max_eur),
    cofinancingRate: num(row.cofinancing_rate),
    url: (row.url as string | null) ?? null,
    contact: String(row.contact ?? ''),
    eligibility: { kinds: [], countries: [], sizes: [] },
    version: Number(row.version),
    createdAt: String(row.created_at),
    updatedAt: String(row.updated_at),
  };
}

/** The tag slugs of an opportunity, in order (for its versions' snapshots). */
export async function tagSlugsOf(db: Db, id: number): Promise<string[]> {
  const rows = await db
    .selectFrom('taggings')
    .innerJoin('tags', 'tags.id', 'taggings.tag_id')
    .select('tags.slug')
    .where('taggings.subject_type', '=', 'opportunity')
    .where('taggings.subject_id', '=', id)
    .orderBy('taggings.position')
    .execute();
  return rows.map((r) => r.slug);
}

/** Is this user a funding editor (read fresh on every request: the role is the database's)? */
export async function isFundingEditor(db: Db, userId: number): Promise<boolean> {
  const row = await db.selectFrom('funding_editors').select('user_id').where('user_id', '=', userId).executeTakeFirst();
  return row !== undefined;
}
