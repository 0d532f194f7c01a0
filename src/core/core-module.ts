import { loadCatalogs } from './i18n/catalogs.js';
import { migration as sessions } from './migrations/20261127000000_core_sessions.js';
import { migration as jobs } from './migrations/20261127000300_core_jobs.js';
import { migration as audit } from './migrations/20261127000400_core_audit.js';
import { migration as sessionsAuthenticated } from './migrations/20261206053100_core_sessions_authenticated.js';
import { migration as cluster } from './migrations/20261206000000_core_cluster.js';
import { migration as jobsOnce } from './migrations/20261206130000_core_jobs_once.js';
import { migration as searchIndex } from './migrations/20261209100000_core_search_index.js';
import { migration as searchSpeed } from './migrations/20261214100000_core_search_speed.js';
import { migration as searchGin } from './migrations/20261215100000_core_search_gin.js';
import { migration as searchTerms } from './migrations/20261216100000_core_search_terms.js';
import { migration as searchStems } from './migrations/20261216110000_core_search_stems.js';
import { migration as searchRecent } from './migrations/20261217100000_core_search_recent.js';
import { defineModule } from './module.js';

/** The kernel's own messages and tables, registered before every module. */
export const coreModule = defineModule({
  id: 'core',
  messages: loadCatalogs(new URL('./locales/', import.meta.url)),
  migrations: {
    '20261127000000_core_sessions': sessions,
    '20261127000300_core_jobs': jobs,
    '20261127000400_core_audit': audit,
    '20261206053100_core_sessions_authenticated': sessionsAuthenticated,
    '20261206000000_core_cluster': cluster,
    '20261206130000_core_jobs_once': jobsOnce,
    // The search index (core/search): kept by core, so that a module's marks never need the search module's tables.
    '20261209100000_core_search_index': searchIndex,
    // Search at a million items: facet words in the match, a staged rebuild numbered by date.
    '20261214100000_core_search_speed': searchSpeed,
    // PostgreSQL: the GIN index without a pending list, and fresh statistics (the window's estimates).
    '20261215100000_core_search_gin': searchGin,
    // SQLite: the index's words and their counts, which a prefix becomes (its most frequent completions).
    '20261216100000_core_search_terms': searchTerms,
    // Stemming: the stems of each document's words in its language, in `meta` (and PostgreSQL's tsv).
    '20261216110000_core_search_stems': searchStems,
    // PostgreSQL: the newest documents' own GIN index, from which a window is read.
    '20261217100000_core_search_recent': searchRecent,
  },
  // The marks waiting for the search index job: no page shows them.
  privateTables: ['search_pending', 'search_rebuild', 'search_terms'],
});
