import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';
import Type from 'typebox';
import { isSignedIn } from '../../core/auth/actor.js';
import { anyone, signedIn } from '../../core/auth/policy.js';
import { validateForm, type FieldErrors } from '../../core/http/forms.js';
import { HttpError } from '../../core/http/http-error.js';
import { invalidFieldsProblem, PROBLEM_CONTENT_TYPE } from '../../core/http/problem.js';
import { pageRoute } from '../../core/http/routes.js';
import { isEuLanguage } from '../../core/i18n/locales.js';
import type { ContentSection, ModuleContext } from '../../core/module.js';
import { sendPage } from '../../core/views/render.js';
import { neutralPage, SharedHtml } from '../../core/views/shared-html.js';
import { countComments } from '../comments/index.js';
import { maySeeMembersOnly } from '../partnerships/index.js';
import { presentAttachments } from './news.attachments.js';
import { renderMarkdown } from './news.markdown.js';
import { postsFeed } from './news.feed.js';
import { editablePost, partnershipFor, readablePost, type Found, type SignedIn } from './news.lookup.js';
import { mayDelete, mayEdit, mayPublish, mayTranslate, mayWrite } from './news.policy.js';
import * as q from './news.queries.js';
import {
  ListQuery,
  PartnershipParams,
  PostDetail,
  PostForm,
  PostPage,
  PostParams,
  PostQuery,
  PublishForm,
  TranslateQuery,
  TranslationForm,
  type PostFormValue,
  type TranslationFormValue,
} from './news.schema.js';
import {
  createPost,
  deletePost,
  editPost,
  parseTags,
  presentPost,
  presentPosts,
  publishPost,
  translatePost,
  type WrittenPost,
} from './news.service.js';
import { DeletePostPage } from './views/DeletePostPage.js';
import { attachmentPath, FeedAttachments } from './views/Attachments.js';
import { NewsListPage } from './views/NewsListPage.js';
import { PostFormPage, type PostFormValues, type UploadForm } from './views/PostFormPage.js';
import { postPath } from './views/parts.js';
import { PostBody, PostPage as PostView } from './views/PostPage.js';
import { TranslatePage, type TranslationValues } from './views/TranslatePage.js';

const PAGE_SIZE = 20;
const FEED_SIZE = 30;

/** `2019-03-12T16:39` as a wall-clock time in `timeZone` → the instant (an invalid Date when it does not parse). */
export function wallTimeIn(local: string, timeZone: string): Date {
  const m = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?$/.exec(local);
  if (!m) return new Date(NaN);
  const [, y, mo, d, h, mi] = m.map(Number) as number[];
  const asUtc = Date.UTC(y!, mo! - 1, d!, h!, mi!, m[6] ? Number(m[6]) : 0);
  // The zone's offset at that moment: what its clock shows for `asUtc`, minus `asUtc`.
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    })
      .formatToParts(new Date(asUtc))
      .map((p) => [p.type, Number(p.value)]),
  );
  const shown = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!);
  return new Date(asUtc - (shown - asUtc));
}

const encodeCursor = (c: q.PostCursor) => `${c.at}.${c.id}`;
function decodeCursor(raw: string | undefined): q.PostCursor | undefined {
  if (!raw) return undefined;
  const [at, id] = raw.split('.').map(Number);
  return at !== undefined && id !== undefined && Number.isFinite(at) && Number.isFinite(id) ? { at, id } : undefined;
}

/** The post's API address, the base of its attachments' addresses in JSON. */
export const postApiPath = (partnershipSlug: string, postSlug: string) =>
  `/api/v1/partnerships/${partnershipSlug}/posts/${postSlug}`;

const written = (value: PostFormValue): WrittenPost => ({
  title: value.title,
  summary: value.summary ?? '',
  body: value.body,
  lang: value.lang,
  tags: parseTags(value.tags),
  membersOnly: value.members_only === 'on' || value.members_only === 'true' || value.members_only === 'yes',
});

