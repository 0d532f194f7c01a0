import type { Kysely } from 'kysely';
import { nowIso } from '../../core/db/dialect.js';
import type { Database } from '../../core/db/types.js';
import type { FollowRef, FollowType } from './follows.schema.js';

type Db = Kysely<Database>;

/** Follows a thing (once: following again changes nothing). Returns whether this call added it. */
export async function insertFollow(db: Db, userId: number, ref: FollowRef): Promise<boolean> {
  const inserted = await db
    .insertInto('follows')
    .values({ user_id: userId, target_type: ref.type, target_id: ref.id, created_at: nowIso() })
    .onConflict((oc) => oc.columns(['user_id', 'target_type', 'target_id']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted !== undefined;
}

/** Stops following a thing. Returns whether it was followed. */
export async function deleteFollow(db: Db, userId: number, ref: FollowRef): Promise<boolean> {
  const result = await db
    .deleteFrom('follows')
    .where('user_id', '=', userId)
    .where('target_type', '=', ref.type)
    .where('target_id', '=', ref.id)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** When the person began to follow the thing, or null. */
export async function followedSince(db: Db, userId: number, ref: FollowRef): Promise<string | null> {
  const row = await db
    .selectFrom('follows')
    .select('created_at')
    .where('user_id', '=', userId)
    .where('target_type', '=', ref.type)
    .where('target_id', '=', ref.id)
    .executeTakeFirst();
  return row ? new Date(row.created_at).toISOString() : null;
}

/** A page of what a person follows, by type and id (the unique index's order), after `after`. */
export function followsOf(db: Db, userId: number, limit: number, after?: { type: FollowType; id: number }) {
  let query = db.selectFrom('follows').select(['target_type', 'target_id', 'created_at']).where('user_id', '=', userId);
  if (after)
    query = query.where((eb) =>
      eb.or([
        eb('target_type', '>', after.type),
        eb.and([eb('target_type', '=', after.type), eb('target_id', '>', after.id)]),
      ]),
    );
  return query.orderBy('target_type').orderBy('target_id').limit(limit).execute();
}

/**
 * Who follows any of these things, each once, in order of their ids after `after` (a keyset: the
 * fan-out reads `limit` at a time), never those `except` (the one who acted, those told otherwise).
 */
export async function followersOfAny(
  db: Db,
  targets: readonly FollowRef[],
  except: readonly number[],
  after: number,
  limit: number,
): Promise<number[]> {
  if (targets.length === 0) return [];
  const byType = new Map<FollowType, number[]>();
  for (const t of targets) byType.set(t.type, [...(byType.get(t.type) ?? []), t.id]);
  let query = db
    .selectFrom('follows')
    .select('user_id')
    .distinct()
    .where((eb) =>
      eb.or([...byType].map(([type, ids]) => eb.and([eb('target_type', '=', type), eb('target_id', 'in', ids)]))),
    )
    .where('user_id', '>', after);
  if (except.length > 0) query = query.where('user_id', 'not in', [...except]);
  const rows = await query.orderBy('user_id').limit(limit).execute();
  return rows.map((r) => r.user_id);
}

/** Forgets every follow of a thing (content deleted, an account gone). */
export async function deleteFollowsOf(db: Db, ref: { type: string; id: number }): Promise<void> {
  await db
    .deleteFrom('follows')
    .where('target_type', '=', ref.type as FollowType)
    .where('target_id', '=', ref.id)
    .execute();
}

/** What a person follows, for "download my data". */
export function allFollowsOf(db: Db, userId: number) {
  return db
    .selectFrom('follows')
    .select(['target_type', 'target_id', 'created_at'])
    .where('user_id', '=', userId)
    .orderBy('target_type')
    .orderBy('target_id')
    .execute();
}

/** A person's follows, and everyone's follows of that person: account deletion. */
export async function eraseFollowsOf(db: Db, userId: number): Promise<void> {
  await db.deleteFrom('follows').where('user_id', '=', userId).execute();
  await db.deleteFrom('follows').where('target_type', '=', 'person').where('target_id', '=', userId).execute();
}
