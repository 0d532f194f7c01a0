import type { Actor, SignedIn } from '../../core/auth/actor.js';
import { isSignedIn } from '../../core/auth/actor.js';
import { platformAdmin, signedIn } from '../../core/auth/policy.js';
import { mayManage, type Standing } from '../partnerships/index.js';
import type { OrganisationStatus } from './organisations.schema.js';

/** A platform administrator (a plain yes or no, so that the other half of a rule still sees a signed-in actor). */
const isAdmin = (actor: Actor): boolean => isSignedIn(actor) && actor.isAdmin;

/** Only platform administrators create and edit organisations, and review proposed ones. */
export const mayManageOrganisations = (actor: Actor): actor is SignedIn => platformAdmin(actor);

/**
 * The one visibility rule of an organisation: an approved one is everyone's; a proposed (or
 * refused) one exists only for the person who proposed it and for administrators. Lists show
 * approved ones only (`status = 'approved'` in every list query).
 */
export const maySeeOrganisation = (actor: Actor, org: { status: OrganisationStatus; proposedBy: number | null }) =>
  org.status === 'approved' || isAdmin(actor) || (isSignedIn(actor) && org.proposedBy === actor.id);

/** Propose an organisation that is not listed yet: any signed-in person. */
export const mayPropose = signedIn;

/**
 * Confirm or refuse people's claims to work for an organisation: administrators, and the
 * coordinators of a partnership the organisation belongs to. `standings` is the actor's standing
 * in each of the organisation's partnerships, read fresh for this request (`standingIn`).
 */
export const mayDecideClaims = (actor: Actor, standings: readonly Standing[]): actor is SignedIn =>
  isSignedIn(actor) && (actor.isAdmin || standings.some((s) => s.actor === actor && mayManage(s)));

/** One claim: as above, but nobody but an administrator decides their own. */
export const mayDecideClaim = (actor: Actor, standings: readonly Standing[], claimantId: number): boolean =>
  mayDecideClaims(actor, standings) && (actor.isAdmin || actor.id !== claimantId);
