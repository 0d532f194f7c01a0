import { loadCatalogs } from '../../core/i18n/catalogs.js';
import { defineModule } from '../../core/module.js';
import { auditCommentNames } from './comments.audit.js';
import { eraseComments, exportComments } from './comments.privacy.js';
import { removeCommentsOn } from './comments.queries.js';
import { registerCommentRoutes } from './routes/index.js';
import { commentsSection } from './comments.section.js';
import { commentContentType, commentSearchSource } from './comments.search.js';
import { moderationInHeader } from './comments.header.js';
import { migration as create } from './migrations/20261127006000_comments_create.js';
import { migration as moderation } from './migrations/20261127009000_comments_moderation.js';
import { migration as reportStanding } from './migrations/20261206060000_comments_report_standing.js';

/**
 * Comments on anything another module declares commentable (`commentables`): threaded
 * replies, editing, deleting, reports and moderation (with a queue of reported and hidden
 * comments). The thread appears under the content through `contentSections`.
 */
export const commentsModule = defineModule({
  id: 'comments',
  messages: loadCatalogs(new URL('./locales/', import.meta.url)),
  migrations: {
    '20261127006000_comments_create': create,
    '20261127009000_comments_moderation': moderation,
    '20261206060000_comments_report_standing': reportStanding,
  },
  routes: (app, ctx) => registerCommentRoutes(app, ctx),
  contentSections: [commentsSection],
  header: [moderationInHeader],
  personalData: { export: exportComments, erase: eraseComments },
  contentRemoved: removeCommentsOn,
  // A comment's one rule is its target's (made from the registered modules' content types), and search.
  derivedContentTypes: (modules) => ({ comment: commentContentType(modules) }),
  search: () => [commentSearchSource],
  auditNames: { comment: auditCommentNames },
  promises: [{ order: 30, label: 'comments.promise' }],
  // How each kind of notification it sends is mailed by default (each person may choose otherwise).
  notificationKinds: [
    { kind: 'comments.notification.reply', delivery: 'daily' },
    { kind: 'comments.notification.comment', delivery: 'daily' },
    { kind: 'comments.notification.reported', delivery: 'immediately' },
    { kind: 'comments.notification.hidden', delivery: 'daily' },
    { kind: 'comments.notification.unhidden', delivery: 'daily' },
  ],
});

export { addDemoComments } from './comments.demo.js';
export { countComments, findComment, insertComment } from './comments.queries.js';
