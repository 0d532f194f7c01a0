import Type from 'typebox';

const slug = (description: string) =>
  Type.String({ pattern: '^(?:[a-z0-9]+(?:-[a-z0-9]+)*)?$', maxLength: 200, description });

/** The search's query string: the text (any, cut to 200 characters) and one value per facet. */
export const SearchQuery = Type.Object({
  q: Type.Optional(Type.String({ description: 'The words to find (cut to 200 characters, at most 8 words)' })),
  type: Type.Optional(
    Type.String({ pattern: '^(?:[a-z][a-z0-9-]*)?$', maxLength: 40, description: 'A content type (`post`, `lesson`)' }),
  ),
  partnership: Type.Optional(slug('A partnership’s slug')),
  tag: Type.Optional(slug('A tag’s slug')),
  lang: Type.Optional(Type.String({ pattern: '^(?:[a-z]{2})?$', description: 'The language it was written in' })),
  year: Type.Optional(
    Type.String({ pattern: '^(?:[12][0-9]{3})?$', description: 'The year it was published or happens' }),
  ),
  page: Type.Optional(
    Type.String({ pattern: '^(?:[1-9]|[1-4][0-9]|5[01])?$', description: 'The page of results (20 a page; 1–51)' }),
  ),
});

const Facet = Type.Array(
  Type.Object({ value: Type.String(), count: Type.Integer(), label: Type.Optional(Type.String()) }),
);

/** What a search answers. */
export const SearchAnswer = Type.Object({
  q: Type.String(),
  words: Type.Array(Type.String(), { description: 'The words searched for, as read from `q`' }),
  page: Type.Integer(),
  total: Type.Integer({ description: 'How many visible items match' }),
  next: Type.Union([Type.Integer(), Type.Null()], { description: 'The next page, if any' }),
  results: Type.Array(
    Type.Object({
      type: Type.String(),
      title: Type.String(),
      path: Type.String({ description: 'After `/{lang}`' }),
      lang: Type.String(),
      snippet: Type.String({ description: 'HTML: the text escaped, the matching words in `<mark>`' }),
      date: Type.Union([Type.String(), Type.Null()]),
      partnership: Type.Union([Type.Object({ slug: Type.String(), title: Type.String() }), Type.Null()]),
    }),
  ),
  facets: Type.Object({
    type: Facet,
    partnership: Facet,
    tag: Facet,
    lang: Facet,
    year: Facet,
  }),
});
