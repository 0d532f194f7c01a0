import type { UrbisModule } from './core/module.js';
import { accountsModule } from './modules/accounts/index.js';
import { actionsModule } from './modules/actions/index.js';
import { commentsModule } from './modules/comments/index.js';
import { fundingModule } from './modules/funding/index.js';
import { meetingsModule } from './modules/meetings/index.js';
import { notificationsModule } from './modules/notifications/index.js';
import { newsModule } from './modules/news/index.js';
import { organisationsModule } from './modules/organisations/index.js';
import { partnershipsModule } from './modules/partnerships/index.js';
import { peopleModule } from './modules/people/index.js';
import { siteModule } from './modules/site/index.js';
import { tagsModule } from './modules/tags/index.js';

/**
 * The registry: one line per module, in the order their routes, home sections and demo
 * data are applied. Adding a module touches its own folder and this list.
 */
export const registeredModules: readonly UrbisModule[] = [
  siteModule,
  accountsModule,
  organisationsModule,
  peopleModule,
  partnershipsModule,
  tagsModule,
  newsModule,
  // Before meetings: its demo links the 11th meeting's decisions to the plan's actions.
  actionsModule,
  meetingsModule,
  notificationsModule,
  commentsModule,
  fundingModule,
];
