import type { FastifyRequest } from 'fastify';
import type { ModuleContext } from '../../core/module.js';
import { standingIn } from './membership.service.js';
import type { Standing } from './partnerships.policy.js';
import { partnershipReads } from './partnerships.reads.js';
import type { PartnershipDetail } from './partnerships.schema.js';

/** A partnership with the request's actor's standing in it. */
export interface FoundPartnership {
  partnership: PartnershipDetail;
  id: number;
  standing: Standing;
}

/**
 * The partnership of an address, with the reader's standing in it (read fresh); null when there
 * is none. What the modules whose pages live under a partnership (news, meetings, actions) start from.
 */
export async function partnershipOfAddress(
  ctx: ModuleContext,
  request: FastifyRequest,
  slug: string,
): Promise<FoundPartnership | null> {
  const found = await partnershipReads.bySlug.get(ctx, { lang: request.locale, slug });
  if (!found) return null;
  return { ...found, standing: await standingIn(ctx, found.id, request.actor) };
}
