import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { Database } from '../../core/db/types.js';
import type { RequestState } from './support.tables.js';

/**
 * A reader of matchmaking as its rules need to know them, read fresh from the database on every
 * request (`viewerOf` in support.lookup.ts): who they are, whether they are an administrator,
 * whether they are one of the platform's peers (a member of any partnership, or confirmed at an
 * organisation), and the organisations their affiliation with is confirmed.
 */
export interface SupportViewer {
  userId: number | null;
  admin: boolean;
  peer: boolean;
  organisations: readonly number[];
}

export const NOBODY: SupportViewer = Object.freeze({ userId: null, admin: false, peer: false, organisations: [] });

/** What the rules need to know of a request: its state, whose it is, whom it involves. */
export interface RequestFacts {
  state: RequestState;
  organisationId: number;
  matchedOrganisationId: number | null;
  /** The organisations it contacted. */
  contacted: readonly number[];
}

/** Matchmaking's pages exist for the platform's peers and administrators; for anyone else, not at all (404). */
export const mayUseSupport = (v: SupportViewer): boolean => v.admin || v.peer;

/** The requester's organisation, a peer it contacted, or the one it matched: they take part in it. */
const involved = (v: SupportViewer, r: RequestFacts): boolean =>
  v.organisations.some((id) => id === r.organisationId || id === r.matchedOrganisationId || r.contacted.includes(id));

/**
 * The one rule of who sees a request (the list, its page, the API, the action's section): an open
 * request every peer of the platform; any request the people of the organisations it involves
 * (the requester's, those it contacted, the one it matched) and administrators. Visitors and
 * everyone else never learn that it exists (404). `visibleRequests` says the same as a query
 * filter; a test holds them to agree.
 */
export const maySeeRequest = (v: SupportViewer, r: RequestFacts): boolean =>
  v.admin || involved(v, r) || (v.peer && r.state === 'open');

/** Who manages a request (contacts peers, changes its state): its organisation's confirmed people, administrators. */
export const mayManageRequest = (v: SupportViewer, r: Pick<RequestFacts, 'organisationId'>): boolean =>
  v.admin || v.organisations.includes(r.organisationId);

/** Who may ask for support: someone confirmed at an organisation (which asks). */
export const mayAsk = (v: SupportViewer): boolean => v.organisations.length > 0;

/** Who may offer expertise: any peer of the platform (as a person, or for an organisation they are confirmed at). */
export const mayOffer = (v: SupportViewer): boolean => v.userId !== null && mayUseSupport(v);

/** `maySeeRequest` as a filter of a query on `support_requests`. */
export function visibleRequests(v: SupportViewer) {
  return (eb: ExpressionBuilder<Database, 'support_requests'>): Expression<SqlBool> => {
    if (v.admin) return sql<SqlBool>`1 = 1`;
    const mine = v.organisations.length > 0 ? [...v.organisations] : null;
    return eb.or([
      ...(v.peer ? [eb('support_requests.state', '=', 'open')] : []),
      ...(mine
        ? [
            eb('support_requests.organisation_id', 'in', mine),
            eb('support_requests.matched_organisation_id', 'in', mine),
            eb(
              'support_requests.id',
              'in',
              eb.selectFrom('support_contacts').select('request_id').where('organisation_id', 'in', mine),
            ),
          ]
        : []),
      sql<SqlBool>`1 = 0`,
    ]);
  };
}
