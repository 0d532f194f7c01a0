import type { Kysely } from 'kysely';
import { fromFlag, nowIso, toFlag } from '../../core/db/dialect.js';
import type { Database } from '../../core/db/types.js';
import { insertActivity } from './activity.queries.js';
import type { OrganisationRole } from './partnerships.schema.js';

type Db = Kysely<Database>;

// The logo

export interface LogoRow {
  key: string;
  type: string;
  sha256: string;
  size: number;
}

/** The logo of the partnership at `slug`, if it has one (for sending the file). */
export async function logoBySlug(db: Db, slug: string): Promise<LogoRow | null> {
  const row = await db
    .selectFrom('partnerships')
    .select(['logo_key', 'logo_type', 'logo_sha256', 'logo_size'])
    .where('slug', '=', slug)
    .executeTakeFirst();
  if (!row?.logo_key || !row.logo_type || !row.logo_sha256) return null;
  return { key: row.logo_key, type: row.logo_type, sha256: row.logo_sha256, size: Number(row.logo_size ?? 0) };
}

/** The storage key of a partnership's logo, or null. */
export async function logoKeyOf(db: Db, partnershipId: number): Promise<string | null> {
  const row = await db.selectFrom('partnerships').select('logo_key').where('id', '=', partnershipId).executeTakeFirst();
  return row?.logo_key ?? null;
}

export async function putLogo(
  db: Db,
  partnershipId: number,
  logo: { key: string; type: string; sha256: string; size: number; width: number; height: number },
): Promise<void> {
  await db
    .updateTable('partnerships')
    .set({
      logo_key: logo.key,
      logo_type: logo.type,
      logo_sha256: logo.sha256,
      logo_size: logo.size,
      logo_width: logo.width,
      logo_height: logo.height,
    })
    .where('id', '=', partnershipId)
    .execute();
}

