import type { Generated } from 'kysely';
import Type from 'typebox';

export interface TagTable {
  id: Generated<number>;
  slug: string;
  created_at: string;
}

/** A tag's name in one language. */
export interface TagLabelTable {
  tag_id: number;
  lang: string;
  label: string;
}

/** A tag on a piece of content of any module, with what tag pages need to filter and sort it. */
export interface TaggingTable {
  id: Generated<number>;
  tag_id: number;
  subject_type: string;
  subject_id: number;
  partnership_id: number | null;
  /** When the content was (or will be) published; tag pages show only what is published. */
  published_at: string;
  /** Public content only appears on tag pages and feeds. */
  is_public: number | boolean;
  /** Order of the tags on the content, as written. */
  position: number;
}

declare module '../../core/db/types.js' {
  interface Database {
    tags: TagTable;
    tag_labels: TagLabelTable;
    taggings: TaggingTable;
  }
}

export const TAG_SLUG_PATTERN = '^[a-z0-9]+(?:-[a-z0-9]+)*$';
export const LABEL_MAX = 200;

export const TagRef = Type.Object({
  slug: Type.String(),
  label: Type.String(),
  lang: Type.String({ description: 'Language of the label (the reader’s when it exists).' }),
});
export type TagRef = Type.Static<typeof TagRef>;

export const TagList = Type.Object({
  items: Type.Array(TagRef),
  next: Type.Union([Type.String(), Type.Null()], { description: 'Cursor of the next page, or null on the last.' }),
});
export type TagList = Type.Static<typeof TagList>;

export const TaggedItem = Type.Object({
  type: Type.String({ description: 'Content type, e.g. `post`.' }),
  title: Type.String(),
  path: Type.String({ description: 'Its page, after `/{lang}`.' }),
  lang: Type.String(),
  summary: Type.Optional(Type.String()),
  publishedAt: Type.String({ format: 'date-time' }),
});
export type TaggedItem = Type.Static<typeof TaggedItem>;

export const TagDetail = Type.Object({
  ...TagRef.properties,
  labels: Type.Array(Type.Object({ lang: Type.String(), label: Type.String() })),
  items: Type.Array(TaggedItem),
  next: Type.Union([Type.String(), Type.Null()]),
});
export type TagDetail = Type.Static<typeof TagDetail>;

export const TagListQuery = Type.Object({
  after: Type.Optional(Type.String({ maxLength: 100, pattern: TAG_SLUG_PATTERN })),
});
export const TagPageQuery = Type.Object({
  after: Type.Optional(Type.String({ maxLength: 40, pattern: '^[0-9]+\\.[0-9]+$' })),
});
export const TagParams = Type.Object({
  lang: Type.Optional(Type.String()),
  slug: Type.String({ pattern: TAG_SLUG_PATTERN, maxLength: 100 }),
});

export const MergeForm = Type.Object({
  into: Type.String({ minLength: 1, maxLength: 100, pattern: TAG_SLUG_PATTERN }),
});
