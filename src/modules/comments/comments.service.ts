import { isSignedIn, type Actor, type SignedIn } from '../../core/auth/actor.js';
import { markCommentsForIndex } from './comments.search.js';
import { recordAudit } from '../../core/audit/audit.js';
import { nowIso } from '../../core/db/dialect.js';
import type { CommentTarget, ModuleContext } from '../../core/module.js';
import { accountStanding } from '../accounts/index.js';
import { notify } from '../notifications/index.js';
import { moderatorIds } from '../partnerships/index.js';
import * as q from './comments.queries.js';
import type { CommentRow } from './comments.queries.js';
import {
  mayDelete,
  mayEdit,
  mayHide,
  mayReply,
  mayReport,
  mayUnhide,
  reportCounts,
  type CommentState,
} from './comments.policy.js';

/** Top-level comments a page. */
export const PAGE_SIZE = 50;
/** Replies shown under a top-level comment before the rest are folded behind "show N more replies". */
export const FOLD_AFTER = 5;

export const stateOf = (c: CommentRow): CommentState => ({
  authorId: c.author_id,
  deleted: c.deleted_at !== null,
  hidden: c.hidden_at !== null,
  hiddenByModerator: c.hidden_at !== null && c.hidden_by !== null,
  reports: c.report_count,
});

/** The target of a comment, as the module that owns it describes it to this actor; null: 404. */
export async function resolveTarget(
  ctx: ModuleContext,
  type: string,
  id: number,
  actor: Actor,
): Promise<CommentTarget | null> {
  for (const module of ctx.modules) {
    const resolver =
      module.commentables && Object.hasOwn(module.commentables, type) ? module.commentables[type] : undefined;
    if (resolver) return resolver(ctx, id, actor);
  }
  return null;
}

/** A comment and its target, for the comment routes; null when either does not exist for this actor. */
export async function commentWithTarget(
  ctx: ModuleContext,
  id: number,
  actor: Actor,
): Promise<{ comment: CommentRow; target: CommentTarget } | null> {
  const comment = Number.isSafeInteger(id) ? await q.findComment(ctx.db, id) : null;
  if (!comment) return null;
  const target = await resolveTarget(ctx, comment.subject_type, comment.subject_id, actor);
  return target ? { comment, target } : null;
}

export interface Thread {
  total: number;
  /** Top-level comments of this page, each with its replies (all of them, or the first few when folded). */
  roots: { comment: CommentRow; replies: CommentRow[]; folded: number }[];
  /** Cursor of the next page (`after=`), or null on the last. */
  next: number | null;
  /** Cursor of the previous page (`before=`), or null on the first. */
  previous: number | null;
  /** The previous page is the first one (link to the plain address rather than a cursor). */
  previousIsFirst: boolean;
}

/**
 * One page of a subject's comments. With `thread`, only that top-level comment and every
 * reply under it (the no-JS "show more replies"); otherwise 50 top-level comments after
 * `after` (or before `before`, paging back), each with its first replies. Both directions
 * are keyset reads on the `(subject, depth, id)` index: no page costs more than the first.
 */
