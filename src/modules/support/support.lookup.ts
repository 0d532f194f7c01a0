import type { Actor } from '../../core/auth/actor.js';
import { isSignedIn } from '../../core/auth/actor.js';
import type { ModuleContext } from '../../core/module.js';
import { confirmedOrganisationIds } from '../organisations/index.js';
import { partnershipsOf } from '../partnerships/index.js';
import { NOBODY, type SupportViewer } from './support.policy.js';

/**
 * The reader of matchmaking for this request, read fresh from the database (never kept: a
 * membership ended or an affiliation refused holds on the next request, on every node).
 */
export async function viewerOf(ctx: ModuleContext, actor: Actor): Promise<SupportViewer> {
  if (!isSignedIn(actor)) return NOBODY;
  const [partnerships, confirmed] = await Promise.all([
    partnershipsOf(ctx.db, actor.id),
    confirmedOrganisationIds(ctx.db, [actor.id]),
  ]);
  const organisations = confirmed.get(actor.id) ?? [];
  return {
    userId: actor.id,
    admin: actor.isAdmin,
    peer: partnerships.length > 0 || organisations.length > 0,
    organisations,
  };
}
