import type { Kysely } from 'kysely';
import { markForIndex } from '../../core/search/search-index.js';
import { nowIso } from '../../core/db/dialect.js';
import type { Database } from '../../core/db/types.js';
import type { ClaimStatus } from './organisations.schema.js';

type Db = Kysely<Database>;

/** The most claims a deciders' list shows at once (the oldest first). */
export const CLAIMS_LIST_MAX = 200;

/**
 * Makes a person's claims follow the organisations they list: a new one is `initial` (pending,
 * unless the demo seeds confirmed ones); one they keep keeps its status (once only: the primary
 * key); one they no longer list is forgotten, so that listing it again asks again.
 */
export async function syncClaims(
  db: Db,
  userId: number,
  organisationIds: readonly number[],
  initial: 'pending' | 'confirmed' = 'pending',
): Promise<void> {
  let gone = db.deleteFrom('organisation_claims').where('user_id', '=', userId);
  if (organisationIds.length > 0) gone = gone.where('organisation_id', 'not in', [...organisationIds]);
  await gone.execute();
  if (organisationIds.length === 0) return;
  await db
    .insertInto('organisation_claims')
    .values(
      [...new Set(organisationIds)].map((organisationId) => ({
        user_id: userId,
        organisation_id: organisationId,
        status: initial,
        created_at: nowIso(),
        decided_by: null,
        decided_at: null,
      })),
    )
    .onConflict((oc) => oc.columns(['user_id', 'organisation_id']).doNothing())
    .execute();
}

/** The status of each of a person's claims, by organisation id. */
export async function claimStatusesOf(db: Db, userId: number): Promise<Map<number, ClaimStatus>> {
  const rows = await db
    .selectFrom('organisation_claims')
    .select(['organisation_id', 'status'])
    .where('user_id', '=', userId)
    .execute();
  return new Map(rows.map((r) => [r.organisation_id, r.status]));
}

/** The organisations each of these people's affiliation with is confirmed (member lists). */
export async function confirmedOrganisationIds(db: Db, userIds: readonly number[]): Promise<Map<number, number[]>> {
  const found = new Map<number, number[]>();
  if (userIds.length === 0) return found;
  const rows = await db
    .selectFrom('organisation_claims')
    .select(['user_id', 'organisation_id'])
    .where('user_id', 'in', [...new Set(userIds)])
    .where('status', '=', 'confirmed')
    .orderBy('organisation_id')
    .execute();
  for (const r of rows) found.set(r.user_id, [...(found.get(r.user_id) ?? []), r.organisation_id]);
  return found;
}

/** The people whose affiliation with an organisation is confirmed. */
export async function confirmedPeople(db: Db, organisationId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('organisation_claims')
    .select('user_id')
    .where('organisation_id', '=', organisationId)
    .where('status', '=', 'confirmed')
    .orderBy('user_id')
    .limit(500)
    .execute();
  return rows.map((r) => r.user_id);
}

/** Claims waiting for a decision about these organisations, oldest first. */
export async function pendingClaims(db: Db, organisationIds: readonly number[] | 'all') {
  let query = db
    .selectFrom('organisation_claims')
    .select(['user_id', 'organisation_id', 'created_at'])
    .where('status', '=', 'pending');
  if (organisationIds !== 'all') {
    if (organisationIds.length === 0) return [];
    query = query.where('organisation_id', 'in', [...new Set(organisationIds)]);
  }
  return query.orderBy('created_at').orderBy('user_id').limit(CLAIMS_LIST_MAX).execute();
}

export async function countPendingClaims(db: Db, organisationId: number): Promise<number> {
  const row = await db
    .selectFrom('organisation_claims')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('organisation_id', '=', organisationId)
    .where('status', '=', 'pending')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * Confirms or refuses a pending claim: true when this call decided it (of two decisions sent at
 * the same moment, one changes the row; the other finds it decided).
 */
export async function decideClaim(
  db: Db,
  userId: number,
  organisationId: number,
  status: 'confirmed' | 'refused',
  deciderId: number,
): Promise<boolean> {
  const result = await db
    .updateTable('organisation_claims')
    .set({ status, decided_by: deciderId, decided_at: nowIso() })
    .where('user_id', '=', userId)
    .where('organisation_id', '=', organisationId)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) return false;
  // A confirmed organisation is shown on the person's profile: their search document changes.
  await markForIndex(db, 'person', [userId]);
  return true;
}

/** What "download my data" gives of a person's claims. */
export async function claimsOfPerson(db: Db, userId: number) {
  return db
    .selectFrom('organisation_claims as c')
    .innerJoin('organisations as o', 'o.id', 'c.organisation_id')
    .select(['o.slug', 'c.status', 'c.created_at', 'c.decided_at'])
    .where('c.user_id', '=', userId)
    .orderBy('o.slug')
    .execute();
}

export async function deleteClaimsOf(db: Db, userId: number): Promise<void> {
  await db.deleteFrom('organisation_claims').where('user_id', '=', userId).execute();
}

// Proposed organisations

/** Organisations waiting for an administrator's review, oldest first. */
export async function proposedOrganisations(db: Db) {
  return db
    .selectFrom('organisations')
    .select(['id', 'slug', 'name', 'kind', 'country', 'website', 'size_band', 'proposed_by', 'created_at'])
    .where('status', '=', 'proposed')
    .orderBy('id')
    .limit(CLAIMS_LIST_MAX)
    .execute();
}

/** How many of a person's proposals wait for review (a person may have a few at once). */
export async function countOpenProposals(db: Db, userId: number): Promise<number> {
  const row = await db
    .selectFrom('organisations')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('proposed_by', '=', userId)
    .where('status', '=', 'proposed')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Approves or refuses a proposed organisation, once: true when this call decided it. */
export async function reviewOrganisation(
  db: Db,
  organisationId: number,
  status: 'approved' | 'refused',
  reviewerId: number,
): Promise<boolean> {
  const result = await db
    .updateTable('organisations')
    .set({ status, reviewed_by: reviewerId, reviewed_at: nowIso() })
    .where('id', '=', organisationId)
    .where('status', '=', 'proposed')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** The organisations a person proposed, for "download my data". */
export async function proposalsOf(db: Db, userId: number) {
  return db
    .selectFrom('organisations')
    .select(['slug', 'name', 'status', 'created_at'])
    .where('proposed_by', '=', userId)
    .orderBy('id')
    .execute();
}

/** An erased account's proposals stay, unlinked from it. */
export async function forgetProposer(db: Db, userId: number): Promise<void> {
  await db.updateTable('organisations').set({ proposed_by: null }).where('proposed_by', '=', userId).execute();
}
