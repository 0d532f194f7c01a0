import type { Generated } from 'kysely';

/** Where a support request stands: asking, a peer found (`matched`), or ended without one (`closed`). */
export const REQUEST_STATES = ['open', 'matched', 'closed'] as const;
export type RequestState = (typeof REQUEST_STATES)[number];

/** An organisation's request for help from peers, perhaps for one of its actions. */
export interface SupportRequestTable {
  id: Generated<number>;
  organisation_id: number;
  title: string;
  /** What is needed, in plain text. */
  needed: string;
  /** The action it is for (the action's "support needed"); null when none, or when the action is gone. */
  action_id: number | null;
  state: RequestState;
  /** The peer that helps, once `matched`. */
  matched_organisation_id: number | null;
  /** Who asked; null once their account is deleted (the request stays the organisation's). */
  created_by: number | null;
  lang: string;
  created_at: string;
  updated_at: string;
}

/** A peer the requester contacted about a request, once each. */
export interface SupportContactTable {
  request_id: number;
  organisation_id: number;
  contacted_by: number | null;
  contacted_at: string;
}

/** Expertise offered by an organisation (its confirmed member writes it) or by a person. */
export interface SupportOfferTable {
  id: Generated<number>;
  /** The organisation offering; null for a person offering their own expertise. */
  organisation_id: number | null;
  user_id: number;
  title: string;
  description: string;
  lang: string;
  created_at: string;
  updated_at: string;
}

declare module '../../core/db/types.js' {
  interface Database {
    support_requests: SupportRequestTable;
    support_contacts: SupportContactTable;
    support_offers: SupportOfferTable;
  }
}
