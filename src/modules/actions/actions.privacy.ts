import type { ModuleContext } from '../../core/module.js';
import { isoOf } from './actions.queries.js';

/** What the action plan keeps about a person: the versions of actions they made (when, which, why). */
export async function exportActionData(ctx: ModuleContext, userId: number): Promise<Record<string, unknown>> {
  const rows = await ctx.db
    .selectFrom('action_versions')
    .innerJoin('actions', 'actions.id', 'action_versions.action_id')
    .innerJoin('partnerships', 'partnerships.id', 'actions.partnership_id')
    .select([
      'partnerships.slug as partnership',
      'actions.number as action',
      'actions.title as title',
      'action_versions.version as version',
      'action_versions.at as at',
      'action_versions.explanation as explanation',
    ])
    .where('action_versions.user_id', '=', userId)
    .orderBy('action_versions.at')
    .orderBy('action_versions.id')
    .execute();
  return { versions: rows.map((r) => ({ ...r, at: isoOf(r.at) })) };
}

/**
 * Erasing a person keeps the versions they made (the plan's history is the partnership's record)
 * and forgets who made them: the author becomes "the platform".
 */
export async function eraseActionData(ctx: ModuleContext, userId: number): Promise<void> {
  await ctx.db.updateTable('action_versions').set({ user_id: null }).where('user_id', '=', userId).execute();
}
