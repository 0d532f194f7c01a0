import type { PartnershipSection } from '../../core/module.js';

/**
 * Lessons in every partnership's hub: the Lessons tab (`/partnerships/{slug}/lessons`, served by
 * routes/pages.ts), listing what the reader may see of the partnership's lessons by the one rule.
 */
export const lessonsHubSection: PartnershipSection = {
  order: 30, // Overview 0, News 10, Meetings 20, Actions 25, Funding 27, Members 40, Pages 50
  label: 'lessons.hub.tab',
  path: '/lessons',
};
