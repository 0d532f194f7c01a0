import type { Kysely } from 'kysely';
import { nowIso } from '../../core/db/dialect.js';
import type { Database } from '../../core/db/types.js';

export interface StoredProfile {
  bio: string;
  languages: string[];
  updatedAt: string;
}

export interface StoredAffiliation {
  organisationId: number;
  roleTitle: string | null;
}

/** jsonb comes back parsed from PostgreSQL, as text from SQLite. */
function readLanguages(raw: string | string[]): string[] {
  const value: unknown = typeof raw === 'string' ? JSON.parse(raw) : raw;
  return Array.isArray(value) ? value.filter((code): code is string => typeof code === 'string') : [];
}

export async function findProfile(db: Kysely<Database>, userId: number): Promise<StoredProfile | null> {
  const row = await db
    .selectFrom('people_profiles')
    .select(['bio', 'languages', 'updated_at'])
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row ? { bio: row.bio, languages: readLanguages(row.languages), updatedAt: row.updated_at } : null;
}

/** A person's organisations, in the order they gave them. */
export async function listAffiliations(db: Kysely<Database>, userId: number): Promise<StoredAffiliation[]> {
  const rows = await db
    .selectFrom('people_affiliations')
    .select(['organisation_id', 'role_title'])
    .where('user_id', '=', userId)
    .orderBy('position')
    .orderBy('organisation_id')
    .execute();
  return rows.map((r) => ({ organisationId: r.organisation_id, roleTitle: r.role_title }));
}

export async function upsertProfile(
  db: Kysely<Database>,
  userId: number,
  profile: { bio: string; languages: readonly string[] },
): Promise<void> {
  const values = { bio: profile.bio, languages: JSON.stringify(profile.languages), updated_at: nowIso() };
  await db
    .insertInto('people_profiles')
    .values({ user_id: userId, ...values })
    .onConflict((oc) => oc.column('user_id').doUpdateSet(values))
    .execute();
}

/** Replaces a person's organisations with `affiliations`, in that order. */
export async function replaceAffiliations(
  db: Kysely<Database>,
  userId: number,
  affiliations: readonly StoredAffiliation[],
): Promise<void> {
  await db.deleteFrom('people_affiliations').where('user_id', '=', userId).execute();
  if (affiliations.length === 0) return;
  await db
    .insertInto('people_affiliations')
    .values(
      affiliations.map((a, position) => ({
        user_id: userId,
        organisation_id: a.organisationId,
        role_title: a.roleTitle,
        position,
      })),
    )
    .execute();
}

export async function deleteProfile(db: Kysely<Database>, userId: number): Promise<void> {
  await db.deleteFrom('people_affiliations').where('user_id', '=', userId).execute();
  await db.deleteFrom('people_profiles').where('user_id', '=', userId).execute();
}
