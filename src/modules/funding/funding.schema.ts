import Type from 'typebox';
import { Id } from '../../core/http/validation.js';
import { MAX_LIMIT, MAX_PAGE } from './funding.filters.js';
import {
  ELIGIBLE_KINDS,
  ELIGIBLE_SIZES,
  OPPORTUNITY_KINDS,
  OPPORTUNITY_STATES,
  OPPORTUNITY_STATUSES,
  POLICY_STAGES,
} from './funding.tables.js';

/** One of a list of words (an `enum` of strings), typed as the union of them. */
const oneOf = <T extends readonly string[]>(values: T, options: { description?: string } = {}) =>
  Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...options });
const words = (values: readonly string[]) => values.map((v) => `\`${v}\``).join(', ');
const Instant = Type.String({ format: 'date-time' });
const Euros = Type.Union([Type.Integer({ minimum: 0 }), Type.Null()], { description: 'Whole euros.' });
const TagRef = Type.Object({ slug: Type.String(), label: Type.String(), lang: Type.String() });
const ProgrammeRef = Type.Object({ slug: Type.String(), name: Type.String() });

// The query is checked by `parseFundingQuery` (a bad value: 400 naming `/query/<name>`); the schema
// documents it (its limits are the parser's, so that a refusal names `/query/<name>` as every other one
// does); a repeatable parameter may be given once or several times.
const text = (description: string) => Type.Optional(Type.String({ description }));
const repeatable = (description: string) =>
  Type.Optional(Type.Array(Type.String(), { description: `${description} At most 20 values of 200 characters.` }));

/** The register's query (the page, `/api/v1/funding`, the feeds). */
export const RegisterQuery = Type.Object({
  status: repeatable(
    `Repeatable: ${words(OPPORTUNITY_STATUSES)}. None given: \`forthcoming\`, \`open\` and \`closing_soon\`.`,
  ),
  programme: text('A programme’s slug (`/api/v1/programmes`).'),
  kind: repeatable(`Repeatable: ${words(OPPORTUNITY_KINDS)}.`),
  topic: repeatable('Repeatable: a tag’s slug; an item with any of them.'),
  eligible_kind: text(`Open to this kind of organisation: ${words(ELIGIBLE_KINDS)}.`),
  country: text('Open to organisations of this country (ISO 3166-1 alpha-2, such as `CZ`).'),
  size: text(`Open to cities of this size: ${words(ELIGIBLE_SIZES)}.`),
  deadline_from: text('YYYY-MM-DD: with a deadline on or after this day (UTC).'),
  deadline_to: text('YYYY-MM-DD: with a deadline on or before this day (UTC).'),
  budget_min: text('Whole euros: with a budget of at least this.'),
  budget_max: text('Whole euros: with a budget of at most this.'),
  for: text(
    '`me`: only what one of the caller’s confirmed organisations may apply for (every dimension of who may ' +
      'apply allows its kind, country and size). Nothing for a caller without one.',
  ),
  sort: text('`deadline` (next deadline first; the default), `newest`, or `budget` (largest first).'),
  cursor: text('The `next` of the page before.'),
  page: text(`1 to ${MAX_PAGE} (the page's numbered pages; with \`cursor\`, leave it out).`),
  limit: text(`1 to ${MAX_LIMIT}; 20 if left out.`),
});
export type RegisterQuery = Type.Static<typeof RegisterQuery>;

export const Eligibility = Type.Object(
  {
    kinds: Type.Array(Type.String(), { description: 'Organisation kinds; empty: any.' }),
    countries: Type.Array(Type.String(), { description: 'ISO 3166-1 alpha-2 codes; empty: any.' }),
    sizes: Type.Array(Type.String(), { description: 'City size bands; empty: any.' }),
  },
  { description: 'Who may apply, per dimension.' },
);

export const Deadline = Type.Object({
  at: Instant,
  label: Type.String({ description: 'What the stage is; empty for a single deadline.' }),
});

