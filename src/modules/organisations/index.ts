import { loadCatalogs } from '../../core/i18n/catalogs.js';
import { defineModule } from '../../core/module.js';
import { migration as create } from './migrations/20261127000200_organisations_create.js';
import { migration as claims } from './migrations/20261206104000_organisations_claims.js';
import { eraseClaims, exportClaims } from './claims.privacy.js';
import { registerClaimRoutes } from './claims.routes.js';
import { auditOrganisationNames } from './organisations.audit.js';
import { seedOrganisations } from './organisations.demo.js';
import { organisationContentType, organisationSearchSource } from './organisations.search.js';
import { registerOrganisationRoutes } from './organisations.routes.js';

/** Organisations: the cities, member states, EU services, networks and others that take part. */
export const organisationsModule = defineModule({
  id: 'organisations',
  messages: loadCatalogs(new URL('./locales/', import.meta.url)),
  migrations: {
    '20261127000200_organisations_create': create,
    '20261206104000_organisations_claims': claims,
  },
  routes: (app, ctx) => {
    // The claims' and proposals' fixed addresses (/organisations/claims …) before /organisations/:slug.
    registerClaimRoutes(app, ctx);
    registerOrganisationRoutes(app, ctx);
  },
  seedDemo: (ctx) => seedOrganisations(ctx.db),
  navigation: [{ order: 20, label: 'organisations.nav', path: '/organisations' }],
  promises: [{ order: 40, label: 'organisations.promise' }],
  auditNames: { organisation: auditOrganisationNames },
  // Its one visibility rule for other modules (search), and its documents in the search index.
  contentTypes: { organisation: organisationContentType },
  search: () => [organisationSearchSource],
  personalData: { export: exportClaims, erase: eraseClaims },
});

export {
  findOrganisation,
  findOrganisationsByIds,
  insertOrganisation,
  listOrganisations,
  organisationIdBySlug,
} from './organisations.queries.js';
export { displayName as organisationDisplayName } from './organisations.display.js';
export type { ClaimStatus, Organisation, OrganisationKind, SizeBand } from './organisations.schema.js';
export { ORGANISATION_KINDS, SIZE_BANDS } from './organisations.schema.js';
// Affiliation claims: the people module records them as a person lists their organisations and
// shows only confirmed ones (a person sees their own pending ones); member lists name confirmed ones.
export { confirmedOrganisationIds, confirmedPeople, syncClaims } from './claims.queries.js';
export { claimStatusesOf, confirmedOrganisationsOf } from './claims.service.js';
