import { defineReads, dim, read } from '../../core/shared/index.js';
import { presentAction, presentActions, presentVersions } from './actions.present.js';
import * as q from './actions.queries.js';

/**
 * What many readers of the action plan share, kept until the next write (see ARCHITECTURE.md,
 * "Making a page fast"). What the reader may see is a dimension of each key (`membersOnly`);
 * whether an action exists and they may see it is read fresh on every request (`actions.lookup.ts`).
 */
export const actionReads = defineReads('actions', {
  /** A partnership's whole plan in a language: its themes and actions (filters apply to it). */
  plan: read({
    key: { lang: dim.language, partnership: dim.id, membersOnly: dim.flag },
    load: async (ctx, k) => {
      const [themes, actions] = await Promise.all([
        q.themesOf(ctx.db, k.partnership),
        q.actionsOfPlan(ctx.db, k.partnership, k.membersOnly),
      ]);
      return {
        themes: themes.map((t) => ({ position: t.position, title: t.title })),
        items: await presentActions(ctx, actions, k.lang),
      };
    },
  }),
  /** An action as readers of a language and class see it (evidence posts can be scheduled: kept per minute). */
  shown: read({
    key: { action: dim.id, lang: dim.language, membersOnly: dim.flag },
    clock: 60,
    load: async (ctx, k, time) => {
      const action = await q.findActionById(ctx.db, k.action);
      return action ? presentAction(ctx, action, k.lang, k.membersOnly, time.now) : null;
    },
  }),
  /** Every version of an action, newest first. */
  history: read({
    key: { action: dim.id },
    load: async (ctx, k) => presentVersions(ctx, await q.versionsOf(ctx.db, k.action)),
  }),
});
