import type { Generated } from 'kysely';
import Type from 'typebox';
import { Limit, Line } from '../../core/http/validation.js';

export interface PartnershipTable {
  id: Generated<number>;
  slug: string;
  /** Language the title and summary were first written in. */
  original_lang: string;
  title: string;
  summary: string;
  /** Year the partnership was launched (the Urban Agenda launched them in waves). */
  launched_year: number;
  created_at: string;
  /** The logo's file in the upload store (null: none), its media type from its bytes, SHA-256, bytes and pixels. */
  logo_key: string | null;
  logo_type: string | null;
  logo_sha256: string | null;
  logo_size: number | null;
  logo_width: number | null;
  logo_height: number | null;
}

/** A title and summary written by a person in another language. */
export interface PartnershipTranslationTable {
  partnership_id: number;
  lang: string;
  title: string;
  summary: string;
}

declare module '../../core/db/types.js' {
  interface Database {
    partnerships: PartnershipTable;
    partnership_translations: PartnershipTranslationTable;
  }
}

export const SLUG_PATTERN = '^[a-z0-9]+(?:-[a-z0-9]+)*$';

/** A partnership as a reader sees it, in their language where a translation exists. */
export const PartnershipSummary = Type.Object({
  slug: Type.String({ pattern: SLUG_PATTERN }),
  title: Type.String(),
  summary: Type.String(),
  lang: Type.String({
    description: 'Language of title and summary as given (the reader’s, or the original when untranslated).',
  }),
  launchedYear: Type.Integer(),
  logo: Type.Union([Type.String(), Type.Null()], {
    description: 'Address of the partnership’s logo (PNG, JPEG or WebP), or null when it has none.',
  }),
});
export type PartnershipSummary = Type.Static<typeof PartnershipSummary>;

export const PartnershipPage = Type.Object({
  items: Type.Array(PartnershipSummary),
  next: Type.Union([Type.String(), Type.Null()], { description: 'Cursor of the next page, or null on the last.' }),
});
export type PartnershipPage = Type.Static<typeof PartnershipPage>;

export const PartnershipDetail = Type.Object({
  ...PartnershipSummary.properties,
  originalLang: Type.String(),
  languages: Type.Array(Type.String(), { description: 'Languages this partnership’s text is available in.' }),
});
export type PartnershipDetail = Type.Static<typeof PartnershipDetail>;

export const ListQuery = Type.Object({
  after: Type.Optional(Type.String({ maxLength: 100, pattern: '^[0-9]+\\.[0-9]+$' })),
  limit: Type.Optional(Limit(100)),
});
export const SlugParams = Type.Object({
  lang: Type.Optional(Type.String()),
  slug: Type.String({ pattern: SLUG_PATTERN, maxLength: 100 }),
});

/** An organisation's standing in a partnership. */
export const ORGANISATION_ROLES = ['coordinator', 'member', 'observer', 'commission-service'] as const;
export type OrganisationRole = (typeof ORGANISATION_ROLES)[number];

/** A person's role in a partnership: what they may do there. Coordinators may do all a moderator may. */
export const PERSON_ROLES = ['member', 'moderator', 'coordinator'] as const;
export type PersonRole = (typeof PERSON_ROLES)[number];

export interface PartnershipOrganisationTable {
  partnership_id: number;
  organisation_id: number;
  role: OrganisationRole;
  joined_at: string;
}

export interface PartnershipPersonTable {
  partnership_id: number;
  user_id: number;
  role: PersonRole;
  joined_at: string;
}

export interface JoinRequestTable {
  id: Generated<number>;
  partnership_id: number;
  user_id: number;
  message: string;
  status: 'pending' | 'approved' | 'refused';
  created_at: string;
  decided_by: number | null;
  decided_at: string | null;
}

export interface InvitationTable {
  id: Generated<number>;
  partnership_id: number;
  email: string;
  role: PersonRole;
  /** SHA-256 of the token in the e-mailed link. */
  token_hash: string;
  invited_by: number;
  created_at: string;
  expires_at: string;
  accepted_by: number | null;
  accepted_at: string | null;
  /** The inviter's personal message ('' for none): in the mail and on the invitation's page. */
  message: Generated<string>;
  /** When a coordinator withdrew it (its link then says it is no longer valid), and who. */
  revoked_at: string | null;
  revoked_by: number | null;
}

/** A page of a partnership's own (About, working notes …), public or for members only. */
export interface PartnershipPageTable {
  id: Generated<number>;
  partnership_id: number;
  slug: string;
  lang: string;
  title: string;
  body: string;
  members_only: boolean | number;
  position: number;
  updated_at: string;
}

/** One line of a partnership's activity stream; other modules add theirs through `recordActivity`. */
export interface ActivityTable {
  id: Generated<number>;
  partnership_id: number;
  at: string;
  actor_id: number | null;
  /** Message key suffix: `partnerships.activity.<kind>`. */
  kind: string;
  /** The thing it is about, as text to show (a page title, a person's name). */
  subject: string;
  /** Where to read more, after `/{lang}`. */
  path: string | null;
  members_only: boolean | number;
  /**
   * The content a line is about (`post`, its id), named when the stream is read by its
   * module's visibility rule; such a line keeps no `subject` or `path` of its own.
   */
  subject_type: string | null;
  subject_id: number | null;
}

