import { loadCatalogs } from '../../core/i18n/catalogs.js';
import { defineModule } from '../../core/module.js';
import { migration as create } from './migrations/20261206120000_meetings_create.js';
import { migration as calendar } from './migrations/20261206130100_meetings_calendar.js';
import { migration as attachmentKind } from './migrations/20261206150000_meetings_attachment_kind.js';
import { migration as decisionActionIndex } from './migrations/20261206174000_meetings_decision_action_index.js';
import { seedMeetings } from './meetings.demo.js';
import { meetingsHubSection } from './meetings.hub.js';
import { eraseMeetingData, exportMeetingData } from './meetings.privacy.js';
import { meetingAsCommentTarget } from './meetings.targets.js';
import { meetingContentType } from './meetings.visibility.js';
import { meetingNewsLink } from './meetings.news-link.js';
import { registerMeetingRoutes } from './routes/index.js';
import { reminderJobs } from './meetings.reminders.js';
import './meetings.tables.js';
import { meetingSearchSource } from './meetings.search.js';

/** Meetings: a partnership's meetings in series, their agenda, registration, minutes and calendar. */
export const meetingsModule = defineModule({
  id: 'meetings',
  messages: loadCatalogs(new URL('./locales/', import.meta.url)),
  migrations: {
    '20261206120000_meetings_create': create,
    '20261206130100_meetings_calendar': calendar,
    '20261206150000_meetings_attachment_kind': attachmentKind,
    '20261206174000_meetings_decision_action_index': decisionActionIndex,
  },
  routes: registerMeetingRoutes,
  seedDemo: (ctx) => seedMeetings(ctx),
  // Private calendar tokens and the log of mails sent: no page shows them.
  privateTables: ['meeting_calendar_tokens', 'meeting_mail_log'],
  // Reminders and notices of changes to the registered (meetings.reminders.ts).
  jobs: reminderJobs,
  promises: [{ order: 25, label: 'meetings.promise' }],
  // The Meetings tab of every partnership's hub, and the next meeting on its overview.
  partnershipSections: [meetingsHubSection],
  commentables: { meeting: meetingAsCommentTarget },
  contentTypes: { meeting: meetingContentType },
  // What the search index holds of them (the search module reads it; the one rule says who finds what).
  search: () => [meetingSearchSource],
  // A news post names the meeting it reports on (news' post form, page and API).
  postRelations: [meetingNewsLink],
  personalData: { export: exportMeetingData, erase: eraseMeetingData },
  // How each kind of notification it sends is mailed by default (each person may choose otherwise).
  notificationKinds: [
    { kind: 'meetings.notify.promoted', delivery: 'immediately' },
    // Told to followers (follows module).
    { kind: 'meetings.notification.followedPlanned', delivery: 'daily' },
    { kind: 'meetings.notification.followedMoved', delivery: 'daily' },
  ],
});

// The one visibility rule of meetings, for other modules: per meeting, and as a query filter.
export { maySee as maySeeMeeting } from './meetings.policy.js';
export { decisionsNamingAction } from './meetings.registration.queries.js';
