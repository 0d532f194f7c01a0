import { loadCatalogs } from '../../core/i18n/catalogs.js';
import { defineModule } from '../../core/module.js';
import { migration as create } from './migrations/20261206120000_meetings_create.js';
import { migration as calendar } from './migrations/20261206130100_meetings_calendar.js';
import './meetings.tables.js';

/** Meetings: a partnership's meetings in series, their agenda, registration, minutes and calendar. */
export const meetingsModule = defineModule({
  id: 'meetings',
  messages: loadCatalogs(new URL('./locales/', import.meta.url)),
  migrations: {
    '20261206120000_meetings_create': create,
    '20261206130100_meetings_calendar': calendar,
  },
  // Private calendar tokens and the log of mails sent: no page shows them.
  privateTables: ['meeting_calendar_tokens', 'meeting_mail_log'],
});
