import type { ModuleContext } from '../../core/module.js';

/** What the partnerships module keeps about a person, for "download my data". */
export async function exportMemberships(ctx: ModuleContext, userId: number): Promise<Record<string, unknown>> {
  const [memberships, requests] = await Promise.all([
    ctx.db
      .selectFrom('partnership_people as pp')
      .innerJoin('partnerships as p', 'p.id', 'pp.partnership_id')
      .select(['p.slug as partnership', 'pp.role', 'pp.joined_at as joinedAt'])
      .where('pp.user_id', '=', userId)
      .execute(),
    ctx.db
      .selectFrom('partnership_join_requests as r')
      .innerJoin('partnerships as p', 'p.id', 'r.partnership_id')
      .select(['p.slug as partnership', 'r.message', 'r.status', 'r.created_at as createdAt'])
      .where('r.user_id', '=', userId)
      .execute(),
  ]);
  return { memberships, joinRequests: requests };
}

/**
 * On account deletion: memberships and requests go; the activity stream forgets who acted (a line
 * saying they joined, with no one left to link to, is no longer shown).
 */
export async function eraseMemberships(ctx: ModuleContext, userId: number): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    await trx.deleteFrom('partnership_people').where('user_id', '=', userId).execute();
    await trx.deleteFrom('partnership_join_requests').where('user_id', '=', userId).execute();
    await trx.updateTable('partnership_activity').set({ actor_id: null }).where('actor_id', '=', userId).execute();
  });
}
