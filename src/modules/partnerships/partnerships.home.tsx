import type { HomeSection } from '../../core/module.js';
import { defineFragment, Shared } from '../../core/shared/index.js';
import { listPartnerships } from './partnerships.queries.js';
import { PartnershipCard } from './views/PartnershipCard.js';

const SHOWN = 12;

/** The partnerships, newest wave last, as every reader of a language sees them. */
const partnershipCards = defineFragment('partnerships', 'home-cards', {
  key: {},
  load: (ctx, _key, lang) => listPartnerships(ctx.db, lang, SHOWN),
  render: ({ items, next }, page) => (
    <section aria-labelledby="home-partnerships">
      <h2 id="home-partnerships">{page.t('partnerships.home.title')}</h2>
      {items.length === 0 ? (
        <p>{page.t('partnerships.list.empty')}</p>
      ) : (
        <ul class="cards">
          {items.map((p) => (
            <PartnershipCard page={page} partnership={p} />
          ))}
        </ul>
      )}
      {next ? (
        <p>
          <a href={page.href('/partnerships')}>{page.t('partnerships.home.all')}</a>
        </p>
      ) : null}
    </section>
  ),
});

/** The home page's list of partnerships. */
export const partnershipsHomeSection: HomeSection = {
  order: 10,
  async render(page, ctx) {
    const cards = await partnershipCards.get(ctx, page, {});
    return cards ? <Shared html={cards.html} /> : null;
  },
};
