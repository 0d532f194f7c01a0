// Test support for the follows tests: news' own writes (a post created, published), which the
// follows tests use to see the fan-out from the module that calls it; an item of the funding register.
export { createPost, publishPost } from '../../src/modules/news/news.service.js';
export { changeOpportunity } from '../../src/modules/funding/funding.service.js';
import { createOpportunity, type OpportunityInput } from '../../src/modules/funding/funding.service.js';
import type { ModuleContext } from '../../src/core/module.js';

/** Adds a published item to the funding register, as `userId` would (a deadline two months away). */
export function addOpportunity(ctx: ModuleContext, userId: number, over: Partial<OpportunityInput> = {}) {
  const now = new Date();
  return createOpportunity(
    ctx.db,
    {
      kind: 'call',
      title: 'Shared data platforms for towns',
      summary: 'Grants for towns that share their data.',
      lang: 'en',
      timeZone: 'Europe/Brussels',
      opensAt: new Date(now.getTime() - 5 * 86_400_000).toISOString(),
      deadlines: [{ at: new Date(now.getTime() + 60 * 86_400_000).toISOString() }],
      ...over,
    },
    { userId, at: now.toISOString() },
  );
}
