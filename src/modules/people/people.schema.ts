import Type from 'typebox';

export interface ProfileTable {
  user_id: number;
  /** Plain text, line breaks as `\n`; empty when the person wrote none. */
  bio: string;
  /** JSON array of ISO 639-1 codes, in the order the person gave them. */
  languages: string | string[];
  updated_at: string;
}

export interface AffiliationTable {
  user_id: number;
  organisation_id: number;
  role_title: string | null;
  /** Order on the profile, from 0. */
  position: number;
}

declare module '../../core/db/types.js' {
  interface Database {
    people_profiles: ProfileTable;
    people_affiliations: AffiliationTable;
  }
}

export const BIO_MAX = 2000;
export const DISPLAY_NAME_MAX = 100;
export const ROLE_TITLE_MAX = 100;
/** More would make the profile a list, not a profile. */
export const AFFILIATIONS_MAX = 20;
export const LANGUAGES_MAX = 30;

export const HandleParams = Type.Object({
  lang: Type.Optional(Type.String()),
  // Loose on purpose: an address that cannot be a handle is a 404, not a 400.
  handle: Type.String({ maxLength: 100 }),
});

export const Affiliation = Type.Object({
  slug: Type.String({ description: 'The organisation, as in /api/v1/organisations/{slug}.' }),
  name: Type.String({ description: 'As the organisation writes it.' }),
  roleTitle: Type.Union([Type.String(), Type.Null()], { description: 'The person’s role there, in their words.' }),
  claim: Type.Enum(['confirmed', 'pending', 'refused'], {
    description:
      'Whether the organisation’s side confirmed it. Others see confirmed ones only; ' +
      'the person sees their own pending and refused ones.',
  }),
});

export const Profile = Type.Object({
  handle: Type.String(),
  displayName: Type.String(),
  bio: Type.String({ description: 'Plain text; line breaks are \\n. Empty when none was written.' }),
  languages: Type.Array(Type.String({ pattern: '^[a-z]{2}$' }), {
    description: 'Languages the person speaks, as ISO 639-1 codes.',
  }),
  organisations: Type.Array(Affiliation),
  updatedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], {
    description: 'When the profile last changed; null if never filled in.',
  }),
});
export type Profile = Type.Static<typeof Profile>;
