import Type from 'typebox';
import { Id } from '../../core/http/validation.js';

const SLUG = { pattern: '^[a-z0-9]+(?:-[a-z0-9]+)*$', maxLength: 100 };
const Instant = Type.Union([Type.String({ format: 'date-time' }), Type.Null()]);
const Tag = Type.Object({ slug: Type.String(), label: Type.String(), lang: Type.String() });

export const MatchReason = Type.Object(
  {
    kind: Type.Enum(['topics', 'eligible', 'timing', 'actions'], {
      description:
        'topics: the topics it shares; eligible: who of the organisations may apply (none listed: anyone may), ' +
        'and the restrictions they meet; timing: its status and next deadline, and whether that comes before ' +
        'the action’s planned end; actions: on a partnership, the actions of its plan it fits.',
    }),
    tags: Type.Optional(Type.Array(Tag)),
    organisations: Type.Optional(Type.Array(Type.Object({ slug: Type.String(), name: Type.String() }))),
    aimed: Type.Optional(Type.Array(Type.Enum(['kind', 'country', 'size']))),
    status: Type.Optional(Type.Enum(['forthcoming', 'open', 'closing_soon', 'closed'])),
    deadline: Type.Optional(Instant),
    opensAt: Type.Optional(Instant),
    beforeEnd: Type.Optional(Type.Union([Type.Boolean(), Type.Null()])),
    endsOn: Type.Optional(Type.Union([Type.String({ format: 'date' }), Type.Null()])),
    actions: Type.Optional(
      Type.Array(Type.Object({ number: Type.Integer(), title: Type.String(), lang: Type.String() })),
    ),
  },
  { description: 'Why it fits (README of funding, "Matching").' },
);

export const FitItem = Type.Object({
  id: Type.Integer(),
  title: Type.String(),
  lang: Type.String(),
  kind: Type.String(),
  programme: Type.Union([Type.Object({ slug: Type.String(), name: Type.String() }), Type.Null()]),
  status: Type.Enum(['forthcoming', 'open', 'closing_soon']),
  opensAt: Instant,
  deadline: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], {
    description: 'Its next deadline; null: open-ended.',
  }),
  score: Type.Integer({ description: 'Higher fits better (README of funding, "Matching").' }),
  reasons: Type.Array(MatchReason),
});

export const FitList = Type.Object({
  items: Type.Array(FitItem, { description: 'Best first; at most 10 (20 for a partnership).' }),
  finished: Type.Boolean({ description: 'The action is completed, cancelled or merged: nothing is matched to it.' }),
  topics: Type.Array(Tag, { description: 'The topics it was matched on.' }),
});

export const ItemFits = Type.Object({
  item: Type.Object({ id: Type.Integer(), title: Type.String(), lang: Type.String(), status: Type.String() }),
  actions: Type.Array(
    Type.Object({
      id: Type.Integer(),
      partnership: Type.String(),
      number: Type.Integer(),
      title: Type.String(),
      lang: Type.String(),
      score: Type.Integer(),
      reasons: Type.Array(MatchReason),
    }),
    { description: 'Actions the reader may see that it fits, best first (at most 10).' },
  ),
  organisations: Type.Array(
    Type.Object({ slug: Type.String(), name: Type.String(), score: Type.Integer(), reasons: Type.Array(MatchReason) }),
    { description: 'Organisations it fits, by the public actions they work on, best first (at most 10).' },
  ),
});

export const ActionFundingParams = Type.Object({
  lang: Type.Optional(Type.String()),
  slug: Type.String(SLUG),
  number: Id({ description: 'The action’s number in the plan' }),
});
export const PartnershipFundingParams = Type.Object({ lang: Type.Optional(Type.String()), slug: Type.String(SLUG) });
export const OrganisationFundingParams = PartnershipFundingParams;
export const ItemFitsParams = Type.Object({ lang: Type.Optional(Type.String()), id: Id() });
