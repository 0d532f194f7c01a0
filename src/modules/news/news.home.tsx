import type { HomeSection } from '../../core/module.js';
import { defineFragment, Shared } from '../../core/shared/index.js';
import { newsReads } from './news.reads.js';
import { PostItem } from './views/parts.js';

/** The latest public news of every partnership, as every reader of a language sees it. */
const latestNews = defineFragment('news', 'home-latest', {
  key: {},
  // Scheduled posts come out as time passes.
  clock: 60,
  load: async (ctx, _key, lang) => {
    const posts = await newsReads.latest.get(ctx, { lang });
    return posts.length > 0 ? posts : null;
  },
  render: (posts, page) => (
    <section aria-labelledby="home-news">
      <h2 id="home-news">{page.t('news.home.title')}</h2>
      <ul class="list">
        {posts.map((post) => (
          <PostItem page={page} post={post} heading="h3" />
        ))}
      </ul>
      <p>
        <a href={page.href('/news.atom')} type="application/atom+xml">
          {page.t('news.home.feed')}
        </a>
      </p>
    </section>
  ),
});

/** The home page's latest public news of every partnership. */
export const newsHomeSection: HomeSection = {
  order: 5,
  async render(page, ctx) {
    const latest = await latestNews.get(ctx, page, {});
    return latest ? <Shared html={latest.html} /> : null;
  },
};
