import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Actor } from '../../core/auth/actor.js';
import { anyone, signedIn } from '../../core/auth/policy.js';
import { validateForm } from '../../core/http/forms.js';
import { HttpError } from '../../core/http/http-error.js';
import { invalidFieldsProblem, PROBLEM_CONTENT_TYPE, ProblemSchema } from '../../core/http/problem.js';
import { pageRoute } from '../../core/http/routes.js';
import type { CommentTarget, ModuleContext } from '../../core/module.js';
import { sendPage } from '../../core/views/render.js';
import { displayNameOf, findUsersByIds, type UserSummary } from '../accounts/index.js';
import { mayDelete, mayEdit, mayHide, mayReply, mayReport, mayUnhide, type CommentState } from './comments.policy.js';
import { findComment, hasReported, type CommentRow } from './comments.queries.js';
import {
  ApiCommentParams,
  CommentJson,
  EditForm,
  ModerationResultJson,
  NewCommentForm,
  PostThreadParams,
  PostThreadQuery,
  ReasonForm,
  ReportedCommentsJson,
  ReportedQuery,
  ThreadJson,
  ThreadQuery,
} from './comments.schema.js';
import {
  addComment,
  commentWithTarget,
  deleteComment,
  editComment,
  hideComment,
  inContextPath,
  loadModerationQueue,
  loadThread,
  reportComment,
  resolveTarget,
  stateOf,
  unhideComment,
  type FlaggedComment,
} from './comments.service.js';
import { CommentFormPage, type QuotedComment } from './views/CommentFormPage.js';
import { ReportedPage, type ModerationDone } from './views/ReportedPage.js';

type SignedIn = Extract<Actor, { kind: 'user' }>;

/** A text field as typed (for sending a form back), cut to a sane length. */
const typed = (body: unknown, name: string, max = 20_000): string => {
  const value = body && typeof body === 'object' ? (body as Record<string, unknown>)[name] : undefined;
  return typeof value === 'string' ? value.slice(0, max) : '';
};

const TYPE_PATTERN = /^[a-z][a-z0-9-]{0,39}$/;
const ID_PATTERN = /^[0-9]{1,12}$/;

const backTo = (request: FastifyRequest, target: CommentTarget, commentId: number) =>
  `/${request.locale}${target.path}#comment-${commentId}`;

/** A moderator's form sent from the queue (`from=reported`) goes back there, saying what was done. */
const fromQueue = (body: unknown): 'reported' | undefined =>
  typed(body, 'from', 20) === 'reported' ? 'reported' : undefined;
const afterModeration = (
  request: FastifyRequest,
  target: CommentTarget,
  commentId: number,
  done: ModerationDone,
  from: 'reported' | undefined,
) =>
  from ? `/${request.locale}/comments/reported?done=${done}#comment-${commentId}` : backTo(request, target, commentId);
const DONE = new Set<string>(['hidden', 'unhidden', 'dismissed']);

/** A moderator's two decisions: the rule that allows each, and its form's wording by the comment's state. */
const MODERATION = {
  hide: { may: mayHide, mode: (s: CommentState) => (s.hidden ? ('keepHidden' as const) : ('hide' as const)) },
  unhide: { may: mayUnhide, mode: (s: CommentState) => (s.hidden ? ('unhide' as const) : ('dismiss' as const)) },
};

/** The comment of the address and its target, as this actor may see them; 404 otherwise. */
async function found(ctx: ModuleContext, request: FastifyRequest<{ Params: { id: string } }>) {
  if (!ID_PATTERN.test(request.params.id)) throw new HttpError(404);
  const result = await commentWithTarget(ctx, Number(request.params.id), request.actor);
  if (!result) throw new HttpError(404);
  return result;
}

/**
 * A comment as the page about it shows it (reply, delete, report, hide, show again), its
 * author named as the reader sees them. The rules of those pages let only readers who may
 * read its text get there.
 */
