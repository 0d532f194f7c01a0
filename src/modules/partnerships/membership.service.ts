import { randomBytes } from 'node:crypto';
import type { Actor, SignedIn } from '../../core/auth/actor.js';
import { isSignedIn } from '../../core/auth/actor.js';
import { recordAudit } from '../../core/audit/audit.js';
import { VISITORS, type ContentAudience, type ModuleContext } from '../../core/module.js';
import { accountAddress, findUsersByIds } from '../accounts/index.js';
import { confirmedOrganisationsOf, findOrganisationsByIds, organisationDisplayName } from '../organisations/index.js';
import * as q from './membership.queries.js';
import type { Members, PersonRole } from './partnerships.schema.js';
import { mayManage, maySeeMembersOnly, type Standing } from './partnerships.policy.js';
import { insertActivity, type ActivityEntry } from './activity.queries.js';

const INVITATION_DAYS = 14;

// What each signed-in actor (one object per request) is in the partnerships a page asked about.
const rolesOfRequest = new WeakMap<SignedIn, Map<number, PersonRole | null>>();

/**
 * The actor's standing in a partnership, for the policy functions. Who may do what is read
 * from the database on every request, never from what another request left (several nodes
 * may serve one site): once per request, as a page asks for it several times (the actor
 * object is the request's own).
 */
export async function standingIn(ctx: ModuleContext, partnershipId: number, actor: Actor): Promise<Standing> {
  if (!isSignedIn(actor)) return { actor, role: null };
  let roles = rolesOfRequest.get(actor);
  if (!roles) rolesOfRequest.set(actor, (roles = new Map()));
  let role = roles.get(partnershipId);
  if (role === undefined) {
    role = await q.roleOf(ctx.db, partnershipId, actor.id);
    roles.set(partnershipId, role);
  }
  return { actor, role };
}

/** Organisations and people of a partnership, coordinators first. */
export async function listMembers(ctx: ModuleContext, partnershipId: number, locale: string): Promise<Members> {
  const [orgRows, peopleRows] = await Promise.all([
    q.memberOrganisations(ctx.db, partnershipId),
    q.memberPeople(ctx.db, partnershipId),
  ]);
  const [orgs, users, affiliations] = await Promise.all([
    findOrganisationsByIds(
      ctx.db,
      orgRows.map((r) => r.organisation_id),
    ),
    findUsersByIds(
      ctx.db,
      peopleRows.map((r) => r.user_id),
    ),
    // Each person's organisations, confirmed ones only (organisations' claims).
    confirmedOrganisationsOf(
      ctx,
      peopleRows.map((r) => r.user_id),
    ),
  ]);
  const orgOrder = ['coordinator', 'member', 'commission-service', 'observer'];
  const personOrder = ['coordinator', 'moderator', 'member'];
  const collator = new Intl.Collator(locale);
  const organisations = orgRows
    .flatMap((r) => {
      const org = orgs.get(r.organisation_id);
      return org
        ? [
            {
              slug: org.slug,
              name: organisationDisplayName(org, locale),
              kind: org.kind,
              country: org.country,
              role: r.role,
            },
          ]
        : [];
    })
    .sort((a, b) => orgOrder.indexOf(a.role) - orgOrder.indexOf(b.role) || collator.compare(a.name, b.name));
  const people = peopleRows
    .flatMap((r) => {
      const user = users.get(r.user_id);
      return user && !user.deleted
        ? [
            {
              handle: user.handle,
              displayName: user.displayName,
              role: r.role,
              joinedAt: r.joined_at,
              organisations: (affiliations.get(r.user_id) ?? []).map((o) => ({
                slug: o.slug,
                name: organisationDisplayName(o, locale),
              })),
            },
          ]
        : [];
    })
    .sort(
      (a, b) =>
        personOrder.indexOf(a.role) - personOrder.indexOf(b.role) || collator.compare(a.displayName, b.displayName),
    );
  return { organisations, people };
}

/**
 * Records a line in the partnership's activity stream. Other modules call this through
 * index.ts; a line about their content gives `about` (its type and id) rather than a title and
 * a link, and is shown only to those the content's type lets see it, when they read it.
 */