export async function loadThread(
  ctx: ModuleContext,
  type: string,
  id: number,
  options: { after?: number; before?: number; thread?: number; unfold?: boolean } = {},
): Promise<Thread> {
  let roots: CommentRow[] = [];
  let next: number | null = null;
  let previous: number | null = null;
  let previousIsFirst = false;
  if (options.thread !== undefined) {
    const root = await q.findComment(ctx.db, options.thread);
    roots = root && root.subject_type === type && root.subject_id === id && root.depth === 0 ? [root] : [];
  } else {
    let backwards: CommentRow[] | null = null;
    if (options.before !== undefined) {
      const rows = await q.topLevelBefore(ctx.db, type, id, options.before, PAGE_SIZE);
      // Less than a page before the cursor is the start: the first page is shown instead,
      // so that pages keep the same boundaries in both directions.
      if (rows.length === PAGE_SIZE) backwards = rows.reverse();
    }
    if (backwards) {
      roots = backwards;
      const last = roots.at(-1)!.id;
      if (await q.hasTopLevelAfter(ctx.db, type, id, last)) next = last;
    } else {
      const rows = await q.topLevelPage(
        ctx.db,
        type,
        id,
        options.before !== undefined ? 0 : (options.after ?? 0),
        PAGE_SIZE + 1,
      );
      roots = rows.slice(0, PAGE_SIZE);
      if (rows.length > PAGE_SIZE) next = roots.at(-1)?.id ?? null;
    }
    const first = roots[0];
    if (first) {
      const earlier = await q.countTopLevelBefore(ctx.db, type, id, first.id, PAGE_SIZE + 1);
      if (earlier > 0) {
        previous = first.id;
        previousIsFirst = earlier <= PAGE_SIZE;
      }
    }
  }
  const rootIds = roots.map((r) => r.id);
  const unfold = options.unfold || options.thread !== undefined;
  // Folded, only the first few replies of each thread are read; replies come in id order, and
  // a reply is always newer than what it answers, so the first few form a complete branch.
  const [replies, total] = await Promise.all([
    unfold
      ? q.repliesUnder(ctx.db, rootIds).then((rows) => ({ rows, counts: null }))
      : q.firstRepliesUnder(ctx.db, rootIds, FOLD_AFTER),
    q.countComments(ctx.db, type, id),
  ]);
  const byRoot = new Map<number, CommentRow[]>();
  for (const reply of replies.rows) {
    const list = byRoot.get(reply.root_id ?? 0) ?? [];
    list.push(reply);
    byRoot.set(reply.root_id ?? 0, list);
  }
  return {
    total,
    next,
    previous,
    previousIsFirst,
    roots: roots.map((comment) => {
      const shown = byRoot.get(comment.id) ?? [];
      const all = replies.counts ? (replies.counts.get(comment.id) ?? 0) : shown.length;
      return { comment, replies: shown, folded: all - shown.length };
    }),
  };
}

export type Outcome<T = number> = { ok: true; id: T } | { ok: false; status: 404 };

/** Writes a comment or a reply, and tells the target's author and the parent's author. */
export async function addComment(
  ctx: ModuleContext,
  actor: SignedIn,
  target: CommentTarget,
  input: { type: string; id: number; parent?: number | undefined; body: string; lang: string },
): Promise<Outcome> {
  if (!target.mayComment) return { ok: false, status: 404 };
  let parent: CommentRow | null = null;
  if (input.parent !== undefined) {
    parent = await q.findComment(ctx.db, input.parent);
    if (
      !parent ||
      parent.subject_type !== input.type ||
      parent.subject_id !== input.id ||
      !mayReply(stateOf(parent), target)
    )
      return { ok: false, status: 404 };
  }
  // The comment and its notifications are stored together, or not at all.
  const id = await ctx.db.transaction().execute(async (trx) => {
    const id = await q.insertComment(trx, {
      subjectType: input.type,
      subjectId: input.id,
      parent,
      authorId: actor.id,
      body: input.body,
      lang: input.lang,
      createdAt: nowIso(),
    });
    await markCommentsForIndex(trx, [id]);
    const path = `${target.path}#comment-${id}`;
    const told = new Set<number>([actor.id]);
    if (parent?.author_id != null && !told.has(parent.author_id)) {
      told.add(parent.author_id);
      await notify({ ...ctx, db: trx }, parent.author_id, {
        kind: 'comments.notification.reply',
        subject: target.title,
        path,
        about: { type: input.type, id: input.id },
        partnershipId: target.partnershipId,
      });
    }
    if (target.authorId !== null && !told.has(target.authorId)) {
      told.add(target.authorId);
      await notify({ ...ctx, db: trx }, target.authorId, {
        kind: 'comments.notification.comment',
        subject: target.title,
        path,
        about: { type: input.type, id: input.id },
        partnershipId: target.partnershipId,
      });
    }
    return id;
  });
  return { ok: true, id };
}

