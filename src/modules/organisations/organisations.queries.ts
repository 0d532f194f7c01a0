import type { Kysely } from 'kysely';
import { nowIso } from '../../core/db/dialect.js';
import type { Database } from '../../core/db/types.js';
import type {
  Organisation,
  OrganisationForm,
  OrganisationKind,
  OrganisationStatus,
  SizeBand,
} from './organisations.schema.js';

/** Lower case without accents, so that "Évora" sorts with "Evora" on both engines. */
export function sortKey(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();
}

export interface DirectoryFilter {
  kind?: OrganisationKind;
  country?: string;
  size?: SizeBand;
}

export interface NameCursor {
  key: string;
  id: number;
}

const columns = ['id', 'slug', 'name', 'sort_key', 'kind', 'country', 'website', 'size_band'] as const;

/** One page of the directory in name order, keyset by (sort_key, id). */
export async function listOrganisations(
  db: Kysely<Database>,
  filter: DirectoryFilter,
  limit: number,
  after?: NameCursor,
) {
  // Lists show approved organisations only: a proposed one exists for its proposer and administrators.
  let query = db.selectFrom('organisations').select(columns).where('status', '=', 'approved');
  if (filter.kind) query = query.where('kind', '=', filter.kind);
  if (filter.country) query = query.where('country', '=', filter.country);
  if (filter.size) query = query.where('size_band', '=', filter.size);
  if (after) {
    query = query.where((eb) =>
      eb.or([eb('sort_key', '>', after.key), eb.and([eb('sort_key', '=', after.key), eb('id', '>', after.id)])]),
    );
  }
  const rows = await query
    .orderBy('sort_key')
    .orderBy('id')
    .limit(limit + 1)
    .execute();
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return {
    items: items.map(toOrganisation),
    next: rows.length > limit && last ? { key: last.sort_key, id: last.id } : null,
  };
}

/** An approved organisation by its slug (what everyone may see). */
export async function findOrganisation(db: Kysely<Database>, slug: string): Promise<Organisation | null> {
  const row = await db
    .selectFrom('organisations')
    .select(columns)
    .where('slug', '=', slug)
    .where('status', '=', 'approved')
    .executeTakeFirst();
  return row ? toOrganisation(row) : null;
}

/** An organisation in any status, with what its visibility rule needs (`maySeeOrganisation`). */
export interface OrganisationRecord extends Organisation {
  id: number;
  status: OrganisationStatus;
  proposedBy: number | null;
  createdAt: string;
}

export async function findOrganisationRecord(db: Kysely<Database>, slug: string): Promise<OrganisationRecord | null> {
  const row = await db
    .selectFrom('organisations')
    .select([...columns, 'status', 'proposed_by', 'created_at'])
    .where('slug', '=', slug)
    .executeTakeFirst();
  return row
    ? { ...toOrganisation(row), id: row.id, status: row.status, proposedBy: row.proposed_by, createdAt: row.created_at }
    : null;
}

/** The countries that have at least one organisation, for the directory's filter. */
export async function organisationCountries(db: Kysely<Database>): Promise<string[]> {
  const rows = await db
    .selectFrom('organisations')
    .select('country')
    .distinct()
    .where('country', 'is not', null)
    .where('status', '=', 'approved')
    .execute();
  return rows.map((r) => r.country).filter((c): c is string => c !== null);
}

/** Whether an organisation of that name is listed or waiting for review (a proposal would repeat it). */
export async function nameListed(db: Kysely<Database>, name: string): Promise<boolean> {
  const row = await db
    .selectFrom('organisations')
    .select('id')
    .where('sort_key', '=', sortKey(name))
    .where('status', '!=', 'refused')
    .executeTakeFirst();
  return row !== undefined;
}

export async function slugTaken(db: Kysely<Database>, slug: string, exceptSlug?: string): Promise<boolean> {
  let query = db.selectFrom('organisations').select('id').where('slug', '=', slug);
  if (exceptSlug) query = query.where('slug', '!=', exceptSlug);
  return (await query.executeTakeFirst()) !== undefined;
}

function values(input: OrganisationForm) {
  return {
    slug: input.slug,
    name: input.name,
    sort_key: sortKey(input.name),
    kind: input.kind,
    country: input.country ?? null,
    website: input.website ?? null,
    // Only cities have a size band.
    size_band: input.kind === 'city' ? (input.sizeBand ?? null) : null,
    updated_at: nowIso(),
  };
}

/** Adds an approved organisation; its id. */
export async function insertOrganisation(db: Kysely<Database>, input: OrganisationForm): Promise<number> {
  const row = await db
    .insertInto('organisations')
    .values({ ...values(input), created_at: nowIso() })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * Adds an organisation a person proposes, not listed until an administrator approves it. False
 * when the slug was taken meanwhile (the unique index; nothing is stored).
 */
export async function insertProposal(db: Kysely<Database>, input: OrganisationForm, userId: number): Promise<boolean> {
  const row = await db
    .insertInto('organisations')
    .values({ ...values(input), created_at: nowIso(), status: 'proposed', proposed_by: userId })
    .onConflict((oc) => oc.column('slug').doNothing())
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

/** Changes an approved organisation: its id, or null when there is none at `slug`. */
export async function updateOrganisation(
  db: Kysely<Database>,
  slug: string,
  input: OrganisationForm,
): Promise<number | null> {
  const row = await db
    .updateTable('organisations')
    .set(values(input))
    .where('slug', '=', slug)
    .where('status', '=', 'approved')
    .returning('id')
    .executeTakeFirst();
  return row?.id ?? null;
}

function toOrganisation(row: {
  slug: string;
  name: string;
  kind: string;
  country: string | null;
  website: string | null;
  size_band: string | null;
}): Organisation {
  return {
    slug: row.slug,
    name: row.name,
    kind: row.kind as OrganisationKind,
    country: row.country,
    website: row.website,
    sizeBand: row.size_band as SizeBand | null,
  };
}

/** Several organisations by id, with their ids (one query, for member lists). */
export async function findOrganisationsByIds(
  db: Kysely<Database>,
  ids: readonly number[],
): Promise<Map<number, Organisation>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('organisations')
    .select(columns)
    .where('id', 'in', [...new Set(ids)])
    .where('status', '=', 'approved')
    .execute();
  return new Map(rows.map((r) => [r.id, toOrganisation(r)]));
}

/** The id of an organisation, for other modules that record a link to it. */
export async function organisationIdBySlug(db: Kysely<Database>, slug: string): Promise<number | null> {
  const row = await db
    .selectFrom('organisations')
    .select('id')
    .where('slug', '=', slug)
    .where('status', '=', 'approved')
    .executeTakeFirst();
  return row?.id ?? null;
}
