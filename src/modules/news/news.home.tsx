import type { HomeSection } from '../../core/module.js';
import { listOut } from './news.queries.js';
import { presentPosts } from './news.service.js';
import { PostItem } from './views/parts.js';

const SHOWN = 5;

/** The home page's latest public news of every partnership. */
export const newsHomeSection: HomeSection = {
  order: 5,
  async render(page, ctx) {
    const { items } = await listOut(ctx.db, { includeMembersOnly: false }, SHOWN);
    if (items.length === 0) return null;
    const posts = await presentPosts(ctx, items, page.locale, page.t);
    const { t } = page;
    return (
      <section aria-labelledby="home-news">
        <h2 id="home-news">{t('news.home.title')}</h2>
        <ul class="list">
          {posts.map((post) => (
            <PostItem page={page} post={post} heading="h3" />
          ))}
        </ul>
        <p>
          <a href={page.href('/news.atom')} type="application/atom+xml">
            {t('news.home.feed')}
          </a>
        </p>
      </section>
    );
  },
};
