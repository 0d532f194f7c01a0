import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import Type from 'typebox';
import { signedIn } from '../../../core/auth/policy.js';
import { echoFields, validateForm, type FieldErrors } from '../../../core/http/forms.js';
import { actorOf, sendInvalidFields } from '../../../core/http/handlers.js';
import { sendPage } from '../../../core/http/html.js';
import { HttpError } from '../../../core/http/http-error.js';
import { problemResponses } from '../../../core/http/problem.js';
import { isEuLanguage } from '../../../core/i18n/locales.js';
import { instantFromForm } from '../../../core/i18n/time-zone.js';
import type { ModuleContext } from '../../../core/module.js';
import { presentAttachments } from '../news.attachments.js';
import { editablePost, partnershipFor, readablePost, type Found } from '../news.lookup.js';
import { isOut, mayPublish, mayWrite } from '../news.policy.js';
import * as q from '../news.queries.js';
import {
  PartnershipParams,
  PostDetail,
  PostForm,
  PostParams,
  PublishForm,
  type PostFormValue,
} from '../news.schema.js';
import { createPost, editPost, parseTags, presentPost, publishPost, type WrittenPost } from '../news.service.js';
import { postApiPath } from '../views/parts.js';
import { PostFormPage, type PostFormValues, type UploadForm } from '../views/PostFormPage.js';

type PartnershipRoute = { Params: { lang: string; slug: string } };
type PostRoute = { Params: { lang: string; slug: string; post: string } };

/** Longest text of each field shown again with its messages (twice the limits: the reader sees what was too long). */
const ECHO = { title: 400, summary: 1200, body: 60_000, tags: 2500, lang: 3 };

const written = (value: PostFormValue): WrittenPost => ({
  title: value.title,
  summary: value.summary ?? '',
  body: value.body,
  lang: value.lang,
  tags: parseTags(value.tags),
  membersOnly: value.members_only === 'on' || value.members_only === 'true' || value.members_only === 'yes',
});

/** The form, checked: the schema, then a known language and short enough tags. */
function checkPost(
  body: unknown,
  t: FastifyRequest['i18n']['t'],
): { ok: true; value: WrittenPost } | { ok: false; errors: FieldErrors } {
  const form = validateForm<PostFormValue>(PostForm, body, t);
  const errors: FieldErrors = form.ok ? {} : { ...form.errors };
  if (form.ok && !isEuLanguage(form.value.lang)) errors.lang = t('core.field.choose');
  if (form.ok && parseTags(form.value.tags).some((tag) => tag.length > 200))
    errors.tags = t('news.form.tagTooLong', { limit: 200 });
  if (!form.ok || Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, value: written(form.value) };
}

/** What the reader typed, to show again with the messages. */
const echo = (body: unknown): PostFormValues => ({
  ...echoFields(body, ECHO),
  membersOnly: (body as Record<string, unknown> | null)?.members_only === 'on',
});

const emptyForm = (lang: string): PostFormValues => ({
  title: '',
  summary: '',
  body: '',
  tags: '',
  lang,
  membersOnly: false,
});

const postAddress = (request: FastifyRequest, found: Found, post: { slug: string }) =>
  `/${request.locale}/partnerships/${found.partnership.slug}/news/${post.slug}`;

