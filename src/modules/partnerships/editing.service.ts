import type { FastifyRequest } from 'fastify';
import type { SignedIn } from '../../core/auth/actor.js';
import { recordAudit } from '../../core/audit/audit.js';
import { signedIn } from '../../core/auth/policy.js';
import { actorOf } from '../../core/http/handlers.js';
import { HttpError } from '../../core/http/http-error.js';
import type { ModuleContext } from '../../core/module.js';
import { listOrganisations, organisationDisplayName, organisationIdBySlug } from '../organisations/index.js';
import * as q from './editing.queries.js';
import type { ManagedOrganisations, ManagedPage } from './editing.schema.js';
import { lockPartnership } from './membership.queries.js';
import { listMembers, standingIn } from './membership.service.js';
import { mayManage } from './partnerships.policy.js';
import { findPartnershipWithId } from './partnerships.queries.js';
import type { OrganisationRole, PartnershipDetail } from './partnerships.schema.js';

/** A partnership its coordinator (or an administrator) is editing. */
export interface Managed {
  id: number;
  partnership: PartnershipDetail;
  actor: SignedIn;
}

/**
 * The partnership at `slug` if the request's actor may manage it, read fresh; null for anyone
 * else, as for a partnership that does not exist (they do not learn that the page exists).
 */
export async function managedOrNull(
  ctx: ModuleContext,
  request: FastifyRequest,
  slug: string,
): Promise<Managed | null> {
  const found = await findPartnershipWithId(ctx.db, request.locale, slug);
  if (!found || !mayManage(await standingIn(ctx, found.id, request.actor))) return null;
  return { ...found, actor: actorOf(request, signedIn) };
}

/** The same, for handlers: a 404 for anyone who may not manage it. */
export async function managed(ctx: ModuleContext, request: FastifyRequest, slug: string): Promise<Managed> {
  const found = await managedOrNull(ctx, request, slug);
  if (!found) throw new HttpError(404);
  return found;
}

// Organisations and their standing

/** Folded for matching names: lower case, without accents. */
const fold = (text: string) =>
  text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();

/** The directory is a few hundred organisations; more than this is not offered in one list. */
const DIRECTORY_LIMIT = 1000;

/** The organisations of a partnership with their standing, and those of the directory (matching `query`) to add. */
export async function managedOrganisations(
  ctx: ModuleContext,
  partnershipId: number,
  locale: string,
  query: string,
): Promise<ManagedOrganisations> {
  const [members, directory] = await Promise.all([
    listMembers(ctx, partnershipId, locale),
    listOrganisations(ctx.db, {}, DIRECTORY_LIMIT),
  ]);
  const wanted = fold(query.trim());
  const inPartnership = new Set(members.organisations.map((o) => o.slug));
  const candidates = directory.items
    .filter((o) => !inPartnership.has(o.slug))
    .map((o) => ({ slug: o.slug, name: organisationDisplayName(o, locale), country: o.country }))
    .filter((o) => wanted === '' || fold(o.name).includes(wanted) || o.slug.includes(wanted));
  return { organisations: members.organisations, candidates };
}

export type OrganisationChange = 'done' | 'unchanged' | 'unknown' | 'not-in' | 'already-in';

/** Adds an organisation of the directory with a standing; once, however often it is sent. */
export async function addOrganisation(
  ctx: ModuleContext,
  managed: Managed,
  organisationSlug: string,
  standing: OrganisationRole,
): Promise<OrganisationChange> {
  const organisation = await findOrganisationId(ctx, organisationSlug);
  if (organisation === null) return 'unknown';
  return ctx.db.transaction().execute(async (trx) => {
    if (!(await q.addOrganisation(trx, managed.id, organisation, standing))) return 'already-in';
    await recordAudit(trx, {
      actorId: managed.actor.id,
      action: 'partnerships.addOrganisation',
      partnershipId: managed.id,
      subjectType: 'organisation',
      subjectId: organisationSlug,
      details: { standing },
    });
    return 'done';
  });
}

/** The directory's id of an organisation (the partnership records the link by it); null when there is none. */
const findOrganisationId = (ctx: ModuleContext, slug: string) => organisationIdBySlug(ctx.db, slug);

/** Changes an organisation's standing; an update conditional on the standing read (identical changes: one record). */
export async function changeStanding(
  ctx: ModuleContext,
  managed: Managed,
  organisationSlug: string,
  standing: OrganisationRole,
): Promise<OrganisationChange> {
  const organisation = await findOrganisationId(ctx, organisationSlug);
  if (organisation === null) return 'not-in';
  return ctx.db.transaction().execute(async (trx) => {
    const current = await q.standingOf(trx, managed.id, organisation);
    if (!current) return 'not-in';
    if (current === standing) return 'unchanged';
    if (!(await q.switchStanding(trx, managed.id, organisation, current, standing))) return 'unchanged';
    await recordAudit(trx, {
      actorId: managed.actor.id,
      action: 'partnerships.changeStanding',
      partnershipId: managed.id,
      subjectType: 'organisation',
      subjectId: organisationSlug,
      details: { from: current, to: standing },
    });
    return 'done';
  });
}