/** The form, checked: the schema, then a known language. */
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

/** What the reader typed, to show again with the messages (never more than the limits allow). */
function echo(body: unknown): PostFormValues {
  const b = (body ?? {}) as Record<string, unknown>;
  const s = (k: string, max: number) => (typeof b[k] === 'string' ? (b[k] as string).slice(0, max) : '');
  return {
    title: s('title', 400),
    summary: s('summary', 1200),
    body: s('body', 60_000),
    tags: s('tags', 2500),
    lang: s('lang', 3),
    membersOnly: b.members_only === 'on',
  };
}

export function registerNewsRoutes(app: FastifyInstance, ctx: ModuleContext): void {
  const base = () => ctx.config.baseUrl.replace(/\/$/, '');

  pageRoute(app, {
    path: '/partnerships/:slug/news',
    apiPath: '/partnerships/:slug/posts',
    policy: anyone,
    summary: 'A partnership’s news, newest first, one page at a time',
    tag: 'news',
    params: PartnershipParams,
    querystring: ListQuery,
    response: PostPage,
    load: async ({ params, query, request }) => {
      const found = await partnershipFor(ctx, request, params.slug);
      if (!found) return null;
      const t = request.i18n.t;
      const { items, next } = await listPage(found, query.after, request);
      // Drafts and scheduled posts: all of them for those who publish, one's own for other
      // writers; worked out once per generation for each (the shared memo).
      const writer = mayWrite(found.standing)
        ? mayPublish(found.standing)
          ? 'all'
          : (request.actor as SignedIn).id
        : null;
      const drafts =
        writer === null
          ? []
          : await ctx.shared.remember(
              `news:drafts:${request.locale}:${found.id}:${writer}`,
              async () =>
                presentPosts(
                  ctx,
                  await q.listUnpublished(ctx.db, found.id, writer === 'all' ? null : writer, 50),
                  request.locale,
                  t,
                ),
              (list) => list.length * 2048 + 64,
            );
      // After a post was deleted (`?done=deleted`), the list says so.
      const deleted = (request.query as Record<string, unknown> | undefined)?.done === 'deleted';
      return {
        items,
        next,
        view: { partnership: found.partnership, drafts, mayWrite: mayWrite(found.standing), deleted },
      };
    },
    render: (data, page) => NewsListPage({ page, ...data }),
  });

  /** A page of the posts that are out, the same for every reader who may see as much (shared memo). */
  async function listPage(found: Found, after: string | undefined, request: FastifyRequest) {
    const includeMembersOnly = maySeeMembersOnly(found.standing);
    return ctx.shared.remember(
      `news:list:${request.locale}:${found.id}:${includeMembersOnly}:${after ?? ''}`,
      async () => {
        const { items, next } = await q.listOut(
          ctx.db,
          { partnershipId: found.id, includeMembersOnly },
          PAGE_SIZE,
          decodeCursor(after),
        );
        return {
          items: await presentPosts(ctx, items, request.locale, request.i18n.t),
          next: next ? encodeCursor(next) : null,
        };
      },
    );
  }

  /** Other modules' sections under a post, in order (known once every module is registered). */
  let contentSections: ContentSection[] | undefined;
  const postFor = (request: FastifyRequest, slug: string, postSlug: string) =>
    readablePost(ctx, request, slug, postSlug);

  pageRoute(app, {
    path: '/partnerships/:slug/news/:post',
    apiPath: '/partnerships/:slug/posts/:post',
    policy: anyone,
    summary: 'One news post, in the reader’s language where a translation exists',
    tag: 'news',
    params: PostParams,
    querystring: PostQuery,
    response: PostDetail,
    load: async ({ params, query, request }) => {
      const got = await postFor(request, params.slug, params.post);
      if (!got) return null;
      const { found, post } = got;
      const view = query.view && isEuLanguage(query.view) ? query.view : undefined;
      const [shown, attachments] = await Promise.all([
        ctx.shared.remember(`news:shown:${post.id}:${request.locale}:${view ?? ''}`, () =>
          presentPost(ctx, post, request.locale, request.i18n.t, view),
        ),
        ctx.shared.remember(`news:attachments:${post.id}`, () => q.attachmentsOf(ctx.db, post.id)),
      ]);
      const isApi = request.url.startsWith('/api/');
      const rawQuery = Object.fromEntries(
        Object.entries((request.query ?? {}) as Record<string, unknown>).map(([k, v]) => [
          k,
          typeof v === 'string' ? v : undefined,
        ]),
      );
      const sections: VNode[] = [];
      // The sections are HTML (comments have an API of their own): not rendered for the JSON twin.
      const contributors = isApi
        ? []
        : (contentSections ??= ctx.modules.flatMap((m) => m.contentSections ?? []).sort((a, b) => a.order - b.order));
      const page = isApi ? null : request.page();
      const attachmentList = presentAttachments(attachments, postApiPath(found.partnership.slug, post.slug));
      // What every reader of the post in this language reads is rendered once per generation.
      const body = page
        ? await ctx.shared.remember(
            `news:body:${post.id}:${request.locale}:${view ?? ''}`,
            () =>
              new SharedHtml(
                renderToString(
                  PostBody({
                    page: neutralPage(page),
                    post: { ...shown, attachments: attachmentList },
                    self: postPath({ partnership: found.partnership.slug, slug: post.slug }),
                    timeZone: ctx.config.timeZone,
                  }),
                ),
              ),
            (shared) => shared.weight,
          )
        : null;
      for (const section of contributors) {
        if (!page) break;
        const node = await section.render(page, ctx, { type: 'post', id: post.id, query: rawQuery });
        if (node) sections.push(node);
      }
      return {
        ...shown,
        attachments: attachmentList,
        view: {
          partnership: found.partnership,
          body,
          sections,
          may: {
            edit: mayEdit(found.standing, post),
            publish: mayPublish(found.standing) && shown.status !== 'published',
            translate: mayTranslate(found.standing, post),
            delete: mayDelete(found.standing, post),
          },
        },
      };
    },
    // `body` is null only for the JSON twin, which renders nothing.
    render: ({ view, ...post }, page) =>
      PostView({ page, post, view: { ...view, body: view.body ?? new SharedHtml('') }, timeZone: ctx.config.timeZone }),
  });

  const feedRoute = async (request: FastifyRequest, reply: FastifyReply, partnership: Found | null) => {
    const { items } = await q.listOut(
      ctx.db,
      { ...(partnership ? { partnershipId: partnership.id } : {}), includeMembersOnly: false },
      FEED_SIZE,
    );
    const [shown, rows] = await Promise.all([
      presentPosts(ctx, items, request.locale, request.i18n.t),
      q.attachmentsOfPosts(
        ctx.db,
        items.map((p) => p.id),
      ),
    ]);
    const reader = { t: request.i18n.t, locale: request.locale };
    const posts = shown.map((p) => {
      const postBase = `${base()}/${request.locale}/partnerships/${p.partnership}/news/${p.slug}`;
      const attachments = presentAttachments(
        rows.filter((f) => f.post_id === p.id),
        '',
      );
      const files = FeedAttachments({ page: reader, base: postBase, attachments });
      const enclosures = attachments.map((a) => ({
        href: `${postBase}${attachmentPath('', a)}`,
        type: a.type,
        length: a.size,
        title: a.name,
      }));
      return { ...p, html: renderMarkdown(p.body) + (files ? renderToString(files) : ''), enclosures };
    });
    const path = partnership
      ? `/${request.locale}/partnerships/${partnership.partnership.slug}/news`
      : `/${request.locale}/news`;
    const title = partnership
      ? request.i18n.t('news.feed.partnership', { partnership: partnership.partnership.title })
      : request.i18n.t('news.feed.site');
    return reply.type('application/atom+xml; charset=utf-8').send(
      postsFeed({
        base: base(),
        locale: request.locale,
        title,
        page: partnership ? path : `/${request.locale}/`,
        self: `${path}.atom`,
        posts,
      }),
    );
  };

  app.get<{ Params: { lang: string; slug: string } }>(
    '/:lang/partnerships/:slug/news.atom',
    { config: { policy: anyone }, schema: { hide: true, params: PartnershipParams } },
    async (request, reply) => {
      const found = await partnershipFor(ctx, request, request.params.slug);
      if (!found) throw new HttpError(404);
      return feedRoute(request, reply, found);
    },
  );

  app.get('/:lang/news.atom', { config: { policy: anyone }, schema: { hide: true } }, async (request, reply) =>
    feedRoute(request, reply, null),
  );

  // Writing

  /** The partnership, if this actor may write there; else the same 404 as a missing one. */
  async function writable(request: FastifyRequest, slug: string) {
    const found = await partnershipFor(ctx, request, slug);
    if (!found || !mayWrite(found.standing)) throw new HttpError(404);
    return { ...found, actor: request.actor as SignedIn };
  }

  const emptyForm = (lang: string): PostFormValues => ({
    title: '',
    summary: '',
    body: '',
    tags: '',
    lang,
    membersOnly: false,
  });

  app.get<{ Params: { lang: string; slug: string } }>(
    '/:lang/partnerships/:slug/news/new',
    { config: { policy: signedIn }, schema: { hide: true, params: PartnershipParams } },
    async (request, reply) => {
      const found = await writable(request, request.params.slug);
      return sendPage(
        reply,
        PostFormPage({
          page: request.page(),
          partnership: found.partnership,
          values: emptyForm(request.locale),
          errors: {},
        }),
      );
    },
  );

  app.post<{ Params: { lang: string; slug: string } }>(
    '/:lang/partnerships/:slug/news',
    { config: { policy: signedIn }, schema: { hide: true, params: PartnershipParams } },
    async (request, reply) => {
      const found = await writable(request, request.params.slug);
      const page = request.page();
      const form = checkPost(request.body, page.t);
      if (!form.ok)
        return sendPage(
          reply,
          PostFormPage({ page, partnership: found.partnership, values: echo(request.body), errors: form.errors }),
          400,
        );
      const post = await createPost(ctx, found.id, found.actor.id, form.value);
      return reply.redirect(`/${request.locale}/partnerships/${found.partnership.slug}/news/${post.slug}`, 303);
    },
  );

  app.get<{ Params: { lang: string; slug: string; post: string } }>(
    '/:lang/partnerships/:slug/news/:post/edit',
    { config: { policy: signedIn }, schema: { hide: true, params: PostParams } },
    async (request, reply) => {
      const { found, post } = await editablePost(ctx, request, request.params.slug, request.params.post);
      return sendEditPage(ctx, request, reply, found, post);
    },
  );

  app.post<{ Params: { lang: string; slug: string; post: string } }>(
    '/:lang/partnerships/:slug/news/:post',
    { config: { policy: signedIn }, schema: { hide: true, params: PostParams } },
    async (request, reply) => {
      const { found, post } = await editablePost(ctx, request, request.params.slug, request.params.post);
      const form = checkPost(request.body, request.i18n.t);
      if (!form.ok)
        return sendEditPage(ctx, request, reply, found, post, { values: echo(request.body), errors: form.errors }, 400);
      await editPost(ctx, post, form.value);
      return reply.redirect(`/${request.locale}/partnerships/${found.partnership.slug}/news/${post.slug}`, 303);
    },
  );

  app.post<{ Params: { lang: string; slug: string; post: string } }>(
    '/:lang/partnerships/:slug/news/:post/publish',
    { config: { policy: signedIn }, schema: { hide: true, params: PostParams } },
    async (request, reply) => {
      const got = await postFor(request, request.params.slug, request.params.post);
      if (!got || !mayPublish(got.found.standing)) throw new HttpError(404);
      const back = `/${request.locale}/partnerships/${got.found.partnership.slug}/news/${got.post.slug}`;
      // Publishing what is already out changes nothing (its date stays).
      if (
        got.post.status === 'published' &&
        got.post.publishedAt !== null &&
        Date.parse(got.post.publishedAt) <= Date.now()
      )
        return reply.redirect(back, 303);
      const form = validateForm<{ publish_at?: string }>(PublishForm, request.body, request.i18n.t);
      const raw = form.ok ? form.value.publish_at : undefined;
      // A time with an offset is taken as written; one without (a datetime-local field) is in the platform's time zone.
      const at = raw
        ? /[zZ]|[+-]\d\d:?\d\d$/.test(raw)
          ? new Date(raw)
          : wallTimeIn(raw, ctx.config.timeZone)
        : new Date();
      if (Number.isNaN(at.getTime())) throw new HttpError(400, 'news.publish.badTime');
      await publishPost(ctx, got.post, at, (request.actor as SignedIn).id);
      return reply.redirect(back, 303);
    },
  );

  // Deleting: a page that asks first, then the form's POST; the API's DELETE.

  async function deletable(request: FastifyRequest, slug: string, postSlug: string) {
    const got = await postFor(request, slug, postSlug);
    if (!got || !mayDelete(got.found.standing, got.post)) throw new HttpError(404);
    return got;
  }

  app.get<{ Params: { lang: string; slug: string; post: string } }>(
    '/:lang/partnerships/:slug/news/:post/delete',
    { config: { policy: signedIn }, schema: { hide: true, params: PostParams } },
    async (request, reply) => {
      const { found, post } = await deletable(request, request.params.slug, request.params.post);
      const [comments, attachments] = await Promise.all([
        countComments(ctx.db, 'post', post.id),
        q.countAttachments(ctx.db, post.id),
      ]);
      return sendPage(
        reply,
        DeletePostPage({
          page: request.page(),
          partnership: found.partnership,
          post: { slug: post.slug, title: post.title, lang: post.originalLang },
          counts: { comments, attachments },
        }),
      );
    },
  );

  app.post<{ Params: { lang: string; slug: string; post: string } }>(
    '/:lang/partnerships/:slug/news/:post/delete',
    { config: { policy: signedIn }, schema: { hide: true, params: PostParams } },
    async (request, reply) => {
      const { found, post } = await deletable(request, request.params.slug, request.params.post);
      await deletePost(ctx, post, (request.actor as SignedIn).id);
      return reply.redirect(`/${request.locale}/partnerships/${found.partnership.slug}/news?done=deleted`, 303);
    },
  );

  app.delete<{ Params: { slug: string; post: string } }>(
    '/api/v1/partnerships/:slug/posts/:post',
    {
      config: { policy: signedIn },
      schema: {
        summary:
          'Delete a post with its comments, translations, attachments and tags (coordinators; its author before it is out)',
        tags: ['news'],
        security: [{ bearerAuth: [] }],
        params: Type.Omit(PostParams, ['lang']),
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      const { post } = await deletable(request, request.params.slug, request.params.post);
      await deletePost(ctx, post, (request.actor as SignedIn).id);
      return reply.code(204).send();
    },
  );

  // Translations, written by members.

  async function translatable(request: FastifyRequest, slug: string, postSlug: string) {
    const got = await postFor(request, slug, postSlug);
    if (!got || !mayTranslate(got.found.standing, got.post)) throw new HttpError(404);
    return got;
  }

  app.get<{ Params: { lang: string; slug: string; post: string }; Querystring: { to?: string } }>(
    '/:lang/partnerships/:slug/news/:post/translate',
    { config: { policy: signedIn }, schema: { hide: true, params: PostParams, querystring: TranslateQuery } },
    async (request, reply) => {
      const { found, post } = await translatable(request, request.params.slug, request.params.post);
      const wanted =
        request.query.to && isEuLanguage(request.query.to) && request.query.to !== post.originalLang
          ? request.query.to
          : request.locale !== post.originalLang
            ? request.locale
            : '';
      const existing = (await q.translationsOf(ctx.db, [post.id])).find((tr) => tr.lang === wanted);
      const values: TranslationValues = existing
        ? { lang: wanted, title: existing.title, summary: existing.summary, body: existing.body }
        : { lang: wanted, title: post.title, summary: post.summary, body: post.body };
      return sendPage(
        reply,
        TranslatePage({
          page: request.page(),
          partnership: found.partnership,
          post: { slug: post.slug, title: post.title, lang: post.originalLang },
          values,
          errors: {},
        }),
      );
    },
  );

  app.post<{ Params: { lang: string; slug: string; post: string } }>(
    '/:lang/partnerships/:slug/news/:post/translate',
    { config: { policy: signedIn }, schema: { hide: true, params: PostParams } },
    async (request, reply) => {
      const { found, post } = await translatable(request, request.params.slug, request.params.post);
      const page = request.page();
      const form = validateForm<TranslationFormValue>(TranslationForm, request.body, page.t);
      const errors: FieldErrors = form.ok ? {} : { ...form.errors };
      if (form.ok && (!isEuLanguage(form.value.lang) || form.value.lang === post.originalLang))
        errors.lang = page.t('news.translate.otherLanguage');
      if (!form.ok || Object.keys(errors).length > 0) {
        const b = (request.body ?? {}) as Record<string, unknown>;
        const s = (k: string, max: number) => (typeof b[k] === 'string' ? (b[k] as string).slice(0, max) : '');
        const values = {
          lang: s('lang', 3),
          title: s('title', 400),
          summary: s('summary', 1200),
          body: s('body', 60_000),
        };
        return sendPage(
          reply,
          TranslatePage({
            page,
            partnership: found.partnership,
            post: { slug: post.slug, title: post.title, lang: post.originalLang },
            values,
            errors,
          }),
          400,
        );
      }
      await translatePost(ctx, post, {
        lang: form.value.lang,
        title: form.value.title,
        summary: form.value.summary ?? '',
        body: form.value.body,
      });
      return reply.redirect(
        `/${request.locale}/partnerships/${found.partnership.slug}/news/${post.slug}?view=${form.value.lang}`,
        303,
      );
    },
  );

  // The API's write: a member with a personal access token.
  app.post<{ Params: { slug: string } }>(
    '/api/v1/partnerships/:slug/posts',
    {
      config: { policy: signedIn },
      schema: {
        summary: 'Writes a draft post in a partnership (members; with a personal access token)',
        tags: ['news'],
        params: Type.Omit(PartnershipParams, ['lang']),
        body: { type: 'object' },
        response: { 201: PostDetail },
      },
    },
    async (request, reply) => {
      const found = await partnershipFor(ctx, request, request.params.slug);
      if (!found || !mayWrite(found.standing) || !isSignedIn(request.actor)) throw new HttpError(404);
      const form = checkPost(request.body, request.i18n.t);
      if (!form.ok) {
        const problem = invalidFieldsProblem(
          request.url,
          request.i18n.t('core.error.title', { status: '400' }),
          request.i18n.t('core.error.invalidFields'),
          form.errors,
        );
        return reply.code(400).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
      }
      const post = await createPost(ctx, found.id, request.actor.id, form.value);
      const shown = { ...(await presentPost(ctx, post, request.locale, request.i18n.t)), attachments: [] };
      return reply
        .code(201)
        .header('Location', `/api/v1/partnerships/${found.partnership.slug}/posts/${post.slug}`)
        .send(shown);
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
  return sendPage(
    reply,
    PostFormPage({
      page: request.page(),
      partnership: found.partnership,
      post: {
        slug: post.slug,
        attachments: presentAttachments(attachments, postApiPath(found.partnership.slug, post.slug)),
        maxBytes: ctx.config.uploadMaxBytes,
      },
      values,
      errors: state.errors ?? {},
      upload: state.upload ?? { description: '', errors: {} },
    }),
    status,
  );
}