/** Forgets the logo whose file is `key`: false when it was not (any more) the partnership's. */
export async function clearLogo(db: Db, partnershipId: number, key: string): Promise<boolean> {
  const result = await db
    .updateTable('partnerships')
    .set({ logo_key: null, logo_type: null, logo_sha256: null, logo_size: null, logo_width: null, logo_height: null })
    .where('id', '=', partnershipId)
    .where('logo_key', '=', key)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

// Organisations and their standing

export async function standingOf(db: Db, partnershipId: number, organisationId: number) {
  const row = await db
    .selectFrom('partnership_organisations')
    .select('role')
    .where('partnership_id', '=', partnershipId)
    .where('organisation_id', '=', organisationId)
    .executeTakeFirst();
  return row?.role ?? null;
}

/** Adds an organisation with a standing, once: false when it takes part already (the primary key). */
export async function addOrganisation(
  db: Db,
  partnershipId: number,
  organisationId: number,
  role: OrganisationRole,
): Promise<boolean> {
  const row = await db
    .insertInto('partnership_organisations')
    .values({ partnership_id: partnershipId, organisation_id: organisationId, role, joined_at: nowIso() })
    .onConflict((oc) => oc.columns(['partnership_id', 'organisation_id']).doNothing())
    .returning('organisation_id')
    .executeTakeFirst();
  return row !== undefined;
}

/** Changes a standing from `from` to `to`: false when it was no longer `from` (another change came first). */
export async function switchStanding(
  db: Db,
  partnershipId: number,
  organisationId: number,
  from: OrganisationRole,
  to: OrganisationRole,
): Promise<boolean> {
  const result = await db
    .updateTable('partnership_organisations')
    .set({ role: to })
    .where('partnership_id', '=', partnershipId)
    .where('organisation_id', '=', organisationId)
    .where('role', '=', from)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Takes an organisation out: false when it was not in (another request took it out first). */
export async function deleteOrganisation(db: Db, partnershipId: number, organisationId: number): Promise<boolean> {
  const result = await db
    .deleteFrom('partnership_organisations')
    .where('partnership_id', '=', partnershipId)
    .where('organisation_id', '=', organisationId)
    .executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}

// Pages

export interface PageRow {
  id: number;
  slug: string;
  title: string;
  body: string;
  lang: string;
  membersOnly: boolean;
  position: number;
  updatedAt: string;
}

/** Every page of a partnership, members-only ones too, in their order (for its coordinators). */
export async function allPages(db: Db, partnershipId: number): Promise<PageRow[]> {
  const rows = await db
    .selectFrom('partnership_pages')
    .selectAll()
    .where('partnership_id', '=', partnershipId)
    .orderBy('position')
    .orderBy('id')
    .execute();
  return rows.map(toPage);
}

export async function pageBySlug(db: Db, partnershipId: number, slug: string): Promise<PageRow | null> {
  const row = await db
    .selectFrom('partnership_pages')
    .selectAll()
    .where('partnership_id', '=', partnershipId)
    .where('slug', '=', slug)
    .executeTakeFirst();
  return row ? toPage(row) : null;
}

function toPage(row: {
  id: number;
  slug: string;
  title: string;
  body: string;
  lang: string;
  members_only: boolean | number;
  position: number;
  updated_at: string;
}): PageRow {
  return {
    id: row.id,
    slug: row.slug,
    title: row.title,
    body: row.body,
    lang: row.lang,
    membersOnly: fromFlag(row.members_only),
    position: row.position,
    updatedAt: row.updated_at,
  };
}

export interface PageText {
  title: string;
  body: string;
  lang: string;
  membersOnly: boolean;
}

/** Adds a page at the end of the list, once: null when the partnership has a page at that address already. */
export async function createPage(db: Db, partnershipId: number, slug: string, text: PageText): Promise<PageRow | null> {
  const last = await db
    .selectFrom('partnership_pages')
    .select((eb) => eb.fn.max('position').as('position'))
    .where('partnership_id', '=', partnershipId)
    .executeTakeFirst();
  const row = await db
    .insertInto('partnership_pages')
    .values({
      partnership_id: partnershipId,
      slug,
      title: text.title,
      body: text.body,
      lang: text.lang,
      members_only: toFlag(text.membersOnly),
      position: Number(last?.position ?? 0) + 1,
      updated_at: nowIso(),
    })
    .onConflict((oc) => oc.columns(['partnership_id', 'slug']).doNothing())
    .returningAll()
    .executeTakeFirst();
  return row ? toPage(row) : null;
}

export async function updatePage(db: Db, pageId: number, text: PageText): Promise<void> {
  await db
    .updateTable('partnership_pages')
    .set({
      title: text.title,
      body: text.body,
      lang: text.lang,
      members_only: toFlag(text.membersOnly),
      updated_at: nowIso(),
    })
    .where('id', '=', pageId)
    .execute();
}

/** Numbers the pages 1, 2, 3 … in the order of `ids` (only those whose number changes are written). */
export async function renumberPages(db: Db, pages: readonly PageRow[], ids: readonly number[]): Promise<void> {
  const current = new Map(pages.map((p) => [p.id, p.position]));
  for (const [i, id] of ids.entries()) {
    if (current.get(id) === i + 1) continue;
    await db
      .updateTable('partnership_pages')
      .set({ position: i + 1 })
      .where('id', '=', id)
      .execute();
  }
}

/**
 * The activity stream's line about a page: one per page, the newest (an earlier one goes). The
 * stream names the page as it is when read, and only to those who may see it then.
 */
export async function notePageUpdated(
  db: Db,
  entry: { partnershipId: number; actorId: number; path: string; title: string; membersOnly: boolean },
): Promise<void> {
  await forgetPageActivity(db, entry.partnershipId, entry.path);
  await insertActivity(db, {
    partnershipId: entry.partnershipId,
    actorId: entry.actorId,
    kind: 'pageUpdated',
    subject: entry.title,
    path: entry.path,
    membersOnly: entry.membersOnly,
  });
}

/** Forgets the activity stream's lines about a page (it is deleted). */
export async function forgetPageActivity(db: Db, partnershipId: number, path: string): Promise<void> {
  await db
    .deleteFrom('partnership_activity')
    .where('partnership_id', '=', partnershipId)
    .where('kind', '=', 'pageUpdated')
    .where('path', '=', path)
    .execute();
}

/** Deletes a page: false when it was gone already. */
export async function deletePage(db: Db, pageId: number): Promise<boolean> {
  const result = await db.deleteFrom('partnership_pages').where('id', '=', pageId).executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}
