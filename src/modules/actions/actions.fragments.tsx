import { defineFragment, dim } from '../../core/shared/index.js';
import { applyFilter, checkFilter } from './actions.plan.js';
import { actionReads } from './actions.reads.js';
import { ActionBody, PlanList } from './views/parts.js';

/**
 * A partnership's plan as every reader of a language and class (members or not) sees it for one
 * filter: the form, a word on filters that were ignored, the actions by theme. The filter's values
 * are checked against the plan in `load` (what names nothing in it is ignored and said so).
 */
export const planList = defineFragment('actions', 'plan', {
  key: {
    partnership: dim.id,
    slug: dim.text,
    membersOnly: dim.flag,
    theme: dim.optional(dim.text),
    status: dim.optional(dim.text),
    lead: dim.optional(dim.text),
    tag: dim.optional(dim.text),
    sort: dim.optional(dim.text),
  },
  load: async (ctx, k, lang) => {
    const plan = await actionReads.plan.get(ctx, { lang, partnership: k.partnership, membersOnly: k.membersOnly });
    const { filter, ignored } = checkFilter(plan, {
      theme: k.theme,
      status: k.status as never,
      lead: k.lead,
      tag: k.tag,
      sort: k.sort as never,
    });
    return {
      slug: k.slug,
      themes: plan.themes,
      all: plan.items,
      items: applyFilter(plan.items, filter),
      filter,
      ignored,
    };
  },
  render: (view, page) => <PlanList page={page} view={view} />,
});

/** What every reader of an action's page in a language and class reads. Kept per minute, as its read. */
export const actionBody = defineFragment('actions', 'body', {
  key: { action: dim.id, membersOnly: dim.flag },
  clock: 60,
  load: (ctx, k, lang) => actionReads.shown.get(ctx, { action: k.action, lang, membersOnly: k.membersOnly }),
  render: (action, page) => <ActionBody page={page} action={action} />,
});