/** Writing, editing and publishing posts: the forms, and the API's write for members with a token. */
export function writeRoutes(app: FastifyInstance, ctx: ModuleContext): void {
  /** The partnership, if this actor may write there; else the same 404 as a missing one. */
  async function writable(request: FastifyRequest, slug: string) {
    const found = await partnershipFor(ctx, request, slug);
    if (!found || !mayWrite(found.standing)) throw new HttpError(404);
    return { ...found, actor: actorOf(request, signedIn) };
  }

  app.get<PartnershipRoute>(
    '/:lang/partnerships/:slug/news/new',
    { config: { policy: signedIn }, schema: { hide: true, params: PartnershipParams } },
    async (request, reply) => {
      const found = await writable(request, request.params.slug);
      const values = emptyForm(request.locale);
      return sendPage(
        reply,
        PostFormPage({ page: request.page(), partnership: found.partnership, values, errors: {} }),
      );
    },
  );

  app.post<PartnershipRoute>(
    '/:lang/partnerships/:slug/news',
    { config: { policy: signedIn }, schema: { hide: true, params: PartnershipParams } },
    async (request, reply) => {
      const found = await writable(request, request.params.slug);
      const page = request.page();
      const form = checkPost(request.body, page.t);
      if (!form.ok) {
        const values = echo(request.body);
        return sendPage(
          reply,
          PostFormPage({ page, partnership: found.partnership, values, errors: form.errors }),
          400,
        );
      }
      const post = await createPost(ctx, found.id, found.actor.id, form.value);
      return reply.redirect(postAddress(request, found, post), 303);
    },
  );

  app.get<PostRoute>(
    '/:lang/partnerships/:slug/news/:post/edit',
    { config: { policy: signedIn }, schema: { hide: true, params: PostParams } },
    async (request, reply) => {
      const { found, post } = await editablePost(ctx, request, request.params.slug, request.params.post);
      return sendEditPage(ctx, request, reply, found, post);
    },
  );

  app.post<PostRoute>(
    '/:lang/partnerships/:slug/news/:post',
    { config: { policy: signedIn }, schema: { hide: true, params: PostParams } },
    async (request, reply) => {
      const { found, post } = await editablePost(ctx, request, request.params.slug, request.params.post);
      const form = checkPost(request.body, request.i18n.t);
      if (!form.ok) {
        const state = { values: echo(request.body), errors: form.errors };
        return sendEditPage(ctx, request, reply, found, post, state, 400);
      }
      await editPost(ctx, post, form.value);
      return reply.redirect(postAddress(request, found, post), 303);
    },
  );

  app.post<PostRoute>(
    '/:lang/partnerships/:slug/news/:post/publish',
    { config: { policy: signedIn }, schema: { hide: true, params: PostParams } },
    async (request, reply) => {
      const got = await readablePost(ctx, request, request.params.slug, request.params.post);
      if (!got || !mayPublish(got.found.standing)) throw new HttpError(404);
      const back = postAddress(request, got.found, got.post);
      // Publishing what is already out changes nothing (its date stays).
      if (isOut(got.post)) return reply.redirect(back, 303);
      const form = validateForm<{ publish_at?: string }>(PublishForm, request.body, request.i18n.t);
      const raw = form.ok ? form.value.publish_at : undefined;
      const at = raw ? instantFromForm(raw, ctx.config.timeZone) : new Date();
      if (Number.isNaN(at.getTime())) throw new HttpError(400, 'news.publish.badTime');
      await publishPost(ctx, got.post, at, actorOf(request, signedIn).id);
      return reply.redirect(back, 303);
    },
  );

  app.post<PartnershipRoute>(
    '/api/v1/partnerships/:slug/posts',
    {
      config: { policy: signedIn },
      // The schema documents the body; the handler checks it after the policy and the rules.
      attachValidation: true,
      schema: {
        summary: 'Writes a draft post in a partnership (members; with a personal access token)',
        tags: ['news'],
        security: [{ bearerAuth: [] }],
        params: Type.Omit(PartnershipParams, ['lang']),
        body: PostForm,
        response: { 201: PostDetail, ...problemResponses(400, 401, 403, 404, 413, 415, 429) },
      },
    },
    async (request, reply) => {
      const found = await writable(request, request.params.slug);
      const form = checkPost(request.body, request.i18n.t);
      if (!form.ok) return sendInvalidFields(request, reply, form.errors);
      const post = await createPost(ctx, found.id, found.actor.id, form.value);
      const shown = { ...(await presentPost(ctx, post, request.locale, request.i18n.t)), attachments: [] };
      const location = postApiPath(found.partnership.slug, post.slug);
      return reply.code(201).header('Location', location).send(shown);
    },
  );
}

/**
 * The edit page of a post: its form (with what was typed and its messages, or the post as
 * stored) and its attachments, with the upload form and that form's messages.
 */
export async function sendEditPage(
  ctx: ModuleContext,
  request: FastifyRequest,
  reply: FastifyReply,
  found: Found,
  post: q.Post,
  state: { values?: PostFormValues; errors?: FieldErrors; upload?: UploadForm } = {},
  status = 200,
): Promise<FastifyReply> {
  const [shown, attachments] = await Promise.all([
    presentPost(ctx, post, post.originalLang, request.i18n.t, post.originalLang),
    q.attachmentsOf(ctx.db, post.id),
  ]);
  const values: PostFormValues = state.values ?? {
    title: post.title,
    summary: post.summary,
    body: post.body,
    tags: shown.tags.map((t) => t.label).join(', '),
    lang: post.originalLang,
    membersOnly: post.membersOnly,
  };
  const apiPath = postApiPath(found.partnership.slug, post.slug);
  const edited = {
    slug: post.slug,
    attachments: presentAttachments(attachments, apiPath),
    maxBytes: ctx.config.uploadMaxBytes,
  };
  const page = PostFormPage({
    page: request.page(),
    partnership: found.partnership,
    post: edited,
    values,
    errors: state.errors ?? {},
    upload: state.upload ?? { description: '', errors: {} },
  });
  return sendPage(reply, page, status);
}
