import type { FastifyRequest } from 'fastify';
import { isSignedIn, type Actor, type SignedIn } from '../../core/auth/actor.js';
import { signedIn } from '../../core/auth/policy.js';
import { actorOf } from '../../core/http/handlers.js';
import { HttpError } from '../../core/http/http-error.js';
import { toId } from '../../core/http/validation.js';
import type { ModuleContext } from '../../core/module.js';
import { mayPlan, mayRead } from './meetings.policy.js';
import * as q from './meetings.queries.js';
import { partnershipOfAddress as partnershipFor, type FoundPartnership as Found } from '../partnerships/index.js';

// The partnership of an address with the reader's standing in it: partnerships' own, under this module's names.
export { partnershipFor, type Found };

// The meetings a signed-in request read (one actor object per request): the comments under a
// meeting ask for it again by id in the same request. Never across requests, nor for visitors.
const meetingsOfRequest = new WeakMap<SignedIn, Map<number, q.Meeting>>();

/** A meeting by id, read fresh, or as this request already read it. */
export async function meetingForRequest(ctx: ModuleContext, actor: Actor, id: number): Promise<q.Meeting | null> {
  const read = isSignedIn(actor) ? meetingsOfRequest.get(actor)?.get(id) : undefined;
  return read ?? q.findMeetingById(ctx.db, id);
}

/**
 * The meeting of an address, read fresh (whether it exists and is members-only decides who sees
 * it), if this reader may see it; null otherwise, the same for a missing one.
 */
export async function readableMeeting(
  ctx: ModuleContext,
  request: FastifyRequest,
  slug: string,
  number: number,
): Promise<{ found: Found; meeting: q.Meeting } | null> {
  // Routes that check their body themselves (`attachValidation`) get the path unchecked too.
  const checked = toId(number);
  if (checked === null) return null;
  const found = await partnershipFor(ctx, request, slug);
  if (!found) return null;
  const meeting = await q.findMeetingByNumber(ctx.db, found.id, checked);
  if (!meeting || !mayRead(found.standing, meeting)) return null;
  if (isSignedIn(request.actor)) {
    let kept = meetingsOfRequest.get(request.actor);
    if (!kept) meetingsOfRequest.set(request.actor, (kept = new Map()));
    kept.set(meeting.id, meeting);
  }
  return { found, meeting };
}

/** The meeting, if this actor may plan it (coordinators); else the same 404 as a missing one. */
export async function plannableMeeting(
  ctx: ModuleContext,
  request: FastifyRequest,
  slug: string,
  number: number,
): Promise<{ found: Found; meeting: q.Meeting; actor: SignedIn }> {
  const got = await readableMeeting(ctx, request, slug, number);
  if (!got || !mayPlan(got.found.standing)) throw new HttpError(404);
  return { ...got, actor: actorOf(request, signedIn) };
}

/** The partnership, if this actor may plan its meetings; else a 404. */
export async function plannablePartnership(
  ctx: ModuleContext,
  request: FastifyRequest,
  slug: string,
): Promise<{ found: Found; actor: SignedIn }> {
  const found = await partnershipFor(ctx, request, slug);
  if (!found || !mayPlan(found.standing)) throw new HttpError(404);
  return { found, actor: actorOf(request, signedIn) };
}
