import type { FastifyRequest } from 'fastify';
import { isSignedIn } from '../../core/auth/actor.js';
import { signedIn } from '../../core/auth/policy.js';
import { actorOf } from '../../core/http/handlers.js';
import { HttpError } from '../../core/http/http-error.js';
import { toId } from '../../core/http/validation.js';
import type { ModuleContext } from '../../core/module.js';
import { confirmedOrganisationIds } from '../organisations/index.js';
import type { Standing } from '../partnerships/index.js';
import { mayRead, mayUpdate } from './actions.policy.js';
import * as q from './actions.queries.js';
import { partnershipOfAddress as partnershipFor, type FoundPartnership as Found } from '../partnerships/index.js';

// The partnership of an address with the reader's standing in it: partnerships' own, under this module's names.
export { partnershipFor, type Found };

/**
 * The action of an address, read fresh (whether it exists and is members-only decides who sees
 * it), if this reader may see it; null otherwise, the same for a missing one.
 */
export async function readableAction(
  ctx: ModuleContext,
  request: FastifyRequest,
  slug: string,
  number: number,
): Promise<{ found: Found; action: q.Action } | null> {
  const checked = toId(number);
  if (checked === null) return null;
  const found = await partnershipFor(ctx, request, slug);
  if (!found) return null;
  const action = await q.findActionByNumber(ctx.db, found.id, checked);
  if (!action || !mayRead(found.standing, action)) return null;
  return { found, action };
}

/**
 * Whether this reader may update the action, read fresh: its lead organisations and the reader's
 * confirmed affiliations are only asked for when being a coordinator does not settle it.
 */
export async function mayUpdateAction(ctx: ModuleContext, standing: Standing, action: q.Action): Promise<boolean> {
  const { actor } = standing;
  if (!isSignedIn(actor) || (standing.role === null && !actor.isAdmin)) return false;
  const facts = { partnershipId: action.partnershipId, membersOnly: action.membersOnly, leads: [] as number[] };
  if (mayUpdate(standing, facts, [])) return true;
  const [leads, mine] = await Promise.all([
    ctx.db
      .selectFrom('action_organisations')
      .select('organisation_id')
      .where('action_id', '=', action.id)
      .where('role', '=', 'lead')
      .execute(),
    // Confirmed affiliations only (organisations' claims): saying one works for a lead is not enough.
    confirmedOrganisationIds(ctx.db, [actor.id]),
  ]);
  const affiliations = mine.get(actor.id) ?? [];
  return mayUpdate(standing, { ...facts, leads: leads.map((r) => r.organisation_id) }, affiliations);
}

/** The action of an address, if the request's actor may update it (signed in); else a 404. */
export async function updatableAction(ctx: ModuleContext, request: FastifyRequest, slug: string, number: number) {
  const got = await readableAction(ctx, request, slug, number);
  if (!got || !(await mayUpdateAction(ctx, got.found.standing, got.action))) throw new HttpError(404);
  return { ...got, actor: actorOf(request, signedIn) };
}
