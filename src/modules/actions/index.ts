import { loadCatalogs } from '../../core/i18n/catalogs.js';
import { defineModule } from '../../core/module.js';
import { migration as create } from './migrations/20261206160000_actions_create.js';
import { migration as supportNeeded } from './migrations/20261206172000_actions_support_needed.js';
import { migration as dashboard } from './migrations/20261206170000_actions_dashboard.js';
import { migration as dashboardCounts } from './migrations/20261206201000_actions_dashboard_counts.js';
import { seedActions } from './actions.demo.js';
import { actionsHubSection } from './actions.hub.js';
import { registerActionCommands } from './actions.commands.js';
import { eraseActionData, exportActionData } from './actions.privacy.js';
import { actionContentType } from './actions.visibility.js';
import { actionSearchSource, deliverableContentType, deliverableSearchSource } from './actions.search.js';
import { registerActionRoutes } from './routes/index.js';
import { migration as postsReminders } from './migrations/20261206173000_actions_posts_reminders.js';
import { migration as evidenceFiles } from './migrations/20261206200000_actions_evidence_files.js';
import { actionNewsLink } from './actions.news.js';
import { reminderJobs, startReminders } from './actions.reminders.js';
import { actionAsCommentTarget } from './actions.targets.js';
import './actions.tables.js';

/** The action tracker: a partnership's action plan, each action's state and its history. */
export const actionsModule = defineModule({
  id: 'actions',
  messages: loadCatalogs(new URL('./locales/', import.meta.url)),
  migrations: {
    '20261206160000_actions_create': create,
    '20261206172000_actions_support_needed': supportNeeded,
    '20261206170000_actions_dashboard': dashboard,
    '20261206201000_actions_dashboard_counts': dashboardCounts,
    '20261206173000_actions_posts_reminders': postsReminders,
    '20261206200000_actions_evidence_files': evidenceFiles,
  },
  routes: registerActionRoutes,
  // Members comment under an action; a news post names an action; leads are reminded to update.
  commentables: { action: actionAsCommentTarget },
  postRelations: [actionNewsLink],
  jobs: reminderJobs,
  startJobs: startReminders,
  // The log of reminders mailed: no page shows it.
  privateTables: ['action_mail_log'],
  // Before meetings' demo, which links the 11th meeting's decisions to actions.
  seedDemo: (ctx) => seedActions(ctx),
  promises: [{ order: 27, label: 'actions.promise' }],
  // The platform's dashboard: every partnership's actions at a glance.
  navigation: [{ order: 15, label: 'actions.nav', path: '/actions' }],
  // The Actions tab of every partnership's hub.
  partnershipSections: [actionsHubSection],
  // A meeting's decision names an action by its id (`meeting_decisions.action_ref`); tags, the stream.
  contentTypes: { action: actionContentType, deliverable: deliverableContentType },
  // Search: actions and their deliverables (`markActionForIndex` in every change's transaction).
  search: () => [actionSearchSource, deliverableSearchSource],
  personalData: { export: exportActionData, erase: eraseActionData },
  // `urbis actions export` and `urbis actions import`: the plan as a file.
  commands: registerActionCommands,
  // What followers are told (follows module), in the daily digest by default.
  notificationKinds: [{ kind: 'actions.notification.followedStatus', delivery: 'daily' }],
});

// The one visibility rule of actions, for other modules: per action, and as a query filter.
export { maySee as maySeeAction } from './actions.policy.js';
// Who may update an action (its coordinators, members confirmed at a lead organisation): support's "Ask peers".
export { mayUpdate as mayUpdateAction } from './actions.policy.js';
export { visibleActionIds } from './actions.queries.js';
// What funding's matching needs to know of actions: their facts, an organisation's, one by its number.
export { actionFactsOf, actionIdsOfOrganisations, visibleActionByNumber, type ActionFacts } from './actions.facts.js';
// What lessons name as their sources: deliverables of a partnership's actions, or by id.
export { deliverablesOf, type DeliverableRef } from './actions.facts.js';
// Applying a change with its version (for the forms, API writes and imports to come).
export { changeAction, createAction, ActionChangeError } from './actions.service.js';
// The platform dashboard's counters worked out again (data written in bulk: `urbis seed --synthetic`).
export { recountDashboard as recountActionDashboard } from './actions.dashboard.counts.js';
