import type { UrbisModule } from './core/module.js';
import { accountsModule } from './modules/accounts/index.js';
import { actionsModule } from './modules/actions/index.js';
import { assessmentsModule } from './modules/assessments/index.js';
import { commentsModule } from './modules/comments/index.js';
import { fundingModule } from './modules/funding/index.js';
import { followsModule } from './modules/follows/index.js';
import { lessonsModule } from './modules/lessons/index.js';
import { meetingsModule } from './modules/meetings/index.js';
import { notificationsModule } from './modules/notifications/index.js';
import { newsModule } from './modules/news/index.js';
import { organisationsModule } from './modules/organisations/index.js';
import { partnershipsModule } from './modules/partnerships/index.js';
import { peopleModule } from './modules/people/index.js';
import { playbooksModule } from './modules/playbooks/index.js';
import { siteModule } from './modules/site/index.js';
import { searchModule } from './modules/search/index.js';
import { supportModule } from './modules/support/index.js';
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
  // After notifications (it tells followers through `notify`); it has no demo of its own, and the modules
  // whose pages show its button import it, never the other way round.
  followsModule,
  commentsModule,
  fundingModule,
  // After actions and meetings: its demo's lessons come from the plan's actions and the 11th meeting.
  lessonsModule,
  // After lessons: a playbook is made of published lessons (its demo of the lessons demo's).
  playbooksModule,
  // After actions, people and comments: its demo asks for support with an action of the demo plan.
  supportModule,
  // After funding: its demo assesses the small town that funding's demo adds.
  assessmentsModule,
  // Last: its demo indexes every module's demo content.
  searchModule,
];
