import type { Actor } from '../../core/auth/actor.js';
import { nowIso } from '../../core/db/dialect.js';
import type { CommentTarget, ModuleContext } from '../../core/module.js';
import { notify } from '../notifications/index.js';
import * as q from './comments.queries.js';
import type { CommentRow } from './comments.queries.js';
import { mayDelete, mayEdit, mayHide, mayReply, mayReport, type CommentState } from './comments.policy.js';

/** Top-level comments a page. */
export const PAGE_SIZE = 50;
/** Replies shown under a top-level comment before the rest are folded behind "show N more replies". */
export const FOLD_AFTER = 5;

type SignedIn = Extract<Actor, { kind: 'user' }>;

export const stateOf = (c: CommentRow): CommentState => ({ authorId: c.author_id, deleted: c.deleted_at !== null, hidden: c.hidden_at !== null });

/** The target of a comment, as the module that owns it describes it to this actor; null: 404. */
export async function resolveTarget(ctx: ModuleContext, type: string, id: number, actor: Actor): Promise<CommentTarget | null> {
  for (const module of ctx.modules) {
    const resolver = module.commentables && Object.hasOwn(module.commentables, type) ? module.commentables[type] : undefined;
    if (resolver) return resolver(ctx, id, actor);
  }
  return null;
}

/** A comment and its target, for the comment routes; null when either does not exist for this actor. */
export async function commentWithTarget(ctx: ModuleContext, id: number, actor: Actor): Promise<{ comment: CommentRow; target: CommentTarget } | null> {
  const comment = Number.isSafeInteger(id) ? await q.findComment(ctx.db, id) : null;
  if (!comment) return null;
  const target = await resolveTarget(ctx, comment.subject_type, comment.subject_id, actor);
  return target ? { comment, target } : null;
}

export interface Thread {
  total: number;
  /** Top-level comments of this page, each with its replies (all of them, or the first few when folded). */
  roots: { comment: CommentRow; replies: CommentRow[]; folded: number }[];
  next: number | null;
}

/**
 * One page of a subject's comments. With `thread`, only that top-level comment and every
 * reply under it (the no-JS "show more replies"); otherwise 50 top-level comments after
 * `after`, each with its first replies.
 */
export async function loadThread(ctx: ModuleContext, type: string, id: number, options: { after?: number; thread?: number; unfold?: boolean } = {}): Promise<Thread> {
  let roots: CommentRow[];
  let next: number | null = null;
  if (options.thread !== undefined) {
    const root = await q.findComment(ctx.db, options.thread);
    roots = root && root.subject_type === type && root.subject_id === id && root.depth === 0 ? [root] : [];
  } else {
    const rows = await q.topLevelPage(ctx.db, type, id, options.after ?? 0, PAGE_SIZE + 1);
    roots = rows.slice(0, PAGE_SIZE);
    if (rows.length > PAGE_SIZE) next = roots.at(-1)?.id ?? null;
  }
  const rootIds = roots.map((r) => r.id);
  const unfold = options.unfold || options.thread !== undefined;
  // Folded, only the first few replies of each thread are read; replies come in id order, and
  // a reply is always newer than what it answers, so the first few form a complete branch.
  const [replies, total] = await Promise.all([
    unfold ? q.repliesUnder(ctx.db, rootIds).then((rows) => ({ rows, counts: null })) : q.firstRepliesUnder(ctx.db, rootIds, FOLD_AFTER),
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
    roots: roots.map((comment) => {
      const shown = byRoot.get(comment.id) ?? [];
      const all = replies.counts ? (replies.counts.get(comment.id) ?? 0) : shown.length;
      return { comment, replies: shown, folded: all - shown.length };
    }),
  };
}

export type Outcome<T = number> = { ok: true; id: T } | { ok: false; status: 404 };

/** Writes a comment or a reply, and tells the target's author and the parent's author. */
export async function addComment(ctx: ModuleContext, actor: SignedIn, target: CommentTarget, input: { type: string; id: number; parent?: number | undefined; body: string; lang: string }): Promise<Outcome> {
  if (!target.mayComment) return { ok: false, status: 404 };
  let parent: CommentRow | null = null;
  if (input.parent !== undefined) {
    parent = await q.findComment(ctx.db, input.parent);
    if (!parent || parent.subject_type !== input.type || parent.subject_id !== input.id || !mayReply(stateOf(parent), target)) return { ok: false, status: 404 };
  }
  // The comment and its notifications are stored together, or not at all.
  const id = await ctx.db.transaction().execute(async (trx) => {
    const id = await q.insertComment(trx, { subjectType: input.type, subjectId: input.id, parent, authorId: actor.id, body: input.body, lang: input.lang, createdAt: nowIso() });
    const path = `${target.path}#comment-${id}`;
    const told = new Set<number>([actor.id]);
    if (parent?.author_id != null && !told.has(parent.author_id)) {
      told.add(parent.author_id);
      await notify({ db: trx }, parent.author_id, { kind: 'comments.notification.reply', subject: target.title, path });
    }
    if (target.authorId !== null && !told.has(target.authorId)) {
      told.add(target.authorId);
      await notify({ db: trx }, target.authorId, { kind: 'comments.notification.comment', subject: target.title, path });
    }
    return id;
  });
  return { ok: true, id };
}

export async function editComment(ctx: ModuleContext, actor: Actor, comment: CommentRow, body: string): Promise<boolean> {
  if (!mayEdit(stateOf(comment), actor)) return false;
  if (body !== comment.body) await q.updateBody(ctx.db, comment.id, body, nowIso());
  return true;
}

export async function deleteComment(ctx: ModuleContext, actor: Actor, comment: CommentRow): Promise<boolean> {
  if (!mayDelete(stateOf(comment), actor)) return false;
  await q.markDeleted(ctx.db, comment.id, nowIso());
  return true;
}

/**
 * One report per person; at `URBIS_COMMENT_REPORT_LIMIT` reports the comment is hidden
 * until a moderator looks. Returns 'reported', 'already' or null (may not report).
 */
export async function reportComment(ctx: ModuleContext, actor: SignedIn, comment: CommentRow, reason: string): Promise<'reported' | 'already' | null> {
  if (!mayReport(stateOf(comment), actor)) return null;
  return ctx.db.transaction().execute(async (trx) => {
    if (await q.hasReported(trx, comment.id, actor.id)) return 'already' as const;
    const at = nowIso();
    const count = await q.insertReport(trx, comment.id, actor.id, reason, at);
    if (count >= ctx.config.commentReportLimit) await q.markHidden(trx, comment.id, null, '', at);
    return 'reported' as const;
  });
}

export async function hideComment(ctx: ModuleContext, actor: SignedIn, target: CommentTarget, comment: CommentRow, reason: string): Promise<boolean> {
  if (!mayHide(stateOf(comment), target)) return false;
  await q.markHidden(ctx.db, comment.id, actor.id, reason, nowIso());
  await ctx.audit({ actorId: actor.id, action: 'comments.hide', partnershipId: target.partnershipId, subjectType: 'comment', subjectId: String(comment.id), details: { reason } });
  return true;
}
