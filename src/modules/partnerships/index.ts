import { loadCatalogs } from '../../core/i18n/catalogs.js';
import { defineModule } from '../../core/module.js';
import { migration as create } from './migrations/20261127000100_partnerships_create.js';
import { migration as membership } from './migrations/20261127003000_partnerships_membership.js';
import { forgetActivityAbout } from './activity.queries.js';
import { migration as activitySubjects } from './migrations/20261206070000_partnerships_activity_subjects.js';
import { migration as joinRequestsOnce } from './migrations/20261206071000_partnerships_join_requests_once.js';
import { migration as activityOrder } from './migrations/20261206100000_partnerships_activity_order.js';
import { migration as invitations } from './migrations/20261206102000_partnerships_invitations.js';
import { migration as activityAcross } from './migrations/20261213100000_partnerships_activity_across.js';
import { activityHomeSection, activityProfileSection } from './activity.across.js';
import { registerActivityRoutes } from './activity.routes.js';
import { registerMembershipRoutes } from './membership.routes.js';
import { auditPartnershipNames, registerAuditRoutes } from './partnerships.audit.js';
import { registerEditingRoutes } from './editing.routes.js';
import { migration as logo } from './migrations/20261206101000_partnerships_logo.js';
import { seedPartnerships } from './partnerships.demo.js';
import { partnershipsHomeSection } from './partnerships.home.js';
import { partnershipsSections } from './partnerships.hub.js';
import { partnershipsProfileSection } from './partnerships.profile.js';
import { eraseMemberships, exportMemberships } from './partnerships.privacy.js';
import { registerPartnershipRoutes } from './partnerships.routes.js';
import { myPartnershipsInHeader } from './partnerships.header.js';
import { audienceOf } from './membership.service.js';
import { describePartnerships } from './partnerships.queries.js';
import { partnershipContentType, partnershipSearchSource } from './partnerships.search.js';

/** Partnerships: the spaces that hold news, meetings, actions and documents, and their members. */
export const partnershipsModule = defineModule({
  id: 'partnerships',
  messages: loadCatalogs(new URL('./locales/', import.meta.url)),
  migrations: {
    '20261127000100_partnerships_create': create,
    '20261127003000_partnerships_membership': membership,
    '20261206070000_partnerships_activity_subjects': activitySubjects,
    '20261206071000_partnerships_join_requests_once': joinRequestsOnce,
    '20261206100000_partnerships_activity_order': activityOrder,
    '20261206101000_partnerships_logo': logo,
    '20261206102000_partnerships_invitations': invitations,
    '20261213100000_partnerships_activity_across': activityAcross,
  },
  routes: (app, ctx) => {
    registerPartnershipRoutes(app, ctx);
    registerMembershipRoutes(app, ctx);
    registerAuditRoutes(app, ctx);
    registerEditingRoutes(app, ctx);
    registerActivityRoutes(app, ctx);
  },
  seedDemo: (ctx) => seedPartnerships(ctx),
  homeSections: [partnershipsHomeSection, activityHomeSection],
  promises: [{ order: 10, label: 'partnerships.promise' }],
  profileSections: [partnershipsProfileSection, activityProfileSection],
  partnershipSections: partnershipsSections,
  navigation: [{ order: 10, label: 'partnerships.nav', path: '/partnerships' }],
  header: [myPartnershipsInHeader],
  personalData: { export: exportMemberships, erase: eraseMemberships },
  contentRemoved: forgetActivityAbout,
  auditNames: { partnership: auditPartnershipNames },
  // What a reader may see, for modules that check visibility without importing this one (follows).
  audienceOf: (ctx, actor) => audienceOf(ctx, actor),
  // Following a partnership (every partnership is public: anyone signed in may follow it).
  followables: {
    partnership: { describe: (ctx, ids, _audience, locale) => describePartnerships(ctx.db, locale, ids) },
  },
  // Search: every partnership (all are public), marked where one is added or its text edited.
  contentTypes: { partnership: partnershipContentType },
  search: () => [partnershipSearchSource],
  // How each kind of notification it sends is mailed by default (each person may choose otherwise).
  notificationKinds: [
    { kind: 'partnerships.notification.joinRequest', delivery: 'immediately' },
    { kind: 'partnerships.notification.joinApproved', delivery: 'immediately' },
    { kind: 'partnerships.notification.joinRefused', delivery: 'immediately' },
  ],
});

export {
  countPartnerships,
  findPartnership,
  findPartnershipWithId,
  listPartnerships,
  partnershipTitlesByIds,
} from './partnerships.queries.js';
export {
  coordinatorIds,
  partnershipIdOf,
  partnershipSlugsByIds,
  partnershipsOf,
  putPerson,
} from './membership.queries.js';
export { audienceOf, recordActivity, standingIn } from './membership.service.js';
export { partnershipReads } from './partnerships.reads.js';
export { partnershipOfAddress, type FoundPartnership } from './found.js';
export { mayManage, mayModerate, maySeeMembersOnly, type Standing } from './partnerships.policy.js';
export type { PartnershipDetail, PartnershipSummary, PersonRole } from './partnerships.schema.js';
// The frame every page of a partnership shares, with its tabs (other modules' partnership pages use it).
export { hubTabs, type HubTab } from './partnerships.hub.js';
export { PartnershipFrame, type FramedPartnership } from './views/PartnershipFrame.js';
// For the organisations module: an organisation's partnerships and standing, and who may confirm its people.
export { organisationsOfPartnerships, partnershipsOfOrganisation } from './membership.queries.js';
export { moderatesAnywhere, moderatorIds } from './partnerships.header.js';