/** Takes an organisation out of the partnership (its people stay members: they are people, not the organisation). */
export async function removeOrganisation(
  ctx: ModuleContext,
  managed: Managed,
  organisationSlug: string,
): Promise<OrganisationChange> {
  const organisation = await findOrganisationId(ctx, organisationSlug);
  if (organisation === null) return 'not-in';
  return ctx.db.transaction().execute(async (trx) => {
    const current = await q.standingOf(trx, managed.id, organisation);
    if (!current || !(await q.deleteOrganisation(trx, managed.id, organisation))) return 'not-in';
    await recordAudit(trx, {
      actorId: managed.actor.id,
      action: 'partnerships.removeOrganisation',
      partnershipId: managed.id,
      subjectType: 'organisation',
      subjectId: organisationSlug,
      details: { standing: current },
    });
    return 'done';
  });
}

// Pages

export const presentPage = (row: q.PageRow, index: number): ManagedPage => ({
  slug: row.slug,
  title: row.title,
  lang: row.lang,
  membersOnly: row.membersOnly,
  position: index + 1,
  updatedAt: row.updatedAt,
});

const pagePath = (managed: Managed, slug: string) => `/partnerships/${managed.partnership.slug}/pages/${slug}`;

/** The activity stream's line about a page just written. */
const noted = (managed: Managed, slug: string, text: q.PageText) => ({
  partnershipId: managed.id,
  actorId: managed.actor.id,
  path: pagePath(managed, slug),
  title: text.title,
  membersOnly: text.membersOnly,
});

/** Every page of the partnership, members-only ones too, numbered from 1 in their order. */
export async function managedPages(ctx: ModuleContext, partnershipId: number): Promise<ManagedPage[]> {
  return (await q.allPages(ctx.db, partnershipId)).map(presentPage);
}

/** Creates a page at the end of the list: null when the address is taken (a second identical form among them). */
export async function createPage(
  ctx: ModuleContext,
  managed: Managed,
  slug: string,
  text: q.PageText,
): Promise<q.PageRow | null> {
  return ctx.db.transaction().execute(async (trx) => {
    await lockPartnership(trx, ctx.dialect.name, managed.id);
    const page = await q.createPage(trx, managed.id, slug, text);
    if (!page) return null;
    await recordAudit(trx, {
      actorId: managed.actor.id,
      action: 'partnerships.createPage',
      partnershipId: managed.id,
      subjectType: 'page',
      subjectId: slug,
      details: { title: text.title, membersOnly: text.membersOnly },
    });
    await q.notePageUpdated(trx, noted(managed, slug, text));
    return page;
  });
}

/** Saves a page's text, and its place when `position` is given. */
export async function editPage(
  ctx: ModuleContext,
  managed: Managed,
  page: q.PageRow,
  text: q.PageText,
  position?: number,
): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    await lockPartnership(trx, ctx.dialect.name, managed.id);
    await q.updatePage(trx, page.id, text);
    const changed: Record<string, unknown> = {};
    if (text.title !== page.title) changed.title = { from: page.title, to: text.title };
    if (text.membersOnly !== page.membersOnly) changed.membersOnly = { from: page.membersOnly, to: text.membersOnly };
    if (text.lang !== page.lang) changed.lang = { from: page.lang, to: text.lang };
    if (text.body !== page.body) changed.body = true;
    await recordAudit(trx, {
      actorId: managed.actor.id,
      action: 'partnerships.editPage',
      partnershipId: managed.id,
      subjectType: 'page',
      subjectId: page.slug,
      details: changed,
    });
    await q.notePageUpdated(trx, noted(managed, page.slug, text));
    if (position !== undefined) await placePage(trx, managed, page, position);
  });
}

/**
 * Puts a page at `position` (1 is first; beyond the end is last) and numbers the others around
 * it. The same request sent twice leaves it where the first put it, and records one move.
 */
export async function movePage(ctx: ModuleContext, managed: Managed, page: q.PageRow, position: number): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    await lockPartnership(trx, ctx.dialect.name, managed.id);
    await placePage(trx, managed, page, position);
  });
}

async function placePage(trx: ModuleContext['db'], managed: Managed, page: q.PageRow, position: number): Promise<void> {
  const pages = await q.allPages(trx, managed.id);
  const from = pages.findIndex((p) => p.id === page.id);
  if (from < 0) return;
  const to = Math.min(Math.max(position, 1), pages.length) - 1;
  const ids = pages.map((p) => p.id).filter((id) => id !== page.id);
  ids.splice(to, 0, page.id);
  // Numbered 1, 2, 3 … whether or not it moved: positions left unnumbered by older versions are mended too.
  await q.renumberPages(trx, pages, ids);
  if (from === to) return;
  await recordAudit(trx, {
    actorId: managed.actor.id,
    action: 'partnerships.movePage',
    partnershipId: managed.id,
    subjectType: 'page',
    subjectId: page.slug,
    details: { from: from + 1, to: to + 1 },
  });
}

/** Deletes a page: false when it was gone already (a second click records nothing). */
export async function deletePage(ctx: ModuleContext, managed: Managed, page: q.PageRow): Promise<boolean> {
  return ctx.db.transaction().execute(async (trx) => {
    await lockPartnership(trx, ctx.dialect.name, managed.id);
    if (!(await q.deletePage(trx, page.id))) return false;
    await q.forgetPageActivity(trx, managed.id, pagePath(managed, page.slug));
    const pages = await q.allPages(trx, managed.id);
    await q.renumberPages(
      trx,
      pages,
      pages.map((p) => p.id),
    );
    await recordAudit(trx, {
      actorId: managed.actor.id,
      action: 'partnerships.deletePage',
      partnershipId: managed.id,
      subjectType: 'page',
      subjectId: page.slug,
      details: { title: page.title, membersOnly: page.membersOnly },
    });
    return true;
  });
}
