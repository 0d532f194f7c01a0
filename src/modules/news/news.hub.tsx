import type { PartnershipSection } from '../../core/module.js';
import { newsReads } from './news.reads.js';
import { PostItem } from './views/parts.js';

/** Posts the overview of a partnership shows. */
const LATEST = 4;

/**
 * News in every partnership's hub: the News tab (the partnership's news list) and, on the
 * overview, its latest posts that the reader may see (news' one visibility rule, through the
 * shared read of the list's first page: members-only posts for members, nothing that is not out).
 */
export const newsHubSection: PartnershipSection = {
  order: 10,
  label: 'news.hub.tab',
  path: '/news',
  block: {
    order: 10,
    place: 'recent',
    async render(page, ctx, partnership) {
      const key = { lang: page.locale, partnership: partnership.id, membersOnly: partnership.membersOnly };
      const { items } = await newsReads.list.get(ctx, { ...key, after: undefined });
      const base = `/partnerships/${partnership.slug}`;
      return (
        <section aria-labelledby="hub-news" class="hub-block">
          <h2 id="hub-news">{page.t('news.hub.latest')}</h2>
          {items.length === 0 ? (
            <p>{page.t('news.list.empty')}</p>
          ) : (
            <ul class="list">
              {items.slice(0, LATEST).map((post) => (
                <PostItem page={page} post={post} heading="h3" />
              ))}
            </ul>
          )}
          <p>
            <a href={page.href(`${base}/news`)}>{page.t('news.hub.all')}</a>
          </p>
        </section>
      );
    },
  },
};
