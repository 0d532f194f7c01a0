import type { ModuleContext } from '../../core/module.js';
import { isoOf } from './actions.queries.js';

/**
 * What the action plan keeps about a person: the versions of actions they made (when, which, why),
 * and the files they gave as evidence (which action, the file's name, when).
 */
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
  const files = await ctx.db
    .selectFrom('action_files')
    .innerJoin('actions', 'actions.id', 'action_files.action_id')
    .innerJoin('partnerships', 'partnerships.id', 'actions.partnership_id')
    .select([
      'partnerships.slug as partnership',
      'actions.number as action',
      'action_files.name as name',
      'action_files.created_at as at',
    ])
    .where('action_files.uploaded_by', '=', userId)
    .orderBy('action_files.id')
    .execute();
  return {
    versions: rows.map((r) => ({ ...r, at: isoOf(r.at) })),
    evidenceFiles: files.map((f) => ({ ...f, at: isoOf(f.at) })),
  };
}

/**
 * Erasing a person keeps the versions they made and the files they gave as evidence (the plan's
 * history is the partnership's record, as meetings keep their files) and forgets who made them: the
 * author becomes "the platform".
 */
export async function eraseActionData(ctx: ModuleContext, userId: number): Promise<void> {
  await ctx.db.updateTable('action_versions').set({ user_id: null }).where('user_id', '=', userId).execute();
  await ctx.db.updateTable('action_files').set({ uploaded_by: null }).where('uploaded_by', '=', userId).execute();
}
