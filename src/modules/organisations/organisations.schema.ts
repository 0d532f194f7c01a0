import type { Generated } from 'kysely';
import Type from 'typebox';
import { Limit, Line } from '../../core/http/validation.js';

/** What an organisation is, in the Urban Agenda's terms. */
export const ORGANISATION_KINDS = [
  'city',
  'metropolitan-area',
  'region',
  'member-state',
  'eu-institution',
  'agency',
  'network',
  'research',
  'other',
] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

/** Cities by inhabitants: small < 50k, medium 50k–250k, large > 250k. */
export const SIZE_BANDS = ['small', 'medium', 'large'] as const;
export type SizeBand = (typeof SIZE_BANDS)[number];

export interface OrganisationTable {
  id: Generated<number>;
  slug: string;
  name: string;
  /** The name folded to lower case without accents: the same order on both engines. */
  sort_key: string;
  kind: OrganisationKind;
  /** ISO 3166-1 alpha-2; null for EU-wide bodies. */
  country: string | null;
  website: string | null;
  size_band: SizeBand | null;
  created_at: string;
  updated_at: string;
  /** 'proposed' by a person until an administrator approves or refuses it. */
  status: Generated<OrganisationStatus>;
  proposed_by: number | null;
  reviewed_by: number | null;
  reviewed_at: string | null;
}

/** Whether an organisation is listed: proposed ones only their proposer and administrators see. */
export const ORGANISATION_STATUSES = ['approved', 'proposed', 'refused'] as const;
export type OrganisationStatus = (typeof ORGANISATION_STATUSES)[number];

/** Whether a person's affiliation with an organisation has been confirmed. */
export const CLAIM_STATUSES = ['pending', 'confirmed', 'refused'] as const;
export type ClaimStatus = (typeof CLAIM_STATUSES)[number];

/** A person's affiliation claim, checked by a coordinator of one of the organisation's partnerships or an admin. */
export interface OrganisationClaimTable {
  user_id: number;
  organisation_id: number;
  status: ClaimStatus;
  created_at: string;
  decided_by: number | null;
  decided_at: string | null;
}

declare module '../../core/db/types.js' {
  interface Database {
    organisations: OrganisationTable;
    organisation_claims: OrganisationClaimTable;
  }
}

export const SLUG_PATTERN = '^[a-z0-9]+(?:-[a-z0-9]+)*$';
export const COUNTRY_PATTERN = '^[A-Z]{2}$';

export const Organisation = Type.Object({
  slug: Type.String({ pattern: SLUG_PATTERN }),
  name: Type.String({
    description: 'As the organisation writes it; member states are shown in the reader’s language.',
  }),
  kind: Type.Enum(ORGANISATION_KINDS),
  country: Type.Union([Type.String({ pattern: COUNTRY_PATTERN }), Type.Null()]),
  website: Type.Union([Type.String(), Type.Null()]),
  sizeBand: Type.Union([Type.Enum(SIZE_BANDS), Type.Null()]),
});
export type Organisation = Type.Static<typeof Organisation>;

export const OrganisationPage = Type.Object({
  items: Type.Array(Organisation),
  next: Type.Union([Type.String(), Type.Null()], { description: 'Cursor of the next page, or null on the last.' }),
});

export const DirectoryQuery = Type.Object({
  kind: Type.Optional(Type.Enum(['', ...ORGANISATION_KINDS])),
  country: Type.Optional(Type.Union([Type.Literal(''), Type.String({ pattern: COUNTRY_PATTERN })])),
  size: Type.Optional(Type.Enum(['', ...SIZE_BANDS])),
  after: Type.Optional(Type.String({ maxLength: 300 })),
  limit: Type.Optional(Limit(100)),
});
export type DirectoryQuery = Type.Static<typeof DirectoryQuery>;

export const SlugParams = Type.Object({
  lang: Type.Optional(Type.String()),
  slug: Type.String({ pattern: SLUG_PATTERN, maxLength: 100 }),
});

