import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import Type from 'typebox';
import { signedIn } from '../../core/auth/policy.js';
import { validateForm, type FieldErrors, echoFields } from '../../core/http/forms.js';
import { sendInvalidFields } from '../../core/http/handlers.js';
import { sendPage } from '../../core/http/html.js';
import { HttpError } from '../../core/http/http-error.js';
import { problemResponses } from '../../core/http/problem.js';
import { pageRoute } from '../../core/http/routes.js';
import type { Translator } from '../../core/i18n/translator.js';
import { isEuLanguage } from '../../core/i18n/locales.js';
import type { ModuleContext } from '../../core/module.js';
import { hubTabs } from './partnerships.hub.js';
import { pageBySlug, type PageRow, type PageText } from './editing.queries.js';
import {
  DoneQuery,
  ManagedPageParams,
  ManagedPages,
  MoveForm,
  NewPageForm,
  PageForm,
  RESERVED_PAGE_SLUGS,
} from './editing.schema.js';
import {
  createPage,
  deletePage,
  editPage,
  managed,
  managedOrNull,
  managedPages,
  movePage,
  type Managed,
} from './editing.service.js';
import { PartnershipPageDoc, SlugParams } from './partnerships.schema.js';
import { ConfirmPage } from './views/ConfirmPage.js';
import { PageFormPage, type PageFormValues } from './views/PageFormPage.js';
import { PagesPage } from './views/PagesPage.js';

type SlugRoute = { Params: { lang: string; slug: string } };
type PageRoute = { Params: { lang: string; slug: string; page: string } };

/** Longest text of each field shown again with its messages (twice the limits: the reader sees what was too long). */
const ECHO = { slug: 200, title: 400, body: 40_000, lang: 3 };

interface PageFormValue {
  slug?: string;
  title: string;
  body: string;
  lang: string;
  members_only?: string;
  position?: number;
}

type Checked = { ok: true; slug: string; text: PageText; position?: number } | { ok: false; errors: FieldErrors };

/** The form, checked: the schema, then a known language and an address that is not reserved. */
function checkPage(body: unknown, t: Translator['t'], isNew: boolean): Checked {
  const form = validateForm<PageFormValue>(isNew ? NewPageForm : PageForm, body, t);
  const errors: FieldErrors = form.ok ? {} : { ...form.errors };
  const lang = (body as Record<string, unknown> | null)?.lang;
  if (!errors.lang && typeof lang === 'string' && !isEuLanguage(lang.trim())) errors.lang = t('core.field.choose');
  if (form.ok && isNew && RESERVED_PAGE_SLUGS.includes(form.value.slug ?? ''))
    errors.slug = t('partnerships.pageEditor.slugReserved');
  if (!form.ok || Object.keys(errors).length > 0) return { ok: false, errors };
  const value = form.value;
  const membersOnly = value.members_only === 'on' || value.members_only === 'true' || value.members_only === 'yes';
  return {
    ok: true,
    slug: value.slug ?? '',
    text: { title: value.title, body: value.body, lang: value.lang, membersOnly },
    ...(value.position !== undefined ? { position: value.position } : {}),
  };
}

/** What the reader typed, to show again with the messages. */
const echo = (body: unknown): PageFormValues => ({
  ...echoFields(body, ECHO),
  membersOnly: (body as Record<string, unknown> | null)?.members_only === 'on',
});

const stored = (row: PageRow): PageFormValues => ({
  slug: row.slug,
  title: row.title,
  body: row.body,
  lang: row.lang,
  membersOnly: row.membersOnly,
});

const listPage = (request: FastifyRequest, slug: string, done: string) =>
  `/${request.locale}/partnerships/${slug}/edit/pages?done=${done}`;

/** A page as its own address in the API gives it. */
const presentDoc = (row: PageRow): PartnershipPageDoc => ({
  slug: row.slug,
  title: row.title,
  body: row.body,
  lang: row.lang,
  membersOnly: row.membersOnly,
  updatedAt: row.updatedAt,
});

/**
 * A partnership's own pages, for its coordinators (and administrators): write one, edit it,
 * put it in its place, make it public or for members only, delete it (asking first). In HTML
 * and through the API; anyone else gets the 404 of a page that does not exist. Readers read the
 * pages at `…/pages/{page}`, members-only ones only if they are members.
 */