declare module '../../core/db/types.js' {
  interface Database {
    partnership_organisations: PartnershipOrganisationTable;
    partnership_people: PartnershipPersonTable;
    partnership_join_requests: JoinRequestTable;
    partnership_invitations: InvitationTable;
    partnership_pages: PartnershipPageTable;
    partnership_activity: ActivityTable;
  }
}

export const MemberOrganisation = Type.Object({
  slug: Type.String(),
  name: Type.String(),
  kind: Type.String(),
  country: Type.Union([Type.String(), Type.Null()]),
  role: Type.Enum(ORGANISATION_ROLES),
});
export const MemberPerson = Type.Object({
  handle: Type.String(),
  displayName: Type.String(),
  role: Type.Enum(PERSON_ROLES),
  joinedAt: Type.String({ format: 'date-time' }),
  organisations: Type.Array(Type.Object({ slug: Type.String(), name: Type.String() }), {
    description: 'The person’s organisations whose affiliation is confirmed.',
  }),
});
export const Members = Type.Object({
  organisations: Type.Array(MemberOrganisation),
  people: Type.Array(MemberPerson),
});
export type Members = Type.Static<typeof Members>;

export const PageParams = Type.Object({
  lang: Type.Optional(Type.String()),
  slug: Type.String({ pattern: SLUG_PATTERN, maxLength: 100 }),
  page: Type.String({ pattern: SLUG_PATTERN, maxLength: 100 }),
});
export const PartnershipPageDoc = Type.Object({
  slug: Type.String(),
  title: Type.String(),
  body: Type.String(),
  lang: Type.String(),
  membersOnly: Type.Boolean(),
  updatedAt: Type.String({ format: 'date-time' }),
});
export type PartnershipPageDoc = Type.Static<typeof PartnershipPageDoc>;

export const EditForm = Type.Object({
  title: Line({ minLength: 1, maxLength: 200 }),
  summary: Type.String({ minLength: 1, maxLength: 1000 }),
  launchedYear: Type.Integer({ minimum: 2016, maximum: 2100 }),
});
/** A page of a partnership in a list: its address, title and who may read it. */
export const PageSummary = Type.Object({
  slug: Type.String(),
  title: Type.String(),
  lang: Type.String({ description: 'The language the page is written in.' }),
  membersOnly: Type.Boolean(),
});
/** The pages of a partnership that the reader may see, in the partnership's order. */
export const PageList = Type.Object({ items: Type.Array(PageSummary) });
export type PageList = Type.Static<typeof PageList>;
/** A section of a partnership's hub: a tab of its sub-navigation. */
export const HubSectionDoc = Type.Object({
  label: Type.String({ description: 'The tab’s label, in the reader’s language.' }),
  path: Type.String({ description: 'Its page, after `/{lang}` (the JSON is under `/api/v1` at the same path).' }),
});
/** A line of a partnership's activity stream, as the reader sees it. */
export const ActivityLineDoc = Type.Object({
  at: Type.String({ format: 'date-time', description: 'When it happened.' }),
  kind: Type.String({
    description: 'What happened: joined, edited, pageUpdated, newsPublished, or `<module>.<what>`.',
  }),
  text: Type.String({ description: 'The line as a sentence in the reader’s language.' }),
  subject: Type.String({ description: 'What the line is about, as its link says it: a title or a name.' }),
  lang: Type.Union([Type.String(), Type.Null()], { description: 'The language of a title; null for a name.' }),
  path: Type.String({ description: 'The item’s page, after `/{lang}`.' }),
});
/** A partnership with its hub: the sections of its sub-navigation and its latest activity, newest first. */
export const PartnershipHubDoc = Type.Object({
  ...PartnershipDetail.properties,
  sections: Type.Array(HubSectionDoc),
  activity: Type.Array(ActivityLineDoc, { description: 'The latest lines the reader may see, newest first.' }),
});

/** `/activity`: a page of what happened across partnerships (or what one person did). */
export const ActivityAcrossQuery = Type.Object({
  // Checked in `load` (decodeTimeCursor), so that a wrong cursor is a 400 naming it in any language.
  before: Type.Optional(
    Type.String({
      maxLength: 40,
      pattern: '^[0-9]+\\.[0-9]+$',
      description: 'Cursor: `next` of the page before (newer lines).',
    }),
  ),
  person: Type.Optional(
    Type.String({ maxLength: 100, description: 'A person’s handle: only what they did (an unknown one is a 404).' }),
  ),
});
/** A line of the activity across partnerships, as the reader sees it, with its partnership. */
export const ActivityLineInDoc = Type.Object({
  ...ActivityLineDoc.properties,
  partnership: Type.Object(
    {
      slug: Type.String(),
      title: Type.String({ description: 'In the reader’s language where translated.' }),
      lang: Type.String({ description: 'The language of the title.' }),
    },
    { description: 'The partnership it happened in.' },
  ),
});
export const ActivityAcrossDoc = Type.Object({
  items: Type.Array(ActivityLineInDoc, { description: 'The lines the reader may see, newest first.' }),
  next: Type.Union([Type.String(), Type.Null()], { description: 'The cursor of the next (older) page, or null.' }),
});
