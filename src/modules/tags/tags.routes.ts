import type { FastifyInstance } from 'fastify';
import { anyone, platformAdmin } from '../../core/auth/policy.js';
import { validateForm, type FieldErrors } from '../../core/http/forms.js';
import { actorOf } from '../../core/http/handlers.js';
import { decodeTimeCursor } from '../../core/http/cursors.js';
import { HttpError } from '../../core/http/http-error.js';
import { pageRoute } from '../../core/http/routes.js';
import { cleanLine } from '../../core/http/validation.js';
import { contentTypesOf, type ModuleContext } from '../../core/module.js';
import { sendPage } from '../../core/http/html.js';
import { atom } from './tags.feed.js';
import { cleanLabel, findTag, listTags, mergeTagInto, setTagLabel, tagIdBySlug, tagIsShown } from './tags.queries.js';
import { followButton } from '../follows/index.js';
import { LABEL_MAX, MergeForm, TagDetail, TagList, TagListQuery, TagPageQuery, TagParams } from './tags.schema.js';
import { taggedItems } from './tags.fragments.js';
import { tagReads } from './tags.reads.js';
import { resolveTagged } from './tags.service.js';
import { EditTagPage } from './views/EditTagPage.js';
import { TagListPage } from './views/TagListPage.js';
import { TagPage } from './views/TagPage.js';

const LIST_SIZE = 100;
const FEED_SIZE = 30;

