import { loadCatalogs } from '../../core/i18n/catalogs.js';
import { defineModule } from '../../core/module.js';
import { migration as create } from './migrations/20261206210000_funding_create.js';
import { seedFunding } from './funding.demo.js';
import { opportunityContentType } from './funding.visibility.js';
import { opportunitySearchSource } from './funding.search.js';
import { registerFundingRoutes } from './routes/index.js';
import { registerImportCommand } from './funding.commands.js';
import { auditOpportunityNames, auditProgrammeNames } from './funding.edit.audit.js';
import { registerEditorCommands } from './funding.editors.js';
import { fundingHubSection, matchSection } from './funding.match.section.js';
import { migration as follows } from './migrations/20261206213000_funding_follows.js';
import { migration as indexes } from './migrations/20261206215000_funding_indexes.js';
import { eraseFollowData, exportFollowData } from './funding.follow.js';
import { followJobs, startFollowJobs } from './funding.mail.js';
import './funding.tables.js';

/**
 * The funding and policy pipeline: programmes, and the register of calls, tenders, prizes,
 * technical assistance, initiatives and policies, with their deadlines, who may apply, topics
 * and versions (issue 15).
 */
export const fundingModule = defineModule({
  id: 'funding',
  messages: loadCatalogs(new URL('./locales/', import.meta.url)),
  migrations: {
    '20261206210000_funding_create': create,
    '20261206213000_funding_follows': follows,
    '20261206215000_funding_indexes': indexes,
  },
  routes: registerFundingRoutes,
  seedDemo: (ctx) => seedFunding(ctx),
  // Tag pages, the activity of tags and search list the register's published items.
  contentTypes: { opportunity: opportunityContentType },
  // Search: the register's items (marked in `createOpportunity` and `changeOpportunity`).
  search: () => [opportunitySearchSource],
  // The register in the site's navigation, and its line on the home page.
  navigation: [{ order: 17, label: 'funding.nav', path: '/funding' }],
  promises: [{ order: 28, label: 'funding.promise' }],
  // The audit log names items by their title and programmes by their name.
  auditNames: { opportunity: auditOpportunityNames, programme: auditProgrammeNames },
  // `urbis funding …`: each part adds its subcommands to one `funding` command (fundingCommand).
  commands: (program, open) => {
    registerEditorCommands(program, open);
    registerImportCommand(program, open);
  },
  // Matching: "Funding that fits" under an action (and what an item fits under an item); the hub's Funding tab.
  contentSections: [matchSection],
  partnershipSections: [fundingHubSection],
  // Mails to those who follow an item, a programme or a topic (new items, changes, openings, deadlines).
  jobs: (ctx) => ({ ...followJobs(ctx) }),
  startJobs: (ctx) => startFollowJobs(ctx),
  // The log of mails sent to followers: no page shows it.
  privateTables: ['funding_mail_log'],
  personalData: { export: exportFollowData, erase: eraseFollowData },
  // What followers are told (follows module), in the daily digest by default.
  notificationKinds: [
    { kind: 'funding.notification.followedAdded', delivery: 'daily' },
    { kind: 'funding.notification.followedDeadline', delivery: 'daily' },
  ],
});

// The one visibility rule of the register, for other modules: per item, and as a query filter.
export { maySee as maySeeOpportunity, type FundingReader } from './funding.policy.js';
export { visibleOpportunities } from './funding.visibility.js';
export { statusAt, statusFilter } from './funding.status.js';
