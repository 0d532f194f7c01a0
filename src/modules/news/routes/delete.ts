import type { FastifyInstance, FastifyRequest } from 'fastify';
import Type from 'typebox';
import { signedIn } from '../../../core/auth/policy.js';
import { actorOf } from '../../../core/http/handlers.js';
import { sendPage } from '../../../core/http/html.js';
import { HttpError } from '../../../core/http/http-error.js';
import { problemResponses } from '../../../core/http/problem.js';
import type { ModuleContext } from '../../../core/module.js';
import { countComments } from '../../comments/index.js';
import { readablePost } from '../news.lookup.js';
import { mayDelete } from '../news.policy.js';
import * as q from '../news.queries.js';
import { PostParams } from '../news.schema.js';
import { deletePost } from '../news.service.js';
import { DeletePostPage } from '../views/DeletePostPage.js';

type PostRoute = { Params: { lang: string; slug: string; post: string } };

/** Deleting a post: a page that asks first, then the form's POST; the API's DELETE. */
export function deleteRoutes(app: FastifyInstance, ctx: ModuleContext): void {
  async function deletable(request: FastifyRequest, slug: string, postSlug: string) {
    const got = await readablePost(ctx, request, slug, postSlug);
    if (!got || !mayDelete(got.found.standing, got.post)) throw new HttpError(404);
    return { ...got, actor: actorOf(request, signedIn) };
  }

  app.get<PostRoute>(
    '/:lang/partnerships/:slug/news/:post/delete',
    { config: { policy: signedIn }, schema: { hide: true, params: PostParams } },
    async (request, reply) => {
      const { found, post } = await deletable(request, request.params.slug, request.params.post);
      const [comments, attachments] = await Promise.all([
        countComments(ctx.db, 'post', post.id),
        q.countAttachments(ctx.db, post.id),
      ]);
      const asked = DeletePostPage({
        page: request.page(),
        partnership: found.partnership,
        post: { slug: post.slug, title: post.title, lang: post.originalLang },
        counts: { comments, attachments },
      });
      return sendPage(reply, asked);
    },
  );

  app.post<PostRoute>(
    '/:lang/partnerships/:slug/news/:post/delete',
    { config: { policy: signedIn }, schema: { hide: true, params: PostParams } },
    async (request, reply) => {
      const { found, post, actor } = await deletable(request, request.params.slug, request.params.post);
      // Deleted a moment ago by another request: the same 404 as asking after it.
      if (!(await deletePost(ctx, post, actor.id))) throw new HttpError(404);
      return reply.redirect(`/${request.locale}/partnerships/${found.partnership.slug}/news?done=deleted`, 303);
    },
  );

  app.delete<{ Params: { slug: string; post: string } }>(
    '/api/v1/partnerships/:slug/posts/:post',
    {
      config: { policy: signedIn },
      schema: {
        summary:
          'Delete a post with its comments, translations, attachments and tags ' +
          '(coordinators; its author before it is out)',
        tags: ['news'],
        security: [{ bearerAuth: [] }],
        params: Type.Omit(PostParams, ['lang']),
        response: { 204: Type.Null(), ...problemResponses(400, 401, 403, 404, 429) },
      },
    },
    async (request, reply) => {
      const { post, actor } = await deletable(request, request.params.slug, request.params.post);
      if (!(await deletePost(ctx, post, actor.id))) throw new HttpError(404);
      return reply.code(204).send();
    },
  );
}
