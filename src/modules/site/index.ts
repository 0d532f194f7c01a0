import { loadCatalogs } from '../../core/i18n/catalogs.js';
import { defineModule } from '../../core/module.js';
import { registerSiteRoutes } from './site.routes.js';

/** The pages every site has: home (filled by other modules), accessibility statement, API guide. */
export const siteModule = defineModule({
  id: 'site',
  messages: loadCatalogs(new URL('./locales/', import.meta.url)),
  routes: registerSiteRoutes,
});
