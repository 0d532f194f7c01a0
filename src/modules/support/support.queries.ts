import type { Kysely } from 'kysely';
import type { Database } from '../../core/db/types.js';
import { visibleRequests, type SupportViewer } from './support.policy.js';
import type { RequestState } from './support.tables.js';

type Db = Kysely<Database>;

/** The most items a list shows at once (keyset on the id, newest first). */
export const PAGE_SIZE = 50;

export interface RequestRecord {
  id: number;
  organisationId: number;
  title: string;
  needed: string;
  actionId: number | null;
  state: RequestState;
  matchedOrganisationId: number | null;
  createdBy: number | null;
  lang: string;
  createdAt: string;
  updatedAt: string;
  /** The peers contacted, first contacted first. */
  contacts: { organisationId: number; at: string }[];
}

const requestColumns = [
  'id',
  'organisation_id as organisationId',
  'title',
  'needed',
  'action_id as actionId',
  'state',
  'matched_organisation_id as matchedOrganisationId',
  'created_by as createdBy',
  'lang',
  'created_at as createdAt',
  'updated_at as updatedAt',
] as const;

/** A request with the peers it contacted, read fresh (who sees it depends on them); null when there is none. */
export async function findRequest(db: Db, id: number): Promise<RequestRecord | null> {
  const row = await db.selectFrom('support_requests').select(requestColumns).where('id', '=', id).executeTakeFirst();
  if (!row) return null;
  const contacts = await db
    .selectFrom('support_contacts')
    .select(['organisation_id as organisationId', 'contacted_at as at'])
    .where('request_id', '=', id)
    .orderBy('contacted_at')
    .orderBy('organisation_id')
    .execute();
  return { ...row, contacts };
}

/** The requests this viewer sees, newest first, a page after the id `after`. */
export async function listRequests(db: Db, viewer: SupportViewer, after: number | undefined) {
  let query = db
    .selectFrom('support_requests')
    .select(requestColumns)
    .where(visibleRequests(viewer))
    .orderBy('id', 'desc')
    .limit(PAGE_SIZE + 1);
  if (after !== undefined) query = query.where('id', '<', after);
  const rows = await query.execute();
  return { rows: rows.slice(0, PAGE_SIZE), more: rows.length > PAGE_SIZE };
}

/** Requests tied to an action that this viewer sees, newest first (the action's section). */
export async function requestsOfAction(db: Db, viewer: SupportViewer, actionId: number) {
  return db
    .selectFrom('support_requests')
    .select(['id', 'title', 'state', 'lang'])
    .where('action_id', '=', actionId)
    .where(visibleRequests(viewer))
    .orderBy('id', 'desc')
    .limit(10)
    .execute();
}

export interface OfferRecord {
  id: number;
  organisationId: number | null;
  userId: number;
  title: string;
  description: string;
  lang: string;
  createdAt: string;
}

const offerColumns = [
  'id',
  'organisation_id as organisationId',
  'user_id as userId',
  'title',
  'description',
  'lang',
  'created_at as createdAt',
] as const;

export async function findOffer(db: Db, id: number): Promise<OfferRecord | null> {
  return (await db.selectFrom('support_offers').select(offerColumns).where('id', '=', id).executeTakeFirst()) ?? null;
}

/** Offers, newest first, a page after the id `after`. */
export async function listOffers(db: Db, after: number | undefined) {
  let query = db
    .selectFrom('support_offers')
    .select(offerColumns)
    .orderBy('id', 'desc')
    .limit(PAGE_SIZE + 1);
  if (after !== undefined) query = query.where('id', '<', after);
  const rows = await query.execute();
  return { rows: rows.slice(0, PAGE_SIZE), more: rows.length > PAGE_SIZE };
}

/** The tag ids of a request or an offer, in their order. */
export async function tagIdsOf(db: Db, type: 'support-request' | 'support-offer', id: number): Promise<number[]> {
  const rows = await db
    .selectFrom('taggings')
    .select('tag_id')
    .where('subject_type', '=', type)
    .where('subject_id', '=', id)
    .orderBy('position')
    .execute();
  return rows.map((r) => r.tag_id);
}
