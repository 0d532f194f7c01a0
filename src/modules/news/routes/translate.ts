import type { FastifyInstance, FastifyRequest } from 'fastify';
import { signedIn } from '../../../core/auth/policy.js';
import { echoFields, validateForm, type FieldErrors } from '../../../core/http/forms.js';
import { sendPage } from '../../../core/http/html.js';
import { HttpError } from '../../../core/http/http-error.js';
import { isEuLanguage } from '../../../core/i18n/locales.js';
import type { ModuleContext } from '../../../core/module.js';
import { readablePost } from '../news.lookup.js';
import { renderMarkdown } from '../news.markdown.js';
import { mayTranslate } from '../news.policy.js';
import * as q from '../news.queries.js';
import { PostParams, TranslateQuery, TranslationForm, type TranslationFormValue } from '../news.schema.js';
import { translatePost } from '../news.service.js';
import { TranslatePage, type TranslationValues } from '../views/TranslatePage.js';

type PostRoute = { Params: { lang: string; slug: string; post: string } };

/** Longest text of each field shown again with its messages. */
const ECHO = { lang: 3, title: 400, summary: 1200, body: 60_000 };

/** The post as written, shown beside the translation. */
const originalOf = (post: q.Post) => ({
  slug: post.slug,
  title: post.title,
  lang: post.originalLang,
  summary: post.summary,
  html: renderMarkdown(post.body),
});

/** Translations of a post, written by members who may read it. */
export function translateRoutes(app: FastifyInstance, ctx: ModuleContext): void {
  async function translatable(request: FastifyRequest, slug: string, postSlug: string) {
    const got = await readablePost(ctx, request, slug, postSlug);
    if (!got || !mayTranslate(got.found.standing, got.post)) throw new HttpError(404);
    return got;
  }

  app.get<PostRoute & { Querystring: { to?: string } }>(
    '/:lang/partnerships/:slug/news/:post/translate',
    { config: { policy: signedIn }, schema: { hide: true, params: PostParams, querystring: TranslateQuery } },
    async (request, reply) => {
      const { found, post } = await translatable(request, request.params.slug, request.params.post);
      const { to } = request.query;
      const fromQuery = to && isEuLanguage(to) && to !== post.originalLang ? to : null;
      const wanted = fromQuery ?? (request.locale !== post.originalLang ? request.locale : '');
      const existing = (await q.translationsOf(ctx.db, [post.id])).find((tr) => tr.lang === wanted);
      const values: TranslationValues = existing
        ? { lang: wanted, title: existing.title, summary: existing.summary, body: existing.body }
        : { lang: wanted, title: post.title, summary: post.summary, body: post.body };
      const original = originalOf(post);
      const form = TranslatePage({
        page: request.page(),
        partnership: found.partnership,
        post: original,
        values,
        errors: {},
      });
      return sendPage(reply, form);
    },
  );

  app.post<PostRoute>(
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
        const values = echoFields(request.body, ECHO);
        const original = originalOf(post);
        return sendPage(
          reply,
          TranslatePage({ page, partnership: found.partnership, post: original, values, errors }),
          400,
        );
      }
      const { lang, title, summary, body } = form.value;
      await translatePost(ctx, post, { lang, title, summary: summary ?? '', body });
      const shown = `/${request.locale}/partnerships/${found.partnership.slug}/news/${post.slug}?view=${lang}`;
      return reply.redirect(shown, 303);
    },
  );
}
