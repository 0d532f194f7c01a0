import { preparedQuery } from '../../core/db/prepared.js';
import type { Kysely } from 'kysely';
import { nowIso, pointsAt } from '../../core/db/dialect.js';
import type { Database } from '../../core/db/types.js';
import type { SignedIn } from '../../core/auth/actor.js';
import { contentTypesOf, describeContent, type ModuleContext } from '../../core/module.js';
import { audienceOf } from '../partnerships/index.js';
import type { NotificationView } from './notifications.schema.js';
import { queueMail } from './notifications.mail.js';
import { declaredKinds, ownChoice } from './notifications.delivery.js';

export const NOTIFICATIONS_PAGE = 50;

/** What a notification says: a message key that gets `{subject}`, the subject, and where it leads (after `/{lang}`). */
export interface Note {
  kind: string;
  subject: string;
  path: string;
  /**
   * The content it is about (`{ type: 'post', id }`): only someone who may see it is told, and
   * the notification names it only while its reader may still see it.
   */
  about?: { type: string; id: number };
  /** The partnership it concerns, if any: digests group their lines by partnership. */
  partnershipId?: number | null;
  /**
   * Mail at once, for this note, instead of its kind's default delivery (`notificationKinds`):
   * `true` mails it at once, `false` does not (it may still go in a digest). The person's own
   * choice for the kind wins either way. Needed only where `notify` is given no modules (`{ db }`),
   * which cannot read the kinds' defaults: there a note is mailed at once only with `mail: true`
   * or by the person's own choice; digests, made by a job, always read the defaults.
   */
  mail?: boolean;
}

/** What a person may see of content now, and the content types that say so (for `notify` and the list). */
async function readerOf(ctx: ModuleContext, userId: number) {
  const loaded = await ctx.modules.find((m) => m.loadActor)?.loadActor?.(ctx, userId);
  return loaded ? { actor: loaded, audience: await audienceOf(ctx, loaded) } : null;
}

/**
 * Tells a person about something in the app: it appears on their notifications page, and when
 * its kind's delivery for them is `immediately` (their own choice, else `mail`, else the kind's
 * default as its module declares it in `notificationKinds`) a mail is queued with it and the note
 * is marked as mailed (so no digest takes it again); daily and weekly kinds wait for the digest
 * (`notifications.digest.ts`). Pass `{ ...ctx, db: trx }` to store it in the same transaction as
 * the change it tells of (the mail is queued in it too: no mail for a change that was rolled
 * back). A note `about` content is stored only when the person may see that content now (its
 * type's visibility rule: a member who left is not told about a members-only post); returns
 * whether it was stored.
 */
export async function notify(
  ctx: ModuleContext,
  userId: number,
  note: Note & { about: NonNullable<Note['about']> },
): Promise<boolean>;
export async function notify(ctx: Pick<ModuleContext, 'db'>, userId: number, note: Note): Promise<boolean>;
export async function notify(ctx: Pick<ModuleContext, 'db'> | ModuleContext, userId: number, note: Note) {
  const about = note.about;
  if (about && 'modules' in ctx) {
    const content = contentTypesOf(ctx.modules).get(about.type);
    if (content) {
      const reader = await readerOf(ctx, userId);
      const lang = reader?.actor.kind === 'user' ? (reader.actor.locale ?? 'en') : 'en';
      const seen = reader ? await content.describe(ctx, [about.id], reader.audience, lang, new Date()) : null;
      if (!seen?.has(about.id)) return false;
    }
  }
  const now = nowIso();
  const own = await ownChoice(ctx.db, userId, note.kind);
  const fallback =
    note.mail === undefined && 'modules' in ctx ? declaredKinds(ctx.modules).get(note.kind)?.delivery : undefined;
  const atOnce = (own ?? (note.mail === undefined ? fallback : note.mail ? 'immediately' : null)) === 'immediately';
  const stored = await ctx.db
    .insertInto('notifications')
    .values({
      user_id: userId,
      kind: note.kind,
      subject: note.subject.slice(0, 500),
      path: note.path.slice(0, 1000),
      created_at: now,
      read_at: null,
      subject_type: about?.type ?? null,
      subject_id: about?.id ?? null,
      partnership_id: note.partnershipId ?? null,
      mailed_at: atOnce ? now : null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (atOnce) await queueMail(ctx.db, stored.id);
  return true;
}

/**
 * A person's notifications, newest first, 50 a page (keyset on id). One about content is named
 * (with the content's title as it is now, in the reader's language) only while the reader may
 * see it; otherwise it is listed without its subject and link.
 */
export async function listNotifications(
  ctx: ModuleContext,
  reader: SignedIn,
  locale: string,
  before?: number,
): Promise<{ items: NotificationView[]; next: number | null }> {
  let query = ctx.db.selectFrom('notifications').selectAll().where('user_id', '=', reader.id);
  if (before !== undefined) query = query.where('id', '<', before);
  const rows = await query
    .orderBy('id', 'desc')
    .limit(NOTIFICATIONS_PAGE + 1)
    .execute();
  const page = rows.slice(0, NOTIFICATIONS_PAGE);
  const types = contentTypesOf(ctx.modules);
  // The notifications about content of a type some module owns (the others keep what they said).
  const about = page.flatMap((r) =>
    r.subject_type !== null && r.subject_id !== null && types.has(r.subject_type)
      ? [{ type: r.subject_type, id: r.subject_id }]
      : [],
  );
  const named =
    about.length > 0 ? await describeContent(ctx, about, await audienceOf(ctx, reader), locale, new Date()) : null;
  const items = page.map((r) => {
    const view = { id: r.id, kind: r.kind, subject: r.subject, path: r.path as string | null };
    if (named && r.subject_type !== null && r.subject_id !== null && types.has(r.subject_type)) {
      const content = named(r.subject_type, r.subject_id);
      view.subject = content?.title ?? '';
      view.path = content ? r.path : null;
    }
    return { ...view, createdAt: r.created_at, read: r.read_at !== null };
  });
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
    .select(['kind', 'subject', 'path', 'created_at as createdAt', 'read_at as readAt', 'mailed_at as mailedAt'])
    .where('user_id', '=', userId)
    .orderBy('id')
    .execute();
  const settings = await ctx.db
    .selectFrom('notification_settings')
    .select(['kind', 'delivery', 'updated_at as updatedAt'])
    .where('user_id', '=', userId)
    .orderBy('kind')
    .execute();
  return { notifications: rows, notificationSettings: settings };
}

/** On account deletion: a person's notifications and mail choices are theirs alone, so they go. */
export async function eraseNotifications(ctx: ModuleContext, userId: number): Promise<void> {
  await ctx.db.deleteFrom('notifications').where('user_id', '=', userId).execute();
  await ctx.db.deleteFrom('notification_settings').where('user_id', '=', userId).execute();
}

/** Content that is deleted: notifications that point at it (or at a comment on it) go with it. */
export async function forgetNotificationsAbout(db: Kysely<Database>, subject: { path: string }): Promise<void> {
  await db.deleteFrom('notifications').where(pointsAt('path', subject.path)).execute();
}