export async function recordActivity(ctx: ModuleContext, entry: ActivityEntry): Promise<void> {
  await insertActivity(ctx.db, entry);
}

/**
 * What an actor may see of content across partnerships, read fresh (one indexed query): the
 * members-only content of the partnerships they are a member of, what is not out yet where
 * they publish, and their own (see `ContentAudience`). Administrators see everything.
 */
export async function audienceOf(ctx: Pick<ModuleContext, 'db'>, actor: Actor): Promise<ContentAudience> {
  if (!isSignedIn(actor)) return VISITORS;
  if (actor.isAdmin) return { membersOf: 'all', editorOf: 'all', userId: actor.id };
  const roles = await q.rolesOfPerson(ctx.db, actor.id);
  const where = (may: (s: Standing) => boolean) =>
    roles.filter((r) => may({ actor, role: r.role })).map((r) => r.partnershipId);
  return { membersOf: where(maySeeMembersOnly), editorOf: where(mayManage), userId: actor.id };
}

export async function askToJoin(
  ctx: ModuleContext,
  partnershipId: number,
  userId: number,
  message: string,
): Promise<'asked' | 'already'> {
  if (await q.roleOf(ctx.db, partnershipId, userId)) return 'already';
  // A request already waiting (or sent at the same moment) is kept; this one adds nothing.
  return (await q.createJoinRequest(ctx.db, partnershipId, userId, message)) ? 'asked' : 'already';
}

/** Approves or refuses a pending request; approval makes the person a member. */
export async function decideJoinRequest(
  ctx: ModuleContext,
  partnershipId: number,
  requestId: number,
  decision: 'approved' | 'refused',
  decider: { id: number },
): Promise<boolean> {
  const request = await q.findRequest(ctx.db, partnershipId, requestId);
  if (!request || request.status !== 'pending') return false;
  return ctx.db.transaction().execute(async (trx) => {
    const tctx = { ...ctx, db: trx };
    if (!(await q.decideRequest(trx, requestId, decision, decider.id))) return false;
    // A member already (an invitation came first) keeps their role, and joins only once.
    if (decision === 'approved' && (await q.addPerson(trx, partnershipId, request.user_id, 'member'))) {
      const user = (await findUsersByIds(trx, [request.user_id])).get(request.user_id);
      await recordActivity(tctx, {
        partnershipId,
        actorId: request.user_id,
        kind: 'joined',
        subject: user?.displayName ?? '',
        path: user ? `/people/${user.handle}` : null,
      });
    }
    await recordAudit(trx, {
      actorId: decider.id,
      action: `partnerships.${decision === 'approved' ? 'approveJoin' : 'refuseJoin'}`,
      partnershipId,
      subjectType: 'user',
      subjectId: String(request.user_id),
    });
    return true;
  });
}

export type RoleChange = 'changed' | 'last-coordinator' | 'not-member';

/** Changes a member's role; the last coordinator cannot step down. */
export async function changeRole(
  ctx: ModuleContext,
  partnershipId: number,
  userId: number,
  role: PersonRole,
  actorId: number,
): Promise<RoleChange> {
  return ctx.db.transaction().execute(async (trx) => {
    await q.lockPartnership(trx, ctx.dialect.name, partnershipId);
    const current = await q.roleOf(trx, partnershipId, userId);
    if (!current) return 'not-member';
    // The role it has already: nothing to change or to record (20 identical changes: one record).
    if (current === role) return 'changed';
    if (current === 'coordinator' && (await q.countCoordinators(trx, partnershipId)) <= 1) return 'last-coordinator';
    if (!(await q.switchRole(trx, partnershipId, userId, current, role))) return 'changed';
    await recordAudit(trx, {
      actorId,
      action: 'partnerships.changeRole',
      partnershipId,
      subjectType: 'user',
      subjectId: String(userId),
      details: { from: current, to: role },
    });
    return 'changed';
  });
}

