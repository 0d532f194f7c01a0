/**
 * The search contract. Each module that has searchable content describes it as documents;
 * the search module (a later issue) indexes them with SQLite FTS5 or PostgreSQL tsvector
 * and answers one query over every type, filtered so that a reader only finds what they
 * may see: by the type's one visibility rule, `contentTypes[type].visibleIds(db, audience, now)`
 * (the same subquery the tag pages, the activity stream and notifications use), never by a
 * flag copied into the index alone.
 */
export interface SearchDocument {
  /** The content type, e.g. `post`, `meeting`, `action`. */
  type: string;
  /** Unique within the type. */
  id: string;
  lang: string;
  title: string;
  body: string;
  /** Path after `/{lang}` of the page that shows it. */
  path: string;
  tags: string[];
  /** The partnership it belongs to, for facets and access rules. */
  partnership?: string;
  /** Members-only content is indexed with its partnership and shown only to its members. */
  membersOnly: boolean;
  updatedAt: string;
}

/** What a module offers to the search index. */
export interface SearchSource {
  type: string;
  /** Every document of the type, in batches, for a full rebuild of the index. */
  documents(): AsyncIterable<SearchDocument[]>;
}
