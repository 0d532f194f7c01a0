import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import Type from 'typebox';
import { signedIn } from '../../../core/auth/policy.js';
import { echoFields, validateForm, type FieldErrors } from '../../../core/http/forms.js';
import { actorOf, sendInvalidFields } from '../../../core/http/handlers.js';
import { sendPage } from '../../../core/http/html.js';
import { HttpError } from '../../../core/http/http-error.js';
import { problemResponses } from '../../../core/http/problem.js';
import { NoBody } from '../../../core/http/validation.js';
import { isEuLanguage } from '../../../core/i18n/locales.js';
import { instantFromForm } from '../../../core/i18n/time-zone.js';
import type { ModuleContext } from '../../../core/module.js';
import { uploadsIn } from '../../../core/http/multipart.js';
import { checkDescription, checkUploads, keepUploads, presentAttachments, recordUploads } from '../news.attachments.js';
import { editablePost, partnershipFor, readablePost, type Found } from '../news.lookup.js';
import {
  checkRelations,
  echoRelations,
  keepSentRelations,
  relationFields,
  relationValues,
  sentRelations,
  shownRelations,
  withRelations,
} from '../news.relations.js';
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
import {
  createPost,
  editPost,
  parseTags,
  presentPost,
  publishPost,
  statusOf,
  unschedulePost,
  type WrittenPost,
} from '../news.service.js';
import { postApiPath } from '../views/parts.js';
import { PostFormPage, type PostFormValues, type UploadForm } from '../views/PostFormPage.js';
import { PublishPage, type PublishState } from '../views/PublishForms.js';

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

/** The notice of the post page after a publication (`?done=`). */
const DONE = { publish: 'published', schedule: 'scheduled', reschedule: 'rescheduled' } as const;

/**
 * The time of a publication: now when none is given (and the form did not ask to schedule),
 * else the time given (a `datetime-local` value is in the platform's time zone); a message
 * for `publish_at` when scheduling without a time, or with one that is not a time.
 */
function publishTime(
  body: unknown,
  timeZone: string,
  t: FastifyRequest['i18n']['t'],
): { ok: true; at: Date } | { ok: false; errors: FieldErrors; value: string } {
  const form = validateForm<{ publish_at?: string; schedule?: string }>(PublishForm, body, t);
  if (!form.ok) return { ok: false, errors: form.errors, value: '' };
  const raw = (form.value.publish_at ?? '').trim();
  if (raw === '' && form.value.schedule === undefined) return { ok: true, at: new Date() };
  if (raw === '') return { ok: false, errors: { publish_at: t('news.publish.noTime') }, value: '' };
  const at = instantFromForm(raw, timeZone);
  if (Number.isNaN(at.getTime())) return { ok: false, errors: { publish_at: t('news.publish.badTime') }, value: raw };
  return { ok: true, at };
}

/** What the reader typed, to show again with the messages. */
const echo = (ctx: ModuleContext, body: unknown): PostFormValues => ({
  ...echoFields(body, ECHO),
  membersOnly: (body as Record<string, unknown> | null)?.members_only === 'on',
  relations: echoRelations(ctx, body),
});

const emptyForm = (lang: string): PostFormValues => ({
  title: '',
  summary: '',
  body: '',
  tags: '',
  lang,
  membersOnly: false,
  relations: {},
});

/** Where the request writes: the partnership, and the writer's standing there (for other modules' relations). */
const placeOf = (found: Found) => ({
  partnershipId: found.id,
  partnershipSlug: found.partnership.slug,
  standing: found.standing,
});

const postAddress = (request: FastifyRequest, found: Found, post: { slug: string }) =>
  `/${request.locale}/partnerships/${found.partnership.slug}/news/${post.slug}`;

