import { randomBytes } from 'node:crypto';
import type { Actor, SignedIn } from '../../core/auth/actor.js';
import { isSignedIn } from '../../core/auth/actor.js';
import { recordAudit } from '../../core/audit/audit.js';
import { VISITORS, type ContentAudience, type ModuleContext } from '../../core/module.js';
import { accountAddress, findUsersByIds } from '../accounts/index.js';
import { confirmedOrganisationsOf, findOrganisationsByIds, organisationDisplayName } from '../organisations/index.js';
import * as q from './membership.queries.js';
import type { ManageJson as ManageView } from './membership.schema.js';
import type { Members, PersonRole } from './partnerships.schema.js';
import { mayManage, maySeeMembersOnly, type Standing } from './partnerships.policy.js';
import { insertActivity, type ActivityEntry } from './activity.queries.js';
import { findPartnership } from './partnerships.queries.js';
import { notify } from '../notifications/index.js';

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
export async function recordActivity(ctx: Pick<ModuleContext, 'db'>, entry: ActivityEntry): Promise<void> {
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

/** The partnership's title in each of these people's languages (their account's, else English). */
async function titlesFor(ctx: ModuleContext, slug: string, userIds: readonly number[]): Promise<Map<number, string>> {
  const users = await findUsersByIds(ctx.db, userIds);
  const byLocale = new Map<string, string>();
  const titles = new Map<number, string>();
  for (const id of userIds) {
    const locale = users.get(id)?.locale ?? 'en';
    if (!byLocale.has(locale)) byLocale.set(locale, (await findPartnership(ctx.db, locale, slug))?.title ?? slug);
    titles.set(id, byLocale.get(locale)!);
  }
  return titles;
}

/**
 * Asks to join, and tells every coordinator of the partnership (in the app; the notifications
 * module mails them in their language), in the same transaction: once, however many requests
 * are sent at the same moment.
 */
export async function askToJoin(
  ctx: ModuleContext,
  partnership: { id: number; slug: string },
  userId: number,
  message: string,
): Promise<'asked' | 'already'> {
  if (await q.roleOf(ctx.db, partnership.id, userId)) return 'already';
  return ctx.db.transaction().execute(async (trx) => {
    // A request already waiting (or sent at the same moment) is kept; this one adds nothing.
    if (!(await q.createJoinRequest(trx, partnership.id, userId, message))) return 'already';
    const tctx = { ...ctx, db: trx };
    const coordinators = await q.coordinatorIds(trx, partnership.id);
    const titles = await titlesFor(tctx, partnership.slug, coordinators);
    for (const coordinator of coordinators) {
      await notify(tctx, coordinator, {
        kind: 'partnerships.notification.joinRequest',
        subject: titles.get(coordinator) ?? partnership.slug,
        path: `/partnerships/${partnership.slug}/manage#requests`,
        partnershipId: partnership.id,
      });
    }
    return 'asked';
  });
}

/**
 * Approves or refuses a pending request; approval makes the person a member. The person is told
 * either way. 'gone' when there is no such request in this partnership, 'decided' when it was
 * decided already (by another coordinator, or the same form sent twice).
 */
export async function decideJoinRequest(
  ctx: ModuleContext,
  partnership: { id: number; slug: string },
  requestId: number,
  decision: 'approved' | 'refused',
  decider: { id: number },
): Promise<'done' | 'decided' | 'gone'> {
  const partnershipId = partnership.id;
  const request = await q.findRequest(ctx.db, partnershipId, requestId);
  if (!request) return 'gone';
  if (request.status !== 'pending') return 'decided';
  return ctx.db.transaction().execute(async (trx) => {
    const tctx = { ...ctx, db: trx };
    if (!(await q.decideRequest(trx, requestId, decision, decider.id))) return 'decided';
    const titles = await titlesFor(tctx, partnership.slug, [request.user_id]);
    await notify(tctx, request.user_id, {
      kind: `partnerships.notification.${decision === 'approved' ? 'joinApproved' : 'joinRefused'}`,
      subject: titles.get(request.user_id) ?? partnership.slug,
      path: `/partnerships/${partnership.slug}`,
      partnershipId,
    });
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
    return 'done';
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

/** One row of the coordinators' table: the person, the role the coordinator saw, and what it becomes. */
export interface RoleEdit {
  userId: number;
  from: PersonRole;
  to: PersonRole | 'removed';
}

/**
 * What a save of the table came to. `stale`: rows changed by someone else since the page was
 * read (their role now, or null when they are no longer a member): nothing was saved.
 * `coordinators`: the save would leave no coordinator: nothing was saved.
 */
export type SaveOutcome =
  | { ok: true; changed: number; removed: number }
  | { ok: false; stale: Map<number, PersonRole | null> }
  | { ok: false; coordinators: true };

class Rollback extends Error {
  constructor(readonly outcome: SaveOutcome) {
    super('rolled back');
  }
}

/**
 * Applies every change of one save of the table in one transaction, all or nothing. Each is
 * conditional on the role the coordinator saw: a row another coordinator changed meanwhile is
 * not overwritten (the save is refused, naming it), unless it already is what this save asks
 * (the same form sent twice changes and records once). The partnership always keeps a
 * coordinator. One audit record per change.
 */
export async function saveRoles(
  ctx: ModuleContext,
  partnershipId: number,
  edits: readonly RoleEdit[],
  actorId: number,
): Promise<SaveOutcome> {
  const wanted = edits.filter((e) => e.to !== e.from);
  if (wanted.length === 0) return { ok: true, changed: 0, removed: 0 };
  try {
    return await ctx.db.transaction().execute(async (trx) => {
      await q.lockPartnership(trx, ctx.dialect.name, partnershipId);
      const stale = new Map<number, PersonRole | null>();
      const made: RoleEdit[] = [];
      for (const edit of wanted) {
        const done =
          edit.to === 'removed'
            ? await q.removePersonIf(trx, partnershipId, edit.userId, edit.from)
            : await q.switchRole(trx, partnershipId, edit.userId, edit.from, edit.to);
        if (done) {
          made.push(edit);
          continue;
        }
        const now = await q.roleOf(trx, partnershipId, edit.userId);
        // Already what this save asks: made by the same save sent a moment before, or by someone who agreed.
        if ((edit.to === 'removed' && now === null) || now === edit.to) continue;
        stale.set(edit.userId, now);
      }
      if (stale.size > 0) throw new Rollback({ ok: false, stale });
      if (made.length > 0 && (await q.countCoordinators(trx, partnershipId)) === 0)
        throw new Rollback({ ok: false, coordinators: true });
      for (const edit of made) {
        await recordAudit(trx, {
          actorId,
          action: edit.to === 'removed' ? 'partnerships.removeMember' : 'partnerships.changeRole',
          partnershipId,
          subjectType: 'user',
          subjectId: String(edit.userId),
          details: edit.to === 'removed' ? { role: edit.from } : { from: edit.from, to: edit.to },
        });
      }
      const removed = made.filter((e) => e.to === 'removed').length;
      return { ok: true as const, changed: made.length - removed, removed };
    });
  } catch (error) {
    if (error instanceof Rollback) return error.outcome;
    throw error;
  }
}

/** Folds a name for the table's filter: any case, without accents ("horak" finds "Horák"). */
const fold = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '').toLocaleLowerCase('en');

/** What the coordinators' page shows: the people (filtered by role and name), requests, pending invitations. */
export async function manageView(
  ctx: ModuleContext,
  partnershipId: number,
  locale: string,
  filter: { role?: PersonRole | undefined; q?: string | undefined },
): Promise<ManageView> {
  const [members, requests, invitations] = await Promise.all([
    listMembers(ctx, partnershipId, locale),
    q.pendingRequests(ctx.db, partnershipId),
    q.pendingInvitations(ctx.db, partnershipId),
  ]);
  const users = await findUsersByIds(ctx.db, [
    ...requests.map((r) => r.user_id),
    ...invitations.map((i) => i.invited_by),
  ]);
  const needle = fold(filter.q ?? '');
  const people = members.people
    .filter((p) => (!filter.role || p.role === filter.role) && (!needle || fold(p.displayName).includes(needle)))
    .map((p) => ({
      handle: p.handle,
      displayName: p.displayName,
      organisations: p.organisations,
      role: p.role,
      joinedAt: p.joinedAt,
    }));
  return {
    people,
    total: members.people.length,
    requests: requests.flatMap((r) => {
      const user = users.get(r.user_id);
      return user && !user.deleted
        ? [
            {
              id: r.id,
              handle: user.handle,
              displayName: user.displayName,
              message: r.message,
              createdAt: r.created_at,
            },
          ]
        : [];
    }),
    invitations: invitations.map((i) => {
      const inviter = users.get(i.invited_by);
      return {
        id: i.id,
        email: i.email,
        role: i.role,
        message: i.message,
        invitedBy: inviter && !inviter.deleted ? inviter.displayName : null,
        createdAt: i.created_at,
        expiresAt: i.expires_at,
      };
    }),
  };
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
    /** The inviter's personal message ('' for none). */
    message: string;
    inviter: { id: number; displayName: string };
    locale: string;
  },
): Promise<number> {
  const token = randomBytes(24).toString('base64url');
  const id = await q.createInvitation(ctx.db, {
    partnershipId: input.partnershipId,
    email: input.email,
    role: input.role,
    message: input.message,
    token,
    invitedBy: input.inviter.id,
    days: INVITATION_DAYS,
  });
  const t = ctx.i18n(input.locale).t;
  const body = t('partnerships.invite.mailBody', {
    inviter: input.inviter.displayName,
    partnership: input.partnershipTitle,
    link: `${ctx.config.baseUrl}/${input.locale}/invitations/${token}`,
    days: INVITATION_DAYS,
  });
  const message = input.message
    ? `\n\n${t('partnerships.invite.mailMessage', { inviter: input.inviter.displayName })}\n\n${input.message}`
    : '';
  await ctx.mailer.send({
    to: input.email,
    lang: input.locale,
    subject: t('partnerships.invite.mailSubject', { partnership: input.partnershipTitle }),
    text: body + message,
  });
  await ctx.audit({
    actorId: input.inviter.id,
    action: 'partnerships.invite',
    partnershipId: input.partnershipId,
    subjectType: 'email',
    subjectId: input.email.toLowerCase(),
    details: { role: input.role },
  });
  return id;
}

/**
 * Withdraws a pending invitation of this partnership (its link then says it is no longer
 * valid): false when it was accepted, revoked or expired already, or is not this partnership's.
 */
export async function revokeInvitation(
  ctx: ModuleContext,
  partnershipId: number,
  invitationId: number,
  actorId: number,
): Promise<boolean> {
  return ctx.db.transaction().execute(async (trx) => {
    const revoked = await q.revokeInvitation(trx, partnershipId, invitationId, actorId);
    if (!revoked) return false;
    await recordAudit(trx, {
      actorId,
      action: 'partnerships.revokeInvitation',
      partnershipId,
      subjectType: 'email',
      subjectId: revoked.email,
      details: { role: revoked.role },
    });
    return true;
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

export type Acceptance = { ok: true; slug: string } | { ok: false; why: 'invalid' | 'revoked' | 'other-address' };

/**
 * Accepts an invitation for the signed-in person, who must be the one invited ('other-address'
 * otherwise); 'invalid' when the link is used up or expired, 'revoked' when a coordinator
 * withdrew it. Once: of acceptances sent at the same moment one is taken, the person joins once,
 * and an invitation never lowers a role.
 */
export async function acceptInvitation(
  ctx: ModuleContext,
  token: string,
  user: { id: number; displayName: string; handle: string },
): Promise<Acceptance> {
  const invitation = await q.openInvitation(ctx.db, token);
  if (!invitation)
    return { ok: false, why: (await q.findInvitation(ctx.db, token))?.revoked_at ? 'revoked' : 'invalid' };
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
