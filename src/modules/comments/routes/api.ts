import type { FastifyInstance } from 'fastify';
import { anyone, signedIn } from '../../../core/auth/policy.js';
import { validateForm } from '../../../core/http/forms.js';
import { actorOf, sendInvalidFields } from '../../../core/http/handlers.js';
import { HttpError } from '../../../core/http/http-error.js';
import { problemResponses } from '../../../core/http/problem.js';
import type { ModuleContext } from '../../../core/module.js';
import { findUsersByIds } from '../../accounts/index.js';
import { found, MODERATION, presentComment } from '../comments.present.js';
import { findComment } from '../comments.queries.js';
import { commentReads } from '../comments.reads.js';
import {
  ApiCommentParams,
  CommentJson,
  ModerationResultJson,
  NewCommentForm,
  PostThreadParams,
  PostThreadQuery,
  ReasonForm,
  ThreadJson,
  ThreadQuery,
} from '../comments.schema.js';
import { addComment, hideComment, resolveTarget, stateOf, unhideComment } from '../comments.service.js';

const MODERATION_SUMMARIES = {
  hide: 'Hide a comment with a reason its author reads, or keep one hidden automatically (moderators of its target)',
  unhide: 'Show a hidden comment again, or dismiss the reports on a visible one (moderators of its target)',
};

/** The comments as JSON: threads, writing a comment, and a moderator's decisions. */
export function apiRoutes(app: FastifyInstance, ctx: ModuleContext): void {
  app.get<{ Querystring: { type: string; id: number; after?: number; before?: number } }>(
    '/api/v1/comments',
    {
      // What it sends a signed-in reader may be sent again while nothing changes (the lane).
      config: { policy: anyone, keepForReader: true },
      schema: {
        summary: 'The comments on a piece of content (50 top-level comments a page, with all their replies)',
        tags: ['comments'],
        querystring: ThreadQuery,
        response: { 200: ThreadJson, ...problemResponses(400, 401, 404, 429) },
      },
    },
    async (request) => {
      const { type, id, after, before } = request.query;
      if (!(await resolveTarget(ctx, type, id, request.actor))) throw new HttpError(404);
      return commentReads.threadJson.get(ctx, { lang: request.locale, type, id, after, before });
    },
  );

  app.get<{ Params: { id: number }; Querystring: { after?: number; before?: number } }>(
    '/api/v1/posts/:id/comments',
    {
      // What it sends a signed-in reader may be sent again while nothing changes (the lane).
      config: { policy: anyone, keepForReader: true },
      schema: {
        summary: 'The comments on a news post',
        tags: ['comments'],
        params: PostThreadParams,
        querystring: PostThreadQuery,
        response: { 200: ThreadJson, ...problemResponses(400, 401, 404, 429) },
      },
    },
    async (request) => {
      if (!(await resolveTarget(ctx, 'post', request.params.id, request.actor))) throw new HttpError(404);
      const { after, before } = request.query;
      return commentReads.threadJson.get(ctx, {
        lang: request.locale,
        type: 'post',
        id: request.params.id,
        after,
        before,
      });
    },
  );

  // A moderator's decisions, with a reason (kept in the audit log; the author reads a hiding one).
  for (const action of ['hide', 'unhide'] as const) {
    app.post<{ Params: { id: string } }>(
      `/api/v1/comments/:id/${action}`,
      {
        config: { policy: signedIn },
        // The schemas document; the handler checks after the policy and the rules, so that only
        // a moderator learns what is missing.
        attachValidation: true,
        schema: {
          summary: MODERATION_SUMMARIES[action],
          tags: ['comments'],
          security: [{ bearerAuth: [] }],
          params: ApiCommentParams,
          body: ReasonForm,
          response: { 200: ModerationResultJson, ...problemResponses(400, 401, 403, 404, 413, 415, 429) },
        },
      },
      async (request, reply) => {
        const { comment, target } = await found(ctx, request);
        if (!MODERATION[action].may(stateOf(comment), target)) throw new HttpError(404);
        const form = validateForm<{ reason: string }>(ReasonForm, request.body, request.i18n.t);
        if (!form.ok) return sendInvalidFields(request, reply, form.errors);
        const actor = actorOf(request, signedIn);
        const { reason } = form.value;
        const outcome =
          action === 'hide'
            ? (await hideComment(ctx, actor, target, comment, reason)) && ('hidden' as const)
            : await unhideComment(ctx, actor, target, comment, reason);
        const now = outcome ? await findComment(ctx.db, comment.id) : null;
        if (!outcome || !now) throw new HttpError(404);
        const authors = await findUsersByIds(ctx.db, now.author_id === null ? [] : [now.author_id]);
        return { outcome, comment: presentComment(now, authors, request.i18n.t) } satisfies ModerationResultJson;
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
        response: { 201: CommentJson, ...problemResponses(400, 401, 403, 404, 413, 415, 429) },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request, signedIn);
      const form = validateForm<NewCommentForm>(NewCommentForm, request.body, request.i18n.t);
      if (!form.ok) return sendInvalidFields(request, reply, form.errors);
      const { type, id } = form.value;
      const target = await resolveTarget(ctx, type, id, actor);
      if (!target || !target.mayComment) throw new HttpError(404);
      const result = await addComment(ctx, actor, target, { ...form.value, lang: actor.locale ?? request.locale });
      if (!result.ok) throw new HttpError(404);
      const created = await findComment(ctx.db, result.id);
      if (!created) throw new HttpError(404);
      const body = presentComment(created, await findUsersByIds(ctx.db, [actor.id]), request.i18n.t);
      const location = `/api/v1/comments?type=${encodeURIComponent(type)}&id=${id}#comment-${result.id}`;
      return reply.code(201).header('Location', location).send(body);
    },
  );
}
