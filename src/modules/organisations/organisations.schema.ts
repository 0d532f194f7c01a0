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
}

declare module '../../core/db/types.js' {
  interface Database {
    organisations: OrganisationTable;
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
