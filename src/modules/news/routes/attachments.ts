import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import Type from 'typebox';
import { anyone, signedIn } from '../../../core/auth/policy.js';
import type { FieldErrors } from '../../../core/http/forms.js';
import { HttpError } from '../../../core/http/http-error.js';
import { uploadsIn } from '../../../core/http/multipart.js';
import type { ModuleContext } from '../../../core/module.js';
import { checkedTogether, sendDownload } from '../../../core/uploads/attachments.js';
import { downloadRouteOptions, sendRefusedUpload, uploadRouteOptions } from '../../../core/uploads/routes.js';
import {
  attachFiles,
  checkDescription,
  checkUploads,
  presentAttachments,
  removeAttachment,
} from '../news.attachments.js';
import { editablePost, readablePost, type Found } from '../news.lookup.js';
import { isOut } from '../news.policy.js';
import * as q from '../news.queries.js';
import { postApiPath } from '../views/parts.js';
import { sendEditPage } from './write.js';
import { Attachment, AttachmentFileParams, AttachmentParams, AttachmentUpload, PostParams } from '../news.schema.js';

type PostRouteParams = { lang: string; slug: string; post: string };
type AttachmentRouteParams = PostRouteParams & { id: string };

type Received = { ok: true; rows: q.AttachmentRow[] } | { ok: false; errors: FieldErrors; status: 400 | 503 };

/** Checks the files and the description of a request, then keeps them: all, or nothing with a message per field. */
async function receive(
  ctx: ModuleContext,
  request: FastifyRequest,
  post: q.Post,
  uploaderId: number,
): Promise<Received> {
  const t = request.i18n.t;
  const description = checkDescription(request.body, t);
  const existing = await q.countAttachments(ctx.db, post.id);
  const files = await checkUploads(uploadsIn(request.body, 'file'), existing, ctx.config.uploadMaxBytes, request.i18n);
  const checked = checkedTogether(files, description);
  if (!checked.ok) return checked;
  return {
    ok: true,
    rows: await attachFiles(ctx, post, uploaderId, checked.file.accepted, checked.fields.description),
  };
}

const isPublic = (post: q.Post) => isOut(post) && !post.membersOnly;

/**
 * Attachments of news posts: adding (a multipart form on the edit page, or the API) and
 * deleting, by whoever may edit the post; downloading, by whoever may read it.
 */
export function attachmentRoutes(app: FastifyInstance, ctx: ModuleContext): void {
  const postPath = (request: FastifyRequest, found: Found, post: q.Post) =>
    `/${request.locale}/partnerships/${found.partnership.slug}/news/${post.slug}`;

  app.post<{ Params: PostRouteParams }>(
    '/:lang/partnerships/:slug/news/:post/attachments',
    { config: { policy: signedIn, uploads: true }, schema: { hide: true, params: PostParams } },
    async (request, reply) => {
      const { found, post, actor } = await editablePost(ctx, request, request.params.slug, request.params.post);
      const received = await receive(ctx, request, post, actor.id);
      if (!received.ok) {
        const typed = (request.body as Record<string, unknown> | undefined)?.description;
        const upload = { description: typeof typed === 'string' ? typed.slice(0, 1000) : '', errors: received.errors };
        return sendEditPage(ctx, request, reply, found, post, { upload }, received.status);
      }
      return reply.redirect(`${postPath(request, found, post)}/edit#attachments`, 303);
    },
  );

  app.post<{ Params: AttachmentRouteParams }>(
    '/:lang/partnerships/:slug/news/:post/attachments/:id/delete',
    { config: { policy: signedIn }, schema: { hide: true, params: AttachmentParams } },
    async (request, reply) => {
      const { found, post } = await editablePost(ctx, request, request.params.slug, request.params.post);
      const attachment = await q.findAttachment(ctx.db, post.id, Number(request.params.id));
      if (!attachment) throw new HttpError(404);
      await removeAttachment(ctx, attachment);
      return reply.redirect(`${postPath(request, found, post)}/edit#attachments`, 303);
    },
  );

  /** The file, to whoever may read its post; a 404 for everyone else, as for a missing one. */
  const download = async (
    request: FastifyRequest<{ Params: { slug: string; post: string; id: string; filename?: string } }>,
    reply: FastifyReply,
  ) => {
    const got = await readablePost(ctx, request, request.params.slug, request.params.post);
    if (!got) throw new HttpError(404);
    const attachment = await q.findAttachment(ctx.db, got.post.id, Number(request.params.id));
    await sendDownload(ctx, request, reply, attachment, request.params.filename, isPublic(got.post));
    return reply;
  };

  app.get<{ Params: AttachmentRouteParams & { filename: string } }>(
    '/:lang/partnerships/:slug/news/:post/attachments/:id/:filename',
    { config: { policy: anyone }, schema: { hide: true, params: AttachmentFileParams } },
    download,
  );

  app.get<{ Params: Omit<AttachmentRouteParams, 'lang'> }>(
    '/api/v1/partnerships/:slug/posts/:post/attachments/:id',
    downloadRouteOptions({
      summary: 'Downloads a file attached to a post (for members-only posts, with a personal access token)',
      tag: 'news',
      params: Type.Omit(AttachmentParams, ['lang']),
    }),
    download,
  );

  // The API's upload: a member who may edit the post, with a personal access token.
  app.post<{ Params: Omit<PostRouteParams, 'lang'> }>(
    '/api/v1/partnerships/:slug/posts/:post/attachments',
    uploadRouteOptions({
      summary:
        'Attaches a file to a post (multipart/form-data; those who may edit the post, with a personal access token)',
      tag: 'news',
      params: Type.Omit(PostParams, ['lang']),
      body: AttachmentUpload,
      created: Attachment,
    }),
    async (request, reply) => {
      const { found, post, actor } = await editablePost(ctx, request, request.params.slug, request.params.post);
      const received = await receive(ctx, request, post, actor.id);
      if (!received.ok) return sendRefusedUpload(request, reply, received);
      const [shown] = presentAttachments(received.rows, postApiPath(found.partnership.slug, post.slug));
      return reply.code(201).header('Location', shown!.url).send(shown);
    },
  );
}
