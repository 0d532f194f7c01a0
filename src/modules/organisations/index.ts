import { loadCatalogs } from '../../core/i18n/catalogs.js';
import { defineModule } from '../../core/module.js';
import { migration as create } from './migrations/20261127000200_organisations_create.js';
import { seedOrganisations } from './organisations.demo.js';
import { registerOrganisationRoutes } from './organisations.routes.js';

/** Organisations: the cities, member states, EU services, networks and others that take part. */
export const organisationsModule = defineModule({
  id: 'organisations',
  messages: loadCatalogs(new URL('./locales/', import.meta.url)),
  migrations: { '20261127000200_organisations_create': create },
  routes: registerOrganisationRoutes,
  seedDemo: (ctx) => seedOrganisations(ctx.db),
  navigation: [{ order: 20, label: 'organisations.nav', path: '/organisations' }],
});

export {
  findOrganisation,
  findOrganisationsByIds,
  listOrganisations,
  organisationIdBySlug,
} from './organisations.queries.js';
export { displayName as organisationDisplayName } from './organisations.display.js';
export type { Organisation, OrganisationKind, SizeBand } from './organisations.schema.js';
