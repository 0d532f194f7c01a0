import type { Generated } from 'kysely';
import Type from 'typebox';
import { Id, Line } from '../../core/http/validation.js';

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

/** A file attached to a post (an image or a document); the bytes are in the uploads folder under `storage_key`. */
export interface NewsAttachmentTable {
  id: Generated<number>;
  post_id: number;
  /** As uploaded, cleaned (`cleanFileName`): for showing only. */
  name: string;
  storage_key: string;
  /** Decided from the content (`sniffFile`). */
  media_type: string;
  size: number;
  sha256: string;
  uploaded_by: number | null;
  /** An image's alternative text, or what a document is; empty when none was given. */
  description: string;
  created_at: string;
}

declare module '../../core/db/types.js' {
  interface Database {
    news_posts: NewsPostTable;
    news_post_translations: NewsPostTranslationTable;
    news_attachments: NewsAttachmentTable;
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
  lang: Type.String({
    description: 'Language of title, summary and body as given (the reader’s, or the original when untranslated).',
  }),
  originalLang: Type.String(),
  author: Type.Union([Type.Object({ handle: Type.String(), displayName: Type.String() }), Type.Null()]),
  status: Type.Union([Type.Literal('draft'), Type.Literal('scheduled'), Type.Literal('published')], {
    description:
      '`draft`: not published; `scheduled`: comes out by itself at `publishedAt` (in the future); ' +
      '`published`: out since `publishedAt`.',
  }),
  membersOnly: Type.Boolean(),
  publishedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  tags: Type.Array(TagRef),
});
export type PostSummary = Type.Static<typeof PostSummary>;

export const Attachment = Type.Object({
  id: Type.Integer(),
  name: Type.String({ description: 'The file name as uploaded (without any path or control characters).' }),
  type: Type.String({ description: 'The media type, from the file’s content.' }),
  size: Type.Integer({ description: 'Bytes.' }),
  description: Type.String({ description: 'An image’s alternative text, or what a document is; may be empty.' }),
  url: Type.String({ description: 'Where to download it (with the same token, for members-only posts).' }),
});
export type Attachment = Type.Static<typeof Attachment>;

export const PostDetail = Type.Object({
  ...PostSummary.properties,
  body: Type.String({ description: 'Markdown source.' }),
  html: Type.String({ description: 'The body rendered and sanitised.' }),
  languages: Type.Array(Type.String(), { description: 'Languages this post can be read in.' }),
  attachments: Type.Array(Attachment, { description: 'Images and documents attached to the post, oldest first.' }),
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
export const PartnershipParams = Type.Object({
  lang: Type.Optional(Type.String()),
  slug: Type.String({ pattern: POST_SLUG_PATTERN, maxLength: 100 }),
});
export const PostParams = Type.Object({
  lang: Type.Optional(Type.String()),
  slug: Type.String({ pattern: POST_SLUG_PATTERN, maxLength: 100 }),
  post: Type.String({ pattern: POST_SLUG_PATTERN, maxLength: 120 }),
});
export const PostQuery = Type.Object({ view: Type.Optional(Type.String({ maxLength: 10 })) });

/** The form (and the API body) for writing a post. */
export const PostForm = Type.Object({
  title: Line({ minLength: 1, maxLength: LIMITS.title }),
  summary: Type.Optional(Type.String({ maxLength: LIMITS.summary })),
  body: Type.String({ minLength: 1, maxLength: LIMITS.body }),
  tags: Type.Optional(Line({ maxLength: LIMITS.tags })),
  lang: Type.String({ minLength: 2, maxLength: 3, pattern: '^[a-z]{2,3}$' }),
  members_only: Type.Optional(Type.String({ maxLength: 5 })),
});
export type PostFormValue = Type.Static<typeof PostForm>;

/** Publishing (the form, and the API's body): now, or at a time (a later one schedules the post). */
export const PublishForm = Type.Object({
  publish_at: Type.Optional(
    Type.String({
      maxLength: 30,
      description:
        'When to publish: `2019-03-12T16:39` (the platform’s time zone) or with an offset; ' +
        'absent or empty: now. A later time schedules the post.',
    }),
  ),
  schedule: Type.Optional(
    Type.String({ maxLength: 5, description: 'Sent by the “Schedule” form: then `publish_at` is required.' }),
  ),
});

/** A translation written by a person: its language, and the text in it. */
export const TranslationForm = Type.Object({
  lang: Type.String({ minLength: 2, maxLength: 3, pattern: '^[a-z]{2,3}$' }),
  title: Line({ minLength: 1, maxLength: LIMITS.title }),
  summary: Type.Optional(Type.String({ maxLength: LIMITS.summary })),
  body: Type.String({ minLength: 1, maxLength: LIMITS.body }),
});
export type TranslationFormValue = Type.Static<typeof TranslationForm>;
export const TranslateQuery = Type.Object({ to: Type.Optional(Type.String({ maxLength: 3 })) });

/** A download: the attachment's id, then its name (for the reader's browser; the id finds the file). */
export const AttachmentFileParams = Type.Object({
  ...PostParams.properties,
  id: Id(),
  filename: Type.String({ pattern: '^[A-Za-z0-9._-]{1,120}$' }),
});
export const AttachmentParams = Type.Object({
  ...PostParams.properties,
  id: Id({ description: 'The attachment' }),
});

export const ATTACHMENT_LIMITS = { description: 500, perPost: 20 } as const;

/** The fields sent with a file. */
export const AttachmentForm = Type.Object({
  description: Type.Optional(Type.String({ maxLength: ATTACHMENT_LIMITS.description })),
});

/** The multipart body of the API's upload, as documented (the route checks the file itself). */
export const AttachmentUpload = Type.Object({
  file: Type.Optional(
    Type.Unsafe<unknown>({
      contentMediaType: 'application/octet-stream',
      description:
        'The file: an image (PNG, JPEG, GIF, WebP), PDF, Word, Excel, PowerPoint, OpenDocument, text or CSV.',
    }),
  ),
  description: Type.Optional(
    Type.String({
      description:
        'An image’s alternative text, or what a document is; ' + `at most ${ATTACHMENT_LIMITS.description} characters.`,
    }),
  ),
});
