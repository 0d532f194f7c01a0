import type { VNode } from 'preact';
import { languageNameIn } from '../../../core/i18n/locales.js';
import { Notice, Tags } from '../../../core/views/components.js';
import { Layout } from '../../../core/views/Layout.js';
import type { PageContext } from '../../../core/views/page-context.js';
import { type Placeable, Shared } from '../../../core/shared/index.js';
import { PartnershipFrame, type HubTab, type PartnershipDetail } from '../../partnerships/index.js';
import type { PostDetail } from '../news.schema.js';
import { AttachmentList } from './Attachments.js';
import { PublishForms } from './PublishForms.js';

/**
 * What every reader of a post in one language reads (the `postBody` fragment): its
 * text in the reader's language (or the original, marked), attachments, tags, author line and
 * the other languages it is in.
 */
export function PostBody({ page, post, self }: { page: PageContext; post: PostDetail; self: string }) {
  const { t } = page;
  const lang = post.lang !== page.locale ? post.lang : undefined;
  // EU dates in every language ("12 March 2019, 16:39"), in the platform's time zone.
  const date = post.publishedAt ? page.i18n.dateTime(post.publishedAt, 'medium') : null;
  const author = post.author?.displayName ?? t('news.post.unknownAuthor');
  const others = post.languages.filter((l) => l !== post.lang);
  return (
    <>
      <h1 lang={lang}>{post.title}</h1>
      {post.status === 'draft' ? (
        <Notice kind="warning" title={t('news.status.draft')}>
          {t('news.status.draftText')}
        </Notice>
      ) : post.status === 'scheduled' && date ? (
        <Notice kind="warning" title={t('news.status.scheduledFor', { date })}>
          {t('news.status.scheduledText')}
        </Notice>
      ) : null}
      {post.membersOnly ? <Notice title={t('news.membersOnly')}>{t('news.membersOnlyText')}</Notice> : null}
      {post.lang === page.locale ? null : post.languages.includes(page.locale) ? (
        // Another language than the reader's, as they chose ("Also available in"): theirs is one link away.
        <p class="meta">
          {t('news.post.shownIn', { language: languageNameIn(page.locale, post.lang) })}{' '}
          <a href={page.href(self)}>
            {t('news.post.readInYours', { language: languageNameIn(page.locale, page.locale) })}
          </a>
        </p>
      ) : (
        <p class="meta">{t('news.post.untranslated', { language: languageNameIn(page.locale, post.lang) })}</p>
      )}
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
          {post.status === 'scheduled'
            ? t('news.post.scheduledByline', { name: author, date })
            : t('news.post.byline', { name: author, date })}
        </p>
      ) : null}
      {others.length > 0 ? (
        <nav aria-label={t('news.post.otherLanguages')}>
          <p>
            {t('news.post.otherLanguages')}:{' '}
            {others.map((code, i) => (
              <>
                {i > 0 ? ', ' : ''}
                <a href={page.href(code === page.locale ? self : `${self}?view=${code}`)} hrefLang={code} lang={code}>
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
    /** The partnership's sub-navigation (partnerships' `hubTabs(ctx)`): a post is a page of its News. */
    tabs: readonly HubTab[];
    body: Placeable;
    /** What other modules relate the post to, as this reader may see it ("Reports on: the 11th meeting"). */
    related?: VNode[];
    sections: VNode[];
    may: { edit: boolean; publish: boolean; translate: boolean; delete: boolean };
    /** What was just done to it (after a publish form). */
    done?: 'published' | 'scheduled' | 'rescheduled' | 'unscheduled' | null;
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
        {view.may.publish && post.status !== 'published' ? (
          <PublishForms
            page={page}
            self={self}
            state={{ status: post.status, publishedAt: post.publishedAt }}
            timeZone={timeZone}
          />
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
      <PartnershipFrame page={page} partnership={view.partnership} tabs={view.tabs} current="/news">
        {view.done ? (
          <Notice kind="success">
            <p>{t(`news.publish.done.${view.done}`)}</p>
          </Notice>
        ) : null}
        <article class="post">
          <Shared html={view.body} />
          {view.related}
          {actions}
        </article>
        {view.sections}
      </PartnershipFrame>
    </Layout>
  );
}
