import type { ModuleContext } from '../module.js';

/**
 * The search contract. Each module that has searchable content describes it as documents,
 * one per item; the search index (`core/search/search-index.ts`) keeps them with SQLite FTS5 or
 * PostgreSQL tsvector and answers one query over every type, filtered so that a reader only
 * finds what they may see: by the type's one visibility rule,
 * `contentTypes[type].visibleIds(db, audience, now)`, never by a flag copied into the index.
 */
export interface SearchDocument {
  /** The content type, the same name as its `contentTypes` entry (`post`, `lesson`). */
  type: string;
  /** The id that the content type's `visibleIds` yields. */
  id: number;
  /** The language it was written in (its translations' text is in `body` too). */
  lang: string;
  title: string;
  /** Plain text: Markdown and HTML stripped. */
  body: string;
  /** Path after `/{lang}` of the page that shows it. */
  path: string;
  /** Tag slugs. */
  tags: readonly string[];
  partnershipId: number | null;
  /** ISO-8601: when it was published or happens (the year facet); null when it has no date. */
  date: string | null;
}

/** What a module offers to the search index, per content type. */
export interface SearchSource {
  type: string;
  /**
   * The documents of these ids as they are now. An id left unanswered (deleted, or nothing to
   * index) is removed from the index. Visibility is not this function's business.
   */
  documentsOf(ctx: ModuleContext, ids: readonly number[]): Promise<SearchDocument[]>;
  /** Every id of the type, in batches, for a rebuild of the index. */
  allIds(ctx: ModuleContext): AsyncIterable<number[]>;
}

/** The kind of the job that brings the index up to date with `search_pending`. */
export const SEARCH_INDEX_JOB = 'search.index';
