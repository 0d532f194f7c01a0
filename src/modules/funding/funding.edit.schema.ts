import Type from 'typebox';
import { Line } from '../../core/http/validation.js';
import { EDIT_LIMITS } from './funding.edit.js';
import {
  ELIGIBLE_KINDS,
  ELIGIBLE_SIZES,
  OPPORTUNITY_KINDS,
  OPPORTUNITY_STATES,
  POLICY_STAGES,
} from './funding.tables.js';

// What the API's writes of the register take and give: documentation for the OpenAPI document; the
// handlers check bodies themselves (funding.edit.ts), so that every problem is named at its pointer
// in the reader's words.

const oneOf = <T extends readonly string[]>(values: T, description?: string) =>
  Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...(description ? { description } : {}) });
const Amount = (description: string) =>
  Type.Optional(Type.Union([Type.Integer({ minimum: 0 }), Type.Null()], { description }));
const When = (description: string) =>
  Type.String({
    description:
      `${description} An instant with its offset (2027-03-31T17:00:00+02:00), or a wall-clock time ` +
      '(2027-03-31T17:00) read in the item’s `time_zone`.',
  });

const fields = {
  programme: Type.Optional(Type.Union([Type.String(), Type.Null()], { description: 'A programme by its slug.' })),
  kind: Type.Optional(oneOf(OPPORTUNITY_KINDS)),
  title: Line({ minLength: 1, maxLength: EDIT_LIMITS.title }),
  summary: Type.String({ minLength: 1, maxLength: EDIT_LIMITS.summary }),
  body: Type.Optional(Type.String({ maxLength: EDIT_LIMITS.body, description: 'Markdown.' })),
  stage: Type.Optional(Type.Union([oneOf(POLICY_STAGES), Type.Null()], { description: 'Policies and initiatives.' })),
  opens_at: Type.Optional(Type.Union([When('When it opens.'), Type.Null()])),
  deadlines: Type.Optional(
    Type.Array(
      Type.Object({
        at: When('The deadline.'),
        label: Type.Optional(Type.String({ maxLength: EDIT_LIMITS.label, description: 'What it is for ("Stage 1").' })),
      }),
      { maxItems: EDIT_LIMITS.deadlines, description: 'In order, each after the opening and the one before.' },
    ),
  ),
  time_zone: Type.Optional(Type.String({ description: 'The IANA zone its dates are announced in (Europe/Brussels).' })),
  budget_eur: Amount('The whole budget, in euros.'),
  grant_min_eur: Amount('The smallest typical grant, in euros.'),
  grant_max_eur: Amount('The largest typical grant, in euros.'),
  cofinancing_rate: Type.Optional(
    Type.Union([Type.Integer({ minimum: 0, maximum: 100 }), Type.Null()], { description: 'Per cent of the costs.' }),
  ),
  url: Type.Optional(Type.Union([Type.String({ maxLength: EDIT_LIMITS.url }), Type.Null()])),
  contact: Type.Optional(Type.String({ maxLength: EDIT_LIMITS.contact })),
  eligibility: Type.Optional(
    Type.Object(
      {
        kinds: Type.Optional(Type.Array(oneOf(ELIGIBLE_KINDS))),
        countries: Type.Optional(Type.Array(Type.String({ description: 'ISO 3166-1 alpha-2 (CZ).' }))),
        sizes: Type.Optional(Type.Array(oneOf(ELIGIBLE_SIZES))),
      },
      { description: 'Who may apply; a list left empty: anyone, as far as it goes.' },
    ),
  ),
  tags: Type.Optional(
    Type.Array(Type.String({ maxLength: EDIT_LIMITS.tag }), { description: 'They replace its tags.' }),
  ),
  external_id: Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Null()])),
  explanation: Type.Optional(Type.String({ maxLength: EDIT_LIMITS.explanation, description: 'Kept on the version.' })),
  version: Type.Optional(
    Type.Integer({ description: 'The version the change was made from: a later one stored is a 409 conflict.' }),
  ),
};

/** A new item (`POST /api/v1/funding`, and a suggestion). */
export const OpportunityNew = Type.Object({
  ...fields,
  lang: Type.Optional(Type.String({ description: 'The language it is written in; the request’s if left out.' })),
});

/** An edit (`PUT`/`PATCH /api/v1/funding/{id}`): PUT sends the whole item, PATCH what changes. */
export const OpportunityEdit = Type.Object({
  ...fields,
  title: Type.Optional(fields.title),
  summary: Type.Optional(fields.summary),
});

/** What a write answers: the item as stored now. */
export const OpportunitySaved = Type.Object({
  id: Type.Integer(),
  version: Type.Integer(),
  state: oneOf(OPPORTUNITY_STATES),
  title: Type.String(),
  path: Type.String({ description: 'The item’s page, after /{lang}.' }),
});

export const IdParams = Type.Object({ lang: Type.String(), id: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }) });
export const LangParams = Type.Object({ lang: Type.String() });
export const SlugParams = Type.Object({ lang: Type.String(), slug: Type.String({ pattern: '^[a-z0-9-]{1,80}$' }) });

/** A programme as the API writes it. */
export const ProgrammeWrite = Type.Object({
  slug: Type.Optional(
    Type.String({ pattern: '^[a-z0-9]+(?:-[a-z0-9]+)*$', maxLength: 80, description: 'New ones only.' }),
  ),
  name: Line({ minLength: 1, maxLength: 200 }),
  period_from: Type.Optional(Type.Union([Type.Integer(), Type.Null()])),
  period_to: Type.Optional(Type.Union([Type.Integer(), Type.Null()])),
  budget_eur: Amount('Its budget, in euros.'),
  budget_note: Type.Optional(Type.String({ maxLength: 5000 })),
  managing_service: Type.Optional(Type.String({ maxLength: 5000 })),
  url: Type.Optional(Type.Union([Type.String({ maxLength: EDIT_LIMITS.url }), Type.Null()])),
  description: Type.Optional(Type.String({ maxLength: 5000 })),
});

export const ProgrammeSaved = Type.Object({ slug: Type.String(), name: Type.String(), path: Type.String() });

/** A version in the history, with what changed from the one before, said in words. */
export const HistoryJson = Type.Object({
  id: Type.Integer(),
  title: Type.String(),
  versions: Type.Array(
    Type.Object({
      version: Type.Integer(),
      at: Type.String({ format: 'date-time' }),
      by: Type.Union([Type.String(), Type.Null()], {
        description: 'Who made it; null: the platform (an import, the demo).',
      }),
      explanation: Type.String(),
      changes: Type.Array(
        Type.Object({
          field: Type.String({ description: 'The field, as the API names it.' }),
          label: Type.String({ description: 'The field, in the asked language.' }),
          before: Type.String(),
          after: Type.String(),
          sentence: Type.String({ description: 'The change, in words.' }),
        }),
      ),
    }),
  ),
});
