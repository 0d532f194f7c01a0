import type { Actor, SignedIn } from '../../core/auth/actor.js';
import { isSignedIn } from '../../core/auth/actor.js';
import { recordAudit } from '../../core/audit/audit.js';
import type { ModuleContext } from '../../core/module.js';
import { findUserByHandle, findUsersByIds } from '../accounts/index.js';
import {
  organisationsOfPartnerships,
  partnershipsOf,
  partnershipsOfOrganisation,
  findPartnership,
  standingIn,
  type Standing,
} from '../partnerships/index.js';
import * as claims from './claims.queries.js';
import { displayName } from './organisations.display.js';
import { mayDecideClaim, mayDecideClaims } from './organisations.policy.js';
import { findOrganisationsByIds, type OrganisationRecord } from './organisations.queries.js';
import type { Organisation, OrganisationProfile, PendingClaim } from './organisations.schema.js';

type Ctx = Pick<ModuleContext, 'db'>;

/**
 * The actor's standing in each partnership the organisation belongs to, read fresh for this
 * request: what `mayDecideClaims` needs.
 */
export async function standingsFor(ctx: ModuleContext, organisationId: number, actor: Actor): Promise<Standing[]> {
  if (!isSignedIn(actor)) return [];
  const partnerships = await partnershipsOfOrganisation(ctx.db, organisationId);
  return Promise.all(partnerships.map((p) => standingIn(ctx, p.id, actor)));
}

/** An organisation's page: its partnerships and standing, its confirmed people, and (for deciders) waiting claims. */
export async function organisationProfile(
  ctx: ModuleContext,
  org: OrganisationRecord,
  actor: Actor,
  locale: string,
): Promise<OrganisationProfile> {
  const [memberships, peopleIds, standings] = await Promise.all([
    partnershipsOfOrganisation(ctx.db, org.id),
    claims.confirmedPeople(ctx.db, org.id),
    standingsFor(ctx, org.id, actor),
  ]);
  // An organisation belongs to a few partnerships: each is named in the reader's language.
  const [found, users] = await Promise.all([
    Promise.all(memberships.map((m) => findPartnership(ctx.db, locale, m.slug))),
    findUsersByIds(ctx.db, peopleIds),
  ]);
  const collator = new Intl.Collator(locale);
  const { id: _id, status, proposedBy: _by, createdAt: _at, ...organisation } = org;
  return {
    ...organisation,
    status,
    partnerships: memberships.flatMap((m, i) => {
      const partnership = found[i];
      return partnership ? [{ slug: m.slug, title: partnership.title, lang: partnership.lang, standing: m.role }] : [];
    }),
    people: peopleIds
      .flatMap((id) => {
        const user = users.get(id);
        return user && !user.deleted ? [{ handle: user.handle, displayName: user.displayName }] : [];
      })
      .sort((a, b) => collator.compare(a.displayName, b.displayName)),
    pendingClaims: mayDecideClaims(actor, standings) ? await claims.countPendingClaims(ctx.db, org.id) : null,
  };
}

/**
 * The organisations whose claims the actor decides: every one for an administrator, else those of
 * the partnerships they coordinate (read fresh).
 */
async function decidableOrganisations(ctx: ModuleContext, actor: SignedIn): Promise<number[] | 'all'> {
  if (actor.isAdmin) return 'all';
  const mine = await partnershipsOf(ctx.db, actor.id);
  const coordinated: number[] = [];
  for (const p of mine) if (mayDecideClaims(actor, [await standingIn(ctx, p.id, actor)])) coordinated.push(p.id);
  return organisationsOfPartnerships(ctx.db, coordinated);
}

/** Whether the actor decides some organisation's claims (an administrator, or a coordinator somewhere). */
export async function decidesSomeClaims(ctx: ModuleContext, actor: Actor): Promise<boolean> {
  if (!isSignedIn(actor)) return false;
  const decides = await decidableOrganisations(ctx, actor);
  return decides === 'all' || decides.length > 0;
}

/**
 * Claims waiting for the actor's decision: of one organisation (null when the actor may not
 * decide them: the same 404 as a missing organisation), or of all the actor decides. Their own
 * claims are left out (nobody but an administrator decides their own).
 */
export async function claimsToDecide(
  ctx: ModuleContext,
  actor: SignedIn,
  locale: string,
  organisation?: OrganisationRecord,
): Promise<PendingClaim[] | null> {
  let ids: number[] | 'all';
  if (organisation) {
    if (!mayDecideClaims(actor, await standingsFor(ctx, organisation.id, actor))) return null;
    ids = [organisation.id];
  } else {
    ids = await decidableOrganisations(ctx, actor);
  }
  const rows = (await claims.pendingClaims(ctx.db, ids)).filter((r) => actor.isAdmin || r.user_id !== actor.id);
  const [users, orgs] = await Promise.all([
    findUsersByIds(
      ctx.db,
      rows.map((r) => r.user_id),
    ),
    findOrganisationsByIds(
      ctx.db,
      rows.map((r) => r.organisation_id),
    ),
  ]);
  return rows.flatMap((r) => {
    const user = users.get(r.user_id);
    const org = orgs.get(r.organisation_id);
    if (!user || user.deleted || !org) return [];
    return [
      {
        organisation: org.slug,
        organisationName: displayName(org, locale),
        person: { handle: user.handle, displayName: user.displayName },
        claimedAt: r.created_at,
      },
    ];
  });
}

export type DecideOutcome = 'confirmed' | 'refused' | 'gone';

/**
 * Confirms or refuses a person's pending claim on an organisation, once: 'gone' when there is no
 * such claim waiting, when it was decided already (another decider, or the same form sent
 * twice) or when the actor may not decide it (one answer for all: a 404). Only the request
 * that decided it writes the audit record.
 */
export async function decideClaimOn(
  ctx: ModuleContext,
  organisation: OrganisationRecord,
  handle: string,
  decision: 'confirm' | 'refuse',
  actor: SignedIn,
): Promise<DecideOutcome> {
  const user = await findUserByHandle(ctx.db, handle);
  if (!user) return 'gone';
  const standings = await standingsFor(ctx, organisation.id, actor);
  if (!mayDecideClaim(actor, standings, user.id)) return 'gone';
  const status = decision === 'confirm' ? 'confirmed' : 'refused';
  return ctx.db.transaction().execute(async (trx) => {
    if (!(await claims.decideClaim(trx, user.id, organisation.id, status, actor.id))) return 'gone';
    await recordAudit(trx, {
      actorId: actor.id,
      action: decision === 'confirm' ? 'organisations.confirmClaim' : 'organisations.refuseClaim',
      subjectType: 'organisation',
      subjectId: organisation.slug,
      details: { person: user.displayName, handle: user.handle },
    });
    return status;
  });
}

/** A person's claims, by organisation id, for their own profile (they see their pending ones as such). */
export const claimStatusesOf = (ctx: Ctx, userId: number) => claims.claimStatusesOf(ctx.db, userId);

/** Each person's organisations whose affiliation is confirmed, for member lists. */
export async function confirmedOrganisationsOf(
  ctx: Ctx,
  userIds: readonly number[],
): Promise<Map<number, Organisation[]>> {
  const byPerson = await claims.confirmedOrganisationIds(ctx.db, userIds);
  const orgs = await findOrganisationsByIds(ctx.db, [...byPerson.values()].flat());
  return new Map(
    [...byPerson].map(([userId, ids]) => [
      userId,
      ids.flatMap((id) => {
        const org = orgs.get(id);
        return org ? [org] : [];
      }),
    ]),
  );
}
