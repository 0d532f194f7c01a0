import { defineFragment, dim } from '../../core/shared/index.js';
import { dashboardReads } from './actions.dashboard.reads.js';
import { DashboardBody } from './views/DashboardPage.js';

/**
 * The dashboards' charts and tables as every reader of a language and class sees them, rendered
 * once per hour at most (as their reads: "late" and "not updated" turn with the clock).
 */
export const dashboardBody = defineFragment('actions', 'dashboard', {
  key: { partnership: dim.id, membersOnly: dim.flag },
  clock: 3600,
  load: (ctx, k, lang) =>
    dashboardReads.dashboard.get(ctx, { lang, partnership: k.partnership, membersOnly: k.membersOnly }),
  render: (data, page) => <DashboardBody page={page} data={data} platform={false} />,
});

/** The platform's dashboard for an audience (`audienceKey`). */
export const platformBody = defineFragment('actions', 'platform', {
  key: { audience: dim.text },
  clock: 3600,
  load: (ctx, k, lang) => dashboardReads.platform.get(ctx, { lang, audience: k.audience }),
  render: (data, page) => <DashboardBody page={page} data={data} platform={true} />,
});
