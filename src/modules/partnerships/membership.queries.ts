import { preparedQuery } from '../../core/db/prepared.js';
import { markForIndex } from '../../core/search/search-index.js';
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { fromFlag, nowIso, toFlag } from '../../core/db/dialect.js';
import type { DialectName } from '../../core/db/dialect.js';
import type { Database } from '../../core/db/types.js';
import type { OrganisationRole, PersonRole } from './partnerships.schema.js';

type Db = Kysely<Database>;

export const hashToken = (token: string) => createHash('sha256').update(token).digest('base64url');

export async function partnershipIdOf(db: Db, slug: string): Promise<number | null> {
  const row = await db.selectFrom('partnerships').select('id').where('slug', '=', slug).executeTakeFirst();
  return row?.id ?? null;
}

/** A person's role in a partnership, or null when they are not a member. */
/** Asked on every signed-in request to a partnership's pages (who may do what is never cached): compiled once. */
const roleQuery = preparedQuery((db: Db, partnershipId: number, userId: number) =>
  db
    .selectFrom('partnership_people')
    .select('role')
    .where('partnership_id', '=', partnershipId)
    .where('user_id', '=', userId),
);

export async function roleOf(db: Db, partnershipId: number, userId: number): Promise<PersonRole | null> {
  const [row] = await roleQuery(db, partnershipId, userId);
  return row?.role ?? null;
}

/** The partnerships a person is a member of, with their role (for what they may see across partnerships). */
export async function rolesOfPerson(db: Db, userId: number): Promise<{ partnershipId: number; role: PersonRole }[]> {
  const rows = await db
    .selectFrom('partnership_people')
    .select(['partnership_id', 'role'])
    .where('user_id', '=', userId)
    .execute();
  return rows.map((r) => ({ partnershipId: r.partnership_id, role: r.role }));
}

export async function memberPeople(db: Db, partnershipId: number) {
  return db
    .selectFrom('partnership_people')
    .select(['user_id', 'role', 'joined_at'])
    .where('partnership_id', '=', partnershipId)
    .orderBy('joined_at')
    .orderBy('user_id')
    .execute();
}

export async function memberOrganisations(db: Db, partnershipId: number) {
  return db
    .selectFrom('partnership_organisations')
    .select(['organisation_id', 'role'])
    .where('partnership_id', '=', partnershipId)
    .execute();
}

