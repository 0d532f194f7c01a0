import { loadCatalogs } from '../../core/i18n/catalogs.js';
import { defineModule } from '../../core/module.js';
import { migration as create } from './migrations/20261207110000_support_create.js';
import { seedSupport } from './support.demo.js';
import { supportEvidence } from './support.evidence.js';
import { eraseSupportData, exportSupportData } from './support.privacy.js';
import { askSection, requestAsCommentTarget } from './support.section.js';
import { registerSupportRoutes } from './routes/index.js';
import './support.tables.js';

/**
 * Matchmaking (issue 16, part 3): organisations' support requests, optionally for an action, with
 * peers suggested by evidence and contacted in the app and by e-mail; offers of expertise.
 */
export const supportModule = defineModule({
  id: 'support',
  messages: loadCatalogs(new URL('./locales/', import.meta.url)),
  migrations: { '20261207110000_support_create': create },
  routes: registerSupportRoutes,
  seedDemo: (ctx) => seedSupport(ctx),
  navigation: [{ order: 19, label: 'support.nav', path: '/support' }],
  promises: [{ order: 29, label: 'support.promise' }],
  // A request's conversation: comments, for those who see the request.
  commentables: { 'support-request': requestAsCommentTarget },
  // "Ask peers for support" under an action.
  contentSections: [askSection],
  // Actions led and offers made, as evidence for the ranking of peers (lessons would add theirs).
  peerEvidence: supportEvidence,
  personalData: { export: exportSupportData, erase: eraseSupportData },
  // How each kind of notification it sends is mailed by default (each person may choose otherwise).
  notificationKinds: [{ kind: 'support.notification.contacted', delivery: 'immediately' }],
});

// The ranking of peers, for other modules that suggest them (a maturity check's pointers).
export { suggestPeers, type Suggestion } from './support.rank.js';
