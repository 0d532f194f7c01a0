import Type from 'typebox';
import { EU_LANGUAGES } from '../../core/i18n/locales.js';
import { Id, Limit, Line } from '../../core/http/validation.js';
import { EXPORT_FAILURES, EXPORT_STATES, PLAYBOOK_STATES } from './playbooks.tables.js';

/** How long each text of a playbook may be, and how many steps and chapters it may have. */
export const LIMITS = {
  title: 200,
  target: 200,
  introduction: 10_000,
  steps: 30,
  step: 300,
  stepsText: 10_000,
  lessons: 50,
  /** How many published lessons the form offers (the newest). */
  choices: 200,
} as const;

const SLUG = '^[a-z0-9]+(?:-[a-z0-9]+)*$';
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);

export const PlaybookParams = Type.Object({
  lang: Type.String(),
  slug: Type.String({ pattern: SLUG, maxLength: 200 }),
});
export const PartnershipParams = PlaybookParams;

export const ListQuery = Type.Object({
  after: Type.Optional(
    Type.String({ pattern: '^[0-9]{1,16}\\.[0-9]{1,12}$', description: 'The cursor of the next page (`next`)' }),
  ),
  limit: Type.Optional(Limit(50, { description: 'Playbooks a page (20)' })),
});

export const PlaybookQuery = Type.Object({
  in: Type.Optional(Type.Enum(EU_LANGUAGES, { description: 'Show the playbook in this language (a translation)' })),
});

export const PlaybookSummary = Type.Object({
  slug: Type.String(),
  lang: Type.String({ description: 'The language of the texts given (a translation into the reader’s, if any)' }),
  title: Type.String(),
  target: Type.String({ description: 'Who it is for' }),
  state: Type.Enum(PLAYBOOK_STATES),
  partnership: Type.String({ description: 'The partnership’s slug' }),
  publishedAt: Nullable(Type.String({ format: 'date-time' })),
});

export const PlaybookList = Type.Object({
  items: Type.Array(PlaybookSummary),
  next: Nullable(Type.String()),
});

export const Chapter = Type.Object({
  slug: Type.String({ description: 'The lesson’s slug' }),
  title: Type.String(),
  lang: Type.String(),
  path: Type.String({ description: 'Its page, after /{lang}' }),
  summary: Type.String({ description: 'The beginning of what was tried' }),
});

export const PlaybookDetail = Type.Object({
  ...PlaybookSummary.properties,
  originalLang: Type.String(),
  translations: Type.Array(Type.String(), { description: 'Languages it was translated into' }),
  introduction: Type.String(),
  steps: Type.Array(Type.String(), { description: 'The steps, in order' }),
  lessons: Type.Array(Chapter, {
    description: 'Its chapters in order: the lessons the reader may see (by the lessons module’s rule)',
  }),
});

/** A playbook as the form sends it: one text per field, steps one per line, chapters as numbered lessons. */
export const PlaybookForm = Type.Object({
  title: Line({ minLength: 1, maxLength: LIMITS.title }),
  target: Line({ minLength: 1, maxLength: LIMITS.target, description: 'Who it is for' }),
  lang: Type.Enum(EU_LANGUAGES, { description: 'The language it is written in' }),
  introduction: Type.String({ minLength: 1, maxLength: LIMITS.introduction }),
  steps: Type.String({ minLength: 1, maxLength: LIMITS.stepsText }),
});

/** The API's body: the same texts, the steps and the chapters (lessons' slugs) as lists. */
export const PlaybookBody = Type.Object({
  title: Type.String({ minLength: 1, maxLength: LIMITS.title }),
  target: Type.String({ minLength: 1, maxLength: LIMITS.target, description: 'Who it is for' }),
  lang: Type.Enum(EU_LANGUAGES, { description: 'The language it is written in' }),
  introduction: Type.String({ minLength: 1, maxLength: LIMITS.introduction }),
  steps: Type.Array(Type.String({ minLength: 1, maxLength: LIMITS.step }), { minItems: 1, maxItems: LIMITS.steps }),
  lessons: Type.Array(Type.String({ pattern: SLUG, maxLength: 200 }), {
    minItems: 1,
    maxItems: LIMITS.lessons,
    description: 'The published lessons it is made of, by slug, in order',
  }),
  _csrf: Type.Optional(Type.String()),
});

