import { loadCatalogs } from '../../core/i18n/catalogs.js';
import { defineModule } from '../../core/module.js';
import { migration as create } from './migrations/20261210100000_follows_create.js';
import { registerFollowRoutes } from './follows.routes.js';
import { eraseFollows, exportFollows, forgetFollowsOf, runTellJob, TELL_JOB } from './follows.service.js';

/**
 * Following: a person follows partnerships, tags, actions, meetings, funding opportunities and
 * people, and is told (in the app, and by mail as they chose) when something happens to them.
 * It imports no module whose pages show its button (they import it): it names what one follows
 * through the contract (`followables`, `contentTypes`, `audienceOf`).
 */
export const followsModule = defineModule({
  id: 'follows',
  messages: loadCatalogs(new URL('./locales/', import.meta.url)),
  migrations: { '20261210100000_follows_create': create },
  // No page shows a visitor who follows what; a reader's own button is read fresh per request.
  privateTables: ['follows'],
  routes: (app, ctx) => registerFollowRoutes(app, ctx),
  jobs: (ctx) => ({ [TELL_JOB]: (payload) => runTellJob(ctx, payload) }),
  contentRemoved: (db, subject) => forgetFollowsOf(db, subject),
  personalData: { export: exportFollows, erase: eraseFollows },
});

export { FollowButton, followButton } from './views/FollowButton.js';
export { followAsAuthor, followStateOf, tellFollowers, type FollowEvent } from './follows.service.js';
export type { FollowRef, FollowType } from './follows.schema.js';