async function quote(ctx: ModuleContext, request: FastifyRequest, c: CommentRow): Promise<QuotedComment> {
  const t = request.i18n.t;
  const author = c.author_id === null ? undefined : (await findUsersByIds(ctx.db, [c.author_id])).get(c.author_id);
  return {
    id: c.id,
    name: author ? displayNameOf(author, t) : t('accounts.deletedUser'),
    body: c.body,
    lang: c.lang,
    createdAt: c.created_at,
    editedAt: c.edited_at,
  };
}

/** A comment as the API shows it: deleted and hidden ones without author or text. */
function presentComment(c: CommentRow, authors: Map<number, UserSummary>, deletedUser: string): CommentJson {
  const s = stateOf(c);
  const state = s.deleted ? 'deleted' : s.hidden ? 'hidden' : 'visible';
  const author = c.author_id === null ? undefined : authors.get(c.author_id);
  return {
    id: c.id,
    parentId: c.parent_id,
    depth: c.depth,
    state,
    author:
      state !== 'visible'
        ? null
        : author && !author.deleted
          ? { handle: author.handle, displayName: author.displayName }
          : { handle: null, displayName: deletedUser },
    body: state === 'visible' ? c.body : null,
    lang: c.lang,
    createdAt: c.created_at,
    editedAt: state === 'visible' ? c.edited_at : null,
  };
}

/** The thread as the API shows it: every reply, deleted and hidden comments as placeholders. */
async function threadJson(
  ctx: ModuleContext,
  request: FastifyRequest,
  type: string,
  id: number,
  cursor: { after?: number | undefined; before?: number | undefined },
): Promise<ThreadJson> {
  const deletedUser = request.i18n.t('accounts.deletedUser');
  const thread = await loadThread(ctx, type, id, {
    unfold: true,
    ...(cursor.after !== undefined ? { after: cursor.after } : {}),
    ...(cursor.before !== undefined ? { before: cursor.before } : {}),
  });
  const all = thread.roots.flatMap((r) => [r.comment, ...r.replies]);
  const authors = await findUsersByIds(
    ctx.db,
    all.flatMap((c) => (c.author_id === null ? [] : [c.author_id])),
  );
  return {
    type,
    id,
    total: thread.total,
    next: thread.next,
    previous: thread.previous,
    items: thread.roots.map((r) => ({
      ...presentComment(r.comment, authors, deletedUser),
      replies: r.replies.map((c) => presentComment(c, authors, deletedUser)),
    })),
  };
}

/** The moderation queue as the API shows it (and the page renders it): text, author and open reports included. */
async function queueJson(
  ctx: ModuleContext,
  request: FastifyRequest,
  queue: { items: FlaggedComment[]; next: number | null },
): Promise<ReportedCommentsJson> {
  const deletedUser = request.i18n.t('accounts.deletedUser');
  const authors = await findUsersByIds(
    ctx.db,
    queue.items.flatMap(({ comment: c }) => (c.author_id === null ? [] : [c.author_id])),
  );
  return {
    next: queue.next,
    items: queue.items.map(({ comment: c, target, reasons }) => {
      const author = c.author_id === null ? undefined : authors.get(c.author_id);
      return {
        id: c.id,
        parentId: c.parent_id,
        state: c.hidden_at !== null ? 'hidden' : 'visible',
        author:
          c.author_id === null
            ? null
            : author && !author.deleted
              ? { handle: author.handle, displayName: author.displayName }
              : { handle: null, displayName: deletedUser },
        body: c.body,
        lang: c.lang,
        createdAt: c.created_at,
        editedAt: c.edited_at,
        target: { type: c.subject_type, id: c.subject_id, title: target.title, lang: target.lang, path: target.path },
        inContext: inContextPath(target, c),
        reports: c.report_count,
        reasons,
        hidden:
          c.hidden_at !== null
            ? {
                at: c.hidden_at,
                byModerator: c.hidden_by !== null,
                reason: c.hidden_by !== null ? c.hidden_reason : null,
              }
            : null,
      };
    }),
  };
}

