import { loadCatalogs } from '../../core/i18n/catalogs.js';
import { defineModule } from '../../core/module.js';
import { lessonContentType } from './lessons.content.js';
import { seedLessons } from './lessons.demo.js';
import { lessonsEvidence } from './lessons.evidence.js';
import { lessonsHubSection } from './lessons.hub.js';
import { eraseLessons, exportLessons } from './lessons.privacy.js';
import { lessonAsCommentTarget } from './lessons.targets.js';
import { migration as create } from './migrations/20261207100000_lessons_create.js';
import { registerLessonRoutes } from './routes/index.js';
import './lessons.tables.js';
import { lessonSearchSource } from './lessons.search.js';

/**
 * Lessons (issue 16, part 1): what a partnership's members learnt doing its actions, written for
 * other cities (what was tried, where, the context, what worked and what did not, what to replicate
 * and how), reviewed by the partnership's coordinators before it is public; translations, tags,
 * comments, and links to the actions, deliverables and meetings it came from.
 */
export const lessonsModule = defineModule({
  id: 'lessons',
  messages: loadCatalogs(new URL('./locales/', import.meta.url)),
  migrations: { '20261207100000_lessons_create': create },
  routes: registerLessonRoutes,
  seedDemo: (ctx) => seedLessons(ctx),
  navigation: [{ order: 18, label: 'lessons.nav', path: '/lessons' }],
  promises: [{ order: 29, label: 'lessons.promise' }],
  // The Lessons tab of every partnership's hub.
  partnershipSections: [lessonsHubSection],
  // Comments under a lesson; tag pages, the activity stream and search name lessons by the one rule.
  commentables: { lesson: lessonAsCommentTarget },
  contentTypes: { lesson: lessonContentType },
  // What the search index holds of them (the search module reads it; the one rule says who finds what).
  search: () => [lessonSearchSource],
  personalData: { export: exportLessons, erase: eraseLessons },
  // Matchmaking's suggestions of peers count the lessons an organisation's people wrote.
  peerEvidence: lessonsEvidence,
  // How each kind of notification it sends is mailed by default (each person may choose otherwise).
  notificationKinds: [
    { kind: 'lessons.notification.submitted', delivery: 'daily' },
    { kind: 'lessons.notification.returned', delivery: 'immediately' },
    { kind: 'lessons.notification.published', delivery: 'immediately' },
    // Told to followers (follows module).
    { kind: 'lessons.notification.followedPublished', delivery: 'daily' },
  ],
});

// The one visibility rule of lessons, for other modules: per lesson, and as a query filter.
export { maySee as maySeeLesson, type LessonFacts } from './lessons.policy.js';
export { visibleLessons } from './lessons.visibility.js';
// What matchmaking and the self-assessment ask of lessons: those sharing tags, and counts per organisation.
export { lessonsByOrganisation, lessonsForTags } from './lessons.targets.js';
