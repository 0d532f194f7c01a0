import { LanguageLabel } from '../../../core/views/components.js';
import type { PageContext } from '../../../core/views/page-context.js';
import type { PostSummary } from '../news.schema.js';

export const postPath = (post: Pick<PostSummary, 'partnership' | 'slug'>) =>
  `/partnerships/${post.partnership}/news/${post.slug}`;

/** A post's API address, the base of its attachments' addresses in JSON. */
export const postApiPath = (partnershipSlug: string, postSlug: string) =>
  `/api/v1/partnerships/${partnershipSlug}/posts/${postSlug}`;

/** A post in a list: title, status when not plain published, date, summary, all with the text's language. */
export function PostItem({
  page,
  post,
  heading = 'h2',
}: {
  page: PageContext;
  post: PostSummary;
  heading?: 'h2' | 'h3';
}) {
  const { t } = page;
  const lang = post.lang !== page.locale ? post.lang : undefined;
  const Heading = heading;
  return (
    <li>
      <article>
        <Heading class="list__title">
          <a href={page.href(postPath(post))} lang={lang}>
            {post.title}
          </a>
        </Heading>
        <p class="meta">
          {post.publishedAt && post.status === 'published' ? (
            <time dateTime={post.publishedAt}>{page.i18n.date(post.publishedAt, 'medium')}</time>
          ) : post.publishedAt && post.status === 'scheduled' ? (
            // "Scheduled for 12 March 2019, 16:39": when it will come out, not a date it was made.
            <time dateTime={post.publishedAt}>
              {t('news.status.scheduledFor', { date: page.i18n.dateTime(post.publishedAt, 'medium') })}
            </time>
          ) : (
            t('news.status.draft')
          )}
          {post.membersOnly ? ` · ${t('news.membersOnly')}` : null}
          {lang ? (
            <>
              {' · '}
              <LanguageLabel page={page} lang={lang} />
            </>
          ) : null}
        </p>
        {post.summary ? <p lang={lang}>{post.summary}</p> : null}
      </article>
    </li>
  );
}
