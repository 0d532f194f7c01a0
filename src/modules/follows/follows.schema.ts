import type { Generated } from 'kysely';
import Type from 'typebox';
import { Id, Limit } from '../../core/http/validation.js';

/** What one may follow: three things of their own modules (`followables`) and three content types. */
export const FOLLOW_TYPES = ['partnership', 'tag', 'action', 'meeting', 'opportunity', 'person'] as const;
export type FollowType = (typeof FOLLOW_TYPES)[number];

export const isFollowType = (value: unknown): value is FollowType =>
  typeof value === 'string' && (FOLLOW_TYPES as readonly string[]).includes(value);

/** One thing a person follows. */
export interface FollowTable {
  id: Generated<number>;
  user_id: number;
  target_type: FollowType;
  /** The partnership's, tag's, action's, meeting's, opportunity's or person's (user's) id. */
  target_id: number;
  created_at: string;
}

declare module '../../core/db/types.js' {
  interface Database {
    follows: FollowTable;
  }
}

/** A thing as the follows module names it: its type and id. */
export interface FollowRef {
  type: FollowType;
  id: number;
}

export const TypeParam = Type.Union(
  [
    Type.Literal('partnership'),
    Type.Literal('tag'),
    Type.Literal('action'),
    Type.Literal('meeting'),
    Type.Literal('opportunity'),
    Type.Literal('person'),
  ],
  { description: 'What is followed: a partnership, a tag, an action, a meeting, a funding opportunity or a person' },
);

export const FollowParams = Type.Object({
  type: TypeParam,
  id: Id({ description: 'Its id (a person’s is their account’s)' }),
});

export const FollowedJson = Type.Object({
  type: TypeParam,
  id: Type.Integer(),
  title: Type.String({ description: 'Its name, in the reader’s language where there is one' }),
  path: Type.String({ description: 'Its page, after /{lang}' }),
  lang: Type.String({ description: 'The language of the title' }),
  since: Type.String({ format: 'date-time', description: 'Followed since' }),
});
export type FollowedJson = Type.Static<typeof FollowedJson>;

export const FollowedList = Type.Object({
  items: Type.Array(FollowedJson),
  next: Type.Union([Type.String(), Type.Null()], { description: 'The cursor of the next page (`?after=`), if any' }),
});

export const FollowsQuery = Type.Object({
  after: Type.Optional(Type.String({ maxLength: 40, description: 'A cursor this site gave (`next`)' })),
  limit: Type.Optional(Limit(200)),
  done: Type.Optional(Type.String({ maxLength: 20 })),
});

/** The form of a follow button: what, and where to go back to. */
export const FollowForm = Type.Object({
  type: Type.String({ maxLength: 20 }),
  id: Type.String({ maxLength: 20 }),
  back: Type.Optional(Type.String({ maxLength: 2000 })),
  _csrf: Type.Optional(Type.String()),
});
export type FollowForm = Type.Static<typeof FollowForm>;