/** Writing, editing and publishing posts: the forms, and the API's write for members with a token. */
export function writeRoutes(app: FastifyInstance, ctx: ModuleContext): void {
  // A post's JSON, with what other modules relate it to (the meeting it reports on).
  const postJsonSchema = withRelations(PostDetail, ctx.modules, false);
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
      const page = request.page();
      return sendPage(
        reply,
        PostFormPage({
          page,
          partnership: found.partnership,
          values,
          errors: {},
          relations: await relationFields(ctx, placeOf(found), page),
          maxBytes: ctx.config.uploadMaxBytes,
        }),
      );
    },
  );

  // The new post's form: its text, and a first attachment if one is chosen (multipart). Whatever is
  // wrong, with the text or the file, the form comes back with the messages and nothing is stored;
  // else the post and its attachment are written in one transaction.
  app.post<PartnershipRoute>(
    '/:lang/partnerships/:slug/news',
    { config: { policy: signedIn, uploads: true }, schema: { hide: true, params: PartnershipParams } },
    async (request, reply) => {
      const found = await writable(request, request.params.slug);
      const page = request.page();
      const form = checkPost(request.body, page.t);
      const related = await checkRelations(ctx, placeOf(found), request.body, page.t);
      const files = uploadsIn(request.body, 'file');
      const chosen = files.some((f) => f.filename !== '' || f.size > 0);
      const upload = chosen ? await checkUploads(files, 0, ctx.config.uploadMaxBytes, request.i18n) : null;
      const description = checkDescription(request.body, page.t);
      const uploadErrors: FieldErrors = {
        ...(upload && !upload.ok ? { file: upload.message } : {}),
        ...(description.ok ? {} : description.errors),
      };
      if (!form.ok || Object.keys(uploadErrors).length > 0 || Object.keys(related.errors).length > 0) {
        const values = echo(ctx, request.body);
        const typed = (request.body as Record<string, unknown> | undefined)?.description;
        const shown = { description: typeof typed === 'string' ? typed.slice(0, 1000) : '', errors: uploadErrors };
        const status = upload && !upload.ok ? upload.status : 400;
        return sendPage(
          reply,
          PostFormPage({
            page,
            partnership: found.partnership,
            values,
            errors: { ...(form.ok ? {} : form.errors), ...related.errors },
            relations: await relationFields(ctx, placeOf(found), page),
            upload: shown,
            maxBytes: ctx.config.uploadMaxBytes,
          }),
          status,
        );
      }
      const accepted = upload?.ok ? upload.accepted : [];
      const kept = accepted.length > 0 ? await keepUploads(ctx, accepted) : null;
      const text = description.ok ? description.description : '';
      let post: q.Post;
      try {
        post = await createPost(ctx, found.id, found.actor.id, form.value, async (trx, id) => {
          if (kept) await recordUploads(trx, id, found.actor.id, kept, text);
          await related.save(trx, id);
        });
      } catch (error) {
        await kept?.remove();
        throw error;
      }
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
      const related = await checkRelations(ctx, placeOf(found), request.body, request.i18n.t);
      if (!form.ok || Object.keys(related.errors).length > 0) {
        const errors = { ...(form.ok ? {} : form.errors), ...related.errors };
        const state = { values: echo(ctx, request.body), errors };
        return sendEditPage(ctx, request, reply, found, post, state, 400);
      }
      await editPost(ctx, post, form.value, related.save);
      return reply.redirect(postAddress(request, found, post), 303);
    },
  );

  /** The post, if this actor may publish it; else the same 404 as a missing one. */
  async function publishable(request: FastifyRequest, slug: string, postSlug: string) {
    const got = await readablePost(ctx, request, slug, postSlug);
    if (!got || !mayPublish(got.found.standing)) throw new HttpError(404);
    return { ...got, actor: actorOf(request, signedIn) };
  }

  app.post<PostRoute>(
    '/:lang/partnerships/:slug/news/:post/publish',
    { config: { policy: signedIn }, schema: { hide: true, params: PostParams } },
    async (request, reply) => {
      const { found, post, actor } = await publishable(request, request.params.slug, request.params.post);
      const back = postAddress(request, found, post);
      // Publishing what is already out changes nothing (its date stays).
      if (isOut(post)) return reply.redirect(back, 303);
      const when = publishTime(request.body, ctx.config.timeZone, request.i18n.t);
      if (!when.ok) {
        const status = statusOf(post) === 'scheduled' ? 'scheduled' : 'draft';
        const state: PublishState = { status, publishedAt: post.publishedAt, ...when };
        const shown = { slug: post.slug, title: post.title, lang: post.originalLang };
        const form = PublishPage({
          page: request.page(),
          partnership: found.partnership,
          post: shown,
          state,
          timeZone: ctx.config.timeZone,
        });
        return sendPage(reply, form, 400);
      }
      const done = await publishPost(ctx, post, when.at, actor.id);
      return reply.redirect(done ? `${back}?done=${DONE[done]}` : back, 303);
    },
  );

  app.post<PostRoute>(
    '/:lang/partnerships/:slug/news/:post/unschedule',
    { config: { policy: signedIn }, schema: { hide: true, params: PostParams } },
    async (request, reply) => {
      const { found, post, actor } = await publishable(request, request.params.slug, request.params.post);
      const back = postAddress(request, found, post);
      // A draft, or a post already out, stays as it is.
      const done = await unschedulePost(ctx, post, actor.id);
      return reply.redirect(done ? `${back}?done=unscheduled` : back, 303);
    },
  );

  app.post<PostRoute>(
    '/api/v1/partnerships/:slug/posts/:post/publish',
    {
      config: { policy: signedIn },
      attachValidation: true,
      schema: {
        summary:
          'Publishes a post now, or at `publish_at` (a later time schedules it; a scheduled post is rescheduled) ' +
          '(coordinators; with a personal access token)',
        tags: ['news'],
        security: [{ bearerAuth: [] }],
        params: Type.Omit(PostParams, ['lang']),
        body: PublishForm,
        response: { 200: postJsonSchema, ...problemResponses(400, 401, 403, 404, 409, 413, 415, 429) },
      },
    },
    async (request, reply) => {
      const { found, post, actor } = await publishable(request, request.params.slug, request.params.post);
      if (isOut(post)) throw new HttpError(409, 'news.publish.alreadyOut');
      const when = publishTime(request.body ?? {}, ctx.config.timeZone, request.i18n.t);
      if (!when.ok) return sendInvalidFields(request, reply, when.errors);
      await publishPost(ctx, post, when.at, actor.id);
      return reply.send(await postJson(request, found, post.id));
    },
  );

  app.post<PostRoute>(
    '/api/v1/partnerships/:slug/posts/:post/unschedule',
    {
      config: { policy: signedIn },
      // Nothing is read from the body.
      attachValidation: true,
      schema: {
        summary: 'Takes a scheduled post back to a draft (coordinators; with a personal access token)',
        tags: ['news'],
        security: [{ bearerAuth: [] }],
        params: Type.Omit(PostParams, ['lang']),
        body: NoBody,
        response: { 200: postJsonSchema, ...problemResponses(400, 401, 403, 404, 409, 413, 415, 429) },
      },
    },
    async (request, reply) => {
      const { found, post, actor } = await publishable(request, request.params.slug, request.params.post);
      // Out already: too late; a draft (unscheduled a moment ago, or never scheduled) is answered as it is.
      if (isOut(post)) throw new HttpError(409, 'news.publish.alreadyOut');
      await unschedulePost(ctx, post, actor.id);
      return reply.send(await postJson(request, found, post.id));
    },
  );

  /** A post as the API shows it after a change: read again, with its attachments. */
  async function postJson(request: FastifyRequest, found: Found, id: number) {
    const post = await q.findPostById(ctx.db, id);
    if (!post) throw new HttpError(404);
    const [shown, attachments, related] = await Promise.all([
      presentPost(ctx, post, request.locale, request.i18n.t),
      q.attachmentsOf(ctx.db, post.id),
      shownRelations(ctx, placeOf(found), post.id),
    ]);
    const files = presentAttachments(attachments, postApiPath(found.partnership.slug, post.slug));
    return { ...shown, ...related.json, attachments: files };
  }

  // The API's edit: the post's text, language, tags and visibility as given (its status stays);
  // other modules' properties (`meeting`) when given, else kept.
  app.put<PostRoute>(
    '/api/v1/partnerships/:slug/posts/:post',
    {
      config: { policy: signedIn },
      // The schema documents the body; the handler checks it after the policy and the rules.
      attachValidation: true,
      preValidation: keepSentRelations(ctx.modules),
      schema: {
        summary:
          'Changes a post’s text, language, tags, visibility and what it is related to ' +
          '(its author while a member, coordinators; with a personal access token)',
        tags: ['news'],
        security: [{ bearerAuth: [] }],
        params: Type.Omit(PostParams, ['lang']),
        body: withRelations(PostForm, ctx.modules, true),
        response: { 200: postJsonSchema, ...problemResponses(400, 401, 403, 404, 413, 415, 429) },
      },
    },
    async (request, reply) => {
      const { found, post } = await editablePost(ctx, request, request.params.slug, request.params.post);
      const form = checkPost(request.body, request.i18n.t);
      const related = await checkRelations(ctx, placeOf(found), sentRelations(request), request.i18n.t);
      if (!form.ok || Object.keys(related.errors).length > 0)
        return sendInvalidFields(request, reply, { ...(form.ok ? {} : form.errors), ...related.errors });
      await editPost(ctx, post, form.value, related.save);
      return reply.send(await postJson(request, found, post.id));
    },
  );

  app.post<PartnershipRoute>(
    '/api/v1/partnerships/:slug/posts',
    {
      config: { policy: signedIn },
      // The schema documents the body; the handler checks it after the policy and the rules.
      attachValidation: true,
      // Other modules' fields as sent, before the schema's check coerces them (`0` to `null`).
      preValidation: keepSentRelations(ctx.modules),
      schema: {
        summary: 'Writes a draft post in a partnership (members; with a personal access token)',
        tags: ['news'],
        security: [{ bearerAuth: [] }],
        params: Type.Omit(PartnershipParams, ['lang']),
        body: withRelations(PostForm, ctx.modules, true),
        response: { 201: postJsonSchema, ...problemResponses(400, 401, 403, 404, 413, 415, 429) },
      },
    },
    async (request, reply) => {
      const found = await writable(request, request.params.slug);
      const form = checkPost(request.body, request.i18n.t);
      const related = await checkRelations(ctx, placeOf(found), sentRelations(request), request.i18n.t);
      if (!form.ok || Object.keys(related.errors).length > 0)
        return sendInvalidFields(request, reply, { ...(form.ok ? {} : form.errors), ...related.errors });
      const post = await createPost(ctx, found.id, found.actor.id, form.value, related.save);
      const location = postApiPath(found.partnership.slug, post.slug);
      return reply
        .code(201)
        .header('Location', location)
        .send(await postJson(request, found, post.id));
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
  const page = request.page();
  const [shown, attachments, relations, stored] = await Promise.all([
    presentPost(ctx, post, post.originalLang, request.i18n.t, post.originalLang),
    q.attachmentsOf(ctx.db, post.id),
    relationFields(ctx, placeOf(found), page),
    state.values ? Promise.resolve({}) : relationValues(ctx, post.id),
  ]);
  const values: PostFormValues = state.values ?? {
    title: post.title,
    summary: post.summary,
    body: post.body,
    tags: shown.tags.map((t) => t.label).join(', '),
    lang: post.originalLang,
    membersOnly: post.membersOnly,
    relations: stored,
  };
  const apiPath = postApiPath(found.partnership.slug, post.slug);
  const edited = {
    slug: post.slug,
    attachments: presentAttachments(attachments, apiPath),
    maxBytes: ctx.config.uploadMaxBytes,
  };
  const form = PostFormPage({
    page,
    partnership: found.partnership,
    post: edited,
    values,
    errors: state.errors ?? {},
    relations,
    upload: state.upload ?? { description: '', errors: {} },
  });
  return sendPage(reply, form, status);
}