export async function countCoordinators(db: Db, partnershipId: number): Promise<number> {
  const row = await db
    .selectFrom('partnership_people')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('partnership_id', '=', partnershipId)
    .where('role', '=', 'coordinator')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Adds a person, or changes their role if they are one already; `joinedAt` for data with its own dates (demo). */
export async function putPerson(
  db: Db,
  partnershipId: number,
  userId: number,
  role: PersonRole,
  joinedAt: string = nowIso(),
): Promise<void> {
  const existing = await roleOf(db, partnershipId, userId);
  if (existing) {
    await db
      .updateTable('partnership_people')
      .set({ role })
      .where('partnership_id', '=', partnershipId)
      .where('user_id', '=', userId)
      .execute();
  } else {
    await db
      .insertInto('partnership_people')
      .values({ partnership_id: partnershipId, user_id: userId, role, joined_at: joinedAt })
      .execute();
  }
}

const RANKS: readonly PersonRole[] = ['member', 'moderator', 'coordinator'];

/**
 * Adds a person with a role unless they are a member already (then nothing changes): true when
 * this call added them, once however many are sent at the same moment (the primary key).
 */
export async function addPerson(db: Db, partnershipId: number, userId: number, role: PersonRole): Promise<boolean> {
  const row = await db
    .insertInto('partnership_people')
    .values({ partnership_id: partnershipId, user_id: userId, role, joined_at: nowIso() })
    .onConflict((oc) => oc.columns(['partnership_id', 'user_id']).doNothing())
    .returning('user_id')
    .executeTakeFirst();
  return row !== undefined;
}

/** Raises a member's role to `role` when theirs is lower; never lowers one. */
export async function raiseRole(db: Db, partnershipId: number, userId: number, role: PersonRole): Promise<void> {
  const lower = RANKS.slice(0, RANKS.indexOf(role));
  if (lower.length === 0) return;
  await db
    .updateTable('partnership_people')
    .set({ role })
    .where('partnership_id', '=', partnershipId)
    .where('user_id', '=', userId)
    .where('role', 'in', lower)
    .execute();
}

/**
 * Changes a member's role from `from` to `to`: false when it was no longer `from` (another
 * change came first), so that of changes sent at the same moment one is made and recorded.
 */
export async function switchRole(
  db: Db,
  partnershipId: number,
  userId: number,
  from: PersonRole,
  to: PersonRole,
): Promise<boolean> {
  const result = await db
    .updateTable('partnership_people')
    .set({ role: to })
    .where('partnership_id', '=', partnershipId)
    .where('user_id', '=', userId)
    .where('role', '=', from)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * Holds the partnership's row until the transaction ends, on PostgreSQL, so that changes to its
 * coordinators are made one after the other (two coordinators stepping down at the same moment
 * would otherwise each count the other and leave none). SQLite runs one write transaction at a time.
 */
export async function lockPartnership(db: Db, dialect: DialectName, partnershipId: number): Promise<void> {
  if (dialect === 'postgres')
    await db.selectFrom('partnerships').select('id').where('id', '=', partnershipId).forUpdate().execute();
}

/** Takes a person out when their role is still `role` (what the coordinator saw): false when it was not. */
export async function removePersonIf(
  db: Db,
  partnershipId: number,
  userId: number,
  role: PersonRole,
): Promise<boolean> {
  const result = await db
    .deleteFrom('partnership_people')
    .where('partnership_id', '=', partnershipId)
    .where('user_id', '=', userId)
    .where('role', '=', role)
    .executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}

/** The ids of a partnership's coordinators (to tell them of a request to join). */
export async function coordinatorIds(db: Db, partnershipId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('partnership_people')
    .select('user_id')
    .where('partnership_id', '=', partnershipId)
    .where('role', '=', 'coordinator')
    .orderBy('user_id')
    .execute();
  return rows.map((r) => r.user_id);
}

export async function removePerson(db: Db, partnershipId: number, userId: number): Promise<void> {
  await db
    .deleteFrom('partnership_people')
    .where('partnership_id', '=', partnershipId)
    .where('user_id', '=', userId)
    .execute();
}

export async function putOrganisation(
  db: Db,
  partnershipId: number,
  organisationId: number,
  role: OrganisationRole,
): Promise<void> {
  await db
    .deleteFrom('partnership_organisations')
    .where('partnership_id', '=', partnershipId)
    .where('organisation_id', '=', organisationId)
    .execute();
  await db
    .insertInto('partnership_organisations')
    .values({ partnership_id: partnershipId, organisation_id: organisationId, role, joined_at: nowIso() })
    .execute();
}

/** The partnerships a person belongs to, with their role (for their profile). */
export async function partnershipsOf(db: Db, userId: number) {
  return db
    .selectFrom('partnership_people as pp')
    .innerJoin('partnerships as p', 'p.id', 'pp.partnership_id')
    .select(['p.id', 'p.slug', 'pp.role'])
    .where('pp.user_id', '=', userId)
    .orderBy('p.launched_year')
    .orderBy('p.id')
    .execute();
}

// Join requests

export async function pendingRequestOf(db: Db, partnershipId: number, userId: number) {
  return db
    .selectFrom('partnership_join_requests')
    .selectAll()
    .where('partnership_id', '=', partnershipId)
    .where('user_id', '=', userId)
    .where('status', '=', 'pending')
    .executeTakeFirst();
}

/**
 * Asks to join, once: while a request of the person waits, another (even sent at the same
 * moment) adds nothing, by the unique index `partnership_join_requests_one_pending`. True when
 * this call added it.
 */
export async function createJoinRequest(
  db: Db,
  partnershipId: number,
  userId: number,
  message: string,
): Promise<boolean> {
  const row = await db
    .insertInto('partnership_join_requests')
    .values({
      partnership_id: partnershipId,
      user_id: userId,
      message,
      status: 'pending',
      created_at: nowIso(),
      decided_by: null,
      decided_at: null,
    })
    .onConflict((oc) => oc.doNothing())
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

export async function pendingRequests(db: Db, partnershipId: number) {
  return db
    .selectFrom('partnership_join_requests')
    .select(['id', 'user_id', 'message', 'created_at'])
    .where('partnership_id', '=', partnershipId)
    .where('status', '=', 'pending')
    .orderBy('id')
    .limit(200)
    .execute();
}

export async function findRequest(db: Db, partnershipId: number, requestId: number) {
  return db
    .selectFrom('partnership_join_requests')
    .selectAll()
    .where('partnership_id', '=', partnershipId)
    .where('id', '=', requestId)
    .executeTakeFirst();
}

export async function decideRequest(
  db: Db,
  requestId: number,
  status: 'approved' | 'refused',
  deciderId: number,
): Promise<boolean> {
  const result = await db
    .updateTable('partnership_join_requests')
    .set({ status, decided_by: deciderId, decided_at: nowIso() })
    .where('id', '=', requestId)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

// Invitations

export async function createInvitation(
  db: Db,
  input: {
    partnershipId: number;
    email: string;
    role: PersonRole;
    message: string;
    token: string;
    invitedBy: number;
    days: number;
  },
): Promise<number> {
  const now = new Date();
  const row = await db
    .insertInto('partnership_invitations')
    .values({
      message: input.message,
      partnership_id: input.partnershipId,
      email: input.email.toLowerCase(),
      role: input.role,
      token_hash: hashToken(input.token),
      invited_by: input.invitedBy,
      created_at: now.toISOString(),
      expires_at: new Date(now.getTime() + input.days * 86_400_000).toISOString(),
      accepted_by: null,
      accepted_at: null,
      revoked_at: null,
      revoked_by: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** An invitation by the token from its link, whatever its state (see `openInvitation`). */
export async function findInvitation(db: Db, token: string) {
  return db
    .selectFrom('partnership_invitations as i')
    .innerJoin('partnerships as p', 'p.id', 'i.partnership_id')
    .select([
      'i.id',
      'i.partnership_id',
      'i.email',
      'i.role',
      'i.message',
      'i.invited_by',
      'i.expires_at',
      'i.accepted_at',
      'i.revoked_at',
      'p.slug',
    ])
    .where('i.token_hash', '=', hashToken(token))
    .executeTakeFirst();
}

/** An invitation that can still be accepted (not used, revoked or expired), by the token from its link. */
export async function openInvitation(db: Db, token: string) {
  const row = await findInvitation(db, token);
  if (!row || row.accepted_at || row.revoked_at || Date.parse(row.expires_at) <= Date.now()) return null;
  return row;
}

export async function markInvitationAccepted(db: Db, invitationId: number, userId: number): Promise<boolean> {
  const result = await db
    .updateTable('partnership_invitations')
    .set({ accepted_by: userId, accepted_at: nowIso() })
    .where('id', '=', invitationId)
    .where('accepted_at', 'is', null)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** A partnership's invitations that can still be accepted, newest first (at most 200). */
export async function pendingInvitations(db: Db, partnershipId: number) {
  return db
    .selectFrom('partnership_invitations')
    .select(['id', 'email', 'role', 'message', 'invited_by', 'created_at', 'expires_at'])
    .where('partnership_id', '=', partnershipId)
    .where('accepted_at', 'is', null)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', nowIso())
    .orderBy('id', 'desc')
    .limit(200)
    .execute();
}

/**
 * Withdraws an invitation of this partnership that can still be accepted: false when it was
 * used, revoked or expired already (or is another partnership's), so that of revocations sent
 * at the same moment one is made, and an accepted invitation is never marked revoked.
 */
export async function revokeInvitation(
  db: Db,
  partnershipId: number,
  invitationId: number,
  userId: number,
): Promise<{ email: string; role: PersonRole } | null> {
  const row = await db
    .updateTable('partnership_invitations')
    .set({ revoked_at: nowIso(), revoked_by: userId })
    .where('id', '=', invitationId)
    .where('partnership_id', '=', partnershipId)
    .where('accepted_at', 'is', null)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', nowIso())
    .returning(['email', 'role'])
    .executeTakeFirst();
  return row ?? null;
}

// Pages

export async function listPages(db: Db, partnershipId: number, includeMembersOnly: boolean) {
  let query = db
    .selectFrom('partnership_pages')
    .select(['slug', 'title', 'lang', 'members_only'])
    .where('partnership_id', '=', partnershipId);
  if (!includeMembersOnly) query = query.where('members_only', '=', toFlag(false) as never);
  const rows = await query.orderBy('position').orderBy('id').execute();
  return rows.map((r) => ({ slug: r.slug, title: r.title, lang: r.lang, membersOnly: fromFlag(r.members_only) }));
}

export async function findPage(db: Db, partnershipId: number, slug: string) {
  const row = await db
    .selectFrom('partnership_pages')
    .selectAll()
    .where('partnership_id', '=', partnershipId)
    .where('slug', '=', slug)
    .executeTakeFirst();
  if (!row) return null;
  return {
    slug: row.slug,
    title: row.title,
    body: row.body,
    lang: row.lang,
    membersOnly: fromFlag(row.members_only),
    updatedAt: row.updated_at,
  };
}

export async function insertPage(
  db: Db,
  partnershipId: number,
  page: { slug: string; title: string; body: string; lang: string; membersOnly: boolean; position: number },
) {
  await db
    .insertInto('partnership_pages')
    .values({
      partnership_id: partnershipId,
      slug: page.slug,
      title: page.title,
      body: page.body,
      lang: page.lang,
      members_only: toFlag(page.membersOnly),
      position: page.position,
      updated_at: nowIso(),
    })
    .execute();
}

// Activity: its queries are in activity.queries.ts (a joining member's line is written there too).
export { insertActivity } from './activity.queries.js';

export async function updatePartnershipOriginal(
  db: Db,
  partnershipId: number,
  changes: { title: string; summary: string; launchedYear: number },
): Promise<void> {
  await db
    .updateTable('partnerships')
    .set({ title: changes.title, summary: changes.summary, launched_year: changes.launchedYear })
    .where('id', '=', partnershipId)
    .execute();
  // Its search document changes with it (partnerships.search.ts), in the same transaction.
  await markForIndex(db, 'partnership', [partnershipId]);
}

/** Slugs of partnerships by id (for other modules' lists that span partnerships). */
export async function partnershipSlugsByIds(db: Db, ids: readonly number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('partnerships')
    .select(['id', 'slug'])
    .where('id', 'in', [...new Set(ids)])
    .execute();
  return new Map(rows.map((r) => [r.id, r.slug]));
}

/** The partnerships an organisation belongs to, with its standing in each (its page; who may confirm its people). */
export async function partnershipsOfOrganisation(db: Db, organisationId: number) {
  return db
    .selectFrom('partnership_organisations as po')
    .innerJoin('partnerships as p', 'p.id', 'po.partnership_id')
    .select(['p.id', 'p.slug', 'po.role'])
    .where('po.organisation_id', '=', organisationId)
    .orderBy('p.launched_year')
    .orderBy('p.id')
    .execute();
}

/** The organisations of these partnerships (whose claims their coordinators decide). */
export async function organisationsOfPartnerships(db: Db, partnershipIds: readonly number[]): Promise<number[]> {
  if (partnershipIds.length === 0) return [];
  const rows = await db
    .selectFrom('partnership_organisations')
    .select('organisation_id')
    .distinct()
    .where('partnership_id', 'in', [...partnershipIds])
    .execute();
  return rows.map((r) => r.organisation_id);
}
