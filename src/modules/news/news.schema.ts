import type { Generated } from 'kysely';
import Type from 'typebox';

export const POST_STATUSES = ['draft', 'published'] as const;
export type PostStatus = (typeof POST_STATUSES)[number];

/** A news post of a partnership, as first written. "Scheduled" is published with a future time. */
export interface NewsPostTable {
  id: Generated<number>;
  partnership_id: number;
  /** Readable, unique within the partnership. */
  slug: string;
  /** Null once the author's account is deleted. */
  author_id: number | null;
  original_lang: string;
  title: string;
  summary: string;
  /** Markdown. */
  body: string;
  status: PostStatus;
  members_only: number | boolean;
  published_at: string | null;
  created_at: string;
  updated_at: string;
}

/** A post's text in another language, written by a person. */
export interface NewsPostTranslationTable {
  post_id: number;
  lang: string;
  title: string;
  summary: string;
  body: string;
}

declare module '../../core/db/types.js' {
  interface Database {
    news_posts: NewsPostTable;
    news_post_translations: NewsPostTranslationTable;
  }
}

export const POST_SLUG_PATTERN = '^[a-z0-9]+(?:-[a-z0-9]+)*$';
export const LIMITS = { title: 200, summary: 600, body: 50_000, tags: 2_000 } as const;

const TagRef = Type.Object({ slug: Type.String(), label: Type.String(), lang: Type.String() });

export const PostSummary = Type.Object({
  slug: Type.String(),
  partnership: Type.String({ description: 'Slug of the partnership.' }),
  title: Type.String(),
  summary: Type.String(),
  lang: Type.String({ description: 'Language of title, summary and body as given (the reader’s, or the original when untranslated).' }),
  originalLang: Type.String(),
  author: Type.Union([Type.Object({ handle: Type.String(), displayName: Type.String() }), Type.Null()]),
  status: Type.Union([Type.Literal('draft'), Type.Literal('scheduled'), Type.Literal('published')]),
  membersOnly: Type.Boolean(),
  publishedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  tags: Type.Array(TagRef),
});
export type PostSummary = Type.Static<typeof PostSummary>;

export const PostDetail = Type.Object({
  ...PostSummary.properties,
  body: Type.String({ description: 'Markdown source.' }),
  html: Type.String({ description: 'The body rendered and sanitised.' }),
  languages: Type.Array(Type.String(), { description: 'Languages this post can be read in.' }),
});
export type PostDetail = Type.Static<typeof PostDetail>;

export const PostPage = Type.Object({
  items: Type.Array(PostSummary),
  next: Type.Union([Type.String(), Type.Null()], { description: 'Cursor of the next page, or null on the last.' }),
});
export type PostPage = Type.Static<typeof PostPage>;

export const ListQuery = Type.Object({
  after: Type.Optional(Type.String({ maxLength: 40, pattern: '^[0-9]+\\.[0-9]+$' })),
});
export const PartnershipParams = Type.Object({ lang: Type.Optional(Type.String()), slug: Type.String({ pattern: POST_SLUG_PATTERN, maxLength: 100 }) });
export const PostParams = Type.Object({
  lang: Type.Optional(Type.String()),
  slug: Type.String({ pattern: POST_SLUG_PATTERN, maxLength: 100 }),
  post: Type.String({ pattern: POST_SLUG_PATTERN, maxLength: 120 }),
});
export const PostQuery = Type.Object({ view: Type.Optional(Type.String({ maxLength: 10 })) });

/** The form (and the API body) for writing a post. */
export const PostForm = Type.Object({
  title: Type.String({ minLength: 1, maxLength: LIMITS.title }),
  summary: Type.Optional(Type.String({ maxLength: LIMITS.summary })),
  body: Type.String({ minLength: 1, maxLength: LIMITS.body }),
  tags: Type.Optional(Type.String({ maxLength: LIMITS.tags })),
  lang: Type.String({ minLength: 2, maxLength: 3, pattern: '^[a-z]{2,3}$' }),
  members_only: Type.Optional(Type.String({ maxLength: 5 })),
});
export type PostFormValue = Type.Static<typeof PostForm>;

export const PublishForm = Type.Object({
  publish_at: Type.Optional(Type.String({ maxLength: 30 })),
});

/** A translation written by a person: its language, and the text in it. */
export const TranslationForm = Type.Object({
  lang: Type.String({ minLength: 2, maxLength: 3, pattern: '^[a-z]{2,3}$' }),
  title: Type.String({ minLength: 1, maxLength: LIMITS.title }),
  summary: Type.Optional(Type.String({ maxLength: LIMITS.summary })),
  body: Type.String({ minLength: 1, maxLength: LIMITS.body }),
});
export type TranslationFormValue = Type.Static<typeof TranslationForm>;
export const TranslateQuery = Type.Object({ to: Type.Optional(Type.String({ maxLength: 3 })) });