export function pagesRoutes(app: FastifyInstance, ctx: ModuleContext): void {
  /** The page of the partnership being managed; a 404 when there is none at that address. */
  async function managedPage(request: FastifyRequest, slug: string, pageSlug: string) {
    const found = await managed(ctx, request, slug);
    const row = await pageBySlug(ctx.db, found.id, pageSlug);
    if (!row) throw new HttpError(404);
    return { found, row };
  }

  const sendForm = (
    request: FastifyRequest,
    reply: FastifyReply,
    found: Managed,
    values: PageFormValues,
    errors: FieldErrors,
    editing?: string,
  ) =>
    sendPage(
      reply,
      PageFormPage({
        page: request.page(),
        partnership: found.partnership,
        tabs: hubTabs(ctx),
        values,
        errors,
        ...(editing ? { editing } : {}),
      }),
      Object.keys(errors).length ? 400 : 200,
    );

  pageRoute(app, {
    path: '/partnerships/:slug/edit/pages',
    policy: signedIn,
    summary: 'Every page of a partnership, members-only ones too, in their order (coordinators and administrators)',
    tag: 'partnerships',
    params: SlugParams,
    querystring: DoneQuery,
    response: ManagedPages,
    load: async ({ params, query, request }) => {
      const found = await managedOrNull(ctx, request, params.slug);
      if (!found) return null;
      return { items: await managedPages(ctx, found.id), found, done: query.done };
    },
    render: ({ items, found, done }, page) =>
      PagesPage({ page, partnership: found.partnership, tabs: hubTabs(ctx), pages: items, done }),
  });

  app.get<SlugRoute>(
    '/:lang/partnerships/:slug/edit/pages/new',
    { config: { policy: signedIn }, schema: { hide: true, params: SlugParams } },
    async (request, reply) => {
      const found = await managed(ctx, request, request.params.slug);
      const values = { slug: '', title: '', body: '', lang: request.locale, membersOnly: false };
      return sendForm(request, reply, found, values, {});
    },
  );

  app.post<SlugRoute>(
    '/:lang/partnerships/:slug/edit/pages',
    { config: { policy: signedIn }, schema: { hide: true, params: SlugParams } },
    async (request, reply) => {
      const found = await managed(ctx, request, request.params.slug);
      const t = request.i18n.t;
      const form = checkPage(request.body, t, true);
      if (!form.ok) return sendForm(request, reply, found, echo(request.body), form.errors);
      const page = await createPage(ctx, found, form.slug, form.text);
      if (!page)
        return sendForm(request, reply, found, echo(request.body), { slug: t('partnerships.pageEditor.slugTaken') });
      return reply.redirect(listPage(request, request.params.slug, 'created'), 303);
    },
  );

  app.get<PageRoute>(
    '/:lang/partnerships/:slug/edit/pages/:page',
    { config: { policy: signedIn }, schema: { hide: true, params: ManagedPageParams } },
    async (request, reply) => {
      const { found, row } = await managedPage(request, request.params.slug, request.params.page);
      return sendForm(request, reply, found, stored(row), {}, row.slug);
    },
  );

  app.post<PageRoute>(
    '/:lang/partnerships/:slug/edit/pages/:page',
    { config: { policy: signedIn }, schema: { hide: true, params: ManagedPageParams } },
    async (request, reply) => {
      const { found, row } = await managedPage(request, request.params.slug, request.params.page);
      const form = checkPage(request.body, request.i18n.t, false);
      if (!form.ok)
        return sendForm(request, reply, found, { ...echo(request.body), slug: row.slug }, form.errors, row.slug);
      await editPage(ctx, found, row, form.text);
      return reply.redirect(listPage(request, request.params.slug, 'saved'), 303);
    },
  );

  app.post<PageRoute>(
    '/:lang/partnerships/:slug/edit/pages/:page/move',
    { config: { policy: signedIn }, schema: { hide: true, params: ManagedPageParams } },
    async (request, reply) => {
      const { found, row } = await managedPage(request, request.params.slug, request.params.page);
      const form = validateForm<{ position: number }>(MoveForm, request.body, request.i18n.t);
      if (!form.ok) throw new HttpError(400);
      await movePage(ctx, found, row, form.value.position);
      return reply.redirect(listPage(request, request.params.slug, 'moved'), 303);
    },
  );

  app.get<PageRoute>(
    '/:lang/partnerships/:slug/edit/pages/:page/delete',
    { config: { policy: signedIn }, schema: { hide: true, params: ManagedPageParams } },
    async (request, reply) => {
      const { found, row } = await managedPage(request, request.params.slug, request.params.page);
      const t = request.i18n.t;
      const base = `/partnerships/${found.partnership.slug}`;
      const page = ConfirmPage({
        page: request.page(),
        partnership: found.partnership,
        tabs: hubTabs(ctx),
        title: t('partnerships.pageEditor.deleteTitle', { title: row.title }),
        text: t('partnerships.pageEditor.deleteText', { title: row.title }),
        action: `${base}/edit/pages/${row.slug}/delete`,
        confirm: t('partnerships.pageEditor.deleteConfirm'),
        back: `${base}/edit/pages`,
        parent: 'pages',
      });
      return sendPage(reply, page);
    },
  );

  app.post<PageRoute>(
    '/:lang/partnerships/:slug/edit/pages/:page/delete',
    { config: { policy: signedIn }, schema: { hide: true, params: ManagedPageParams } },
    async (request, reply) => {
      const { found, row } = await managedPage(request, request.params.slug, request.params.page);
      // Deleted by another request meanwhile (a double click): the 404 that asking again gets.
      if (!(await deletePage(ctx, found, row))) throw new HttpError(404);
      return reply.redirect(listPage(request, request.params.slug, 'deleted'), 303);
    },
  );

  // The API (reading one page is `GET /api/v1/partnerships/{slug}/pages/{page}`, for whoever may see it)

  const ApiSlug = Type.Omit(SlugParams, ['lang']);
  const ApiPage = Type.Omit(ManagedPageParams, ['lang']);

  app.post<{ Params: { slug: string } }>(
    '/api/v1/partnerships/:slug/pages',
    {
      config: { policy: signedIn },
      attachValidation: true,
      schema: {
        summary: 'Writes a new page of a partnership, at the end of its list (coordinators and administrators)',
        tags: ['partnerships'],
        security: [{ bearerAuth: [] }],
        params: ApiSlug,
        body: NewPageForm,
        response: { 201: PartnershipPageDoc, ...problemResponses(400, 401, 403, 404, 413, 415, 429) },
      },
    },
    async (request, reply) => {
      const found = await managed(ctx, request, request.params.slug);
      const t = request.i18n.t;
      const form = checkPage(request.body, t, true);
      if (!form.ok) return sendInvalidFields(request, reply, form.errors);
      const page = await createPage(ctx, found, form.slug, form.text);
      if (!page) return sendInvalidFields(request, reply, { slug: t('partnerships.pageEditor.slugTaken') });
      if (form.position !== undefined) await movePage(ctx, found, page, form.position);
      const location = `/api/v1/partnerships/${found.partnership.slug}/pages/${page.slug}`;
      return reply.code(201).header('Location', location).send(presentDoc(page));
    },
  );

  app.post<{ Params: { slug: string; page: string } }>(
    '/api/v1/partnerships/:slug/pages/:page',
    {
      config: { policy: signedIn },
      attachValidation: true,
      schema: {
        summary:
          'Saves a page of a partnership: its text, language, visibility and (with `position`) its place ' +
          '(coordinators and administrators)',
        tags: ['partnerships'],
        security: [{ bearerAuth: [] }],
        params: ApiPage,
        body: PageForm,
        response: { 200: PartnershipPageDoc, ...problemResponses(400, 401, 403, 404, 413, 415, 429) },
      },
    },
    async (request, reply) => {
      const { found, row } = await managedPage(request, request.params.slug, request.params.page);
      const form = checkPage(request.body, request.i18n.t, false);
      if (!form.ok) return sendInvalidFields(request, reply, form.errors);
      await editPage(ctx, found, row, form.text, form.position);
      const saved = await pageBySlug(ctx.db, found.id, row.slug);
      if (!saved) throw new HttpError(404);
      return presentDoc(saved);
    },
  );

  app.delete<{ Params: { slug: string; page: string } }>(
    '/api/v1/partnerships/:slug/pages/:page',
    {
      config: { policy: signedIn },
      schema: {
        summary: 'Deletes a page of a partnership (coordinators and administrators)',
        tags: ['partnerships'],
        security: [{ bearerAuth: [] }],
        params: ApiPage,
        response: { 204: Type.Null(), ...problemResponses(400, 401, 403, 404, 429) },
      },
    },
    async (request, reply) => {
      const { found, row } = await managedPage(request, request.params.slug, request.params.page);
      if (!(await deletePage(ctx, found, row))) throw new HttpError(404);
      return reply.code(204).send();
    },
  );
}
