import {
  sql,
  type Expression,
  type ExpressionBuilder,
  type Kysely,
  type Selectable,
  type SqlBool,
  type UpdateQueryBuilder,
  type UpdateResult,
} from 'kysely';
import { fromFlag, nowIso, toFlag } from '../../core/db/dialect.js';
import type { TimeCursor } from '../../core/http/cursors.js';
import type { Database } from '../../core/db/types.js';
import type { ContentAudience } from '../../core/module.js';
import { preparedQuery } from '../../core/db/prepared.js';
import type { NewsAttachmentTable, NewsPostTable, PostStatus } from './news.schema.js';

type Db = Kysely<Database>;

export type PostRow = Selectable<NewsPostTable>;

/** Where a page of posts newest first ends: the last post's time and id. */
export type PostCursor = TimeCursor;

export interface Post {
  id: number;
  partnershipId: number;
  slug: string;
  authorId: number | null;
  originalLang: string;
  title: string;
  summary: string;
  body: string;
  status: PostStatus;
  membersOnly: boolean;
  publishedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

/** A stored time as ISO-8601 UTC: as it is when it is already in that form (SQLite, pg's parser), else converted. */
const ISO_UTC = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
const iso = (value: string | null) =>
  value === null ? null : ISO_UTC.test(value) ? value : new Date(value).toISOString();

export const toPost = (row: PostRow): Post => ({
  id: row.id,
  partnershipId: row.partnership_id,
  slug: row.slug,
  authorId: row.author_id,
  originalLang: row.original_lang,
  title: row.title,
  summary: row.summary,
  body: row.body,
  status: row.status,
  membersOnly: fromFlag(row.members_only),
  publishedAt: iso(row.published_at),
  createdAt: iso(row.created_at) ?? row.created_at,
  updatedAt: iso(row.updated_at) ?? row.updated_at,
});

// Asked on every request for a post (whether it exists and who may see it is never taken from
// a cache: several nodes serve one site): compiled once, one indexed read.
const postBySlug = preparedQuery((db: Db, partnershipId: number, slug: string) =>
  db.selectFrom('news_posts').selectAll().where('partnership_id', '=', partnershipId).where('slug', '=', slug),
);
const postById = preparedQuery((db: Db, id: number) => db.selectFrom('news_posts').selectAll().where('id', '=', id));

/** A post without its text: what deciding who may see it, and finding its shared parts, needs. */
export type PostHead = Omit<Post, 'summary' | 'body'>;

const HEAD_COLUMNS = [
  'id',
  'partnership_id',
  'slug',
  'author_id',
  'original_lang',
  'title',
  'status',
  'members_only',
  'published_at',
  'created_at',
  'updated_at',
] as const;
const postHeadBySlug = preparedQuery((db: Db, partnershipId: number, slug: string) =>
  db.selectFrom('news_posts').select(HEAD_COLUMNS).where('partnership_id', '=', partnershipId).where('slug', '=', slug),
);

const postHeadById = preparedQuery((db: Db, id: number) =>
  db.selectFrom('news_posts').select(HEAD_COLUMNS).where('id', '=', id),
);

const toHead = (row: Omit<PostRow, 'summary' | 'body'> | undefined): PostHead | null => {
  if (!row) return null;
  const { summary: _summary, body: _body, ...head } = toPost({ ...row, summary: '', body: '' });
  return head;
};

/** A post's head, read fresh on every request (its text comes from the shared reads). */
export async function findPostHeadBySlug(db: Db, partnershipId: number, slug: string): Promise<PostHead | null> {
  return toHead((await postHeadBySlug(db, partnershipId, slug))[0]);
}

/** A post's head by its id, read fresh (a comment's target). */
export async function findPostHeadById(db: Db, id: number): Promise<PostHead | null> {
  return toHead((await postHeadById(db, id))[0]);
}

/** A post as stored, read fresh: the post page and every action on a post decide from this. */
export async function findPostBySlug(db: Db, partnershipId: number, slug: string): Promise<Post | null> {
  const [row] = await postBySlug(db, partnershipId, slug);
  return row ? toPost(row) : null;
}

/** A post as stored, read fresh (a comment's target, an API call by id). */
export async function findPostById(db: Db, id: number): Promise<Post | null> {
  const [row] = await postById(db, id);
  return row ? toPost(row) : null;
}

export async function findPostsByIds(db: Db, ids: number[]): Promise<Post[]> {
  if (ids.length === 0) return [];
  return (await db.selectFrom('news_posts').selectAll().where('id', 'in', ids).execute()).map(toPost);
}

export async function slugTaken(db: Db, partnershipId: number, slug: string): Promise<boolean> {
  return (
    (await db
      .selectFrom('news_posts')
      .select('id')
      .where('partnership_id', '=', partnershipId)
      .where('slug', '=', slug)
      .executeTakeFirst()) !== undefined
  );
}

/**
 * `maySee` (news.policy.ts) as a filter of a query of `news_posts`: the posts this audience
 * sees at `now`. Every list of posts applies it, here and in other modules (`visiblePostIds`).
 */
export function visiblePosts(audience: ContentAudience, now: Date) {
  const at = now.toISOString();
  return (eb: ExpressionBuilder<Database, 'news_posts'>): Expression<SqlBool> => {
    const among = (ids: readonly number[] | 'all'): Expression<SqlBool> =>
      ids === 'all'
        ? sql<SqlBool>`1 = 1`
        : ids.length > 0
          ? eb('news_posts.partnership_id', 'in', [...ids])
          : sql<SqlBool>`1 = 0`;
    const out = eb.and([eb('news_posts.status', '=', 'published'), eb('news_posts.published_at', '<=', at)]);
    const notOut = eb.or([
      eb('news_posts.status', '=', 'draft'),
      eb('news_posts.published_at', 'is', null),
      eb('news_posts.published_at', '>', at),
    ]);
    const own = audience.userId !== null ? [eb('news_posts.author_id', '=', audience.userId)] : [];
    return eb.or([
      eb.and([out, eb.or([eb('news_posts.members_only', '=', toFlag(false) as never), among(audience.membersOf)])]),
      eb.and([notOut, eb.or([...own, among(audience.editorOf)])]),
    ]);
  };
}

/** The ids of the posts this audience sees at `now`, as a subquery for other modules' lists (tags, activity). */
export const visiblePostIds = (db: Db, audience: ContentAudience, now: Date): Expression<number> =>
  db.selectFrom('news_posts').select('news_posts.id').where(visiblePosts(audience, now)).$asScalar();

/**
 * Posts that are out and this audience sees, newest first (keyset on time and id): of one
 * partnership or of all.
 */
export async function listOut(
  db: Db,
  filter: { partnershipId?: number; audience: ContentAudience; now?: Date },
  limit: number,
  after?: PostCursor,
): Promise<{ items: Post[]; next: PostCursor | null }> {
  const now = filter.now ?? new Date();
  let query = db
    .selectFrom('news_posts')
    .selectAll()
    .where('status', '=', 'published')
    .where('published_at', '<=', now.toISOString())
    .where(visiblePosts(filter.audience, now))
    .orderBy('published_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit + 1);
  if (filter.partnershipId !== undefined) query = query.where('partnership_id', '=', filter.partnershipId);
  if (after) {
    const at = new Date(after.at).toISOString();
    query = query.where((eb) =>
      eb.or([eb('published_at', '<', at), eb.and([eb('published_at', '=', at), eb('id', '<', after.id)])]),
    );
  }
  const rows = (await query.execute()).map(toPost);
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return {
    items,
    next: rows.length > limit && last?.publishedAt ? { at: Date.parse(last.publishedAt), id: last.id } : null,
  };
}

/** Drafts and scheduled posts of a partnership that this audience sees (all of them, or one author's). */
export async function listUnpublished(
  db: Db,
  partnershipId: number,
  audience: ContentAudience,
  limit: number,
  now = new Date(),
): Promise<Post[]> {
  return (
    await db
      .selectFrom('news_posts')
      .selectAll()
      .where('partnership_id', '=', partnershipId)
      .where((eb) => eb.or([eb('status', '=', 'draft'), eb('published_at', '>', now.toISOString())]))
      .where(visiblePosts(audience, now))
      .orderBy('updated_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute()
  ).map(toPost);
}

/** The row of a new post (`insertPost`, `insertPostIfSlugFree`). */
type NewPost = Parameters<typeof insertPost>[1];

const newPostRow = (post: NewPost) => {
  const now = post.now ?? nowIso();
  return {
    partnership_id: post.partnershipId,
    slug: post.slug,
    author_id: post.authorId,
    original_lang: post.originalLang,
    title: post.title,
    summary: post.summary,
    body: post.body,
    status: post.status,
    members_only: toFlag(post.membersOnly),
    published_at: post.publishedAt,
    created_at: now,
    updated_at: now,
  };
};

/**
 * Inserts a post unless its slug is taken in the partnership (by a post written at the same
 * moment: `on conflict do nothing` on `news_posts_slug`, no duplicate-key error); null then.
 */
export async function insertPostIfSlugFree(db: Db, post: NewPost): Promise<number | null> {
  const row = await db
    .insertInto('news_posts')
    .values(newPostRow(post))
    .onConflict((oc) => oc.columns(['partnership_id', 'slug']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id ?? null;
}

export async function insertPost(
  db: Db,
  post: {
    partnershipId: number;
    slug: string;
    authorId: number;
    originalLang: string;
    title: string;
    summary: string;
    body: string;
    status: PostStatus;
    membersOnly: boolean;
    publishedAt: string | null;
    now?: string;
  },
): Promise<number> {
  const row = await db.insertInto('news_posts').values(newPostRow(post)).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function updatePost(
  db: Db,
  id: number,
  changes: { originalLang: string; title: string; summary: string; body: string; membersOnly: boolean },
): Promise<void> {
  await db
    .updateTable('news_posts')
    .set({
      original_lang: changes.originalLang,
      title: changes.title,
      summary: changes.summary,
      body: changes.body,
      members_only: toFlag(changes.membersOnly),
      updated_at: nowIso(),
    })
    .where('id', '=', id)
    .execute();
}

/** Deletes a post; its translations and attachment records go with it (foreign keys). */
/** Deletes a post's row: true when this call deleted it (of deletions at the same moment, one does). */
export async function deletePostRow(db: Db, id: number): Promise<boolean> {
  const result = await db.deleteFrom('news_posts').where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}

/**
 * Publishes a post at `publishedAt`, while it is as read (`from`): a draft while it is a draft,
 * a scheduled post while it is not out yet and still at the time read. True when this call
 * changed it, so that of the same publication sent several times at once one is made (and
 * announced in the activity stream, and recorded in the audit log).
 */
export async function markPublished(
  db: Db,
  id: number,
  publishedAt: string,
  from: Pick<Post, 'status' | 'publishedAt'>,
): Promise<boolean> {
  let query = db
    .updateTable('news_posts')
    .set({ status: 'published', published_at: publishedAt, updated_at: nowIso() })
    .where('id', '=', id);
  query = from.status === 'draft' ? query.where('status', '=', 'draft') : whileScheduledAsRead(query, from);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** A scheduled post, as read, back to a draft; true when this call changed it (not out yet, still at the time read). */
export async function markUnscheduled(db: Db, post: Pick<Post, 'id' | 'status' | 'publishedAt'>): Promise<boolean> {
  if (post.status !== 'published' || post.publishedAt === null) return false;
  const query = db
    .updateTable('news_posts')
    .set({ status: 'draft', published_at: null, updated_at: nowIso() })
    .where('id', '=', post.id);
  const result = await whileScheduledAsRead(query, post).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** An update of a scheduled post that holds only while it is scheduled, at the time it was read at, and not out. */
const whileScheduledAsRead = <Q extends UpdateQueryBuilder<Database, 'news_posts', 'news_posts', UpdateResult>>(
  query: Q,
  from: Pick<Post, 'publishedAt'>,
): Q =>
  query
    .where('status', '=', 'published')
    .where('published_at', '>', nowIso())
    .where('published_at', '=', from.publishedAt ?? '') as Q;

export async function translationsOf(db: Db, postIds: number[]) {
  if (postIds.length === 0) return [];
  return db.selectFrom('news_post_translations').selectAll().where('post_id', 'in', postIds).execute();
}

export async function putTranslation(
  db: Db,
  postId: number,
  t: { lang: string; title: string; summary: string; body: string },
): Promise<void> {
  await db.deleteFrom('news_post_translations').where('post_id', '=', postId).where('lang', '=', t.lang).execute();
  await db
    .insertInto('news_post_translations')
    .values({ post_id: postId, lang: t.lang, title: t.title, summary: t.summary, body: t.body })
    .execute();
}

export async function postsByAuthor(db: Db, userId: number) {
  return db
    .selectFrom('news_posts')
    .select(['id', 'slug', 'title', 'status', 'published_at', 'created_at'])
    .where('author_id', '=', userId)
    .orderBy('id')
    .execute();
}

export async function forgetAuthor(db: Db, userId: number): Promise<void> {
  await db.updateTable('news_posts').set({ author_id: null }).where('author_id', '=', userId).execute();
}

// Attachments

export type AttachmentRow = Selectable<NewsAttachmentTable>;

/** A post's attachments, oldest first. */
export async function attachmentsOf(db: Db, postId: number): Promise<AttachmentRow[]> {
  return db.selectFrom('news_attachments').selectAll().where('post_id', '=', postId).orderBy('id').execute();
}

/** The attachments of several posts, oldest first (one query, for a feed). */
export async function attachmentsOfPosts(db: Db, postIds: readonly number[]): Promise<AttachmentRow[]> {
  if (postIds.length === 0) return [];
  return db
    .selectFrom('news_attachments')
    .selectAll()
    .where('post_id', 'in', [...postIds])
    .orderBy('post_id')
    .orderBy('id')
    .execute();
}

export async function findAttachment(db: Db, postId: number, id: number): Promise<AttachmentRow | null> {
  return (
    (await db
      .selectFrom('news_attachments')
      .selectAll()
      .where('post_id', '=', postId)
      .where('id', '=', id)
      .executeTakeFirst()) ?? null
  );
}

export async function countAttachments(db: Db, postId: number): Promise<number> {
  const row = await db
    .selectFrom('news_attachments')
    .select(({ fn }) => fn.countAll<number>().as('n'))
    .where('post_id', '=', postId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function insertAttachment(
  db: Db,
  a: {
    postId: number;
    name: string;
    storageKey: string;
    mediaType: string;
    size: number;
    sha256: string;
    uploadedBy: number;
    description: string;
  },
): Promise<AttachmentRow> {
  return db
    .insertInto('news_attachments')
    .values({
      post_id: a.postId,
      name: a.name,
      storage_key: a.storageKey,
      media_type: a.mediaType,
      size: a.size,
      sha256: a.sha256,
      uploaded_by: a.uploadedBy,
      description: a.description,
      created_at: nowIso(),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function deleteAttachment(db: Db, id: number): Promise<void> {
  await db.deleteFrom('news_attachments').where('id', '=', id).execute();
}

export async function attachmentsByUploader(db: Db, userId: number) {
  return db
    .selectFrom('news_attachments')
    .select(['id', 'post_id', 'name', 'media_type', 'size', 'description', 'created_at'])
    .where('uploaded_by', '=', userId)
    .orderBy('id')
    .execute();
}

export async function forgetUploader(db: Db, userId: number): Promise<void> {
  await db.updateTable('news_attachments').set({ uploaded_by: null }).where('uploaded_by', '=', userId).execute();
}