/** Takes a person out of a partnership (they leave, or a coordinator removes them). */
export async function removeMember(
  ctx: ModuleContext,
  partnershipId: number,
  userId: number,
  actorId: number,
): Promise<RoleChange> {
  return ctx.db.transaction().execute(async (trx) => {
    await q.lockPartnership(trx, ctx.dialect.name, partnershipId);
    const current = await q.roleOf(trx, partnershipId, userId);
    if (!current) return 'not-member';
    if (current === 'coordinator' && (await q.countCoordinators(trx, partnershipId)) <= 1) return 'last-coordinator';
    await q.removePerson(trx, partnershipId, userId);
    if (actorId !== userId) {
      await recordAudit(trx, {
        actorId,
        action: 'partnerships.removeMember',
        partnershipId,
        subjectType: 'user',
        subjectId: String(userId),
        details: { role: current },
      });
    }
    return 'changed';
  });
}

/**
 * Invites someone by e-mail: a one-time link, valid for two weeks, that makes whoever signs
 * in with it a member with the given role. The mail is in the inviter's reading language.
 */
export async function invite(
  ctx: ModuleContext,
  input: {
    partnershipId: number;
    partnershipTitle: string;
    email: string;
    role: PersonRole;
    inviter: { id: number; displayName: string };
    locale: string;
  },
): Promise<void> {
  const token = randomBytes(24).toString('base64url');
  await q.createInvitation(ctx.db, {
    partnershipId: input.partnershipId,
    email: input.email,
    role: input.role,
    token,
    invitedBy: input.inviter.id,
    days: INVITATION_DAYS,
  });
  const t = ctx.i18n(input.locale).t;
  await ctx.mailer.send({
    to: input.email,
    lang: input.locale,
    subject: t('partnerships.invite.mailSubject', { partnership: input.partnershipTitle }),
    text: t('partnerships.invite.mailBody', {
      inviter: input.inviter.displayName,
      partnership: input.partnershipTitle,
      link: `${ctx.config.baseUrl}/${input.locale}/invitations/${token}`,
      days: INVITATION_DAYS,
    }),
  });
  await ctx.audit({
    actorId: input.inviter.id,
    action: 'partnerships.invite',
    partnershipId: input.partnershipId,
    subjectType: 'email',
    subjectId: input.email.toLowerCase(),
    details: { role: input.role },
  });
}

/**
 * Whether the signed-in person is the one invited: an invitation is for the address it was
 * mailed to, and only the account with that address (confirmed: one cannot sign in before) may
 * accept it. A link passed on, or read over someone's shoulder, makes nobody else a member.
 */
export async function isInvitee(ctx: ModuleContext, invitation: { email: string }, userId: number): Promise<boolean> {
  const address = await accountAddress(ctx.db, userId);
  return address !== null && address.toLowerCase() === invitation.email.toLowerCase();
}

export type Acceptance = { ok: true; slug: string } | { ok: false; why: 'invalid' | 'other-address' };

/**
 * Accepts an invitation for the signed-in person, who must be the one invited ('other-address'
 * otherwise); 'invalid' when the link is used up or expired. Once: of acceptances sent at the
 * same moment one is taken, the person joins once, and an invitation never lowers a role.
 */
export async function acceptInvitation(
  ctx: ModuleContext,
  token: string,
  user: { id: number; displayName: string; handle: string },
): Promise<Acceptance> {
  const invitation = await q.openInvitation(ctx.db, token);
  if (!invitation) return { ok: false, why: 'invalid' };
  if (!(await isInvitee(ctx, invitation, user.id))) return { ok: false, why: 'other-address' };
  return ctx.db.transaction().execute(async (trx): Promise<Acceptance> => {
    if (!(await q.markInvitationAccepted(trx, invitation.id, user.id))) return { ok: false, why: 'invalid' };
    const added = await q.addPerson(trx, invitation.partnership_id, user.id, invitation.role);
    if (!added) await q.raiseRole(trx, invitation.partnership_id, user.id, invitation.role);
    if (added) {
      await q.insertActivity(trx, {
        partnershipId: invitation.partnership_id,
        actorId: user.id,
        kind: 'joined',
        subject: user.displayName,
        path: `/people/${user.handle}`,
        membersOnly: false,
      });
    }
    return { ok: true, slug: invitation.slug };
  });
}
