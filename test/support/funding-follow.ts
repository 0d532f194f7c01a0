// Test support for following the funding register: an item to add, its dates counted from a moment.
import type { ModuleContext } from '../../src/core/module.js';
import { createOpportunity, type OpportunityInput } from '../../src/modules/funding/funding.service.js';
import { follow, type FollowType } from '../../src/modules/funding/funding.follow.js';

const DAY = 86_400_000;

/** An instant `days` from `from` (ISO). */
export const daysFrom = (from: Date, days: number): string => new Date(from.getTime() + days * DAY).toISOString();

/** Adds a published call (or what `over` says) to the register as the platform, now. */
export async function addItem(ctx: ModuleContext, over: Partial<OpportunityInput> = {}) {
  const now = new Date();
  return createOpportunity(
    ctx.db,
    {
      kind: 'call',
      title: 'Smart benches for small squares',
      summary: 'Grants for towns that put sensors in their squares.',
      lang: 'en',
      timeZone: 'Europe/Brussels',
      opensAt: daysFrom(now, -5),
      deadlines: [{ at: daysFrom(now, 60) }],
      ...over,
    },
    { userId: null, at: now.toISOString() },
  );
}

/** Makes `userId` follow a thing by its id, as if since `since`. */
export async function followAs(
  ctx: ModuleContext,
  userId: number,
  type: FollowType,
  id: number,
  since?: string,
): Promise<void> {
  await follow(ctx.db, userId, { type, id });
  if (since)
    await ctx.db
      .updateTable('funding_follows')
      .set({ created_at: since })
      .where('user_id', '=', userId)
      .where('target_type', '=', type)
      .where('target_id', '=', id)
      .execute();
}
