import { LanguageLabel } from '../../../core/views/components.js';
import type { PageContext } from '../../../core/views/page-context.js';
import type { RelatedItem } from '../search.related.js';

/**
 * "Related" under an item: each related item's type, then its title linked (with its language when
 * it is not the page's). Rendered once for every reader of a language and audience.
 */
export function RelatedSection({ page, items }: { page: PageContext; items: readonly RelatedItem[] }) {
  const { t } = page;
  return (
    <section class="related" aria-labelledby="related-heading">
      <h2 id="related-heading">{t('search.related.heading')}</h2>
      <ul class="list">
        {items.map((item) => {
          const other = item.lang !== page.locale ? item.lang : undefined;
          return (
            <li>
              <span class="meta">{t(`search.type.${item.type}`)}</span>{' '}
              <a href={page.href(item.path)} lang={other}>
                {item.title}
              </a>
              {other ? (
                <>
                  {' · '}
                  <LanguageLabel page={page} lang={other} />
                </>
              ) : null}{' '}
              <span class="meta">{t('search.related.shared', { count: item.sharedTags })}</span>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
