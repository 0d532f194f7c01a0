import type { FastifyInstance } from 'fastify';
import { signedIn } from '../../../core/auth/policy.js';
import { validateForm } from '../../../core/http/forms.js';
import { actorOf } from '../../../core/http/handlers.js';
import { sendPage } from '../../../core/http/html.js';
import { HttpError } from '../../../core/http/http-error.js';
import { pageRoute } from '../../../core/http/routes.js';
import type { ModuleContext } from '../../../core/module.js';
import { afterModeration, found, fromQueue, MODERATION, queueJson, quote, typed } from '../comments.present.js';
import { ReasonForm, ReportedCommentsJson, ReportedQuery } from '../comments.schema.js';
import { hideComment, loadModerationQueue, stateOf, unhideComment } from '../comments.service.js';
import { CommentFormPage } from '../views/CommentFormPage.js';
import { ReportedPage, type ModerationDone } from '../views/ReportedPage.js';

const DONE = new Set<string>(['hidden', 'unhidden', 'dismissed']);

type CommentRoute = { Params: { id: string } };

/**
 * A moderator's pages: hide a comment (or keep one hidden automatically, with a reason), show
 * a hidden one again (or dismiss the reports on a visible one); and the queue of reported and
 * hidden comments, with its JSON twin.
 */
export function moderationRoutes(app: FastifyInstance, ctx: ModuleContext): void {
  for (const action of ['hide', 'unhide'] as const) {
    const rule = MODERATION[action];

    app.get<CommentRoute>(`/:lang/comments/:id/${action}`, { config: { policy: signedIn } }, async (request, reply) => {
      const { comment, target } = await found(ctx, request);
      const state = stateOf(comment);
      if (!rule.may(state, target)) throw new HttpError(404);
      const quoted = await quote(ctx, request, comment);
      const asked = { page: request.page(), target, values: {}, commentId: comment.id, comment: quoted };
      return sendPage(reply, CommentFormPage({ ...asked, mode: rule.mode(state) }));
    });

    app.post<CommentRoute>(
      `/:lang/comments/:id/${action}`,
      { config: { policy: signedIn } },
      async (request, reply) => {
        const { comment, target } = await found(ctx, request);
        const state = stateOf(comment);
        if (!rule.may(state, target)) throw new HttpError(404);
        const page = request.page();
        const from = fromQueue(request.body);
        const form = validateForm<{ reason: string }>(ReasonForm, request.body, page.t);
        if (!form.ok) {
          const values = { reason: typed(request.body, 'reason', 2000) };
          const quoted = await quote(ctx, request, comment);
          const asked = {
            page,
            target,
            values,
            error: form.errors.reason,
            commentId: comment.id,
            comment: quoted,
            from,
          };
          return sendPage(reply, CommentFormPage({ ...asked, mode: rule.mode(state) }), 400);
        }
        const actor = actorOf(request, signedIn);
        // Null when another decision on it was taken meanwhile (the same 404 as asking again after it).
        const done: ModerationDone | null =
          action === 'hide'
            ? (await hideComment(ctx, actor, target, comment, form.value.reason))
              ? 'hidden'
              : null
            : await unhideComment(ctx, actor, target, comment, form.value.reason);
        if (!done) throw new HttpError(404);
        return reply.redirect(afterModeration(request, target, comment.id, done, from), 303);
      },
    );
  }

  pageRoute(app, {
    path: '/comments/reported',
    // Signed in to ask; the queue itself says whether one moderates anything (else 404).
    policy: signedIn,
    summary: 'Reported and hidden comments on the content the caller moderates, newest first (50 a page)',
    tag: 'comments',
    querystring: ReportedQuery,
    response: ReportedCommentsJson,
    async load({ query, request, actor }) {
      const queue = await loadModerationQueue(ctx, actor, query.before);
      return queue ? queueJson(ctx, request, queue) : null;
    },
    render(data, page, request) {
      const raw = (request.query as { before?: unknown; done?: unknown }) ?? {};
      const done = typeof raw.done === 'string' && DONE.has(raw.done) ? (raw.done as ModerationDone) : null;
      return ReportedPage({ page, data, firstPage: raw.before === undefined, done });
    },
  });
}
