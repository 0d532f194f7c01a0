import { LanguageLabel, Pagination } from '../../../core/views/components.js';
import { Layout } from '../../../core/views/Layout.js';
import type { PageContext } from '../../../core/views/page-context.js';
import { languageNameIn } from '../../../core/i18n/locales.js';
import type { FacetName } from '../../../core/search/search-index.js';
import type { SearchOutcome } from '../search.service.js';

const FACETS: FacetName[] = ['type', 'partnership', 'tag', 'lang', 'year'];

type Value = string | number;
type Params = Partial<Record<FacetName | 'q' | 'page', Value | readonly Value[] | undefined>>;

/** The address of the search with these parameters (empty ones left out; a facet's values repeated). */
function searchHref(page: PageContext, params: Params): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params))
    for (const one of Array.isArray(value) ? (value as readonly Value[]) : [value as Value | undefined])
      if (one !== undefined && one !== '') query.append(key, String(one));
  const text = query.toString();
  return page.href('/search') + (text ? `?${text}` : '');
}

/** The label of a facet's value: a type by its name, a language by its name, the rest as it is. */
function valueLabel(page: PageContext, facet: FacetName, value: string, label?: string): string {
  if (facet === 'type') return page.t(`search.type.${value}`);
  if (facet === 'lang') return languageNameIn(page.locale, value);
  if (facet === 'tag') return `#${value}`;
  return label ?? value;
}

/** The chosen values of a facet with `value` added, or taken away when it was chosen. */
function toggled(chosen: readonly Value[] | undefined, value: string): string[] {
  const values = (chosen ?? []).map(String);
  return values.includes(value) ? values.filter((v) => v !== value) : [...values, value];
}

/**
 * The search page: the box (a GET form), the facets as links with counts (each link keeps the
 * query and the other filters and adds its value to the facet's chosen ones, an item with any of
 * them; a chosen one can be taken away), the results with their type, title, snippet (text, the
 * matching words marked), date and partnership, and the pages. When more than 1,000 items match,
 * the counts say "at least" and a note says how the results were ranked.
 */
export function SearchPage({
  page,
  outcome,
  next,
}: {
  page: PageContext;
  outcome: SearchOutcome;
  next: number | null;
}) {
  const { t } = page;
  const current: Params = { q: outcome.q, ...outcome.filters };
  const searched = outcome.words.length > 0;
  const filtered = Object.keys(outcome.filters).length > 0;
  return (
    <Layout page={page} title={t('search.title')} breadcrumbs={[{ label: t('search.title') }]}>
      <h1>{t('search.heading')}</h1>
      <form class="filters search-form" method="get" action={page.href('/search')} role="search">
        <div class="field">
          <label class="field__label" for="search-q">
            {t('search.label')}
          </label>
          <input id="search-q" class="input" type="search" name="q" value={outcome.q.slice(0, 200)} maxLength={200} />
        </div>
        {FACETS.flatMap((facet) =>
          (outcome.filters[facet] ?? []).map((value) => <input type="hidden" name={facet} value={String(value)} />),
        )}
        <button type="submit" class="button">
          {t('search.submit')}
        </button>
      </form>
      {!searched ? (
        <p class="notice">{t('search.typeAWord')}</p>
      ) : (
        <div class="search-layout">
          <section aria-labelledby="search-results-heading" class="search-results">
            <h2 id="search-results-heading">
              {outcome.exact
                ? t('search.found', { count: outcome.total })
                : t('search.foundMany', { count: outcome.total })}
            </h2>
            {outcome.exact ? null : <p class="notice">{t('search.window', { count: outcome.total })}</p>}
            {outcome.results.length === 0 ? (
              <div>
                <p>{t('search.nothing')}</p>
                <ul>
                  {outcome.words.length > 1 ? <li>{t('search.fewerWords')}</li> : null}
                  <li>{t('search.otherSpelling')}</li>
                  {filtered ? (
                    <li>
                      <a href={searchHref(page, { q: outcome.q })}>{t('search.removeFilters')}</a>
                    </li>
                  ) : null}
                </ul>
              </div>
            ) : (
              <ol class="search-hits">
                {outcome.results.map((r) => (
                  <li>
                    <p class="search-hit__type">{t(`search.type.${r.type}`)}</p>
                    <h3>
                      <a href={page.href(r.path)} lang={r.lang === page.locale ? undefined : r.lang}>
                        {r.title}
                      </a>{' '}
                      <LanguageLabel page={page} lang={r.lang} />
                    </h3>
                    {r.snippet.length > 0 ? (
                      <p class="search-hit__snippet">
                        {r.snippet.map((part) => (part.mark ? <mark>{part.text}</mark> : part.text))}
                      </p>
                    ) : null}
                    <p class="search-hit__meta">
                      {r.date ? <time dateTime={r.date}>{page.i18n.date(r.date, 'long')}</time> : null}
                      {r.date && r.partnership ? ' · ' : null}
                      {r.partnership ? (
                        <a href={page.href(`/partnerships/${r.partnership.slug}`)}>{r.partnership.title}</a>
                      ) : null}
                    </p>
                  </li>
                ))}
              </ol>
            )}
            <Pagination
              page={page}
              previous={outcome.page > 1 ? searchHref(page, { ...current, page: outcome.page - 1 }) : null}
              next={next ? searchHref(page, { ...current, page: next }) : null}
            />
          </section>
          <nav class="search-facets" aria-label={t('search.facets')}>
            {FACETS.map((facet) => {
              const chosen = (outcome.filters[facet] ?? []).map(String);
              const values = outcome.facets[facet];
              if (values.length === 0 && chosen.length === 0) return null;
              const count = (v: { count: number; exact: boolean }) =>
                v.exact ? t('search.count', { count: v.count }) : t('search.countAtLeast', { count: v.count });
              return (
                <section aria-labelledby={`facet-${facet}`}>
                  <h2 id={`facet-${facet}`}>{t(`search.facet.${facet}`)}</h2>
                  <ul>
                    {values.map((v) => {
                      const href = searchHref(page, { ...current, [facet]: toggled(chosen, v.value), page: undefined });
                      return chosen.includes(v.value) ? (
                        <li>
                          <a href={href} aria-current="true">
                            {t('search.remove', { value: valueLabel(page, facet, v.value, v.label) })}
                          </a>{' '}
                          ({count(v)})
                        </li>
                      ) : (
                        <li>
                          <a href={href}>{valueLabel(page, facet, v.value, v.label)}</a> ({count(v)})
                        </li>
                      );
                    })}
                    {chosen
                      .filter((value) => !values.some((v) => v.value === value))
                      .map((value) => (
                        <li>
                          <a
                            href={searchHref(page, { ...current, [facet]: toggled(chosen, value), page: undefined })}
                            aria-current="true"
                          >
                            {t('search.remove', { value: valueLabel(page, facet, value) })}
                          </a>
                        </li>
                      ))}
                  </ul>
                </section>
              );
            })}
          </nav>
        </div>
      )}
    </Layout>
  );
}
