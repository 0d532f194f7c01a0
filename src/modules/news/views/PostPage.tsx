import type { VNode } from 'preact';
import { dateLocale, languageNameIn } from '../../../core/i18n/locales.js';
import { KeptValues } from '../../../core/kept-values.js';
import { Button, Field, Form, Notice, Tags } from '../../../core/views/components.js';
import { Layout } from '../../../core/views/Layout.js';
import type { PageContext } from '../../../core/views/page-context.js';
import { type Placeable, Shared } from '../../../core/shared/index.js';
import type { PartnershipDetail } from '../../partnerships/index.js';
import type { PostDetail } from '../news.schema.js';
import { AttachmentList } from './Attachments.js';

// Intl formatters cost more to make than to use, and formatting a date in a time zone costs
// more than looking it up: one formatter per language and time zone, and the dates they wrote
// (a few thousand at most, then they start again).
const bylineFormats = new KeptValues<Intl.DateTimeFormat>(100);
const bylineDates = new KeptValues<string>(5000);
/**
 * The date of the author line as readers of the language write it: "út 12. 3. 2019 16:39",
 * "Tue, 12/03/2019, 16:39".
 */
const bylineDate = (iso: string, locale: string, timeZone: string) =>
  bylineDates.get(`${locale} ${timeZone} ${iso}`, () =>
    bylineFormats
      .get(
        `${locale} ${timeZone}`,
        () =>
          new Intl.DateTimeFormat(dateLocale(locale), {
            weekday: 'short',
            day: 'numeric',
            month: 'numeric',
            year: 'numeric',
            hour: '2-digit',
            minute: '2-digit',
            timeZone,
          }),
      )
      .format(new Date(iso)),
  );

/**
 * What every reader of a post in one language reads (the `postBody` fragment): its
 * text in the reader's language (or the original, marked), attachments, tags, author line and
 * the other languages it is in.
 */
export function PostBody({
  page,
  post,
  self,
  timeZone,
}: {
  page: PageContext;
  post: PostDetail;
  self: string;
  timeZone: string;
}) {
  const { t } = page;
  const lang = post.lang !== page.locale ? post.lang : undefined;
  const date = post.publishedAt ? bylineDate(post.publishedAt, page.locale, timeZone) : null;
  const others = post.languages.filter((l) => l !== post.lang);
  return (
    <>
      <h1 lang={lang}>{post.title}</h1>
      {post.status !== 'published' ? (
        <Notice kind="warning" title={t(`news.status.${post.status}`)}>
          {t(`news.status.${post.status}Text`)}
        </Notice>
      ) : null}
      {post.membersOnly ? <Notice title={t('news.membersOnly')}>{t('news.membersOnlyText')}</Notice> : null}
      {post.lang !== page.locale ? (
        <p class="meta">{t('news.post.untranslated', { language: languageNameIn(page.locale, post.lang) })}</p>
      ) : null}
      {post.summary ? (
        <p class="lead" lang={lang}>
          {post.summary}
        </p>
      ) : null}
      <div class="prose" lang={lang} dangerouslySetInnerHTML={{ __html: post.html }} />
      <AttachmentList page={page} postPath={self} attachments={post.attachments} />
      <Tags page={page} label={t('news.post.tags')} tags={post.tags} />
      {date ? (
        <p class="meta byline">
          {t('news.post.byline', { name: post.author?.displayName ?? t('news.post.unknownAuthor'), date })}
        </p>
      ) : null}
      {others.length > 0 ? (
        <nav aria-label={t('news.post.otherLanguages')}>
          <p>
            {t('news.post.otherLanguages')}:{' '}
            {others.map((code, i) => (
              <>
                {i > 0 ? ', ' : ''}
                <a href={page.href(`${self}?view=${code}`)} hrefLang={code} lang={code}>
                  {languageNameIn(code, code)}
                </a>
              </>
            ))}
          </p>
        </nav>
      ) : null}
    </>
  );
}

/**
 * A post: its body as every reader of this language reads it, what this reader may do with it, then
 * other modules' sections (comments).
 */
export function PostPage({
  page,
  post,
  view,
  timeZone,
}: {
  page: PageContext;
  post: PostDetail;
  view: {
    partnership: PartnershipDetail;
    body: Placeable;
    sections: VNode[];
    may: { edit: boolean; publish: boolean; translate: boolean; delete: boolean };
  };
  timeZone: string;
}) {
  const { t } = page;
  const base = `/partnerships/${view.partnership.slug}`;
  const self = `${base}/news/${post.slug}`;
  const actions =
    view.may.edit || view.may.publish || view.may.translate || view.may.delete ? (
      <div class="actions">
        {view.may.translate ? (
          <p>
            <a href={page.href(`${self}/translate`)}>{t('news.post.translate')}</a>
          </p>
        ) : null}
        {view.may.edit ? (
          <p>
            <a href={page.href(`${self}/edit`)}>{t('news.post.edit')}</a>
          </p>
        ) : null}
        {view.may.delete ? (
          <p>
            <a href={page.href(`${self}/delete`)}>{t('news.post.delete')}</a>
          </p>
        ) : null}
        {view.may.publish ? (
          <Form page={page} action={page.href(`${self}/publish`)}>
            <Field
              name="publish_at"
              type="datetime-local"
              label={t('news.publish.at')}
              hint={t('news.publish.hint', { zone: timeZone })}
            />
            <Button>{t('news.post.publish')}</Button>
          </Form>
        ) : null}
      </div>
    ) : null;
  return (
    <Layout
      page={page}
      title={post.title}
      breadcrumbs={[
        { label: t('news.partnerships'), path: '/partnerships' },
        { label: view.partnership.title, path: base },
        { label: t('news.list.short'), path: `${base}/news` },
        { label: post.title },
      ]}
    >
      <article class="post">
        <Shared html={view.body} />
        {actions}
      </article>
      {view.sections}
    </Layout>
  );
}
