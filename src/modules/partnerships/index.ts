import { loadCatalogs } from '../../core/i18n/catalogs.js';
import { defineModule } from '../../core/module.js';
import { migration as create } from './migrations/20261127000100_partnerships_create.js';
import { seedPartnerships } from './partnerships.demo.js';
import { partnershipsHomeSection } from './partnerships.home.js';
import { registerPartnershipRoutes } from './partnerships.routes.js';

/** Partnerships: the spaces that hold news, meetings, actions and documents. */
export const partnershipsModule = defineModule({
  id: 'partnerships',
  messages: loadCatalogs(new URL('./locales/', import.meta.url)),
  migrations: { '20261127000100_partnerships_create': create },
  routes: registerPartnershipRoutes,
  seedDemo: (ctx) => seedPartnerships(ctx.db),
  homeSections: [partnershipsHomeSection],
  navigation: [{ order: 10, label: 'partnerships.nav', path: '/partnerships' }],
});

export { countPartnerships, findPartnership, listPartnerships } from './partnerships.queries.js';
export type { PartnershipDetail, PartnershipSummary } from './partnerships.schema.js';