export async function editComment(
  ctx: ModuleContext,
  actor: Actor,
  comment: CommentRow,
  body: string,
): Promise<boolean> {
  if (!mayEdit(stateOf(comment), actor)) return false;
  if (body !== comment.body)
    await ctx.db.transaction().execute(async (trx) => {
      await q.updateBody(trx, comment.id, body, nowIso());
      await markCommentsForIndex(trx, [comment.id]);
    });
  return true;
}

export async function deleteComment(ctx: ModuleContext, actor: Actor, comment: CommentRow): Promise<boolean> {
  if (!mayDelete(stateOf(comment), actor)) return false;
  await ctx.db.transaction().execute(async (trx) => {
    await q.markDeleted(trx, comment.id, nowIso());
    await markCommentsForIndex(trx, [comment.id]);
  });
  return true;
}

/**
 * Whether a comment's author moderates where it stands (its target's moderators and
 * coordinators, as the target's module says) or administers the platform: reports never hide
 * such a comment automatically; they bring it to the moderation queue only.
 */
async function authorModerates(ctx: ModuleContext, comment: CommentRow): Promise<boolean> {
  if (comment.author_id === null) return false;
  const loader = ctx.modules.find((m) => m.loadActor)?.loadActor;
  const author = loader ? await loader(ctx, comment.author_id) : null;
  if (!author || !isSignedIn(author)) return false;
  if (author.isAdmin) return true;
  return (await resolveTarget(ctx, comment.subject_type, comment.subject_id, author))?.mayModerate ?? false;
}

/**
 * Who to tell of a comment's report: the moderators and coordinators of the partnership its
 * target belongs to, but not the one who reported it nor its author (each is told only if they
 * may see the target: `notify`, by e-mail too in their language).
 */
async function moderatorsToTell(ctx: ModuleContext, comment: CommentRow, reporter: SignedIn) {
  const target = await resolveTarget(ctx, comment.subject_type, comment.subject_id, reporter);
  if (!target || target.partnershipId === null) return null;
  const ids = (await moderatorIds(ctx.db, target.partnershipId)).filter(
    (id) => id !== reporter.id && id !== comment.author_id,
  );
  return { target, ids };
}

/**
 * One report per person (a second is 'already', even when both are sent at once). Every report
 * brings the comment to the moderation queue; it is hidden until a moderator looks when
 * `URBIS_COMMENT_REPORT_LIMIT` open reports by accounts of standing (`reportCounts`) are in, unless
 * its author moderates its target or administers the platform. Returns 'reported', 'already' or
 * null (may not report).
 */
export async function reportComment(
  ctx: ModuleContext,
  actor: SignedIn,
  comment: CommentRow,
  reason: string,
): Promise<'reported' | 'already' | null> {
  if (!mayReport(stateOf(comment), actor)) return null;
  // Asked before the transaction: on SQLite a read outside it would wait for it.
  const counts = reportCounts(await accountStanding(ctx.db, actor.id), Date.now(), ctx.config.commentReporterDays);
  const mayHideAutomatically = !(await authorModerates(ctx, comment));
  // Its first report since a moderator last looked brings it to the queue: its moderators are told.
  const tell = comment.report_count === 0 ? await moderatorsToTell(ctx, comment, actor) : null;
  return ctx.db.transaction().execute(async (trx) => {
    const at = nowIso();
    const counting = await q.insertReport(trx, comment.id, actor.id, reason, at, counts);
    if (counting === null) return 'already' as const;
    if (mayHideAutomatically && counting >= ctx.config.commentReportLimit) {
      await q.markHidden(trx, comment.id, null, '', at);
      await markCommentsForIndex(trx, [comment.id]);
    }
    for (const moderator of tell?.ids ?? [])
      await notify({ ...ctx, db: trx }, moderator, {
        kind: 'comments.notification.reported',
        subject: tell?.target.title ?? '',
        path: `${tell?.target.path ?? ''}#comment-${comment.id}`,
        about: { type: comment.subject_type, id: comment.subject_id },
        partnershipId: tell?.target.partnershipId ?? null,
      });
    return 'reported' as const;
  });
}

