import type { ModuleContext } from '../../core/module.js';

/** What matchmaking keeps of a person: the requests they asked, the contacts they made, their offers. */
export async function exportSupportData(ctx: ModuleContext, userId: number): Promise<Record<string, unknown>> {
  const [requests, contacts, offers] = await Promise.all([
    ctx.db
      .selectFrom('support_requests')
      .select(['id', 'title', 'needed', 'state', 'created_at'])
      .where('created_by', '=', userId)
      .orderBy('id')
      .execute(),
    ctx.db
      .selectFrom('support_contacts')
      .select(['request_id', 'organisation_id', 'contacted_at'])
      .where('contacted_by', '=', userId)
      .orderBy('request_id')
      .execute(),
    ctx.db
      .selectFrom('support_offers')
      .select(['id', 'title', 'description', 'organisation_id', 'created_at'])
      .where('user_id', '=', userId)
      .orderBy('id')
      .execute(),
  ]);
  return { supportRequests: requests, supportContacts: contacts, supportOffers: offers };
}

/**
 * When an account is deleted: requests and contacts stay their organisation's (no longer naming who
 * made them); the offers they wrote go with them (an offer speaks for its writer).
 */
export async function eraseSupportData(ctx: ModuleContext, userId: number): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    await trx.updateTable('support_requests').set({ created_by: null }).where('created_by', '=', userId).execute();
    await trx.updateTable('support_contacts').set({ contacted_by: null }).where('contacted_by', '=', userId).execute();
    const own = trx.selectFrom('support_offers').select('id').where('user_id', '=', userId);
    await trx
      .deleteFrom('taggings')
      .where('subject_type', '=', 'support-offer')
      .where('subject_id', 'in', own)
      .execute();
    await trx.deleteFrom('support_offers').where('user_id', '=', userId).execute();
  });
}
