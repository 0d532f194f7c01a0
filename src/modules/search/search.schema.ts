import Type from 'typebox';

const slug = (description: string) =>
  Type.String({ pattern: '^(?:[a-z0-9]+(?:-[a-z0-9]+)*)?$', maxLength: 200, description });

/** A facet's values: given once or repeated (`type=post&type=meeting`), an item with any of them. */
const values = (item: ReturnType<typeof Type.String>, description: string) =>
  Type.Optional(
    Type.Array(item, { maxItems: 20, description: `${description}; repeatable (any of them), at most 20` }),
  );

/** The search's query string: the text (any, cut to 200 characters) and the chosen values of each facet. */
export const SearchQuery = Type.Object({
  q: Type.Optional(Type.String({ description: 'The words to find (cut to 200 characters, at most 8 words)' })),
  type: values(Type.String({ pattern: '^(?:[a-z][a-z0-9-]*)?$', maxLength: 40 }), 'A content type (`post`, `lesson`)'),
  partnership: values(slug('A partnership’s slug'), 'A partnership’s slug'),
  tag: values(slug('A tag’s slug'), 'A tag’s slug'),
  lang: values(Type.String({ pattern: '^(?:[a-z]{2})?$' }), 'The language it was written in'),
  year: values(Type.String({ pattern: '^(?:[12][0-9]{3})?$' }), 'The year it was published or happens'),
  page: Type.Optional(
    Type.String({ pattern: '^(?:[1-9]|1[0-9]|2[0-5])?$', description: 'The page of results (20 a page; 1–25)' }),
  ),
});

const Facet = Type.Array(
  Type.Object({
    value: Type.String(),
    count: Type.Integer(),
    exact: Type.Boolean({ description: 'False: counted among the newest 1,000 matches only, so at least `count`' }),
    label: Type.Optional(Type.String()),
  }),
);

/** What a search answers. */
export const SearchAnswer = Type.Object({
  q: Type.String(),
  words: Type.Array(Type.String(), { description: 'The words searched for, as read from `q`' }),
  page: Type.Integer(),
  total: Type.Integer({ description: 'How many visible items match (at least this many when `exact` is false)' }),
  exact: Type.Boolean({
    description:
      'False when more than 1,000 items match: the results are ranked among the newest 1,000 of them, and ' +
      '`total` and the facet counts are counted among those',
  }),
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