/**
 * A moderator hides a comment (or keeps one hidden automatically) with a reason its author
 * reads under it; recorded in the audit log, and the author is told.
 */
export async function hideComment(
  ctx: ModuleContext,
  actor: SignedIn,
  target: CommentTarget,
  comment: CommentRow,
  reason: string,
): Promise<boolean> {
  if (!mayHide(stateOf(comment), target)) return false;
  return ctx.db.transaction().execute(async (trx) => {
    // Hidden by this call, or by another moderator a moment before (then nothing more to do here).
    if (!(await q.markHidden(trx, comment.id, actor.id, reason, nowIso()))) return false;
    await markCommentsForIndex(trx, [comment.id]);
    await recordAudit(trx, {
      actorId: actor.id,
      action: 'comments.hide',
      partnershipId: target.partnershipId,
      subjectType: 'comment',
      subjectId: String(comment.id),
      details: {
        reason,
        ...(comment.hidden_at !== null ? { wasHiddenAutomatically: true } : {}),
        reports: comment.report_count,
      },
    });
    if (comment.author_id !== null && comment.author_id !== actor.id) {
      await notify({ ...ctx, db: trx }, comment.author_id, {
        kind: 'comments.notification.hidden',
        subject: target.title,
        path: `${target.path}#comment-${comment.id}`,
        about: { type: comment.subject_type, id: comment.subject_id },
        partnershipId: target.partnershipId,
      });
    }
    return true;
  });
}

/**
 * A moderator decides a comment may be seen: a hidden one is shown again ('unhidden'), a
 * visible one keeps its place and its reports are dismissed ('dismissed'). Either way the
 * report count starts again from zero (the reports stay: those who reported cannot report it
 * again, so it takes as many new readers to hide it automatically again). Recorded in the
 * audit log with the moderator's reason; the author of a comment shown again is told.
 */
export async function unhideComment(
  ctx: ModuleContext,
  actor: SignedIn,
  target: CommentTarget,
  comment: CommentRow,
  reason: string,
): Promise<'unhidden' | 'dismissed' | null> {
  const state = stateOf(comment);
  if (!mayUnhide(state, target)) return null;
  const outcome = state.hidden ? ('unhidden' as const) : ('dismissed' as const);
  return ctx.db.transaction().execute(async (trx) => {
    // Only while it is as the moderator saw it: of several decisions at once, one is taken.
    if (!(await q.markReviewed(trx, comment.id, state.hidden, nowIso()))) return null;
    await markCommentsForIndex(trx, [comment.id]);
    await recordAudit(trx, {
      actorId: actor.id,
      action: outcome === 'unhidden' ? 'comments.unhide' : 'comments.dismissReports',
      partnershipId: target.partnershipId,
      subjectType: 'comment',
      subjectId: String(comment.id),
      details: {
        reason,
        reports: comment.report_count,
        ...(state.hidden
          ? { hiddenBy: comment.hidden_by === null ? 'reports' : 'moderator', hiddenReason: comment.hidden_reason }
          : {}),
      },
    });
    if (outcome === 'unhidden' && comment.author_id !== null && comment.author_id !== actor.id) {
      await notify({ ...ctx, db: trx }, comment.author_id, {
        kind: 'comments.notification.unhidden',
        subject: target.title,
        path: `${target.path}#comment-${comment.id}`,
        about: { type: comment.subject_type, id: comment.subject_id },
        partnershipId: target.partnershipId,
      });
    }
    return outcome;
  });
}

/** Comments a page of the moderation queue. */
export const QUEUE_PAGE = 50;
/** Flagged comments read at a time while filling a page of the queue. */
const QUEUE_BATCH = 200;

