import Type from 'typebox';
import { EU_LANGUAGES } from '../../core/i18n/locales.js';
import { Id, Limit, Line } from '../../core/http/validation.js';
import { SIZE_BANDS } from '../organisations/index.js';
import { BUDGET_BANDS, EFFORTS, LESSON_STATES, SOURCE_TYPES } from './lessons.tables.js';

/** How long each text of a lesson may be. */
export const LIMITS = {
  title: 200,
  organisation: 200,
  text: 10_000,
  tags: 2_000,
  note: 2_000,
  staff: 100_000,
  durationMonths: 600,
  sources: 50,
} as const;

const SLUG = '^[a-z0-9]+(?:-[a-z0-9]+)*$';
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);

export const LessonParams = Type.Object({
  lang: Type.String(),
  slug: Type.String({ pattern: SLUG, maxLength: 200 }),
});
export const PartnershipParams = Type.Object({
  lang: Type.String(),
  slug: Type.String({ pattern: SLUG, maxLength: 200 }),
});

// A filter form sends every field, the ones left at "any" empty: an empty value filters nothing.
export const ListQuery = Type.Object({
  size: Type.Optional(
    Type.Enum([...SIZE_BANDS, ''], { description: 'The city size band of the lesson’s organisation' }),
  ),
  country: Type.Optional(
    Type.String({
      pattern: '^(?:[A-Z]{2})?$',
      description: 'ISO 3166-1 alpha-2 code of the organisation’s country',
    }),
  ),
  topic: Type.Optional(
    Type.String({ pattern: '^(?:[a-z0-9]+(?:-[a-z0-9]+)*)?$', maxLength: 200, description: 'A tag’s slug' }),
  ),
  effort: Type.Optional(Type.Enum([...EFFORTS, ''])),
  after: Type.Optional(
    Type.String({ pattern: '^[0-9]{1,16}\\.[0-9]{1,12}$', description: 'The cursor of the next page (`next`)' }),
  ),
  limit: Type.Optional(Limit(50, { description: 'Lessons a page (20)' })),
});

export const LessonQuery = Type.Object({
  in: Type.Optional(Type.Enum(EU_LANGUAGES, { description: 'Show the lesson in this language (a translation)' })),
});

const Place = Type.Object({
  slug: Type.String(),
  name: Type.String(),
  country: Nullable(Type.String()),
  sizeBand: Nullable(Type.Enum(SIZE_BANDS)),
});

export const LessonSummary = Type.Object({
  slug: Type.String(),
  lang: Type.String({ description: 'The language of the texts given (a translation into the reader’s, if any)' }),
  title: Type.String(),
  tried: Type.String(),
  state: Type.Enum(LESSON_STATES),
  effort: Type.Enum(EFFORTS),
  organisation: Place,
  partnership: Type.String({ description: 'The partnership’s slug' }),
  publishedAt: Nullable(Type.String({ format: 'date-time' })),
  tags: Type.Array(Type.Object({ slug: Type.String(), label: Type.String() })),
});

export const LessonList = Type.Object({
  items: Type.Array(LessonSummary),
  next: Nullable(Type.String()),
});

export const LessonDetail = Type.Object({
  ...LessonSummary.properties,
  originalLang: Type.String(),
  translations: Type.Array(Type.String(), { description: 'Languages it was translated into' }),
  worked: Type.String(),
  notWorked: Type.String(),
  replicate: Type.String(),
  budgetBand: Nullable(Type.Enum(BUDGET_BANDS)),
  staff: Nullable(Type.Integer()),
  durationMonths: Nullable(Type.Integer()),
  reviewNote: Nullable(
    Type.String({ description: 'A coordinator’s note when it was returned (author and coordinators)' }),
  ),
  author: Nullable(Type.String({ description: 'The author’s name' })),
  sources: Type.Array(
    Type.Object({
      type: Type.Enum(SOURCE_TYPES),
      id: Type.Integer(),
      title: Type.String(),
      path: Type.String({ description: 'Its page, after /{lang}' }),
    }),
    { description: 'The actions, deliverables and meetings it came from that the reader may see' },
  ),
});

/** A lesson as a writer sends it: the form's fields and the API's body say the same. */
const Fields = {
  title: Line({ minLength: 1, maxLength: LIMITS.title }),
  organisation: Type.String({ minLength: 1, maxLength: LIMITS.organisation, description: 'The organisation’s slug' }),
  lang: Type.Enum(EU_LANGUAGES, { description: 'The language it is written in' }),
  tried: Type.String({ minLength: 1, maxLength: LIMITS.text, description: 'What was tried' }),
  worked: Type.String({ minLength: 1, maxLength: LIMITS.text, description: 'What worked' }),
  not_worked: Type.String({ minLength: 1, maxLength: LIMITS.text, description: 'What did not' }),
  replicate: Type.String({ minLength: 1, maxLength: LIMITS.text, description: 'What to replicate, and how' }),
  budget_band: Type.Optional(Type.Enum(BUDGET_BANDS)),
  staff: Type.Optional(Type.Integer({ minimum: 0, maximum: LIMITS.staff, description: 'People who worked on it' })),
  duration_months: Type.Optional(Type.Integer({ minimum: 1, maximum: LIMITS.durationMonths })),
  effort: Type.Enum(EFFORTS, { description: 'What it takes to do the same elsewhere' }),
};

/** The HTML form, checked by `validateForm` (tags as one comma-separated line). */
export const LessonForm = Type.Object({ ...Fields, tags: Type.Optional(Type.String({ maxLength: LIMITS.tags })) });

export const LessonBody = Type.Object({
  ...Fields,
  tags: Type.Optional(Type.Array(Line({ minLength: 1, maxLength: 100 }), { maxItems: 20 })),
  sources: Type.Optional(
    Type.Array(Type.Object({ type: Type.Enum(SOURCE_TYPES), id: Id() }), { maxItems: LIMITS.sources }),
  ),
  submit: Type.Optional(Type.Boolean({ description: 'Send it for review at once (else it is kept as a draft)' })),
  _csrf: Type.Optional(Type.String()),
});

export const TranslationForm = Type.Object({
  title: Line({ minLength: 1, maxLength: LIMITS.title }),
  tried: Type.String({ minLength: 1, maxLength: LIMITS.text }),
  worked: Type.String({ minLength: 1, maxLength: LIMITS.text }),
  not_worked: Type.String({ minLength: 1, maxLength: LIMITS.text }),
  replicate: Type.String({ minLength: 1, maxLength: LIMITS.text }),
  _csrf: Type.Optional(Type.String()),
});
export const TranslationParams = Type.Object({
  lang: Type.String(),
  slug: Type.String({ pattern: SLUG, maxLength: 200 }),
  code: Type.Enum(EU_LANGUAGES),
});

export const ReturnBody = Type.Object({
  note: Type.String({ minLength: 1, maxLength: LIMITS.note, description: 'What the author should change' }),
  _csrf: Type.Optional(Type.String()),
});
