import { loadCatalogs } from '../../core/i18n/catalogs.js';
import { defineModule } from '../../core/module.js';
import { migration as create } from './migrations/20261127007000_notifications_create.js';
import { migration as subjects } from './migrations/20261206070100_notifications_subjects.js';
import { migration as partnership } from './migrations/20261211100000_notifications_partnership.js';
import { migration as delivery } from './migrations/20261211110000_notifications_delivery.js';
import { notificationsHomeSection } from './notifications.home.js';
import { unreadInHeader } from './notifications.header.js';
import { registerNotificationRoutes } from './notifications.routes.js';
import { MAIL_JOB, sendNotificationMail } from './notifications.mail.js';
import { DIGEST_JOB, DIGEST_MAIL_JOB, runDigest, sendDigestMail, startDigests } from './notifications.digest.js';
import { eraseNotifications, exportNotifications, forgetNotificationsAbout } from './notifications.service.js';

/** Notifications: what happened that concerns a person (a reply to their comment, say), listed in the app. */
export const notificationsModule = defineModule({
  id: 'notifications',
  messages: loadCatalogs(new URL('./locales/', import.meta.url)),
  migrations: {
    '20261127007000_notifications_create': create,
    '20261206070100_notifications_subjects': subjects,
    '20261211100000_notifications_partnership': partnership,
    '20261211110000_notifications_delivery': delivery,
  },
  privateTables: ['notifications', 'notification_settings'],
  routes: (app, ctx) => registerNotificationRoutes(app, ctx),
  homeSections: [notificationsHomeSection],
  header: [unreadInHeader],
  personalData: { export: exportNotifications, erase: eraseNotifications },
  contentRemoved: forgetNotificationsAbout,
  jobs: (ctx) => ({
    [MAIL_JOB]: (payload) => sendNotificationMail(ctx, payload),
    [DIGEST_JOB]: (payload) => runDigest(ctx, payload),
    [DIGEST_MAIL_JOB]: (payload) => sendDigestMail(ctx, payload),
  }),
  startJobs: startDigests,
});

export { countUnread, notify, type Note } from './notifications.service.js';
export { declaredKinds, DELIVERIES } from './notifications.delivery.js';
export { unsubscribeUrl } from './notifications.unsubscribe.js';
