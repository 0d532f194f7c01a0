import type { Kysely } from 'kysely';
import type { Database } from '../../core/db/types.js';

/**
 * What others may weigh about an account (the comments module counts a report towards hiding
 * a comment only from an account of some standing): when it was opened, and when its address
 * was confirmed (null: not yet). Null for an unknown or deleted account.
 */
export async function accountStanding(
  db: Kysely<Database>,
  userId: number,
): Promise<{ createdAt: string; confirmedAt: string | null } | null> {
  const row = await db
    .selectFrom('users')
    .select(['created_at', 'email_confirmed_at', 'deleted_at'])
    .where('id', '=', userId)
    .executeTakeFirst();
  if (!row || row.deleted_at !== null) return null;
  return { createdAt: row.created_at, confirmedAt: row.email_confirmed_at };
}

/** The account's e-mail address (lower case), for a module that binds something to an address; null when unknown. */
export async function accountAddress(db: Kysely<Database>, userId: number): Promise<string | null> {
  const row = await db.selectFrom('users').select(['email', 'deleted_at']).where('id', '=', userId).executeTakeFirst();
  return row && row.deleted_at === null ? row.email : null;
}
