import { loadCatalogs } from '../../core/i18n/catalogs.js';
import { defineModule } from '../../core/module.js';
import { markForIndex } from '../../core/search/search-index.js';
import { registerSearchCommands } from './search.commands.js';
import { rebuildIndex, searchJobs, startSearchJobs } from './search.job.js';
import { registerSearchRoutes } from './search.routes.js';
import { registerRelatedRoutes, relatedSection } from './search.related.js';

/**
 * Search (issue 17, part 1): one search over every content type a module feeds to the index
 * (`search` in the module contract, `core/search`), ranked, with snippets and facets, filtered
 * by each type's one visibility rule for the reader read fresh. The index follows every change
 * through marks in the changing transaction and the `search.index` job; `urbis search reindex`
 * rebuilds it.
 */
export const searchModule = defineModule({
  id: 'search',
  messages: loadCatalogs(new URL('./locales/', import.meta.url)),
  routes: (app, ctx) => {
    registerSearchRoutes(app, ctx);
    // Related content: items sharing tags, under every item's page and at /api/v1/related/{type}/{id}.
    registerRelatedRoutes(app, ctx);
  },
  contentSections: [relatedSection],
  // The box in the site header, on every page (the core renders it; this module says where it goes).
  headerSearch: { path: '/search', label: 'search.header.label', button: 'search.nav' },
  commands: registerSearchCommands,
  jobs: searchJobs,
  startJobs: startSearchJobs,
  // Whatever is deleted leaves the index with the next run of the job (marked in the deleting transaction).
  contentRemoved: (db, { type, id }) => markForIndex(db, type, [id]),
  // Last in the registry: the demo is searchable at once, every module's demo content indexed.
  seedDemo: async (ctx) => {
    await rebuildIndex(ctx);
  },
});

export { rebuildIndex, runIndexJob } from './search.job.js';
