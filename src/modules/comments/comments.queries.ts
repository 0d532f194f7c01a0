import { sql, type Kysely, type Selectable } from 'kysely';
import { markForIndex } from '../../core/search/search-index.js';
import { toFlag } from '../../core/db/dialect.js';
import { preparedQuery } from '../../core/db/prepared.js';
import type { Database } from '../../core/db/types.js';
import type { CommentTable } from './comments.schema.js';

export type CommentRow = Selectable<CommentTable>;
type Db = Kysely<Database>;

export async function findComment(db: Db, id: number): Promise<CommentRow | null> {
  return (await db.selectFrom('comments').selectAll().where('id', '=', id).executeTakeFirst()) ?? null;
}

/** The top-level comments of a subject (the index `(subject_type, subject_id, depth, id)` serves every use). */
const topLevel = (db: Db, type: string, id: number) =>
  db.selectFrom('comments').where('subject_type', '=', type).where('subject_id', '=', id).where('depth', '=', 0);

/**
 * One page of top-level comments of a subject, oldest first, after the cursor; one more than asked
 * tells whether there is a next page.
 */
export async function topLevelPage(
  db: Db,
  type: string,
  id: number,
  after: number,
  limit: number,
): Promise<CommentRow[]> {
  return topLevel(db, type, id).selectAll().where('id', '>', after).orderBy('id').limit(limit).execute();
}

/** The top-level comments of a subject just before the cursor, newest first (paging backwards). */
export async function topLevelBefore(
  db: Db,
  type: string,
  id: number,
  before: number,
  limit: number,
): Promise<CommentRow[]> {
  return topLevel(db, type, id).selectAll().where('id', '<', before).orderBy('id', 'desc').limit(limit).execute();
}

/** How many top-level comments come before the cursor, counting no further than `limit` (an index-only read). */
export async function countTopLevelBefore(
  db: Db,
  type: string,
  id: number,
  before: number,
  limit: number,
): Promise<number> {
  const rows = await topLevel(db, type, id)
    .select('id')
    .where('id', '<', before)
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.length;
}

