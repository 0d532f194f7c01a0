import type { FastifyRequest } from 'fastify';
import { HttpError } from '../../core/http/http-error.js';
import { pathId } from '../../core/http/validation.js';
import type { Translator } from '../../core/i18n/translator.js';
import type { CommentTarget, ModuleContext } from '../../core/module.js';
import { authorJson, authorName, findUsersByIds, type UserSummary } from '../accounts/index.js';
import type { CommentState } from './comments.policy.js';
import { mayHide, mayUnhide } from './comments.policy.js';
import type { CommentRow } from './comments.queries.js';
import type { CommentJson, ReportedCommentsJson, ThreadJson } from './comments.schema.js';
import { commentWithTarget, inContextPath, loadThread, stateOf, type FlaggedComment } from './comments.service.js';
import type { QuotedComment } from './views/CommentFormPage.js';
import type { ModerationDone } from './views/ReportedPage.js';

/** A text field as typed (for sending a form back), cut to a sane length. */
export const typed = (body: unknown, name: string, max = 20_000): string => {
  const value = body && typeof body === 'object' ? (body as Record<string, unknown>)[name] : undefined;
  return typeof value === 'string' ? value.slice(0, max) : '';
};

/** Back to the comment in its thread. */
export const backTo = (request: FastifyRequest, target: CommentTarget, commentId: number) =>
  `/${request.locale}${target.path}#comment-${commentId}`;

/** A moderator's form sent from the queue (`from=reported`) goes back there, saying what was done. */
export const fromQueue = (body: unknown): 'reported' | undefined =>
  typed(body, 'from', 20) === 'reported' ? 'reported' : undefined;

export const afterModeration = (
  request: FastifyRequest,
  target: CommentTarget,
  commentId: number,
  done: ModerationDone,
  from: 'reported' | undefined,
) =>
  from ? `/${request.locale}/comments/reported?done=${done}#comment-${commentId}` : backTo(request, target, commentId);

/** A moderator's two decisions: the rule that allows each, and its form's wording by the comment's state. */
export const MODERATION = {
  hide: { may: mayHide, mode: (s: CommentState) => (s.hidden ? ('keepHidden' as const) : ('hide' as const)) },
  unhide: { may: mayUnhide, mode: (s: CommentState) => (s.hidden ? ('unhide' as const) : ('dismiss' as const)) },
};

/** The comment of the address and its target, as this actor may see them; 404 otherwise. */
export async function found(ctx: ModuleContext, request: FastifyRequest<{ Params: { id: string } }>) {
  const result = await commentWithTarget(ctx, pathId(request.params.id), request.actor);
  if (!result) throw new HttpError(404);
  return result;
}

/**
 * A comment as the page about it shows it (reply, delete, report, hide, show again), its
 * author named as the reader sees them. The rules of those pages let only readers who may
 * read its text get there.
 */
export async function quote(ctx: ModuleContext, request: FastifyRequest, c: CommentRow): Promise<QuotedComment> {
  const author = c.author_id === null ? undefined : (await findUsersByIds(ctx.db, [c.author_id])).get(c.author_id);
  const { body, lang } = c;
  return {
    id: c.id,
    name: authorName(author, request.i18n.t),
    body,
    lang,
    createdAt: c.created_at,
    editedAt: c.edited_at,
  };
}

/** A comment as the API shows it: deleted and hidden ones without author or text. */
export function presentComment(c: CommentRow, authors: Map<number, UserSummary>, t: Translator['t']): CommentJson {
  const s = stateOf(c);
  const state = s.deleted ? 'deleted' : s.hidden ? 'hidden' : 'visible';
  const visible = state === 'visible';
  return {
    id: c.id,
    parentId: c.parent_id,
    depth: c.depth,
    state,
    author: visible ? authorJson(c.author_id === null ? undefined : authors.get(c.author_id), t) : null,
    body: visible ? c.body : null,
    lang: c.lang,
    createdAt: c.created_at,
    editedAt: visible ? c.edited_at : null,
  };
}

/** The authors of some comments, in one query. */
const authorsOf = (ctx: ModuleContext, comments: readonly CommentRow[]) =>
  findUsersByIds(
    ctx.db,
    comments.flatMap((c) => (c.author_id === null ? [] : [c.author_id])),
  );

/**
 * The thread as the API shows it, in a language (the name of a deleted user): every reply,
 * deleted and hidden comments as placeholders. The same for everyone who may see the target.
 */
export async function threadJson(
  ctx: ModuleContext,
  lang: string,
  type: string,
  id: number,
  cursor: { after?: number | undefined; before?: number | undefined },
): Promise<ThreadJson> {
  const thread = await loadThread(ctx, type, id, {
    unfold: true,
    ...(cursor.after !== undefined ? { after: cursor.after } : {}),
    ...(cursor.before !== undefined ? { before: cursor.before } : {}),
  });
  const authors = await authorsOf(
    ctx,
    thread.roots.flatMap((r) => [r.comment, ...r.replies]),
  );
  const { t } = ctx.i18n(lang);
  return {
    type,
    id,
    total: thread.total,
    next: thread.next,
    previous: thread.previous,
    items: thread.roots.map((r) => ({
      ...presentComment(r.comment, authors, t),
      replies: r.replies.map((c) => presentComment(c, authors, t)),
    })),
  };
}

/** The moderation queue as the API shows it (and the page renders it): text, author and open reports included. */
export async function queueJson(
  ctx: ModuleContext,
  request: FastifyRequest,
  queue: { items: FlaggedComment[]; next: number | null },
): Promise<ReportedCommentsJson> {
  const authors = await authorsOf(
    ctx,
    queue.items.map((item) => item.comment),
  );
  return {
    next: queue.next,
    items: queue.items.map(({ comment: c, target, reasons }) => ({
      id: c.id,
      parentId: c.parent_id,
      state: c.hidden_at !== null ? 'hidden' : 'visible',
      author: c.author_id === null ? null : authorJson(authors.get(c.author_id), request.i18n.t),
      body: c.body,
      lang: c.lang,
      createdAt: c.created_at,
      editedAt: c.edited_at,
      target: { type: c.subject_type, id: c.subject_id, title: target.title, lang: target.lang, path: target.path },
      inContext: inContextPath(target, c),
      reports: c.report_count,
      reasons,
      hidden:
        c.hidden_at === null
          ? null
          : {
              at: c.hidden_at,
              byModerator: c.hidden_by !== null,
              reason: c.hidden_by !== null ? c.hidden_reason : null,
            },
    })),
  };
}
