import type { Generated } from 'kysely';
import Type from 'typebox';
import { Id, MAX_ID } from '../../core/http/validation.js';

export interface CommentTable {
  id: Generated<number>;
  /** The commentable type as its module names it (`post`), and its id. */
  subject_type: string;
  subject_id: number;
  /** The comment this one answers; null for a top-level comment. */
  parent_id: number | null;
  /** The top-level comment of its thread; null for a top-level comment. */
  root_id: number | null;
  /** 0 for top-level, 1 for a reply to it, and so on. */
  depth: number;
  /** Null once the author's account is erased. */
  author_id: number | null;
  body: string;
  /** The language it is taken to be written in: the interface language of the page it was written on. */
  lang: string;
  created_at: string;
  edited_at: string | null;
  deleted_at: string | null;
  hidden_at: string | null;
  /** The moderator; null when hidden automatically after reports. */
  hidden_by: number | null;
  hidden_reason: string | null;
  /** Reports since the last review (a moderator showing it again or dismissing the reports resets it). */
  report_count: Generated<number>;
  /** When a moderator last cleared its reports; the reports before are settled. */
  reviewed_at: string | null;
}

export interface CommentReportTable {
  comment_id: number;
  reporter_id: number;
  reason: string;
  created_at: string;
  /** Counts towards hiding the comment automatically (the reporter was of standing); 0/1 on SQLite. */
  counts: boolean | number;
}

declare module '../../core/db/types.js' {
  interface Database {
    comments: CommentTable;
    comment_reports: CommentReportTable;
  }
}

export const BODY_MAX = 5000;
export const REASON_MAX = 500;

const Body = Type.String({
  minLength: 1,
  maxLength: BODY_MAX,
  description: 'Plain text; blank lines separate paragraphs.',
});

/** The comment form (HTML), and the body of `POST /api/v1/comments`. */
export const NewCommentForm = Type.Object({
  type: Type.String({
    minLength: 1,
    maxLength: 40,
    pattern: '^[a-z][a-z0-9-]*$',
    description: 'The commentable type, e.g. `post`.',
  }),
  id: Id(),
  parent: Type.Optional(Id({ description: 'The comment this one answers.' })),
  body: Body,
});
export type NewCommentForm = Type.Static<typeof NewCommentForm>;

export const EditForm = Type.Object({ body: Body });
export const ReasonForm = Type.Object({ reason: Type.String({ minLength: 1, maxLength: REASON_MAX }) });

export const CommentIdParams = Type.Object({
  lang: Type.Optional(Type.String()),
  id: Id(),
});
export const ApiCommentParams = Type.Object({
  id: Id({ description: 'The comment' }),
});

export const ThreadQuery = Type.Object({
  type: Type.String({ minLength: 1, maxLength: 40, pattern: '^[a-z][a-z0-9-]*$' }),
  id: Id(),
  after: Type.Optional(
    Type.Integer({
      minimum: 0,
      maximum: MAX_ID,
      description: 'Cursor: the id of the last top-level comment of the previous page (`next` of that page).',
    }),
  ),
  before: Type.Optional(
    Id({
      description:
        'Cursor backwards: the id of the first top-level comment of the following page (`previous` of that page).',
    }),
  ),
});
export const PostThreadParams = Type.Object({ id: Id() });
export const PostThreadQuery = Type.Object({
  after: ThreadQuery.properties.after,
  before: ThreadQuery.properties.before,
});

const Nullable = <T extends Type.TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

/** A comment as the API shows it: deleted and hidden ones keep their place, without text. */
export const CommentJson = Type.Object({
  id: Type.Integer(),
  parentId: Nullable(Type.Integer()),
  depth: Type.Integer(),
  state: Type.Union([Type.Literal('visible'), Type.Literal('deleted'), Type.Literal('hidden')]),
  author: Nullable(Type.Object({ handle: Nullable(Type.String()), displayName: Type.String() })),
  body: Nullable(Type.String()),
  lang: Type.String({
    description: 'The language of the text, as far as known (the interface language it was written in).',
  }),
  createdAt: Type.String({ format: 'date-time' }),
  editedAt: Nullable(Type.String({ format: 'date-time' })),
});
export type CommentJson = Type.Static<typeof CommentJson>;

export const ThreadJson = Type.Object({
  type: Type.String(),
  id: Type.Integer(),
  total: Type.Integer({ description: 'Comments of every depth, placeholders included.' }),
  items: Type.Array(
    Type.Object({
      ...CommentJson.properties,
      replies: Type.Array(CommentJson, {
        description: 'Every reply under this top-level comment, in order (parentId tells the tree).',
      }),
    }),
  ),
  next: Nullable(Type.Integer({ description: 'Cursor of the next page of top-level comments (`after=`), or null.' })),
  previous: Nullable(
    Type.Integer({
      description: 'Cursor of the previous page of top-level comments (`before=`), or null on the first page.',
    }),
  ),
});
export type ThreadJson = Type.Static<typeof ThreadJson>;

/** `?before=<id>` pages the moderation queue (newest first). */
export const ReportedQuery = Type.Object({
  before: Type.Optional(Id({ description: 'Cursor: `next` of the previous page.' })),
});

/**
 * A comment in the moderation queue: text and author included (moderators judge them), with its target
 * and open reports.
 */
export const ReportedCommentJson = Type.Object({
  id: Type.Integer(),
  parentId: Nullable(Type.Integer()),
  state: Type.Union([Type.Literal('visible'), Type.Literal('hidden')]),
  author: Nullable(Type.Object({ handle: Nullable(Type.String()), displayName: Type.String() })),
  body: Type.String(),
  lang: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
  editedAt: Nullable(Type.String({ format: 'date-time' })),
  target: Type.Object({
    type: Type.String(),
    id: Type.Integer(),
    title: Type.String(),
    lang: Type.String(),
    path: Type.String({ description: 'Its page, after `/{lang}`.' }),
  }),
  inContext: Type.String({
    description:
      'The comment in its thread, after `/{lang}` (the whole branch, so that it is on the page even in a long thread).',
  }),
  reports: Type.Integer({ description: 'Reports since a moderator last cleared them.' }),
  reasons: Type.Array(Type.String(), {
    description: 'The reasons of those reports, newest first (reporters are not named).',
  }),
  hidden: Nullable(
    Type.Object({
      at: Type.String({ format: 'date-time' }),
      byModerator: Type.Boolean({ description: 'False: hidden automatically at the configured number of reports.' }),
      reason: Nullable(Type.String()),
    }),
  ),
});
export type ReportedCommentJson = Type.Static<typeof ReportedCommentJson>;

export const ReportedCommentsJson = Type.Object({
  items: Type.Array(ReportedCommentJson),
  next: Nullable(Type.Integer({ description: 'Cursor of the next (older) page (`before=`), or null.' })),
});
export type ReportedCommentsJson = Type.Static<typeof ReportedCommentsJson>;

export const ModerationOutcome = Type.Union([
  Type.Literal('hidden'),
  Type.Literal('unhidden'),
  Type.Literal('dismissed'),
]);
/** What a moderator's API call did, and the comment as the thread now shows it. */
export const ModerationResultJson = Type.Object({
  outcome: ModerationOutcome,
  comment: CommentJson,
});
export type ModerationResultJson = Type.Static<typeof ModerationResultJson>;