/** Whether any top-level comment of the subject comes after the cursor. */
export async function hasTopLevelAfter(db: Db, type: string, id: number, after: number): Promise<boolean> {
  const row = await topLevel(db, type, id)
    .select('id')
    .where('id', '>', after)
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** Every reply under the given top-level comments, in order. */
export async function repliesUnder(db: Db, rootIds: readonly number[]): Promise<CommentRow[]> {
  if (rootIds.length === 0) return [];
  return db
    .selectFrom('comments')
    .selectAll()
    .where('root_id', 'in', [...rootIds])
    .orderBy('root_id')
    .orderBy('id')
    .execute();
}

/**
 * The first `perRoot` replies under each of the given top-level comments, and how many
 * replies each has: one query, so a thread of a thousand replies costs no more to show
 * folded than one of five.
 */
export async function firstRepliesUnder(
  db: Db,
  rootIds: readonly number[],
  perRoot: number,
): Promise<{ rows: CommentRow[]; counts: Map<number, number> }> {
  if (rootIds.length === 0) return { rows: [], counts: new Map() };
  const ranked = db
    .selectFrom('comments')
    .selectAll()
    .select([
      sql<number>`row_number() over (partition by root_id order by id)`.as('rn'),
      sql<number>`count(*) over (partition by root_id)`.as('n'),
    ])
    .where('root_id', 'in', [...rootIds]);
  const found = await db
    .selectFrom(ranked.as('r'))
    .selectAll()
    .where('rn', '<=', perRoot)
    .orderBy('root_id')
    .orderBy('id')
    .execute();
  const counts = new Map<number, number>();
  const rows = found.map(({ rn: _rn, n, ...row }) => {
    if (row.root_id !== null) counts.set(row.root_id, Number(n));
    return row as CommentRow;
  });
  return { rows, counts };
}

export async function countComments(db: Db, type: string, id: number): Promise<number> {
  const row = await db
    .selectFrom('comments')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('subject_type', '=', type)
    .where('subject_id', '=', id)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

export async function insertComment(
  db: Db,
  values: {
    subjectType: string;
    subjectId: number;
    parent: CommentRow | null;
    authorId: number;
    body: string;
    lang: string;
    createdAt: string;
  },
): Promise<number> {
  const row = await db
    .insertInto('comments')
    .values({
      subject_type: values.subjectType,
      subject_id: values.subjectId,
      parent_id: values.parent?.id ?? null,
      root_id: values.parent ? (values.parent.root_id ?? values.parent.id) : null,
      depth: values.parent ? values.parent.depth + 1 : 0,
      author_id: values.authorId,
      body: values.body,
      lang: values.lang,
      created_at: values.createdAt,
      edited_at: null,
      deleted_at: null,
      hidden_at: null,
      hidden_by: null,
      hidden_reason: null,
      report_count: 0,
      reviewed_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updateBody(db: Db, id: number, body: string, at: string): Promise<void> {
  await db.updateTable('comments').set({ body, edited_at: at }).where('id', '=', id).execute();
}

/** Deleting keeps the row (its replies hang on it) and drops the text. */
export async function markDeleted(db: Db, id: number, at: string): Promise<void> {
  await db.updateTable('comments').set({ body: '', deleted_at: at }).where('id', '=', id).execute();
}

/**
 * Hides a comment: automatically (`by` null) only one that is not hidden yet; by a moderator
 * also one hidden automatically (the moderator's reason then stands), never over another
 * moderator's decision. True when this call hid it: of several at once, one does (the others
 * find the condition false once the first has committed), so only that one is audited and told.
 */
export async function markHidden(db: Db, id: number, by: number | null, reason: string, at: string): Promise<boolean> {
  // A moderator's decision deals with the reports made so far (they stay, so the same people cannot
  // report it again, but none is open any more); hidden automatically, they wait for a moderator.
  const decided = by === null ? {} : { report_count: 0, reviewed_at: at };
  const result = await db
    .updateTable('comments')
    .set({ hidden_at: at, hidden_by: by, hidden_reason: reason, ...decided })
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .where(by === null ? 'hidden_at' : 'hidden_by', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * A moderator's "it may be seen": shown again if hidden, and its reports settled (the count
 * starts again from zero; the reports stay, so the same people cannot hide it again). Only
 * while it is as the moderator saw it (`hidden`: hidden, to show it again; otherwise visible
 * and reported, to dismiss the reports): true when this call changed it, once however many
 * are sent at the same time.
 */
export async function markReviewed(db: Db, id: number, hidden: boolean, at: string): Promise<boolean> {
  let query = db
    .updateTable('comments')
    .set({ hidden_at: null, hidden_by: null, hidden_reason: null, report_count: 0, reviewed_at: at })
    .where('id', '=', id)
    .where('deleted_at', 'is', null);
  query = hidden
    ? query.where('hidden_at', 'is not', null)
    : query.where('hidden_at', 'is', null).where('report_count', '>', 0);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * Comments that need a moderator's eye (reported since the last review, or hidden; not
 * deleted), newest first, before the cursor. The condition is the partial index's, word for word.
 */
export async function flaggedPage(db: Db, before: number | undefined, limit: number): Promise<CommentRow[]> {
  let query = db
    .selectFrom('comments')
    .selectAll()
    .where(sql<boolean>`deleted_at is null and (report_count > 0 or hidden_at is not null)`);
  if (before !== undefined) query = query.where('id', '<', before);
  return query.orderBy('id', 'desc').limit(limit).execute();
}

/** The subjects that have comments, a batch at a time in (type, id) order after the cursor. */
export async function commentedSubjects(
  db: Db,
  after: { type: string; id: number } | null,
  limit: number,
): Promise<{ type: string; id: number }[]> {
  let query = db.selectFrom('comments').select(['subject_type', 'subject_id']).distinct();
  if (after) {
    query = query.where((eb) =>
      eb.or([
        eb('subject_type', '>', after.type),
        eb.and([eb('subject_type', '=', after.type), eb('subject_id', '>', after.id)]),
      ]),
    );
  }
  const rows = await query.orderBy('subject_type').orderBy('subject_id').limit(limit).execute();
  return rows.map((r) => ({ type: r.subject_type, id: r.subject_id }));
}

/**
 * The open reports on some comments (made since a moderator last cleared them), newest first, without
 * the reporters.
 */
export async function openReportsOn(
  db: Db,
  commentIds: readonly number[],
): Promise<{ commentId: number; reason: string; createdAt: string }[]> {
  if (commentIds.length === 0) return [];
  return db
    .selectFrom('comment_reports as r')
    .innerJoin('comments as c', 'c.id', 'r.comment_id')
    .select(['r.comment_id as commentId', 'r.reason', 'r.created_at as createdAt'])
    .where('r.comment_id', 'in', [...commentIds])
    .where((eb) => eb.or([eb('c.reviewed_at', 'is', null), eb('r.created_at', '>', eb.ref('c.reviewed_at'))]))
    .orderBy('r.created_at', 'desc')
    .orderBy('r.reporter_id', 'desc')
    .execute();
}

export async function hasReported(db: Db, commentId: number, reporterId: number): Promise<boolean> {
  return !!(await db
    .selectFrom('comment_reports')
    .select('comment_id')
    .where('comment_id', '=', commentId)
    .where('reporter_id', '=', reporterId)
    .executeTakeFirst());
}

/**
 * Adds one report, once per person and comment: a second one, even sent at the same moment,
 * adds nothing (`on conflict do nothing` on the primary key, so no duplicate-key error). Null
 * when the person had reported it already; else how many open reports (since the last review)
 * count towards hiding it, this one included. The count is read after the comment's row is
 * updated, so reports by different people at the same moment each see those before them.
 */
export async function insertReport(
  db: Db,
  commentId: number,
  reporterId: number,
  reason: string,
  at: string,
  counts = true,
): Promise<number | null> {
  const inserted = await db
    .insertInto('comment_reports')
    .values({
      comment_id: commentId,
      reporter_id: reporterId,
      reason,
      created_at: at,
      counts: toFlag(counts),
    })
    .onConflict((oc) => oc.columns(['comment_id', 'reporter_id']).doNothing())
    .returning('comment_id')
    .executeTakeFirst();
  if (!inserted) return null;
  await db
    .updateTable('comments')
    .set({ report_count: sql<number>`report_count + 1` })
    .where('id', '=', commentId)
    .execute();
  const row = await db
    .selectFrom('comment_reports as r')
    .innerJoin('comments as c', 'c.id', 'r.comment_id')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('r.comment_id', '=', commentId)
    .where('r.counts', '=', toFlag(true) as never)
    .where((eb) => eb.or([eb('c.reviewed_at', 'is', null), eb('r.created_at', '>', eb.ref('c.reviewed_at'))]))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The comments on a subject that a person reported (asked on every signed-in read of a thread: compiled once). */
const reportsOn = preparedQuery((db: Db, reporterId: number, type: string, id: number) =>
  db
    .selectFrom('comment_reports as r')
    .innerJoin('comments as c', 'c.id', 'r.comment_id')
    .select('r.comment_id')
    .where('r.reporter_id', '=', reporterId)
    .where('c.subject_type', '=', type)
    .where('c.subject_id', '=', id),
);

/**
 * Who reported any comment on a subject (asked once per generation: most readers are not among them,
 * and need not ask `reportedOn`).
 */
export async function reportersOn(db: Db, type: string, id: number): Promise<Set<number>> {
  const rows = await db
    .selectFrom('comment_reports as r')
    .innerJoin('comments as c', 'c.id', 'r.comment_id')
    .select('r.reporter_id')
    .distinct()
    .where('c.subject_type', '=', type)
    .where('c.subject_id', '=', id)
    .execute();
  return new Set(rows.map((r) => r.reporter_id));
}

/**
 * The ids of the comments a person reported among those of a subject (through the reporter's index,
 * however long the thread).
 */
export async function reportedOn(db: Db, reporterId: number, type: string, id: number): Promise<Set<number>> {
  return new Set((await reportsOn(db, reporterId, type, id)).map((r) => r.comment_id));
}

/**
 * Forgets the comments on a deleted piece of content, with their reports (one statement: replies hang
 * on their parents).
 */
export async function removeCommentsOn(db: Db, subject: { type: string; id: number }): Promise<void> {
  const gone = await db
    .selectFrom('comments')
    .select('id')
    .where('subject_type', '=', subject.type)
    .where('subject_id', '=', subject.id)
    .execute();
  // They leave the search index with the next run of its job.
  await markForIndex(
    db,
    'comment',
    gone.map((c) => c.id),
  );
  await db
    .deleteFrom('comments')
    .where('subject_type', '=', subject.type)
    .where('subject_id', '=', subject.id)
    .execute();
}
