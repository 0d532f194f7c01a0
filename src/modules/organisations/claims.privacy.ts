import type { ModuleContext } from '../../core/module.js';
import { claimsOfPerson, deleteClaimsOf, forgetProposer, proposalsOf } from './claims.queries.js';

/** For "download my data": the person's affiliation claims and the organisations they proposed. */
export async function exportClaims(ctx: ModuleContext, userId: number): Promise<Record<string, unknown>> {
  const [claims, proposals] = await Promise.all([claimsOfPerson(ctx.db, userId), proposalsOf(ctx.db, userId)]);
  return {
    claims: claims.map((c) => ({
      organisation: c.slug,
      status: c.status,
      claimedAt: c.created_at,
      decidedAt: c.decided_at,
    })),
    proposals: proposals.map((p) => ({
      organisation: p.slug,
      name: p.name,
      status: p.status,
      proposedAt: p.created_at,
    })),
  };
}

/** For account deletion: the claims go; the organisations they proposed stay, no longer linked to them. */
export async function eraseClaims(ctx: ModuleContext, userId: number): Promise<void> {
  await deleteClaimsOf(ctx.db, userId);
  await forgetProposer(ctx.db, userId);
}
