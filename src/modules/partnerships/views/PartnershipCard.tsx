import { LanguageLabel } from '../../../core/views/components.js';
import type { PageContext } from '../../../core/views/page-context.js';
import type { PartnershipSummary } from '../partnerships.schema.js';

/** A partnership in a list: its logo if it has one, its title as a link, its year and summary. */
export function PartnershipCard({
  page,
  partnership,
  headingLevel = 3,
}: {
  page: PageContext;
  partnership: PartnershipSummary;
  headingLevel?: 2 | 3;
}) {
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  const lang = partnership.lang !== page.locale ? partnership.lang : undefined;
  return (
    <li class={partnership.logo ? 'card card--logo' : 'card'}>
      {/* Beside the title, which says whose it is: decorative. */}
      {partnership.logo ? (
        <img class="card__logo" src={partnership.logo} alt="" width={48} height={48} loading="lazy" />
      ) : null}
      <Heading class="card__title" lang={lang}>
        <a href={page.href(`/partnerships/${partnership.slug}`)}>{partnership.title}</a>
      </Heading>
      <p class="card__meta">
        {page.t('partnerships.launched', { year: String(partnership.launchedYear) })}
        {lang ? (
          <>
            {' · '}
            <LanguageLabel page={page} lang={lang} />
          </>
        ) : null}
      </p>
      <p class="card__text" lang={lang}>
        {partnership.summary}
      </p>
    </li>
  );
}