/** An item as a list shows it. */
export const OpportunitySummary = Type.Object({
  id: Type.Integer(),
  title: Type.String(),
  summary: Type.String(),
  lang: Type.String({ description: 'The language it is written in.' }),
  kind: oneOf(OPPORTUNITY_KINDS),
  stage: Type.Union([oneOf(POLICY_STAGES), Type.Null()]),
  state: oneOf(OPPORTUNITY_STATES, {
    description: 'Only editors and the one who suggested it see other than `published`.',
  }),
  status: oneOf(OPPORTUNITY_STATUSES, { description: 'Worked out from the dates at the time of the answer.' }),
  programme: Type.Union([ProgrammeRef, Type.Null()]),
  opens_at: Type.Union([Instant, Type.Null()]),
  next_deadline: Type.Union([Deadline, Type.Null()], { description: 'The first deadline still to come.' }),
  closes_at: Type.Union([Instant, Type.Null()], { description: 'Its last deadline; null: open-ended.' }),
  time_zone: Type.String({ description: 'The IANA zone its dates are announced in.' }),
  budget_eur: Euros,
  grant_min_eur: Euros,
  grant_max_eur: Euros,
  eligibility: Eligibility,
  topics: Type.Array(TagRef),
  path: Type.String({ description: 'Its page, after `/{lang}`.' }),
});

export const OpportunityList = Type.Object({
  items: Type.Array(OpportunitySummary),
  total: Type.Integer({ description: 'How many items the filter keeps in all.' }),
  next: Type.Union([Type.String(), Type.Null()], { description: 'The cursor of the next page, if any.' }),
  query: Type.String({ description: 'The filter as a query string, without its defaults.' }),
  for_me: Type.Object(
    {
      asked: Type.Boolean(),
      organisations: Type.Integer({ description: 'How many confirmed organisations the caller has.' }),
    },
    { description: 'Whether `for=me` was asked, and with how many of the caller’s organisations.' },
  ),
});

/** An item whole. */
export const OpportunityDetail = Type.Object({
  ...OpportunitySummary.properties,
  body: Type.String({ description: 'Markdown.' }),
  deadlines: Type.Array(Deadline),
  cofinancing_rate: Type.Union([Type.Integer({ minimum: 0, maximum: 100 }), Type.Null()]),
  url: Type.Union([Type.String(), Type.Null()]),
  contact: Type.String(),
  version: Type.Integer(),
  updated_at: Instant,
});

export const OpportunityParams = Type.Object({
  lang: Type.Optional(Type.String()),
  id: Id({ description: 'The item’s id.' }),
});

export const ProgrammeParams = Type.Object({
  lang: Type.Optional(Type.String()),
  slug: Type.String({ pattern: '^[a-z0-9]+(?:-[a-z0-9]+)*$', maxLength: 100 }),
});

export const ProgrammeOut = Type.Object({
  slug: Type.String(),
  name: Type.String(),
  period_from: Type.Union([Type.Integer(), Type.Null()]),
  period_to: Type.Union([Type.Integer(), Type.Null()]),
  budget_eur: Euros,
  budget_note: Type.String(),
  managing_service: Type.String(),
  url: Type.Union([Type.String(), Type.Null()]),
  description: Type.String(),
});

export const ProgrammeList = Type.Object({ items: Type.Array(ProgrammeOut) });

export const ProgrammeDetail = Type.Object({
  ...ProgrammeOut.properties,
  items: Type.Array(OpportunitySummary, { description: 'Its items the caller may see, next deadline first.' }),
});

export const TopicOut = Type.Object({
  slug: Type.String({ description: 'The tag’s slug: `/api/v1/funding?topic={slug}` lists its items.' }),
  label: Type.String({ description: 'Its label in the language asked for (or English, or another).' }),
  lang: Type.String({ description: 'The label’s language.' }),
  items: Type.Integer({ minimum: 1, description: 'How many published items carry it.' }),
});

export const TopicList = Type.Object({
  items: Type.Array(TopicOut, { description: 'Every topic of the register, the most carried first.' }),
});
