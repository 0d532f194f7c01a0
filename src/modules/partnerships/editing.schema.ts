import Type from 'typebox';
import { Line } from '../../core/http/validation.js';
import { MemberOrganisation, ORGANISATION_ROLES, SLUG_PATTERN } from './partnerships.schema.js';

/** What coordinators edit besides the text: the logo, the organisations' standing, the pages. */

/** The logo's limits: at most this many bytes, and pixels on either side. */
export const LOGO_LIMITS = { bytes: 1024 * 1024, side: 4096 } as const;
/** The kinds a logo may be (`core/uploads/sniff.ts`): raster images only, never SVG (which can carry scripts). */
export const LOGO_KINDS = ['png', 'jpeg', 'webp'] as const;

export const LogoQuery = Type.Object({
  v: Type.Optional(Type.String({ maxLength: 64, pattern: '^[0-9a-f]*$', description: 'The version in the address.' })),
});

export const LogoUpload = Type.Object({
  logo: Type.Optional(
    Type.Unsafe<unknown>({
      contentMediaType: 'application/octet-stream',
      description: `The logo: PNG, JPEG or WebP, at most ${LOGO_LIMITS.bytes} bytes, ${LOGO_LIMITS.side} px a side.`,
    }),
  ),
});

export const LogoDoc = Type.Object({
  logo: Type.Union([Type.String(), Type.Null()], { description: 'Address of the logo, or null when it has none.' }),
});

// Organisations and their standing

export const StandingForm = Type.Object({ standing: Type.Enum(ORGANISATION_ROLES) });
export const AddOrganisationForm = Type.Object({
  organisation: Type.String({ minLength: 1, maxLength: 100, pattern: SLUG_PATTERN, description: 'The slug.' }),
  standing: Type.Enum(ORGANISATION_ROLES),
});
export const OrganisationParams = Type.Object({
  lang: Type.Optional(Type.String()),
  slug: Type.String({ pattern: SLUG_PATTERN, maxLength: 100 }),
  organisation: Type.String({ pattern: SLUG_PATTERN, maxLength: 100 }),
});
export const OrganisationsQuery = Type.Object({
  q: Type.Optional(Line({ maxLength: 100, description: 'Part of a name, to narrow the organisations offered.' })),
  done: Type.Optional(Type.String({ maxLength: 40 })),
});

const Candidate = Type.Object({
  slug: Type.String(),
  name: Type.String(),
  country: Type.Union([Type.String(), Type.Null()]),
});
export const ManagedOrganisations = Type.Object({
  organisations: Type.Array(MemberOrganisation, { description: 'The organisations taking part, with their standing.' }),
  candidates: Type.Array(Candidate, {
    description: 'Organisations of the directory that do not take part yet (those matching `q`, if given).',
  }),
});
export type ManagedOrganisations = Type.Static<typeof ManagedOrganisations>;

// Pages

/** `new` is the address of the form that creates a page: no page may be called so. */
export const RESERVED_PAGE_SLUGS = ['new'];
export const PAGE_LIMITS = { title: 200, body: 20_000 } as const;

export const PageForm = Type.Object({
  title: Line({ minLength: 1, maxLength: PAGE_LIMITS.title }),
  body: Type.String({
    minLength: 1,
    maxLength: PAGE_LIMITS.body,
    description: 'Plain text; a blank line ends a paragraph.',
  }),
  lang: Type.String({ minLength: 2, maxLength: 3, description: 'The language it is written in.' }),
  members_only: Type.Optional(Type.String({ maxLength: 5, description: '`on`, `true` or `yes`: for members only.' })),
  position: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000, description: 'Its place in the list, from 1.' })),
});
export const NewPageForm = Type.Object({
  slug: Line({ minLength: 1, maxLength: 100, pattern: SLUG_PATTERN, description: 'Its address: a-z, 0-9 and dashes.' }),
  ...PageForm.properties,
});
export const MoveForm = Type.Object({ position: Type.Integer({ minimum: 1, maximum: 10_000 }) });

export const ManagedPageParams = Type.Object({
  lang: Type.Optional(Type.String()),
  slug: Type.String({ pattern: SLUG_PATTERN, maxLength: 100 }),
  page: Type.String({ pattern: SLUG_PATTERN, maxLength: 100 }),
});
export const DoneQuery = Type.Object({ done: Type.Optional(Type.String({ maxLength: 40 })) });

export const ManagedPage = Type.Object({
  slug: Type.String(),
  title: Type.String(),
  lang: Type.String(),
  membersOnly: Type.Boolean(),
  position: Type.Integer({ description: 'Its place in the list, from 1.' }),
  updatedAt: Type.String({ format: 'date-time' }),
});
export type ManagedPage = Type.Static<typeof ManagedPage>;
export const ManagedPages = Type.Object({ items: Type.Array(ManagedPage) });
