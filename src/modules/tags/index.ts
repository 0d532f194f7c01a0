import { loadCatalogs } from '../../core/i18n/catalogs.js';
import { contentTypesOf, defineModule } from '../../core/module.js';
import { auditTagNames } from './tags.audit.js';
import { migration as create } from './migrations/20261127004000_tags_create.js';
import { describeTags, removeTaggings } from './tags.queries.js';
import { registerTagRoutes } from './tags.routes.js';

/** Tags: one multilingual taxonomy for every content type, with tag pages and feeds. */
export const tagsModule = defineModule({
  id: 'tags',
  messages: loadCatalogs(new URL('./locales/', import.meta.url)),
  migrations: { '20261127004000_tags_create': create },
  routes: registerTagRoutes,
  contentRemoved: removeTaggings,
  auditNames: { tag: auditTagNames },
  promises: [{ order: 50, label: 'tags.promise' }],
  // Following a tag: one that has a tag page (something everyone may see is tagged with it).
  followables: {
    tag: {
      describe: (ctx, ids, _audience, locale) =>
        describeTags(ctx.db, contentTypesOf(ctx.modules), ids, locale, new Date()),
    },
  },
});

export { ensureTags, setTagLabel, setTaggings, slugify, tagIdsOf, tagsOf, type TagView } from './tags.queries.js';
