import type { FastifyInstance } from 'fastify';
import { signedIn } from '../../../core/auth/policy.js';
import { validateForm } from '../../../core/http/forms.js';
import { actorOf } from '../../../core/http/handlers.js';
import { sendPage } from '../../../core/http/html.js';
import { HttpError } from '../../../core/http/http-error.js';
import { toId } from '../../../core/http/validation.js';
import type { ModuleContext } from '../../../core/module.js';
import { mayDelete, mayEdit, mayReply, mayReport } from '../comments.policy.js';
import { backTo, found, quote, typed } from '../comments.present.js';
import { findComment, hasReported } from '../comments.queries.js';
import { EditForm, NewCommentForm, ReasonForm } from '../comments.schema.js';
import { addComment, deleteComment, editComment, reportComment, resolveTarget, stateOf } from '../comments.service.js';
import { CommentFormPage } from '../views/CommentFormPage.js';

const TYPE_PATTERN = /^[a-z][a-z0-9-]{0,39}$/;

type CommentRoute = { Params: { id: string } };

/**
 * Writing comments without JavaScript: the thread's form, and the pages each comment's action
 * links lead to (reply, edit, delete, report), each with its one form. A page's GET asks what
 * its POST twin asks: whoever may not use the form gets the same 404 as for a missing comment.
 */
export function formRoutes(app: FastifyInstance, ctx: ModuleContext): void {
  app.post(
    '/:lang/comments',
    { config: { policy: signedIn, rateLimit: { max: 60, timeWindow: 60_000 } } },
    async (request, reply) => {
      const actor = actorOf(request, signedIn);
      const type = typed(request.body, 'type', 100);
      const rawId = typed(request.body, 'id', 100);
      const rawParent = typed(request.body, 'parent', 100);
      // Which content, and which comment it answers: wrong ones are "not found", like content one may not see.
      const id = toId(rawId);
      const parent = rawParent === '' ? undefined : toId(rawParent);
      if (!TYPE_PATTERN.test(type) || id === null || parent === null) throw new HttpError(404);
      const target = await resolveTarget(ctx, type, id, actor);
      if (!target || !target.mayComment) throw new HttpError(404);
      const page = request.page();
      const form = validateForm<NewCommentForm>(NewCommentForm, request.body, page.t);
      if (!form.ok) {
        const values = { type, id, body: typed(request.body, 'body'), ...(parent !== undefined ? { parent } : {}) };
        // A reply sent back shows again what it answers (when that may be answered here).
        const answered = parent !== undefined ? await findComment(ctx.db, parent) : null;
        const answerable =
          answered?.subject_type === type && answered.subject_id === id && mayReply(stateOf(answered), target);
        const comment = answered && answerable ? await quote(ctx, request, answered) : undefined;
        const mode = parent !== undefined ? 'reply' : 'new';
        const error = form.errors.body ?? Object.values(form.errors)[0];
        return sendPage(reply, CommentFormPage({ page, target, mode, values, comment, error }), 400);
      }
      const { body } = form.value;
      const result = await addComment(ctx, actor, target, { type, id, parent, body, lang: request.locale });
      if (!result.ok) throw new HttpError(404);
      return reply.redirect(backTo(request, target, result.id), 303);
    },
  );

  app.get<CommentRoute>('/:lang/comments/:id/reply', { config: { policy: signedIn } }, async (request, reply) => {
    const { comment, target } = await found(ctx, request);
    if (!mayReply(stateOf(comment), target)) throw new HttpError(404);
    const values = { type: comment.subject_type, id: comment.subject_id, parent: comment.id };
    const quoted = await quote(ctx, request, comment);
    return sendPage(reply, CommentFormPage({ page: request.page(), target, mode: 'reply', values, comment: quoted }));
  });

  app.get<CommentRoute>('/:lang/comments/:id/edit', { config: { policy: signedIn } }, async (request, reply) => {
    const { comment, target } = await found(ctx, request);
    if (!mayEdit(stateOf(comment), request.actor)) throw new HttpError(404);
    const values = { body: comment.body };
    const page = request.page();
    return sendPage(reply, CommentFormPage({ page, target, mode: 'edit', values, commentId: comment.id }));
  });

  app.post<CommentRoute>('/:lang/comments/:id/edit', { config: { policy: signedIn } }, async (request, reply) => {
    const { comment, target } = await found(ctx, request);
    if (!mayEdit(stateOf(comment), request.actor)) throw new HttpError(404);
    const page = request.page();
    const form = validateForm<{ body: string }>(EditForm, request.body, page.t);
    if (!form.ok) {
      const values = { body: typed(request.body, 'body') };
      const error = form.errors.body;
      return sendPage(
        reply,
        CommentFormPage({ page, target, mode: 'edit', values, error, commentId: comment.id }),
        400,
      );
    }
    await editComment(ctx, request.actor, comment, form.value.body);
    return reply.redirect(backTo(request, target, comment.id), 303);
  });

  app.get<CommentRoute>('/:lang/comments/:id/delete', { config: { policy: signedIn } }, async (request, reply) => {
    const { comment, target } = await found(ctx, request);
    if (!mayDelete(stateOf(comment), request.actor)) throw new HttpError(404);
    const quoted = await quote(ctx, request, comment);
    const asked = { page: request.page(), target, values: {}, commentId: comment.id, comment: quoted };
    return sendPage(reply, CommentFormPage({ ...asked, mode: 'delete' }));
  });

  app.post<CommentRoute>('/:lang/comments/:id/delete', { config: { policy: signedIn } }, async (request, reply) => {
    const { comment, target } = await found(ctx, request);
    if (!(await deleteComment(ctx, request.actor, comment))) throw new HttpError(404);
    return reply.redirect(backTo(request, target, comment.id), 303);
  });

  // Once reported, the page says so rather than offering the form again.
  app.get<CommentRoute>('/:lang/comments/:id/report', { config: { policy: signedIn } }, async (request, reply) => {
    const { comment, target } = await found(ctx, request);
    const actor = actorOf(request, signedIn);
    if (!mayReport(stateOf(comment), actor)) throw new HttpError(404);
    const reported = await hasReported(ctx.db, comment.id, actor.id);
    const quoted = await quote(ctx, request, comment);
    const asked = { page: request.page(), target, values: {}, commentId: comment.id, comment: quoted, reported };
    return sendPage(reply, CommentFormPage({ ...asked, mode: 'report' }));
  });

  app.post<CommentRoute>('/:lang/comments/:id/report', { config: { policy: signedIn } }, async (request, reply) => {
    const { comment, target } = await found(ctx, request);
    const actor = actorOf(request, signedIn);
    if (!mayReport(stateOf(comment), actor)) throw new HttpError(404);
    const page = request.page();
    const form = validateForm<{ reason: string }>(ReasonForm, request.body, page.t);
    if (!form.ok) {
      const values = { reason: typed(request.body, 'reason', 2000) };
      const quoted = await quote(ctx, request, comment);
      const asked = { page, target, values, error: form.errors.reason, commentId: comment.id, comment: quoted };
      return sendPage(reply, CommentFormPage({ ...asked, mode: 'report' }), 400);
    }
    if (!(await reportComment(ctx, actor, comment, form.value.reason))) throw new HttpError(404);
    return reply.redirect(backTo(request, target, comment.id), 303);
  });
}