/** The notice a page shows after a form sent the reader back to it. */
export const NoticeQuery = Type.Object({
  done: Type.Optional(Type.Enum(['proposed', 'confirmed', 'refused', 'approved', 'decided'])),
});

/** What an administrator submits to create or change an organisation. */
export const OrganisationForm = Type.Object({
  name: Line({ minLength: 1, maxLength: 200 }),
  slug: Line({ pattern: SLUG_PATTERN, minLength: 2, maxLength: 100 }),
  kind: Type.Enum(ORGANISATION_KINDS),
  country: Type.Optional(Type.String({ pattern: COUNTRY_PATTERN })),
  website: Type.Optional(Type.String({ format: 'uri', pattern: '^https?://', maxLength: 300 })),
  sizeBand: Type.Optional(Type.Enum(SIZE_BANDS)),
});
export type OrganisationForm = Type.Static<typeof OrganisationForm>;

/** What a person sends to propose an organisation that is not listed yet (the slug is made from the name). */
export const ProposalForm = Type.Object({
  name: Line({ minLength: 1, maxLength: 200 }),
  kind: Type.Enum(ORGANISATION_KINDS),
  country: Type.Optional(Type.String({ pattern: COUNTRY_PATTERN })),
  website: Type.Optional(Type.String({ format: 'uri', pattern: '^https?://', maxLength: 300 })),
  sizeBand: Type.Optional(Type.Enum(SIZE_BANDS)),
});
export type ProposalForm = Type.Static<typeof ProposalForm>;

/** A decision on a claim or a proposal. */
export const ClaimDecision = Type.Object({ decision: Type.Enum(['confirm', 'refuse']) });
export const ReviewDecision = Type.Object({ decision: Type.Enum(['approve', 'refuse']) });

export const ClaimParams = Type.Object({
  lang: Type.Optional(Type.String()),
  slug: Type.String({ pattern: SLUG_PATTERN, maxLength: 100 }),
  handle: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{1,38}[a-z0-9]$', maxLength: 40 }),
});

const PersonRef = Type.Object({ handle: Type.String(), displayName: Type.String() });

/** One organisation's page: what it is, its partnerships with its standing in each, its people. */
export const OrganisationProfile = Type.Object({
  ...Organisation.properties,
  status: Type.Enum(ORGANISATION_STATUSES, {
    description: 'Only the proposer and administrators see an organisation that is not approved.',
  }),
  partnerships: Type.Array(
    Type.Object({
      slug: Type.String(),
      title: Type.String(),
      lang: Type.String(),
      standing: Type.String({ description: 'The organisation’s standing: coordinator, member, observer …' }),
    }),
  ),
  people: Type.Array(PersonRef, { description: 'People whose affiliation is confirmed.' }),
  pendingClaims: Type.Union([Type.Integer(), Type.Null()], {
    description: 'Claims waiting for a decision; null unless the reader may decide them.',
  }),
});
export type OrganisationProfile = Type.Static<typeof OrganisationProfile>;

export const PendingClaim = Type.Object({
  organisation: Type.String({ description: 'The organisation’s slug.' }),
  organisationName: Type.String(),
  person: PersonRef,
  claimedAt: Type.String({ format: 'date-time' }),
});
export type PendingClaim = Type.Static<typeof PendingClaim>;

export const PendingClaims = Type.Object({ items: Type.Array(PendingClaim) });
export type PendingClaims = Type.Static<typeof PendingClaims>;

export const ClaimResult = Type.Object({ status: Type.Enum(['confirmed', 'refused']) });

export const Proposal = Type.Object({
  ...Organisation.properties,
  proposedBy: Type.Union([PersonRef, Type.Null()]),
  proposedAt: Type.String({ format: 'date-time' }),
});
export type Proposal = Type.Static<typeof Proposal>;
export const Proposals = Type.Object({ items: Type.Array(Proposal) });

export const ReviewResult = Type.Object({ status: Type.Enum(['approved', 'refused']) });