export function registerCommentRoutes(app: FastifyInstance, ctx: ModuleContext): void {
  // ── HTML forms ────────────────────────────────────────────────────────────────────

  app.post(
    '/:lang/comments',
    { config: { policy: signedIn, rateLimit: { max: 60, timeWindow: 60_000 } } },
    async (request, reply) => {
      const actor = request.actor as SignedIn;
      const type = typed(request.body, 'type', 100);
      const rawId = typed(request.body, 'id', 100);
      const rawParent = typed(request.body, 'parent', 100);
      // Which content, and which comment it answers: wrong ones are "not found", like content one may not see.
      if (!TYPE_PATTERN.test(type) || !ID_PATTERN.test(rawId) || (rawParent !== '' && !ID_PATTERN.test(rawParent)))
        throw new HttpError(404);
      const id = Number(rawId);
      const target = await resolveTarget(ctx, type, id, actor);
      if (!target || !target.mayComment) throw new HttpError(404);
      const page = request.page();
      const form = validateForm<NewCommentForm>(NewCommentForm, request.body, page.t);
      if (!form.ok) {
        const parent = rawParent ? Number(rawParent) : undefined;
        const values = { type, id, body: typed(request.body, 'body'), ...(parent !== undefined ? { parent } : {}) };
        // A reply sent back shows again what it answers (when that may be answered here).
        const answered = parent !== undefined ? await findComment(ctx.db, parent) : null;
        const comment =
          answered &&
          answered.subject_type === type &&
          answered.subject_id === id &&
          mayReply(stateOf(answered), target)
            ? await quote(ctx, request, answered)
            : undefined;
        return sendPage(
          reply,
          CommentFormPage({
            page,
            target,
            mode: parent !== undefined ? 'reply' : 'new',
            values,
            comment,
            error: form.errors.body ?? Object.values(form.errors)[0],
          }),
          400,
        );
      }
      const result = await addComment(ctx, actor, target, {
        type,
        id,
        parent: form.value.parent,
        body: form.value.body,
        lang: request.locale,
      });
      if (!result.ok) throw new HttpError(404);
      return reply.redirect(backTo(request, target, result.id), 303);
    },
  );

  // Each comment's actions in the thread are links to these pages; each asks what its POST twin asks.
  app.get<{ Params: { id: string } }>(
    '/:lang/comments/:id/reply',
    { config: { policy: signedIn } },
    async (request, reply) => {
      const { comment, target } = await found(ctx, request);
      if (!mayReply(stateOf(comment), target)) throw new HttpError(404);
      const values = { type: comment.subject_type, id: comment.subject_id, parent: comment.id };
      return sendPage(
        reply,
        CommentFormPage({
          page: request.page(),
          target,
          mode: 'reply',
          values,
          comment: await quote(ctx, request, comment),
        }),
      );
    },
  );

  app.get<{ Params: { id: string } }>(
    '/:lang/comments/:id/edit',
    { config: { policy: signedIn } },
    async (request, reply) => {
      const { comment, target } = await found(ctx, request);
      if (!mayEdit(stateOf(comment), request.actor)) throw new HttpError(404);
      return sendPage(
        reply,
        CommentFormPage({
          page: request.page(),
          target,
          mode: 'edit',
          values: { body: comment.body },
          commentId: comment.id,
        }),
      );
    },
  );

  app.post<{ Params: { id: string } }>(
    '/:lang/comments/:id/edit',
    { config: { policy: signedIn } },
    async (request, reply) => {
      const { comment, target } = await found(ctx, request);
      if (!mayEdit(stateOf(comment), request.actor)) throw new HttpError(404);
      const page = request.page();
      const form = validateForm<{ body: string }>(EditForm, request.body, page.t);
      if (!form.ok)
        return sendPage(
          reply,
          CommentFormPage({
            page,
            target,
            mode: 'edit',
            values: { body: typed(request.body, 'body') },
            error: form.errors.body,
            commentId: comment.id,
          }),
          400,
        );
      await editComment(ctx, request.actor, comment, form.value.body);
      return reply.redirect(backTo(request, target, comment.id), 303);
    },
  );

  app.get<{ Params: { id: string } }>(
    '/:lang/comments/:id/delete',
    { config: { policy: signedIn } },
    async (request, reply) => {
      const { comment, target } = await found(ctx, request);
      if (!mayDelete(stateOf(comment), request.actor)) throw new HttpError(404);
      return sendPage(
        reply,
        CommentFormPage({
          page: request.page(),
          target,
          mode: 'delete',
          values: {},
          commentId: comment.id,
          comment: await quote(ctx, request, comment),
        }),
      );
    },
  );

  app.post<{ Params: { id: string } }>(
    '/:lang/comments/:id/delete',
    { config: { policy: signedIn } },
    async (request, reply) => {
      const { comment, target } = await found(ctx, request);
      if (!(await deleteComment(ctx, request.actor, comment))) throw new HttpError(404);
      return reply.redirect(backTo(request, target, comment.id), 303);
    },
  );

  // Once reported, the page says so rather than offering the form again.
  app.get<{ Params: { id: string } }>(
    '/:lang/comments/:id/report',
    { config: { policy: signedIn } },
    async (request, reply) => {
      const { comment, target } = await found(ctx, request);
      if (!mayReport(stateOf(comment), request.actor)) throw new HttpError(404);
      const reported = await hasReported(ctx.db, comment.id, (request.actor as SignedIn).id);
      return sendPage(
        reply,
        CommentFormPage({
          page: request.page(),
          target,
          mode: 'report',
          values: {},
          commentId: comment.id,
          comment: await quote(ctx, request, comment),
          reported,
        }),
      );
    },
  );

  app.post<{ Params: { id: string } }>(
    '/:lang/comments/:id/report',
    { config: { policy: signedIn } },
    async (request, reply) => {
      const { comment, target } = await found(ctx, request);
      if (!mayReport(stateOf(comment), request.actor)) throw new HttpError(404);
      const page = request.page();
      const form = validateForm<{ reason: string }>(ReasonForm, request.body, page.t);
      if (!form.ok) {
        const values = { reason: typed(request.body, 'reason', 2000) };
        return sendPage(
          reply,
          CommentFormPage({
            page,
            target,
            mode: 'report',
            values,
            error: form.errors.reason,
            commentId: comment.id,
            comment: await quote(ctx, request, comment),
          }),
          400,
        );
      }
      const result = await reportComment(ctx, request.actor as SignedIn, comment, form.value.reason);
      if (!result) throw new HttpError(404);
      return reply.redirect(backTo(request, target, comment.id), 303);
    },
  );

  // A moderator's pages: hide (or keep hidden with a reason); show again (or dismiss the reports).
  for (const action of ['hide', 'unhide'] as const) {
    app.get<{ Params: { id: string } }>(
      `/:lang/comments/:id/${action}`,
      { config: { policy: signedIn } },
      async (request, reply) => {
        const { comment, target } = await found(ctx, request);
        const state = stateOf(comment);
        if (!MODERATION[action].may(state, target)) throw new HttpError(404);
        const mode = MODERATION[action].mode(state);
        return sendPage(
          reply,
          CommentFormPage({
            page: request.page(),
            target,
            mode,
            values: {},
            commentId: comment.id,
            comment: await quote(ctx, request, comment),
          }),
        );
      },
    );
  }

  app.post<{ Params: { id: string } }>(
    '/:lang/comments/:id/hide',
    { config: { policy: signedIn } },
    async (request, reply) => {
      const { comment, target } = await found(ctx, request);
      const state = stateOf(comment);
      if (!mayHide(state, target)) throw new HttpError(404);
      const page = request.page();
      const from = fromQueue(request.body);
      const form = validateForm<{ reason: string }>(ReasonForm, request.body, page.t);
      if (!form.ok) {
        const mode = MODERATION.hide.mode(state);
        return sendPage(
          reply,
          CommentFormPage({
            page,
            target,
            mode,
            values: { reason: typed(request.body, 'reason', 2000) },
            error: form.errors.reason,
            commentId: comment.id,
            comment: await quote(ctx, request, comment),
            from,
          }),
          400,
        );
      }
      await hideComment(ctx, request.actor as SignedIn, target, comment, form.value.reason);
      return reply.redirect(afterModeration(request, target, comment.id, 'hidden', from), 303);
    },
  );

  // Shows a hidden comment again, or dismisses the reports on a visible one.
  app.post<{ Params: { id: string } }>(
    '/:lang/comments/:id/unhide',
    { config: { policy: signedIn } },
    async (request, reply) => {
      const { comment, target } = await found(ctx, request);
      const state = stateOf(comment);
      if (!mayUnhide(state, target)) throw new HttpError(404);
      const page = request.page();
      const from = fromQueue(request.body);
      const form = validateForm<{ reason: string }>(ReasonForm, request.body, page.t);
      if (!form.ok) {
        const mode = MODERATION.unhide.mode(state);
        return sendPage(
          reply,
          CommentFormPage({
            page,
            target,
            mode,
            values: { reason: typed(request.body, 'reason', 2000) },
            error: form.errors.reason,
            commentId: comment.id,
            comment: await quote(ctx, request, comment),
            from,
          }),
          400,
        );
      }
      const done = await unhideComment(ctx, request.actor as SignedIn, target, comment, form.value.reason);
      if (!done) throw new HttpError(404);
      return reply.redirect(afterModeration(request, target, comment.id, done, from), 303);
    },
  );

  // ── The moderation queue (HTML and its JSON twin) ──────────────────────────────────

  pageRoute(app, {
    path: '/comments/reported',
    // Signed in to ask; the queue itself says whether one moderates anything (else 404).
    policy: signedIn,
    summary: 'Reported and hidden comments on the content the caller moderates, newest first (50 a page)',
    tag: 'comments',
    querystring: ReportedQuery,
    response: ReportedCommentsJson,
    async load({ query, request }) {
      const queue = await loadModerationQueue(ctx, request.actor, query.before);
      return queue ? queueJson(ctx, request, queue) : null;
    },
    render(data, page, request) {
      const raw = (request.query as { before?: unknown; done?: unknown }) ?? {};
      const done = typeof raw.done === 'string' && DONE.has(raw.done) ? (raw.done as ModerationDone) : null;
      return ReportedPage({ page, data, firstPage: raw.before === undefined, done });
    },
  });

  // ── API ───────────────────────────────────────────────────────────────────────────

  app.get<{ Querystring: { type: string; id: number; after?: number; before?: number } }>(
    '/api/v1/comments',
    {
      config: { policy: anyone },
      schema: {
        summary: 'The comments on a piece of content (50 top-level comments a page, with all their replies)',
        tags: ['comments'],
        querystring: ThreadQuery,
        response: { 200: ThreadJson },
      },
    },
    async (request) => {
      const { type, id, after, before } = request.query;
      if (!(await resolveTarget(ctx, type, id, request.actor))) throw new HttpError(404);
      return threadJson(ctx, request, type, id, { after, before });
    },
  );

  app.get<{ Params: { id: number }; Querystring: { after?: number; before?: number } }>(
    '/api/v1/posts/:id/comments',
    {
      config: { policy: anyone },
      schema: {
        summary: 'The comments on a news post',
        tags: ['comments'],
        params: PostThreadParams,
        querystring: PostThreadQuery,
        response: { 200: ThreadJson },
      },
    },
    async (request) => {
      if (!(await resolveTarget(ctx, 'post', request.params.id, request.actor))) throw new HttpError(404);
      return threadJson(ctx, request, 'post', request.params.id, request.query);
    },
  );

  // A moderator's decisions, with a reason (kept in the audit log; the author reads a hiding one).
  const moderation = [
    [
      'hide',
      'Hide a comment with a reason its author reads, or keep one hidden automatically (moderators of its target)',
    ],
    ['unhide', 'Show a hidden comment again, or dismiss the reports on a visible one (moderators of its target)'],
  ] as const;
  for (const [action, summary] of moderation) {
    app.post<{ Params: { id: string } }>(
      `/api/v1/comments/:id/${action}`,
      {
        config: { policy: signedIn },
        // The schemas document; the handler checks after the policy and the rules, so that only a moderator learns what is missing.
        attachValidation: true,
        schema: {
          summary,
          tags: ['comments'],
          security: [{ bearerAuth: [] }],
          params: ApiCommentParams,
          body: ReasonForm,
          response: { 200: ModerationResultJson, 400: ProblemSchema },
        },
      },
      async (request, reply) => {
        const { comment, target } = await found(ctx, request);
        const state = stateOf(comment);
        if (!MODERATION[action].may(state, target)) throw new HttpError(404);
        const t = request.i18n.t;
        const form = validateForm<{ reason: string }>(ReasonForm, request.body, t);
        if (!form.ok) {
          const problem = invalidFieldsProblem(
            request.url,
            t('core.error.title', { status: '400' }),
            t('core.error.invalidFields'),
            form.errors,
          );
          return reply.code(400).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
        }
        const actor = request.actor as SignedIn;
        const outcome =
          action === 'hide'
            ? (await hideComment(ctx, actor, target, comment, form.value.reason))
              ? 'hidden'
              : null
            : await unhideComment(ctx, actor, target, comment, form.value.reason);
        const now = outcome ? await findComment(ctx.db, comment.id) : null;
        if (!outcome || !now) throw new HttpError(404);
        const authors = await findUsersByIds(ctx.db, now.author_id === null ? [] : [now.author_id]);
        return {
          outcome,
          comment: presentComment(now, authors, t('accounts.deletedUser')),
        } satisfies ModerationResultJson;
      },
    );
  }

  app.post(
    '/api/v1/comments',
    {
      config: { policy: signedIn, rateLimit: { max: 60, timeWindow: 60_000 } },
      // The schema documents the body; the handler checks it after the policy, so a visitor gets 401, not 400.
      attachValidation: true,
      schema: {
        summary: 'Write a comment or a reply',
        tags: ['comments'],
        security: [{ bearerAuth: [] }],
        body: NewCommentForm,
        response: { 201: CommentJson, 400: ProblemSchema },
      },
    },
    async (request, reply) => {
      const t = request.i18n.t;
      const actor = request.actor as SignedIn;
      const form = validateForm<NewCommentForm>(NewCommentForm, request.body, t);
      if (!form.ok) {
        const problem = invalidFieldsProblem(
          request.url,
          t('core.error.title', { status: '400' }),
          t('core.error.invalidFields'),
          form.errors,
        );
        return reply.code(400).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
      }
      const target = await resolveTarget(ctx, form.value.type, form.value.id, actor);
      if (!target || !target.mayComment) throw new HttpError(404);
      const result = await addComment(ctx, actor, target, { ...form.value, lang: actor.locale ?? request.locale });
      if (!result.ok) throw new HttpError(404);
      const created = await findComment(ctx.db, result.id);
      if (!created) throw new HttpError(404);
      const body = presentComment(created, await findUsersByIds(ctx.db, [actor.id]), t('accounts.deletedUser'));
      return reply
        .code(201)
        .header(
          'Location',
          `/api/v1/comments?type=${encodeURIComponent(form.value.type)}&id=${form.value.id}#comment-${result.id}`,
        )
        .send(body);
    },
  );
}