export const TranslationForm = Type.Object({
  title: Line({ minLength: 1, maxLength: LIMITS.title }),
  target: Line({ minLength: 1, maxLength: LIMITS.target }),
  introduction: Type.String({ minLength: 1, maxLength: LIMITS.introduction }),
  steps: Type.String({ minLength: 1, maxLength: LIMITS.stepsText }),
});

export const TranslationBody = Type.Object({
  title: Type.String({ minLength: 1, maxLength: LIMITS.title }),
  target: Type.String({ minLength: 1, maxLength: LIMITS.target }),
  introduction: Type.String({ minLength: 1, maxLength: LIMITS.introduction }),
  steps: Type.Array(Type.String({ minLength: 1, maxLength: LIMITS.step }), { minItems: 1, maxItems: LIMITS.steps }),
  _csrf: Type.Optional(Type.String()),
});

export const TranslationParams = Type.Object({
  lang: Type.String(),
  slug: Type.String({ pattern: SLUG, maxLength: 200 }),
  code: Type.Enum(EU_LANGUAGES),
});

// ---------------------------------------------------------------------------------------------
// Exports

/** What a white-label export takes: the city's name and logo, and its colours. */
export const EXPORT_LIMITS = {
  name: 100,
  logoBytes: 512 * 1024,
  /** Exports one person may ask for in an hour. */
  perHour: 10,
} as const;

export const ExportParams = Type.Object({
  lang: Type.String(),
  slug: Type.String({ pattern: SLUG, maxLength: 200 }),
  id: Id(),
});

const Colour = (description: string) => Type.String({ maxLength: 20, description: `${description} (\`#rrggbb\`)` });

/** The export form's fields (the logo is its file input). */
export const ExportForm = Type.Object({
  name: Line({ minLength: 1, maxLength: EXPORT_LIMITS.name, description: 'The city (or organisation) it is for' }),
  primary: Colour('The header’s background'),
  onPrimary: Colour('The header’s text, on `primary`: a contrast of at least 4.5:1'),
  accent: Colour('Links and headings, on white: a contrast of at least 4.5:1'),
  lang: Type.String({
    maxLength: 10,
    description: 'The language of the export: an interface language of the platform',
  }),
});

export const ExportBody = Type.Object({
  ...ExportForm.properties,
  logo: Type.Optional(
    Type.Object(
      { data: Type.String({ maxLength: 700_000, description: 'A PNG or JPEG of at most 512 KiB, in base64' }) },
      { additionalProperties: false },
    ),
  ),
  _csrf: Type.Optional(Type.String()),
});

const Download = Type.Object({
  url: Type.String({ description: 'Where to download it (with a session or a token)' }),
  size: Type.Integer({ description: 'Bytes' }),
});

export const ExportJson = Type.Object({
  id: Type.Integer(),
  playbook: Type.String({ description: 'The playbook’s slug' }),
  lang: Type.String(),
  name: Type.String(),
  colours: Type.Object({ primary: Type.String(), onPrimary: Type.String(), accent: Type.String() }),
  logo: Type.Boolean({ description: 'Whether a logo was given' }),
  state: Type.Enum(EXPORT_STATES),
  progress: Type.Integer({ minimum: 0, maximum: 100 }),
  failure: Nullable(Type.Enum(EXPORT_FAILURES)),
  createdAt: Type.String({ format: 'date-time' }),
  expiresAt: Type.String({ format: 'date-time', description: 'When it and its files are deleted' }),
  downloads: Nullable(
    Type.Object({ site: Download, pdf: Download }, { description: 'The static site (zip) and the PDF, when ready' }),
  ),
});

export const ExportList = Type.Object({ items: Type.Array(ExportJson) });
