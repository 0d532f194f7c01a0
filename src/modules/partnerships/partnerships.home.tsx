import type { HomeSection } from '../../core/module.js';
import { listPartnerships } from './partnerships.queries.js';
import { PartnershipCard } from './views/PartnershipCard.js';

const SHOWN = 12;

/** The home page's list of partnerships, newest wave last. */
export const partnershipsHomeSection: HomeSection = {
  order: 10,
  async render(page, ctx) {
    const { items, next } = await listPartnerships(ctx.db, page.locale, SHOWN);
    const { t } = page;
    return (
      <section aria-labelledby="home-partnerships">
        <h2 id="home-partnerships">{t('partnerships.home.title')}</h2>
        {items.length === 0 ? (
          <p>{t('partnerships.list.empty')}</p>
        ) : (
          <ul class="cards">
            {items.map((p) => (
              <PartnershipCard page={page} partnership={p} />
            ))}
          </ul>
        )}
        {next ? (
          <p>
            <a href={page.href('/partnerships')}>{t('partnerships.home.all')}</a>
          </p>
        ) : null}
      </section>
    );
  },
};
