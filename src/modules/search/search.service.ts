import type { Actor } from '../../core/auth/actor.js';
import type { ModuleContext } from '../../core/module.js';
import { contentTypesOf, describeContent } from '../../core/module.js';
import {
  SEARCH_WINDOW,
  documentTexts,
  queryTerms,
  searchIndex,
  type FacetName,
  type SearchFilters,
} from '../../core/search/search-index.js';
import { stemOf } from '../../core/search/stem.js';
import { folded, queryWords, snippetOf, type SnippetPart } from '../../core/search/text.js';
import { audienceOf, partnershipIdOf, partnershipTitlesByIds } from '../partnerships/index.js';
import { searchReads } from './search.reads.js';
import { searchSources } from './search.sources.js';

export const PAGE_SIZE = 20;
/** The last page one may ask for: the results are ranked among the newest `SEARCH_WINDOW` (500) matches. */
export const MAX_PAGE = SEARCH_WINDOW / PAGE_SIZE;
/** The most values of one facet a search takes (an item with any of them). */
export const MAX_VALUES = 20;

/** The chosen values of each facet: an item with any of a facet's values, and of every facet chosen. */
export interface SearchChoices {
  type?: string[];
  partnership?: string[];
  tag?: string[];
  lang?: string[];
  year?: number[];
}

export interface SearchRequest extends SearchChoices {
  q: string;
  page?: number;
}

export interface SearchResult {
  type: string;
  title: string;
  path: string;
  lang: string;
  snippet: SnippetPart[];
  date: string | null;
  partnership: { slug: string; title: string } | null;
}

export interface FacetValue {
  value: string;
  count: number;
  /** False when counted among the newest `SEARCH_WINDOW` matches only: at least `count`. */
  exact: boolean;
  /** For partnerships: its title in the reader's language. */
  label?: string;
}

export interface SearchOutcome {
  q: string;
  words: string[];
  filters: SearchChoices;
  page: number;
  /** How many visible items match; when `exact` is false, at least this many (`SEARCH_WINDOW`). */
  total: number;
  exact: boolean;
  results: SearchResult[];
  facets: Record<FacetName, FacetValue[]>;
}

const EMPTY_FACETS = (): SearchOutcome['facets'] => ({ type: [], partnership: [], tag: [], lang: [], year: [] });

/**
 * One search over every type the reader may see: the words of the query, the filters, a page of
 * ranked results (named in the reader's language by their type's `describe`, which applies the
 * one visibility rule again), and the facets with counts. No words: no search, nothing found.
 */
export async function search(
  ctx: ModuleContext,
  actor: Actor,
  request: SearchRequest,
  locale: string,
): Promise<SearchOutcome> {
  const words = queryWords(request.q);
  const page = Math.min(Math.max(request.page ?? 1, 1), MAX_PAGE);
  const some = <T>(values: readonly T[] | undefined): T[] | undefined => {
    const unique = [...new Set(values ?? [])].slice(0, MAX_VALUES);
    return unique.length > 0 ? unique : undefined;
  };
  const filters: SearchChoices = {};
  for (const facet of ['type', 'partnership', 'tag', 'lang'] as const) {
    const values = some(request[facet]?.filter((v) => v !== ''));
    if (values) filters[facet] = values;
  }
  const years = some(request.year);
  if (years) filters.year = years;
  const outcome: SearchOutcome = {
    q: request.q,
    words,
    filters,
    page,
    total: 0,
    exact: true,
    results: [],
    facets: EMPTY_FACETS(),
  };
  if (words.length === 0) return outcome;
  const partnershipIds: number[] = [];
  for (const slug of filters.partnership ?? []) {
    const id = await partnershipIdOf(ctx.db, slug);
    if (id !== null) partnershipIds.push(id);
  }
  if (filters.partnership && partnershipIds.length === 0) return outcome;
  // The minute's time: a visitor's page of results is kept no longer than the minute.
  const now = new Date(await searchReads.clock.get(ctx, {}));
  const audience = await audienceOf(ctx, actor);
  const sources = searchSources(ctx);
  const types = new Map([...contentTypesOf(ctx.modules)].filter(([type]) => sources.has(type)));
  const indexFilters: SearchFilters = {
    ...(filters.type ? { type: filters.type } : {}),
    ...(partnershipIds.length > 0 ? { partnershipId: partnershipIds } : {}),
    ...(filters.tag ? { tag: filters.tag } : {}),
    ...(filters.lang ? { lang: filters.lang } : {}),
    ...(filters.year ? { year: filters.year } : {}),
  };
  // The words stemmed in the reader's language: "cities" finds "city" in a text in English.
  const terms = queryTerms(words, locale);
  const stems = new Set(terms.stems.filter((stem) => stem !== null));
  const answer = await searchIndex(
    ctx.db,
    ctx.dialect,
    terms,
    indexFilters,
    { types, audience, now },
    { offset: (page - 1) * PAGE_SIZE, limit: PAGE_SIZE },
  );
  const shownPartnerships = [
    ...answer.hits.flatMap((h) => (h.partnershipId === null ? [] : [h.partnershipId])),
    ...answer.facets.partnership.map((f) => Number(f.value)),
  ];
  // The page's texts, names and partnerships at once (on PostgreSQL, each on a connection of its own).
  const [texts, named, partnerships] = await Promise.all([
    documentTexts(
      ctx.db,
      answer.hits.map((h) => h.documentId),
    ),
    describeContent(
      ctx,
      answer.hits.map((h) => ({ type: h.type, id: h.itemId })),
      audience,
      locale,
      now,
    ),
    partnershipTitlesByIds(ctx.db, locale, shownPartnerships),
  ]);
  const results: SearchResult[] = [];
  // What each word of the page's texts is to the query, asked once for all the texts in a language (the stems
  // are a language's).
  const known = new Map<string, Map<string, boolean>>();
  for (const hit of answer.hits) {
    const ref = named(hit.type, hit.itemId);
    const text = texts.get(hit.documentId);
    // Not described: gone or not visible since it was indexed; never shown.
    if (!ref || text === undefined) continue;
    results.push({
      type: hit.type,
      title: ref.title,
      path: ref.path,
      lang: ref.lang,
      snippet: snippetOf(
        text,
        words,
        (token) => stemmedAs(token, hit.lang, stems),
        known.get(hit.lang) ?? known.set(hit.lang, new Map()).get(hit.lang),
      ),
      date: hit.date,
      partnership: hit.partnershipId === null ? null : (partnerships.get(hit.partnershipId) ?? null),
    });
  }
  const facets = { ...answer.facets } as SearchOutcome['facets'];
  facets.partnership = answer.facets.partnership.flatMap((f) => {
    const p = partnerships.get(Number(f.value));
    return p ? [{ value: p.slug, count: f.count, exact: f.exact, label: p.title }] : [];
  });
  return { ...outcome, total: answer.total, exact: answer.exact, results, facets };
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** A snippet as HTML for the API: every piece escaped, then the marks added. */
export function snippetHtml(parts: readonly SnippetPart[]): string {
  return parts.map((p) => (p.mark ? `<mark>${escapeHtml(p.text)}</mark>` : escapeHtml(p.text))).join('');
}

/** Whether a word of a text in `lang` is one of the query's stems, or has one as its own stem. */
function stemmedAs(token: string, lang: string, stems: ReadonlySet<string>): boolean {
  if (stems.size === 0) return false;
  if (stems.has(folded(token))) return true;
  const stem = stemOf(token, lang);
  return stem !== null && stems.has(stem);
}
