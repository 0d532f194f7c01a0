import Type from 'typebox';
import { Id, Line } from '../../core/http/validation.js';
import { REQUEST_STATES } from './support.tables.js';

export const LIMITS = { title: 200, needed: 4_000, description: 4_000, tags: 500, tag: 60, tagsMax: 10 } as const;

const title = () => Line({ minLength: 1, maxLength: LIMITS.title, description: 'One line.' });
const TagList = Type.Array(Line({ minLength: 1, maxLength: LIMITS.tag }), {
  maxItems: LIMITS.tagsMax,
  description: 'Topics, in the request’s language (new ones are added to the tags).',
});

/** A new request as a form sends it (tags comma-separated). */
export const RequestForm = Type.Object({
  organisation: Id({ description: 'The asking organisation: one the caller’s affiliation with is confirmed.' }),
  title: title(),
  needed: Type.String({ minLength: 1, maxLength: LIMITS.needed, description: 'What is needed, in plain text.' }),
  tags: Type.Optional(Line({ maxLength: LIMITS.tags })),
  action: Type.Optional(Id({ description: 'The action it is for (one the caller may see).' })),
});

/** A new request through the API. */
export const RequestWrite = Type.Object(
  {
    organisation: Id({ description: 'The asking organisation: one the caller’s affiliation with is confirmed.' }),
    title: title(),
    needed: Type.String({ minLength: 1, maxLength: LIMITS.needed, description: 'What is needed, in plain text.' }),
    tags: Type.Optional(TagList),
    action: Type.Optional(Id({ description: 'The action it is for (one the caller may see).' })),
    _csrf: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);

export const ContactForm = Type.Object({ organisation: Id({ description: 'The peer organisation to contact.' }) });
export const ContactWrite = Type.Object(
  { organisation: Id({ description: 'The peer organisation to contact.' }), _csrf: Type.Optional(Type.String()) },
  { additionalProperties: false },
);

export const StateForm = Type.Object({
  state: Type.Enum(REQUEST_STATES),
  organisation: Type.Optional(Id({ description: 'The peer that helps (a contacted one), when `matched`.' })),
});
export const StateWrite = Type.Object(
  {
    state: Type.Enum(REQUEST_STATES),
    organisation: Type.Optional(Id({ description: 'The peer that helps (a contacted one), when `matched`.' })),
    _csrf: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);

/** A new offer as a form sends it: no organisation is the person themselves. */
export const OfferForm = Type.Object({
  organisation: Type.Optional(
    Id({ description: 'The offering organisation (the caller’s, confirmed); none: oneself.' }),
  ),
  title: title(),
  description: Type.String({ minLength: 1, maxLength: LIMITS.description }),
  tags: Type.Optional(Line({ maxLength: LIMITS.tags })),
});
export const OfferWrite = Type.Object(
  {
    organisation: Type.Optional(
      Id({ description: 'The offering organisation (the caller’s, confirmed); none: oneself.' }),
    ),
    title: title(),
    description: Type.String({ minLength: 1, maxLength: LIMITS.description }),
    tags: Type.Optional(TagList),
    _csrf: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);

export const IdParams = Type.Object({ lang: Type.String(), id: Id() });
export const ListQuery = Type.Object({
  after: Type.Optional(Id({ description: 'The last id of the previous page.' })),
  done: Type.Optional(Type.String({ maxLength: 20 })),
});
export const NewRequestQuery = Type.Object({
  action: Type.Optional(Id({ description: 'Pre-fills the form from this action’s support needed.' })),
});

const Named = Type.Object({ id: Type.Integer(), slug: Type.String(), name: Type.String(), path: Type.String() });
const Tag = Type.Object({ slug: Type.String(), label: Type.String(), lang: Type.String() });

export const RequestJson = Type.Object({
  id: Type.Integer(),
  title: Type.String(),
  needed: Type.String(),
  state: Type.Enum(REQUEST_STATES),
  lang: Type.String(),
  organisation: Type.Union([Named, Type.Null()]),
  action: Type.Union([Type.Object({ title: Type.String(), path: Type.String(), lang: Type.String() }), Type.Null()]),
  tags: Type.Array(Tag),
  matchedOrganisation: Type.Union([Named, Type.Null()]),
  contacted: Type.Array(Type.Object({ organisation: Named, at: Type.String({ format: 'date-time' }) })),
  createdAt: Type.String({ format: 'date-time' }),
  path: Type.String({ description: 'Its page, after `/{lang}`.' }),
});

export const SuggestionJson = Type.Object({
  organisation: Named,
  score: Type.Integer(),
  reasons: Type.Array(
    Type.Object({
      text: Type.String({ description: 'The reason in words, in the reader’s language.' }),
      points: Type.Integer(),
    }),
  ),
});

export const RequestDetailJson = Type.Object({
  request: RequestJson,
  mayManage: Type.Boolean(),
  suggestions: Type.Array(SuggestionJson, {
    description: 'Peers ranked by evidence, with reasons (for those who manage the request; otherwise empty).',
  }),
});

export const RequestListJson = Type.Object({
  items: Type.Array(RequestJson),
  next: Type.Union([Type.Integer(), Type.Null()], { description: 'The `after` of the next page.' }),
});

export const OfferJson = Type.Object({
  id: Type.Integer(),
  title: Type.String(),
  description: Type.String(),
  lang: Type.String(),
  organisation: Type.Union([Named, Type.Null()]),
  person: Type.Union([Type.Object({ name: Type.String(), path: Type.String() }), Type.Null()]),
  tags: Type.Array(Tag),
  createdAt: Type.String({ format: 'date-time' }),
  path: Type.String(),
});

export const OfferListJson = Type.Object({
  items: Type.Array(OfferJson),
  next: Type.Union([Type.Integer(), Type.Null()]),
});
