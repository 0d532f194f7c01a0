import type { PartnershipSection } from '../../core/module.js';

/** The Actions tab of every partnership's hub: the action plan (`/actions`). */
export const actionsHubSection: PartnershipSection = {
  order: 25, // Overview 0, News 10, Meetings 20, Members 40, Pages 50
  label: 'actions.hub.tab',
  path: '/actions',
};
