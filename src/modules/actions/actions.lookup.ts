import type { FastifyRequest } from 'fastify';
import { toId } from '../../core/http/validation.js';
import type { ModuleContext } from '../../core/module.js';
import { mayRead } from './actions.policy.js';
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