export interface FlaggedComment {
  comment: CommentRow;
  target: CommentTarget;
  /** The reasons of the open reports, newest first. */
  reasons: string[];
}

/** The targets this actor moderates, each asked of its module once per request. */
function moderatedTargets(ctx: ModuleContext, actor: Actor) {
  const known = new Map<string, Promise<CommentTarget | null>>();
  return (type: string, id: number): Promise<CommentTarget | null> => {
    const key = `${type}:${id}`;
    let target = known.get(key);
    if (!target) {
      target = resolveTarget(ctx, type, id, actor).then((t) => (t?.mayModerate ? t : null));
      known.set(key, target);
    }
    return target;
  };
}

/**
 * Whether the actor moderates any target that has comments. The comments module knows no
 * partnerships, so it asks the owning modules about each commented target in turn until one
 * says yes: the cost grows with the number of commented targets for someone who moderates
 * none (fine for thousands; beyond, owners should say which targets a person moderates).
 */
async function moderatesAny(ctx: ModuleContext, moderated: ReturnType<typeof moderatedTargets>): Promise<boolean> {
  let after: { type: string; id: number } | null = null;
  for (;;) {
    const subjects = await q.commentedSubjects(ctx.db, after, QUEUE_BATCH);
    const targets = await Promise.all(subjects.map((s) => moderated(s.type, s.id)));
    if (targets.some((t) => t !== null)) return true;
    if (subjects.length < QUEUE_BATCH) return false;
    after = subjects.at(-1)!;
  }
}

/**
 * The moderation queue: comments reported since their last review, or hidden, on targets
 * the actor moderates, newest first, 50 a page before the cursor. Null (a 404) for anyone
 * who is neither a platform administrator nor a moderator of a commented target.
 *
 * Flagged comments are read newest first through a partial index, 200 at a time, and each
 * distinct target is asked of its module once: a page costs about (flagged comments of
 * targets the actor does not moderate, newer than the page) / 200 reads. Fine while flagged
 * comments number in the thousands.
 */
export async function loadModerationQueue(
  ctx: ModuleContext,
  actor: Actor,
  before?: number,
): Promise<{ items: FlaggedComment[]; next: number | null } | null> {
  if (actor.kind !== 'user') return null;
  const moderated = moderatedTargets(ctx, actor);
  const found: { comment: CommentRow; target: CommentTarget }[] = [];
  let cursor = before;
  scan: for (;;) {
    const rows = await q.flaggedPage(ctx.db, cursor, QUEUE_BATCH);
    for (const comment of rows) {
      const target = await moderated(comment.subject_type, comment.subject_id);
      if (!target) continue;
      found.push({ comment, target });
      if (found.length > QUEUE_PAGE) break scan;
    }
    if (rows.length < QUEUE_BATCH) break;
    cursor = rows.at(-1)!.id;
  }
  if (found.length === 0 && !actor.isAdmin && !(await moderatesAny(ctx, moderated))) return null;
  const page = found.slice(0, QUEUE_PAGE);
  const reports = await q.openReportsOn(
    ctx.db,
    page.map((f) => f.comment.id),
  );
  const reasons = new Map<number, string[]>();
  for (const r of reports) reasons.set(r.commentId, [...(reasons.get(r.commentId) ?? []), r.reason]);
  return {
    items: page.map((f) => ({ ...f, reasons: reasons.get(f.comment.id) ?? [] })),
    next: found.length > QUEUE_PAGE ? (page.at(-1)?.comment.id ?? null) : null,
  };
}

/**
 * The address (after `/{lang}`) of a comment in its thread: the whole branch, so that it is there even
 * when the thread is long.
 */
export function inContextPath(target: CommentTarget, comment: CommentRow): string {
  const sep = target.path.includes('?') ? '&' : '?';
  return `${target.path}${sep}thread=${comment.root_id ?? comment.id}#comment-${comment.id}`;
}
