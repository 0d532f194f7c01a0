import type { PartnershipSection } from '../../core/module.js';

/** News in every partnership's hub: the News tab (the partnership's news list). */
export const newsHubSection: PartnershipSection = {
  order: 10,
  label: 'news.hub.tab',
  path: '/news',
};