export function registerTagRoutes(app: FastifyInstance, ctx: ModuleContext): void {
  pageRoute(app, {
    path: '/tags',
    policy: anyone,
    summary: 'Every tag, in slug order, one page at a time',
    tag: 'tags',
    querystring: TagListQuery,
    response: TagList,
    load: async ({ query, request }) =>
      listTags(ctx.db, contentTypesOf(ctx.modules), request.locale, LIST_SIZE, query.after, new Date()),
    render: (data, page) => TagListPage({ page, ...data }),
  });

  pageRoute(app, {
    path: '/tags/:slug',
    policy: anyone,
    summary: 'One tag and everything public tagged with it, of every type, newest first',
    tag: 'tags',
    params: TagParams,
    querystring: TagPageQuery,
    response: TagDetail,
    // The same for every reader (public items only): kept until the next write.
    load: ({ params, query, request }) => {
      // A cursor this site did not give is a 400 before anything is looked for.
      decodeTimeCursor(query.after);
      return tagReads.page.get(ctx, { lang: request.locale, slug: params.slug, after: query.after });
    },
    // The page only: the items as every reader of the language sees them.
    prepare: async (tag, page, { query }) => {
      const items = await taggedItems.get(ctx, page, { slug: tag.slug, after: query.after });
      if (!items) throw new HttpError(404);
      // The reader's own follow button, its state read fresh (follows module).
      const id = await tagIdBySlug(ctx.db, tag.slug);
      const follow = id === null ? null : await followButton(ctx, page, { type: 'tag', id });
      return { items: items.html, follow };
    },
    render: (tag, page, _request, { items, follow }) => TagPage({ page, tag, items, follow }),
  });

  app.get<{ Params: { lang: string; slug: string } }>(
    '/:lang/tags/:slug.atom',
    { config: { policy: anyone }, schema: { hide: true, params: TagParams } },
    async (request, reply) => {
      const tag = await findTag(ctx.db, request.params.slug, request.locale);
      const now = new Date();
      // A tag that nothing everyone may see is tagged with has no feed (its label is named nowhere public).
      if (!tag || !(await tagIsShown(ctx.db, contentTypesOf(ctx.modules), tag.id, now))) throw new HttpError(404);
      const { items } = await resolveTagged(ctx, tag.id, request.locale, now, FEED_SIZE);
      const base = ctx.config.baseUrl.replace(/\/$/, '');
      const page = `${base}/${request.locale}/tags/${tag.slug}`;
      const body = atom({
        id: page,
        title: request.i18n.t('tags.feed.title', { tag: tag.label }),
        link: page,
        self: `${page}.atom`,
        language: request.locale,
        updated: new Date(items[0]?.publishedAt ?? 0),
        items: items.map((item) => ({
          id: `${base}/${request.locale}${item.path}`,
          title: item.title,
          link: `${base}/${request.locale}${item.path}`,
          date: new Date(item.publishedAt),
          ...(item.summary ? { summary: item.summary } : {}),
        })),
      });
      return reply.type('application/atom+xml; charset=utf-8').send(body);
    },
  );

  const labelFields = () => Object.fromEntries(ctx.languages.map((lang) => [`label_${lang}`, '']));

  app.get<{ Params: { lang: string; slug: string } }>(
    '/:lang/tags/:slug/edit',
    { config: { policy: platformAdmin }, schema: { hide: true, params: TagParams } },
    async (request, reply) => {
      const tag = await findTag(ctx.db, request.params.slug, request.locale);
      if (!tag) throw new HttpError(404);
      const values = { ...labelFields(), ...Object.fromEntries(tag.labels.map((l) => [`label_${l.lang}`, l.label])) };
      return sendPage(reply, EditTagPage({ page: request.page(), tag, values, errors: {} }));
    },
  );

  app.post<{ Params: { lang: string; slug: string } }>(
    '/:lang/tags/:slug',
    { config: { policy: platformAdmin }, schema: { hide: true, params: TagParams } },
    async (request, reply) => {
      const tag = await findTag(ctx.db, request.params.slug, request.locale);
      if (!tag) throw new HttpError(404);
      const page = request.page();
      const body = (request.body ?? {}) as Record<string, unknown>;
      const values: Record<string, string> = {};
      const errors: FieldErrors = {};
      for (const lang of ctx.languages) {
        const raw = body[`label_${lang}`];
        const value = typeof raw === 'string' ? cleanLine(raw).trim() : '';
        values[`label_${lang}`] = value.slice(0, LABEL_MAX + 50);
        if (value.length > LABEL_MAX) errors[`label_${lang}`] = page.t('core.field.tooLong', { limit: LABEL_MAX });
      }
      if (Object.values(values).every((v) => v === ''))
        errors[`label_${ctx.languages[0] ?? 'en'}`] = page.t('tags.edit.oneLabel');
      if (Object.keys(errors).length > 0) return sendPage(reply, EditTagPage({ page, tag, values, errors }), 400);
      const actor = actorOf(request, platformAdmin);
      await ctx.db.transaction().execute(async (trx) => {
        for (const lang of ctx.languages)
          await setTagLabel(trx, tag.id, lang, cleanLabel(values[`label_${lang}`] ?? ''));
      });
      await ctx.audit({
        actorId: actor.id,
        action: 'tags.rename',
        subjectType: 'tag',
        subjectId: tag.slug,
        details: { before: tag.labels, after: values },
      });
      return reply.redirect(`/${request.locale}/tags/${tag.slug}`, 303);
    },
  );

  app.post<{ Params: { lang: string; slug: string } }>(
    '/:lang/tags/:slug/merge',
    { config: { policy: platformAdmin }, schema: { hide: true, params: TagParams } },
    async (request, reply) => {
      const tag = await findTag(ctx.db, request.params.slug, request.locale);
      if (!tag) throw new HttpError(404);
      const page = request.page();
      const form = validateForm<{ into: string }>(MergeForm, request.body, page.t);
      const into = form.ok ? await findTag(ctx.db, form.value.into, request.locale) : null;
      const intoRaw = (request.body as Record<string, unknown> | undefined)?.into;
      const values = {
        ...labelFields(),
        ...Object.fromEntries(tag.labels.map((l) => [`label_${l.lang}`, l.label])),
        into: typeof intoRaw === 'string' ? intoRaw.slice(0, 100) : '',
      };
      if (!form.ok || !into || into.id === tag.id) {
        const errors = form.ok ? { into: page.t(into ? 'tags.merge.same' : 'tags.merge.unknown') } : form.errors;
        return sendPage(reply, EditTagPage({ page, tag, values, errors }), 400);
      }
      const actor = actorOf(request, platformAdmin);
      const moved = await ctx.db.transaction().execute((trx) => mergeTagInto(trx, tag.id, into.id));
      await ctx.audit({
        actorId: actor.id,
        action: 'tags.merge',
        subjectType: 'tag',
        subjectId: into.slug,
        details: { merged: tag.slug, labels: tag.labels, moved },
      });
      return reply.redirect(`/${request.locale}/tags/${into.slug}`, 303);
    },
  );
}
