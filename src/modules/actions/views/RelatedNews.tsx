import type { PageContext } from '../../../core/views/page-context.js';
import type { RelatedPost } from '../actions.news.js';

/** The news posts that name an action (those the reader may see), newest first. */
export function RelatedNews({ page, posts }: { page: PageContext; posts: readonly RelatedPost[] }) {
  const { t } = page;
  return (
    <section aria-labelledby="action-news">
      <h2 id="action-news">{t('actions.section.news')}</h2>
      {posts.length === 0 ? (
        <p>{t('actions.newsLink.noPosts')}</p>
      ) : (
        <ul class="list">
          {posts.map((p) => (
            <li lang={p.lang !== page.locale ? p.lang : undefined}>
              <a href={page.href(p.path)}>{p.title}</a>
              {p.summary ? <p>{p.summary}</p> : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
