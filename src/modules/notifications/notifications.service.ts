import { preparedQuery } from '../../core/db/prepared.js';
import type { Kysely } from 'kysely';
import { nowIso, pointsAt } from '../../core/db/dialect.js';
import type { Database } from '../../core/db/types.js';
import type { ModuleContext } from '../../core/module.js';
import type { NotificationView } from './notifications.schema.js';

export const NOTIFICATIONS_PAGE = 50;

/**
 * Tells a person about something in the app: it appears on their notifications page. Pass
 * `{ db: trx }` to store it in the same transaction as the change it tells of.
 */
export async function notify(
  ctx: { db: Kysely<Database> },
  userId: number,
  note: { kind: string; subject: string; path: string },
): Promise<void> {
  await ctx.db
    .insertInto('notifications')
    .values({
      user_id: userId,
      kind: note.kind,
      subject: note.subject.slice(0, 500),
      path: note.path.slice(0, 1000),
      created_at: nowIso(),
      read_at: null,
    })
    .execute();
}

/** A person's notifications, newest first, 50 a page (keyset on id). */
export async function listNotifications(
  db: Kysely<Database>,
  userId: number,
  before?: number,
): Promise<{ items: NotificationView[]; next: number | null }> {
  let query = db.selectFrom('notifications').selectAll().where('user_id', '=', userId);
  if (before !== undefined) query = query.where('id', '<', before);
  const rows = await query
    .orderBy('id', 'desc')
    .limit(NOTIFICATIONS_PAGE + 1)
    .execute();
  const items = rows.slice(0, NOTIFICATIONS_PAGE).map((r) => ({
    id: r.id,
    kind: r.kind,
    subject: r.subject,
    path: r.path,
    createdAt: r.created_at,
    read: r.read_at !== null,
  }));
  return { items, next: rows.length > NOTIFICATIONS_PAGE ? (items.at(-1)?.id ?? null) : null };
}

/** Asked on the home page of every signed-in person: compiled once. */
const unreadCount = preparedQuery((db: Kysely<Database>, userId: number) =>
  db
    .selectFrom('notifications')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .where('read_at', 'is', null),
);

export async function countUnread(db: Kysely<Database>, userId: number): Promise<number> {
  const [row] = await unreadCount(db, userId);
  return Number(row?.n ?? 0);
}

export async function markAllRead(db: Kysely<Database>, userId: number): Promise<void> {
  await db
    .updateTable('notifications')
    .set({ read_at: nowIso() })
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .execute();
}

export async function exportNotifications(ctx: ModuleContext, userId: number): Promise<Record<string, unknown>> {
  const rows = await ctx.db
    .selectFrom('notifications')
    .select(['kind', 'subject', 'path', 'created_at as createdAt', 'read_at as readAt'])
    .where('user_id', '=', userId)
    .orderBy('id')
    .execute();
  return { notifications: rows };
}

/** On account deletion: a person's notifications are theirs alone, so they go. */
export async function eraseNotifications(ctx: ModuleContext, userId: number): Promise<void> {
  await ctx.db.deleteFrom('notifications').where('user_id', '=', userId).execute();
}

/** Content that is deleted: notifications that point at it (or at a comment on it) go with it. */
export async function forgetNotificationsAbout(db: Kysely<Database>, subject: { path: string }): Promise<void> {
  await db.deleteFrom('notifications').where(pointsAt('path', subject.path)).execute();
}
